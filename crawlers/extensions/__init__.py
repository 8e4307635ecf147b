"""Scrapy extensions: crawl-wide state shared by the spider and the item pipelines."""
