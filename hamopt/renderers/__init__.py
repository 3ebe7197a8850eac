"""The richer output formats (Markdown, CSV, iCalendar, HTML), one module each.

``hamopt.render.RENDERERS`` is the one registry of formats; the modules here only format a
finished Program (plus an optional :class:`~hamopt.renderers.common.RenderContext`) and never
decide anything about training.
"""
