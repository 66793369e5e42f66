"""The demo town: `make run` loads it, benchmarks build a town-scale catalogue with it."""
