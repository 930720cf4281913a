"""Pure functions the rest of the extension builds on: no Sphinx, no docutils.

This is the lowest layer. Its modules import only the standard library (and PyYAML, and
openpyxl for the hazard log's workbook), never another part of ``nhs_assurance``, so they can be
tested without building anything and shared with the Jekyll importer. The model of an entry
lives here (``entry.py``, ``ids.py``, ``problems.py``), with each kind's own modules.
"""
