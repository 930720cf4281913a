"""Pure functions the rest of the extension builds on: no Sphinx, no docutils.

This is the lowest layer. Its modules import only the standard library (and PyYAML), never
another part of ``nhs_assurance``, so they can be tested without building anything and shared
with the Jekyll importer.
"""
