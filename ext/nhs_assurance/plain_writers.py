"""Visitors for the text, manual page and Texinfo builders.

These formats have no room for a styled box or a heading-like line, so the nodes are laid out
with the translator's own building blocks: an entry is a container, its heading a paragraph and
a mandatory note an admonition. Registering them explicitly keeps every builder free of
"unknown node" messages.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes


def visit_as_container(self: Any, node: nodes.Element) -> None:
    self.visit_container(node)


def depart_as_container(self: Any, node: nodes.Element) -> None:
    self.depart_container(node)


def visit_as_paragraph(self: Any, node: nodes.Element) -> None:
    self.visit_paragraph(node)


def depart_as_paragraph(self: Any, node: nodes.Element) -> None:
    self.depart_paragraph(node)


def visit_as_admonition(self: Any, node: nodes.Element) -> None:
    self.visit_admonition(node)


def depart_as_admonition(self: Any, node: nodes.Element) -> None:
    self.depart_admonition(node)


CONTAINER = (visit_as_container, depart_as_container)
PARAGRAPH = (visit_as_paragraph, depart_as_paragraph)
ADMONITION = (visit_as_admonition, depart_as_admonition)
