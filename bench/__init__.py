"""Benchmarks that print figures and ratios (`python -m bench`); never run by the test suite."""
