"""Item pipelines, one concern per module, in settings.ITEM_PIPELINES order: validation,
boilerplate lines, canonical URL, dates, language, title dedup, syndication, and storing (the
thin last link)."""
