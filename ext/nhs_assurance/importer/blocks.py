"""Splitting a page's Markdown into blocks: the unit every conversion works on.

The rules are those of kramdown's GFM input, as far as the theme's pages use them: fenced code,
ATX headings (a space or a tab after the ``#``), GFM tables, HTML blocks (to their closing
tag, as kramdown reads them), includes, and paragraphs (lists and quotes included).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nhs_assurance.importer.text import Line

FENCE = re.compile(r"^(?P<indent> {0,3})(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
HEADING = re.compile(r"^ {0,3}(?P<marks>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
INCLUDE = re.compile(r"^ {0,3}\{%-?\s*include\s")
BR_LINE = re.compile(r"^\s*<br\s*/?>\s*$", re.IGNORECASE)
IAL_LINE = re.compile(r"^\s*\{:[^}]*\}\s*$")
TABLE_DELIMITER = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")
HTML_START = re.compile(r"^ {0,3}<(?P<close>/?)(?P<tag>[A-Za-z][A-Za-z0-9-]*)(?=[\s/>]|$)")
COMMENT_START = re.compile(r"^ {0,3}<!--")
LIST_ITEM = re.compile(r"^\s*(?:[-+*]|\d{1,9}[.)])\s")

#: Tags that open an HTML block (CommonMark's list, plus the theme's usual ones).
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "audio", "blockquote", "center", "dd", "details", "dialog",
        "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form", "h1",
        "h2", "h3", "h4", "h5", "h6", "header", "hr", "iframe", "img", "li", "main", "nav",
        "object", "ol", "p", "pre", "script", "section", "style", "summary", "table", "tbody",
        "td", "tfoot", "th", "thead", "tr", "ul", "video",
    }
)  # fmt: skip
VOID_TAGS = frozenset({"hr", "img", "embed", "br"})


@dataclass
class Block:
    """A run of source lines of one kind."""

    kind: str  # "fence", "heading", "include", "br", "ial", "html", "table", "code", "paragraph"
    lines: list[Line] = field(default_factory=list)

    @property
    def first(self) -> int:
        """The source line number the block starts on."""
        return self.lines[0].number

    @property
    def texts(self) -> list[str]:
        """The block's lines, as text."""
        return [line.text for line in self.lines]


def _is_table_start(lines: list[Line], index: int) -> bool:
    return (
        "|" in lines[index].text
        and index + 1 < len(lines)
        and "-" in lines[index + 1].text
        and TABLE_DELIMITER.match(lines[index + 1].text) is not None
    )


def _starts_block(lines: list[Line], index: int) -> bool:
    text = lines[index].text
    return bool(
        FENCE.match(text)
        or HEADING.match(text)
        or INCLUDE.match(text)
        or _html_tag(text)
        or COMMENT_START.match(text)
        or _is_table_start(lines, index)
    )


def _html_tag(text: str) -> str:
    match = HTML_START.match(text)
    if match and match["tag"].lower() in BLOCK_TAGS and match["tag"].lower() != "br":
        return match["tag"].lower()
    return ""


def _html_end(lines: list[Line], start: int, tag: str) -> int:
    """The index after the HTML block starting at *start*: its matching closing tag."""
    if tag in VOID_TAGS:
        end = start + 1
        while end < len(lines) and lines[end].text.strip():
            end += 1  # an HTML block of CommonMark's 7th kind runs to a blank line
        return end
    opening = re.compile(rf"<{tag}(?=[\s/>])", re.IGNORECASE)
    closing = re.compile(rf"</{tag}\s*>", re.IGNORECASE)
    depth = 0
    for index in range(start, len(lines)):
        depth += len(opening.findall(lines[index].text)) - len(closing.findall(lines[index].text))
        if depth <= 0:
            return index + 1
    # Never closed: as CommonMark, the block runs to the first blank line.
    end = start + 1
    while end < len(lines) and lines[end].text.strip():
        end += 1
    return end


def scan(lines: list[Line]) -> list[Block]:
    """Split *lines* into blocks; blank lines only separate them."""
    blocks: list[Block] = []
    index = 0
    previous_list = False  # whether the last paragraph was a list, for indented continuations
    while index < len(lines):
        text = lines[index].text
        if not text.strip():
            index += 1
            continue
        if fence := FENCE.match(text):
            mark = fence["fence"]
            end = index + 1
            closer = re.compile(rf"^ {{0,3}}{re.escape(mark[0])}{{{len(mark)},}}\s*$")
            while end < len(lines) and not closer.match(lines[end].text):
                end += 1
            end = min(end + 1, len(lines))
            blocks.append(Block("fence", lines[index:end]))
        elif HEADING.match(text):
            end = index + 1
            blocks.append(Block("heading", lines[index:end]))
        elif INCLUDE.match(text):
            end = _end_after(lines, index, "%}")
            blocks.append(Block("include", lines[index:end]))
        elif BR_LINE.match(text):
            end = index + 1
            blocks.append(Block("br", lines[index:end]))
        elif IAL_LINE.match(text):
            end = index + 1
            blocks.append(Block("ial", lines[index:end]))
        elif COMMENT_START.match(text):
            end = _end_after(lines, index, "-->")
            blocks.append(Block("comment", lines[index:end]))
        elif tag := _html_tag(text):
            end = _html_end(lines, index, tag)
            blocks.append(Block("html", lines[index:end]))
        elif _is_table_start(lines, index):
            end = index + 2
            while end < len(lines) and lines[end].text.strip() and "|" in lines[end].text:
                end += 1
            blocks.append(Block("table", lines[index:end]))
        elif re.match(r"^(?: {4}|\t)", text) and not previous_list:
            end = index + 1
            while end < len(lines) and (
                re.match(r"^(?: {4}|\t)", lines[end].text) or not lines[end].text.strip()
            ):
                end += 1
            while not lines[end - 1].text.strip():
                end -= 1
            blocks.append(Block("code", lines[index:end]))
        else:
            end = index + 1
            while (
                end < len(lines)
                and lines[end].text.strip()
                and not _starts_block(lines, end)
                and not IAL_LINE.match(lines[end].text)
            ):
                end += 1
            blocks.append(Block("paragraph", lines[index:end]))
            previous_list = bool(LIST_ITEM.match(text)) or (
                previous_list and text.startswith((" ", "\t"))
            )
            index = end
            continue
        previous_list = previous_list and blocks[-1].kind in ("fence", "code")
        index = end
    return blocks


def _end_after(lines: list[Line], start: int, marker: str) -> int:
    """The index just past the first line from *start* holding *marker* (or the end)."""
    end = start
    while end < len(lines) and marker not in lines[end].text:
        end += 1
    return min(end + 1, len(lines))
