"""The optional parts of the ``nhs-assurance`` distribution: the extra that brings each, the
modules it needs, and the line that installs it.

The bare install (``pip install nhs-assurance``) brings Sphinx, docutils and MyST and no more.
A part whose extra is missing is never dropped in silence: the ``nhs_pdf`` builder stops with
the line to run, the hazard log's workbook is left out with an info line saying so (and its
download link with it), and ``nhs-import-jekyll`` exits with status 2 and the line.
"""

from __future__ import annotations

from importlib.util import find_spec
from typing import Final

#: Each extra of ext/pyproject.toml and the top-level modules the extension imports from it.
EXTRAS: Final[dict[str, tuple[str, ...]]] = {
    "importer": ("markdown_it", "pygments", "nh3", "liquid"),
    "pdf": ("weasyprint", "pydyf"),
    "workbook": ("openpyxl",),
    "furo": ("furo",),
}


def missing(extra: str) -> list[str]:
    """The modules of *extra* that are not installed."""
    return [module for module in EXTRAS[extra] if find_spec(module) is None]


def install_hint(extra: str) -> str:
    """The command that installs *extra*."""
    return f"pip install 'nhs-assurance[{extra}]'"
