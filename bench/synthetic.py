"""Synthetic Arabic articles for the benchmarks (shared by make bench and make bench-search)."""

from search_bench import Writer, create_articles  # noqa: F401
