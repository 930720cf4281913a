"""`nhs-example` shows markup beside the result it renders to."""

from __future__ import annotations

import pytest
from helpers import Site, page_with

pytestmark = pytest.mark.build


def test_shows_the_markup_and_renders_it(site: Site) -> None:
    site.write_pages(
        {
            "page": page_with(
                """
                ::::{nhs-example}
                :::{mandatory}
                :no-index:
                Fictional *requirement*.
                :::
                ::::
                """
            )
        }
    )
    result = site.build()
    example = result.main("page").select_one("div.nhs-example")
    code = example.select_one(".nhs-example-markup pre").get_text()
    assert code == ":::{mandatory}\n:no-index:\nFictional *requirement*.\n:::\n"
    rendered = example.select_one(".nhs-example-result div.admonition.mandatory")
    assert rendered.select_one("em").get_text() == "requirement"
    assert result.warning_lines() == []


def test_warnings_inside_point_at_the_right_line(site: Site) -> None:
    # A blank line after the opening fence: MyST 5.2 reports a colon fence nested on the very
    # first content line one line late (upstream: executablebooks/MyST-Parser#1175).
    site.write_pages(
        {"page": page_with("::::{nhs-example}\n\n:::{standard} XYZ0001\n:title: T\n:::\n::::")}
    )
    lines = site.build().warning_lines()
    assert len(lines) == 1
    assert "page.md:5: WARNING: standard: the :url: option is missing" in lines[0]
