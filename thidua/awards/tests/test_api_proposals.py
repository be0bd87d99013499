OPERATIONS: set = set()
