"""GFM tables. A table whose cells hold ``<br>`` becomes a MyST ``list-table``.

A Markdown table cell holds one line of inline text: it has no line break. A ``list-table``
cell is ordinary MyST content, where a line break is the usual ``\\`` at the end of a line and
two ``<br>`` in a row start a new paragraph, so the cell reads as it did on the original site.
Other tables stay GFM tables, their cells converted like any inline text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.inline import BR, BR_TAG, InlineConverter
from nhs_assurance.importer.paragraphs import ParagraphRenderer
from nhs_assurance.importer.text import Line, directive

#: A cell's first line that MyST would read as the start of a list, heading or quote.
BLOCK_START = re.compile(r"^(?:[-+*](?:\s|$)|\d{1,9}[.)](?:\s|$)|#|>)")


def split_row(text: str) -> list[str]:
    """The cells of a table row, split on the pipes that are not escaped."""
    row = text.strip()
    row = row.removeprefix("|")
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", row)]


@dataclass
class TableConverter:
    """Converts the GFM tables of one page."""

    inline: InlineConverter
    paragraphs: ParagraphRenderer
    flags: Flags

    def convert(self, lines: list[Line]) -> list[str]:
        """The output lines for a table block."""
        header = split_row(lines[0].text)
        delimiter = split_row(lines[1].text)
        body = [(line, split_row(line.text)) for line in lines[2:]]
        widest = max((len(cells) for _line, cells in body), default=0)
        if widest > len(header):
            lines = self._widened(lines, header, delimiter, widest)
            header = split_row(lines[0].text)
            delimiter = split_row(lines[1].text)
        width = len(header)
        has_break = any(BR_TAG.search(line.text) for line in lines)
        if not has_break:
            return [self._gfm_row(lines[0]), lines[1].text.strip()] + [
                self._gfm_row(line) for line, _cells in body
            ]
        if any(cell.startswith(":") or cell.endswith(":") for cell in delimiter):
            self.flags.add(
                lines[0].number,
                "table",
                "Its cells hold line breaks, so the table is now a `list-table`, which has no "
                "column alignment: the alignment of its columns is lost.",
            )
        rows = [(lines[0], header), *body]
        items: list[str] = []
        for line, cells in rows:
            cells = (cells + [""] * width)[:width]
            for position, cell in enumerate(cells):
                lead = "* - " if position == 0 else "  - "
                items += self._cell(lead, cell.replace("\\|", "|"), line.number)
        return directive("list-table", "", {"header-rows": "1"}, items)

    def _widened(
        self, lines: list[Line], header: list[str], delimiter: list[str], width: int
    ) -> list[Line]:
        """*lines* with the header and delimiter rows given empty cells up to *width*: kramdown
        shows a row's cells beyond the header's, which a GFM table would drop."""
        self.flags.add(
            lines[0].number,
            "table",
            f"A row has {width} cells and the header {len(header)}: the header is given empty "
            "cells, so that no cell is lost (the original site showed them).",
        )
        extra = width - len(header)
        head = "| " + " | ".join(header + [""] * extra) + " |"
        rule = "| " + " | ".join(delimiter + ["---"] * (width - len(delimiter))) + " |"
        return [Line(lines[0].number, head), Line(lines[1].number, rule), *lines[2:]]

    def _gfm_row(self, line: Line) -> str:
        return self.inline.convert(line.text.strip(), line.number).replace(BR, " ")

    def _cell(self, lead: str, cell: str, number: int) -> list[str]:
        content = self.paragraphs.body([Line(number, cell)]) if cell else []
        if not content or not content[0]:
            return [lead.rstrip()]
        if BLOCK_START.match(content[0]):
            content[0] = "\\" + content[0]
        indent = " " * len(lead)
        return [lead + content[0]] + [indent + text if text else "" for text in content[1:]]
