"""Benchmarks: a seeded synthetic graph, the project's importer, and timings next to their baselines."""
