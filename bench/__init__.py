"""Benchmarks run by hand (``make bench-pdf``), not timed tests: they print figures."""
