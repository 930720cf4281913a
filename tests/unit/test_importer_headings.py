"""Headings: their text, their new levels, and the anchors MyST and kramdown give them."""

from __future__ import annotations

import pytest
from nhs_assurance.importer.blocks import Block
from nhs_assurance.importer.headings import (
    Heading,
    SlugCounter,
    kramdown_ids,
    new_levels,
    parse_heading,
    plain_text,
)
from nhs_assurance.importer.text import Line


@pytest.mark.parametrize(
    ("source", "level", "text"),
    [
        ("## Title", 2, "Title"),
        ("### Closed heading ###", 3, "Closed heading"),  # an ATX closing sequence
        ("#\tTabbed", 1, "Tabbed"),
        ("#", 1, ""),  # an empty heading
        ("## C# and F#", 2, "C# and F#"),  # a # inside the text is text
    ],
)
def test_parse_heading(source: str, level: int, text: str) -> None:
    assert parse_heading(Block("heading", [Line(7, source)])) == Heading(7, level, text)


@pytest.mark.parametrize(
    ("markdown", "text"),
    [
        ("**Bold** and *em*", "Bold and em"),
        ("The `code` stays", "The code stays"),
        ("A [link](https://example.org/) text", "A link text"),
        ('New tab{:target="_blank"}', "New tab"),
        ("With an id {#custom-id}", "With an id "),
    ],
)
def test_plain_text_is_what_myst_slugs(markdown: str, text: str) -> None:
    assert plain_text(markdown) == text


@pytest.mark.parametrize(
    ("levels", "expected"),
    [
        ([], []),
        ([1, 2, 3], [(2, 2), (3, 3), (4, 4)]),  # shifted so the page starts at ##
        ([2, 3, 2], [(2, 2), (3, 3), (2, 2)]),
        ([3, 5], [(2, 2), (3, 4)]),  # a skipped level is closed up
        ([2, 2], [(2, 2), (2, 2)]),
    ],
)
def test_new_levels_start_at_two_and_never_skip(
    levels: list[int], expected: list[tuple[int, int]]
) -> None:
    assert new_levels(levels) == expected


def test_kramdown_ids_are_the_gfm_and_the_classic_ones() -> None:
    assert kramdown_ids("1. Hello, *World*!") == {"1-hello-world", "hello-world"}
    assert kramdown_ids("!!!") == set()


def test_slugs_are_made_unique_as_myst_makes_them() -> None:
    slugs = SlugCounter()
    assert [slugs.add(t) for t in ["Intro", "Intro", "`code` here", "!!!", "Intro"]] == [
        "intro",
        "intro-1",
        "code-here",
        "",  # no slug for a heading without letters
        "intro-2",
    ]
