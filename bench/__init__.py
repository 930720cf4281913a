"""The build-time benchmark of ers-docs: ``make bench`` (``python -m bench``)."""
