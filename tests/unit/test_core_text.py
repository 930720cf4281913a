"""Invisible line breaks pasted into a page become spaces, each reported by line. Builds nothing."""

from __future__ import annotations

from nhs_assurance.core.text import HIDDEN_BREAKS, clean_text, describe


def test_text_without_hidden_breaks_is_returned_as_it_is() -> None:
    text = "Line one\nLine two\r\n"
    assert clean_text(text) == (text, {})


def test_each_hidden_break_becomes_a_space_and_is_reported_on_its_line() -> None:
    cleaned, found = clean_text("Title\u2028cut\nfine\nnul\x00 and\x0cfeed")
    assert cleaned == "Title cut\nfine\nnul  and feed"
    assert found == {1: ["\u2028"], 3: sorted(["\x00", "\x0c"])}


def test_every_character_splitlines_breaks_at_is_covered() -> None:
    # Python's str.splitlines breaks at these (besides \n and \r): none may survive cleaning.
    for char in HIDDEN_BREAKS - {"\x00"}:
        cleaned, _ = clean_text(f"a{char}b")
        assert len(cleaned.splitlines()) == 1


def test_a_character_is_described_by_its_code_point_and_name() -> None:
    assert describe("\u2028") == "U+2028 (LINE SEPARATOR)"
    assert describe("\x0b") == "U+000B (a control character)"
