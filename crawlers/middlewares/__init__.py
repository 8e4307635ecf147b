"""Downloader middlewares: network policy, RFC 9309 robots, Retry-After and redirect loops."""
