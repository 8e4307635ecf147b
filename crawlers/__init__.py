"""Collection: the sources registry, discovery, and the hardened Scrapy crawl of feeds and pages.

Pure parsing lives in small modules (``feeds``, ``sitemaps``, ``listing``, ``extract``, ``dates``,
``urls``); Scrapy fetches through ``middlewares`` (network policy, RFC 9309 robots, Retry-After,
redirect loops) and cleans items through ``pipelines``; ``health`` and ``schedule`` keep the
per-feed state Media Cloud style.
"""
