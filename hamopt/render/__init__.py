"""A program in every output format (table, JSON, YAML, Markdown, CSV, iCal, HTML card)."""
