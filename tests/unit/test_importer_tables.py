"""GFM tables: kept as tables, or a list-table when their cells hold line breaks."""

from __future__ import annotations

from pathlib import Path

import pytest
from importer_parts import lines, page_parts
from nhs_assurance.importer.tables import split_row


@pytest.mark.parametrize(
    ("row", "cells"),
    [
        ("| a | b |", ["a", "b"]),
        ("a|b", ["a", "b"]),
        ("| a |  |", ["a", ""]),
        ("| a | b \\| c |", ["a", "b \\| c"]),  # an escaped pipe is text
        ("| a \\|", ["a \\|"]),
    ],
)
def test_split_row(row: str, cells: list[str]) -> None:
    assert split_row(row) == cells


def test_a_table_without_line_breaks_stays_a_table(tmp_path: Path) -> None:
    parts = page_parts(tmp_path)
    table = lines("| A | B |", "|---|:-:|", "| <b>x</b> | [Home](index.html) |")
    assert parts.tables.convert(table) == ["| A | B |", "|---|:-:|", "| **x** | [Home](index.md) |"]
    assert parts.flagged() == []


def test_a_table_with_line_breaks_becomes_a_list_table(tmp_path: Path) -> None:
    parts = page_parts(tmp_path)
    table = lines("| A | B |", "|---|---|", "| one<br>two | - not a list |", "| short |")
    assert parts.tables.convert(table) == [
        ":::{list-table}",
        ":header-rows: 1",
        "",
        "* - A",
        "  - B",
        "* - one\\",  # the line break, as MyST writes it
        "    two",
        "  - \\- not a list",  # a cell's text that MyST would read as a list stays text
        "* - short",
        "  -",  # a missing cell is an empty one
        ":::",
    ]
    assert parts.flagged() == []


def test_a_list_table_loses_column_alignment_and_says_so(tmp_path: Path) -> None:
    parts = page_parts(tmp_path)
    parts.tables.convert(lines("| A | B |", "|:--|--:|", "| x<br>y | z |"))
    assert parts.flagged() == [(1, "table")]
