"""Measures of under-mediatisation: the action register, relay linking and the report."""
