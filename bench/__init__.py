"""Benchmarks: run with `make bench` (or `python -m bench NAME`); each prints median and p95."""
