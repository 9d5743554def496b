"""Seed files: their format, reading and validating them, and the rows the loader writes."""
