"""Paragraphs: line breaks, notes, and the legal sentences that become mandatory notes."""

from __future__ import annotations

from pathlib import Path

import pytest
from importer_parts import lines, page_parts
from nhs_assurance.importer.paragraphs import continuation_prefix

DECLARED = frozenset({"XYZ0001"})


def render(tmp_path: Path, *texts: str) -> tuple[list[list[str]], list[tuple[int, str]]]:
    parts = page_parts(tmp_path, declared=DECLARED)
    return parts.paragraphs.render(lines(*texts)), parts.flagged()


def test_line_breaks_become_myst_ones_and_two_breaks_a_new_paragraph(tmp_path: Path) -> None:
    out, flagged = render(tmp_path, "Line one  ", "line two<br>", "line three<br><br>new one")
    assert out == [["Line one\\", "line two\\", "line three", "", "new one"]]
    assert flagged == []


@pytest.mark.parametrize(
    ("texts", "output"),
    [
        (["- item one<br>more", "- item two"], ["- item one\\", "  more", "- item two"]),
        (["> quote<br>next"], ["> quote\\", "> next"]),
    ],
)
def test_a_break_in_a_list_or_quote_stays_inside_it(
    tmp_path: Path, texts: list[str], output: list[str]
) -> None:
    assert render(tmp_path, *texts) == ([output], [])


def test_a_whole_line_legal_sentence_becomes_a_mandatory_note(tmp_path: Path) -> None:
    out, flagged = render(
        tmp_path,
        "Before.  ",
        "**Compliance with XYZ0001 is mandatory in this fictional example.**  ",
        "After.",
    )
    assert out == [
        ["Before."],
        [
            ":::{mandatory}",
            "Compliance with {standard}`XYZ0001` is mandatory in this fictional example.",
            ":::",
        ],
        ["After."],
    ]
    assert flagged == []


def test_a_legal_sentence_sharing_its_line_is_left_and_flagged(tmp_path: Path) -> None:
    out, flagged = render(tmp_path, "Text **compliance is mandatory** here.")
    assert out == [["Text **compliance is mandatory** here."]]
    assert flagged == [(1, "mandatory")]


@pytest.mark.parametrize(
    ("texts", "output"),
    [
        (["**Note:** Check this.", "More."], [":::{note}", "Check this.", "More.", ":::"]),
        (["__Warning__: careful"], [":::{warning}", "careful", ":::"]),
        (["**Note:**"], ["**Note:**"]),  # a label alone is no note
    ],
)
def test_a_labelled_paragraph_becomes_that_admonition(
    tmp_path: Path, texts: list[str], output: list[str]
) -> None:
    assert render(tmp_path, *texts) == ([output], [])


def test_a_stray_closing_underscore_is_dropped_and_flagged(tmp_path: Path) -> None:
    assert render(tmp_path, "A closing glitch _") == ([["A closing glitch"]], [(1, "markup")])
    # one of several underscores may close emphasis: left alone
    assert render(tmp_path, "snake_case and _emph_ _") == ([["snake_case and _emph_ _"]], [])


@pytest.mark.parametrize(
    ("text", "prefix"),
    [("- a", "  "), ("10. b", "    "), ("> > q", "> > "), ("   x", "   "), ("plain", "")],
)
def test_continuation_prefix(text: str, prefix: str) -> None:
    assert continuation_prefix(text) == prefix
