"""The importer's text helpers: code spans, and the fences of the MyST it writes."""

from __future__ import annotations

import pytest
from nhs_assurance.importer.text import backtick_block, code_span, directive, outside_code


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("plain", "`plain`"),
        ("a`b", "``a`b``"),  # a fence longer than any run of backticks inside
        ("a``b", "```a``b```"),
        ("`starts", "`` `starts ``"),  # padded, or the fence would swallow the backtick
        ("ends`", "`` ends` ``"),
    ],
)
def test_code_span_shows_the_text_exactly(text: str, span: str) -> None:
    assert code_span(text) == span


def test_outside_code_leaves_code_spans_alone() -> None:
    assert outside_code("a `b` c ``d`e`` f", str.upper) == "A `b` C ``d`e`` F"
    assert outside_code("no code", str.upper) == "NO CODE"


def test_a_directive_has_its_argument_options_then_body() -> None:
    assert directive("standard", "XYZ0001", {"title": "T", "no-index": ""}, ["Body."]) == [
        ":::{standard} XYZ0001",
        ":title: T",
        ":no-index:",
        "",
        "Body.",
        ":::",
    ]
    assert directive("note", "", {}, ["Body."]) == [":::{note}", "Body.", ":::"]
    assert directive("mandatory", "", {"class": "x"}, []) == [":::{mandatory}", ":class: x", ":::"]


def test_a_directive_fence_is_longer_than_any_fence_in_its_body() -> None:
    body = ["::::{note}", "Inner.", "::::"]
    assert directive("warning", "", {}, body) == [":::::{warning}", *body, ":::::"]


def test_a_backtick_block_is_longer_than_any_fence_in_its_body() -> None:
    assert backtick_block("python", ["x = 1"]) == ["```python", "x = 1", "```"]
    assert backtick_block("{raw} html", ["```", "y"]) == ["````{raw} html", "```", "y", "````"]
