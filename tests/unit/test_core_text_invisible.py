"""Text a reader cannot see, and characters that reorder what a reader sees. Builds nothing."""

from __future__ import annotations

import pytest
from nhs_assurance.core.text import bidi_controls, is_blank


@pytest.mark.parametrize(
    "text",
    ["", " ", "\u200b\u200b", "\u200d\u2060", "\u202e\u202c", "\u3164", "\ufe0f", "\t\u00a0"],
    ids=["empty", "space", "zero-width spaces", "joiners", "bidi only", "hangul filler",
         "variation selector", "tab and no-break space"],
)  # fmt: skip
def test_invisible_text_is_blank(text: str) -> None:
    assert is_blank(text)


@pytest.mark.parametrize("text", ["a", "\u200bx", "Ω", "·", "1"])
def test_text_with_anything_visible_is_not_blank(text: str) -> None:
    assert not is_blank(text)


def test_bidirectional_controls_are_found_once_each() -> None:
    text = "Clinical \u202eksiR\u202c Management \u202e \u2066 \u200e \u061c"
    assert bidi_controls(text) == ["\u061c", "\u200e", "\u202c", "\u202e", "\u2066"]
    assert bidi_controls("Clinical Risk Management: \u0645\u062b\u0627\u0644") == []
