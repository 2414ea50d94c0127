"""Runners: everything a runner bundle holds, as rows (DESIGN §4).

``selectors`` turns rows into core objects (``runner_data``); ``services``
writes.  Activity files are stored once, through Django's storage API; their
records are read again from the file when a page needs them, never kept as rows.
"""
