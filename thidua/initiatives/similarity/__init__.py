"""Similarity of initiatives (duplicate and recycled-text check). See engine.py (the method), index.py (search at
scale), store.py (the database's initiatives in this process) and evaluation.py (precision and recall)."""
