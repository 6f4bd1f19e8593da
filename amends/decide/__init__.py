"""The only code that changes state: `do_*` functions that take a session.

They flush but never commit: the caller (a route, a CLI command, a job) owns the
transaction, so data and the jobs it queues commit together.
"""
