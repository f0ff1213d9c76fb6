"""Measurements of the built site (not timed tests): ``python -m tools.measure.page_weight site/``."""
