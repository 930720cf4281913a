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
INDENTED = re.compile(r"^(?: {4}|\t)")

#: Tags that open an HTML block (CommonMark's list, plus the theme's usual ones).
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "audio", "blockquote", "body", "center", "dd", "details",
        "dialog", "div", "dl", "dt", "embed", "fieldset", "figcaption", "figure", "footer", "form",
        "h1", "h2", "h3", "h4", "h5", "h6", "head", "header", "hr", "html", "iframe", "img", "li",
        "main", "nav", "object", "ol", "p", "pre", "script", "section", "style", "summary", "svg",
        "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "video",
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


def fence_closer(fence: str) -> re.Pattern[str]:
    """The line that closes a code block opened by *fence*: as CommonMark has it, the same
    character at least as many times, and nothing after it."""
    return re.compile(rf"^ {{0,3}}{re.escape(fence[0])}{{{len(fence)},}}\s*$")


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
        return _end_at_blank(lines, start)  # an HTML block of CommonMark's 7th kind
    opening = re.compile(rf"<{tag}(?=[\s/>])", re.IGNORECASE)
    closing = re.compile(rf"</{tag}\s*>", re.IGNORECASE)
    depth = 0
    for index in range(start, len(lines)):
        depth += len(opening.findall(lines[index].text)) - len(closing.findall(lines[index].text))
        if depth <= 0:
            return index + 1
    # Never closed: as CommonMark, the block runs to the first blank line.
    return _end_at_blank(lines, start)


def _end_at_blank(lines: list[Line], start: int) -> int:
    """The index of the first blank line after *start* (or the end)."""
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
        kind, end = _block_at(lines, index, previous_list)
        blocks.append(Block(kind, lines[index:end]))
        if kind == "paragraph":
            previous_list = bool(LIST_ITEM.match(text)) or (
                previous_list and text.startswith((" ", "\t"))
            )
        else:
            previous_list = previous_list and kind in ("fence", "code")
        index = end
    return blocks


def _block_at(lines: list[Line], index: int, previous_list: bool) -> tuple[str, int]:
    """The kind of the block that starts at *index*, and the index just past it."""
    text = lines[index].text
    if fence := FENCE.match(text):
        closer = fence_closer(fence["fence"])
        end = index + 1
        while end < len(lines) and not closer.match(lines[end].text):
            end += 1
        return "fence", min(end + 1, len(lines))
    if HEADING.match(text):
        return "heading", index + 1
    if INCLUDE.match(text):
        return "include", _end_after(lines, index, "%}")
    if BR_LINE.match(text):
        return "br", index + 1
    if IAL_LINE.match(text):
        return "ial", index + 1
    if COMMENT_START.match(text):
        return "comment", _end_after(lines, index, "-->")
    if tag := _html_tag(text):
        return "html", _html_end(lines, index, tag)
    if _is_table_start(lines, index):
        end = index + 2
        while end < len(lines) and lines[end].text.strip() and "|" in lines[end].text:
            end += 1
        return "table", end
    if INDENTED.match(text) and not previous_list:
        end = index + 1
        while end < len(lines) and (INDENTED.match(lines[end].text) or not lines[end].text.strip()):
            end += 1
        while not lines[end - 1].text.strip():
            end -= 1
        return "code", end
    end = index + 1
    while (
        end < len(lines)
        and lines[end].text.strip()
        and not _starts_block(lines, end)
        and not IAL_LINE.match(lines[end].text)
    ):
        end += 1
    return "paragraph", end


def _end_after(lines: list[Line], start: int, marker: str) -> int:
    """The index just past the first line from *start* holding *marker* (or the end)."""
    end = start
    while end < len(lines) and marker not in lines[end].text:
        end += 1
    return min(end + 1, len(lines))
