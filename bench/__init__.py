"""`make bench` (`python -m bench`): throughput, latency and query-count budgets of DESIGN.md.

A report, not a test: it prepares its own PostgreSQL database, starts gunicorn with
production settings on 127.0.0.1, measures the baselines B0/B1 and the budgeted pages in the
same run, and prints each figure with its baseline, ratio, target and PASS/FAIL.
"""
