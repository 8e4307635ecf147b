"""Bundled sources registry data: ``press.yaml`` (hand-kept) and ``sources.yaml`` (built)."""
