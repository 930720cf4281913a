"""Splitting a page into blocks, and fenced code kept or made plain text."""

from __future__ import annotations

import pytest
from importer_parts import lines
from nhs_assurance.importer.blocks import fence_closer, scan
from nhs_assurance.importer.code_blocks import convert_fence, highlights
from nhs_assurance.importer.flags import Flags


def test_scan_splits_a_page_into_blocks_of_each_kind() -> None:
    page = lines(
        "# Title",
        "",
        "Paragraph one",
        "continues",
        "## Next ##",
        "```python",
        "x = 1",
        "",
        "```",
        "| a | b |",
        "|---|---|",
        "| 1 | 2 |",
        "",
        '<div class="x">',
        "",
        "inside",
        "</div>",
        "{% include note.html",
        'content="x" %}',
        "<br>",
        "{: .cls}",
        "<!-- a",
        "comment -->",
        "    indented code",
        "",
        "- list",
        "    continued",
        "#not-a-heading",
    )
    assert [(block.kind, block.first, len(block.lines)) for block in scan(page)] == [
        ("heading", 1, 1),
        ("paragraph", 3, 2),
        ("heading", 5, 1),
        ("fence", 6, 4),  # a blank line inside code does not end it
        ("table", 10, 3),
        ("html", 14, 4),  # to its closing tag, blank lines and all
        ("include", 18, 2),
        ("br", 20, 1),
        ("ial", 21, 1),
        ("comment", 22, 2),
        ("code", 24, 1),
        ("paragraph", 26, 3),  # an indented line continues the list; `#x` is no heading
    ]


def test_an_unclosed_fence_runs_to_the_end() -> None:
    assert [(b.kind, len(b.lines)) for b in scan(lines("```", "code", "``` not a closer"))] == [
        ("fence", 3)
    ]


@pytest.mark.parametrize(
    ("fence", "line", "closes"),
    [
        ("```", "```", True),
        ("````", "`````", True),
        ("````", "```", False),
        ("~~~", "~~~ x", False),
    ],
)
def test_fence_closer(fence: str, line: str, closes: bool) -> None:
    assert bool(fence_closer(fence).match(line)) is closes


@pytest.mark.parametrize(
    ("language", "code", "ok"),
    [
        ("python", "x = 1", True),
        ("", "anything", True),
        ("text", "anything", True),
        ("json", '{"a": ...}', False),  # does not lex: Sphinx would warn
        ("no-such-language", "x", False),
    ],
)
def test_highlights_is_whether_sphinx_highlights_it_quietly(
    language: str, code: str, ok: bool
) -> None:
    assert highlights(language, code) is ok


def test_code_sphinx_cannot_highlight_becomes_text_and_is_flagged() -> None:
    flags = Flags()
    assert convert_fence(lines("```json", '{"a": ...}', "```"), flags) == [
        "```text",
        '{"a": ...}',
        "```",
    ]
    assert convert_fence(lines("  ~~~ Python", "x = 1", "~~~"), flags) == [
        "  ~~~Python",
        "x = 1",
        "  ~~~",
    ]
    assert convert_fence(lines("```", "last line, never closed"), flags) == [
        "```",
        "last line, never closed",
        "```",
    ]
    assert [(flag.line, flag.kind) for flag in flags.sorted()] == [(1, "code")]
