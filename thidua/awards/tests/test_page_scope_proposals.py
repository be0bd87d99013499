COVERED: set = set()
