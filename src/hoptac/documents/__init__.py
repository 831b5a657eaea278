"""The one document engine: a data context rendered to DOCX (python-docx) and PDF (WeasyPrint).

Both renderers read the same house formats (``formats.STATE``, ``formats.PARTY``); see ``engine``.
"""
