"""The `mandatory` admonition, as a reader and a screen reader meet it."""

from __future__ import annotations

import re
import textwrap

import pytest
from helpers import BuildResult, build_cases

pytestmark = pytest.mark.build


#: The pages the tests read, each a page of one site built once (``pages``).
PAGES = {
    "plain": """
        :::{mandatory}
        Compliance with XYZ0001 is mandatory, see [the text](https://example.org/xyz).
        :::
        """,
    "two": ":::{mandatory}\nText.\n:::\n\n## Part\n\n:::{mandatory}\nMore.\n:::",
    "argument": ":::{mandatory} Legal requirement\nText.\n:::",
    "script-title": ":::{mandatory} <script>alert(1)</script>\nText.\n:::",
    "text": ":::{mandatory}\nText.\n:::",
    "raw-html": ':::{mandatory}\nText <b onclick="x()">bold</b>.\n\n<script>alert(1)</script>\n:::',
}


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build of a site with each of PAGES as the page "<name>/page"."""
    return build_cases(
        tmp_path_factory.mktemp("mandatory"),
        {case: textwrap.dedent(body) for case, body in PAGES.items()},
    )


def test_renders_an_admonition_titled_mandatory(pages: BuildResult) -> None:
    result = pages
    box = result.main("plain/page").select_one("div.admonition.mandatory")
    assert box is not None
    title = box.select_one(".admonition-title")
    assert title.get_text() == "Important: Mandatory"
    assert box.select_one("a")["href"] == "https://example.org/xyz"  # content is MyST
    assert "Compliance with XYZ0001 is mandatory" in box.get_text()
    assert result.warnings_in("plain") == []


def test_screen_readers_meet_it_once_as_a_heading_that_says_what_it_is(
    pages: BuildResult,
) -> None:
    """As NHS.UK's warning callout: a heading one level below its section, "Important: "
    read before the title but not shown, and no role naming the box a second time."""
    boxes = pages.main("two/page").select("div.admonition.mandatory")
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


def test_argument_replaces_the_title(pages: BuildResult) -> None:
    title = pages.main("argument/page").select_one("div.mandatory .admonition-title")
    assert title.get_text() == "Important: Legal requirement"


def test_title_text_is_escaped(pages: BuildResult) -> None:
    main = pages.main("script-title/page")
    assert main.select("script") == []
    assert main.select_one("div.mandatory .admonition-title").get_text() == (
        "Important: <script>alert(1)</script>"
    )
    # each tag warned about at the title's line, the directive's (the page's line 3)
    warnings = pages.warnings_in("script-title")
    assert [w.split(": WARNING: ")[0] for w in warnings] == ["page.md:3", "page.md:3"], warnings
    assert "raw HTML '<script>' is shown as text" in warnings[0]


def test_is_distinct_from_note_and_warning_in_light_and_both_dark_modes(pages: BuildResult) -> None:
    result = pages
    head = result.html("text/page").select("link[rel=stylesheet]")
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


def test_raw_html_inside_is_shown_as_text_with_a_warning(pages: BuildResult) -> None:
    result = pages
    box = result.main("raw-html/page").select_one("div.mandatory")
    assert box.select("script") == [] and box.select("b") == []
    assert '<b onclick="x()">bold</b>' in box.get_text()
    assert "<script>alert(1)</script>" in box.get_text()
    lines = result.warnings_in("raw-html")
    assert lines and all(line.endswith("[nhs_assurance.raw_html]") for line in lines)
    assert all(line.startswith("page.md:") for line in lines)
