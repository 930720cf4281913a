"""Flags: each thing for a human to check once, in source order, of a kind the report explains."""

from __future__ import annotations

import pytest
from nhs_assurance.importer.flags import KINDS, Flag, Flags


def test_flags_are_kept_once_and_sorted_by_line() -> None:
    flags = Flags()
    flags.add(3, "link", "Second.")
    flags.add(1, "code", "First.")
    flags.add(3, "link", "Second.")  # the same construct seen by two passes
    flags.add(3, "anchor", "Third.")
    flags.add(0, "title", "About the whole file.")
    assert [(f.line, f.kind) for f in flags.sorted()] == [
        (0, "title"),
        (1, "code"),
        (3, "link"),
        (3, "anchor"),  # same line: in the order raised
    ]
    assert len(flags) == 4


def test_a_flag_of_an_unknown_kind_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown flag kind 'nonsense'"):
        Flag(1, "nonsense", "x")


def test_every_kind_says_what_to_do() -> None:
    assert all(text.endswith(".") and text[0].isupper() for text in KINDS.values())
