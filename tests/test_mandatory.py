"""The `mandatory` admonition, as a reader and a screen reader meet it."""

from __future__ import annotations

import re

import pytest
from helpers import Site, build_page

pytestmark = pytest.mark.build


def test_renders_an_admonition_titled_mandatory(site: Site) -> None:
    result = build_page(
        site,
        """
        :::{mandatory}
        Compliance with XYZ0001 is mandatory, see [the text](https://example.org/xyz).
        :::
        """,
    )
    box = result.main("page").select_one("div.admonition.mandatory")
    assert box is not None
    title = box.select_one(".admonition-title")
    assert title.get_text() == "Important: Mandatory"
    assert box.select_one("a")["href"] == "https://example.org/xyz"  # content is MyST
    assert "Compliance with XYZ0001 is mandatory" in box.get_text()
    assert result.warning_lines() == []


def test_screen_readers_meet_it_once_as_a_heading_that_says_what_it_is(site: Site) -> None:
    """As NHS.UK's warning callout: a heading one level below its section, "Important: "
    read before the title but not shown, and no role naming the box a second time."""
    result = build_page(site, ":::{mandatory}\nText.\n:::\n\n## Part\n\n:::{mandatory}\nMore.\n:::")
    boxes = result.main("page").select("div.admonition.mandatory")
    assert len(boxes) == 2
    levels, title_ids = [], set()
    for box in boxes:
        assert not box.has_attr("role") and not box.has_attr("aria-labelledby")
        heading = box.find(recursive=False)
        assert "admonition-title" in heading["class"]
        hidden = heading.select_one(".nhs-visually-hidden")
        assert hidden.get_text() == "Important: "
        assert heading.get_text() == "Important: Mandatory"
        levels.append(heading.name)
        title_ids.add(heading["id"])
    assert levels == ["h2", "h3"]  # the page title is h1; "Part" is h2
    assert len(title_ids) == 2  # unique on the page
    assert [box["id"] for box in boxes] == ["mandatory-0", "mandatory-1"]  # the register's links


def test_argument_replaces_the_title(site: Site) -> None:
    result = build_page(site, ":::{mandatory} Legal requirement\nText.\n:::")
    title = result.main("page").select_one("div.mandatory .admonition-title")
    assert title.get_text() == "Important: Legal requirement"


def test_title_text_is_escaped(site: Site) -> None:
    result = build_page(site, ":::{mandatory} <script>alert(1)</script>\nText.\n:::")
    main = result.main("page")
    assert main.select("script") == []
    assert main.select_one("div.mandatory .admonition-title").get_text() == (
        "Important: <script>alert(1)</script>"
    )


def test_is_distinct_from_note_and_warning_in_light_and_both_dark_modes(site: Site) -> None:
    result = build_page(site, ":::{mandatory}\nText.\n:::")
    head = result.html("page").select("link[rel=stylesheet]")
    assert any("nhs_assurance.css" in link["href"] for link in head)
    css = (result.outdir / "_static" / "nhs_assurance.css").read_text("utf-8")

    def block(selector: str) -> str:
        match = re.search(re.escape(selector) + r"\s*\{([^}]*)\}", css)
        assert match, f"no rule for {selector}"
        return match.group(1)

    light = block("body")
    dark_toggle = block('body[data-theme="dark"]')
    dark_system = block('body:not([data-theme="light"])')
    assert "@media (prefers-color-scheme: dark)" in css
    # Each colour is written once, its light value then its dark; both dark-mode selectors
    # switch to the dark values.
    for variable, colours in (
        ("--nhs-mandatory-background", "#fff9c4) var(--nhs-dark-off, #2b2810)"),
        ("--nhs-mandatory-text", "#212b32) var(--nhs-dark-off, #fff9c4)"),
    ):
        assert f"{variable}: var(--nhs-light-off, {colours}" in light
    assert "--nhs-dark-off: initial" in dark_toggle
    assert dark_toggle.split() == dark_system.split()
    assert "background: var(--nhs-mandatory-background)" in block(".admonition.mandatory")


def test_raw_html_inside_is_shown_as_text_with_a_warning(site: Site) -> None:
    result = build_page(
        site, ':::{mandatory}\nText <b onclick="x()">bold</b>.\n\n<script>alert(1)</script>\n:::'
    )
    box = result.main("page").select_one("div.mandatory")
    assert box.select("script") == [] and box.select("b") == []
    assert '<b onclick="x()">bold</b>' in box.get_text()
    assert "<script>alert(1)</script>" in box.get_text()
    lines = result.warning_lines()
    assert lines and all(line.endswith("[nhs_assurance.raw_html]") for line in lines)
    assert all("page.md:" in line for line in lines)
