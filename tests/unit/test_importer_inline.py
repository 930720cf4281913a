"""Inline markup: inline HTML becomes Markdown, kramdown attribute lists go, links are resolved."""

from __future__ import annotations

from pathlib import Path

import pytest
from importer_parts import page_parts
from nhs_assurance.importer.inline import BR, attributes


@pytest.mark.parametrize(
    ("source", "markdown"),
    [
        ("<b>bold</b> and <strong>strong</strong>", "**bold** and **strong**"),
        ("<i>it</i> and <em> spaced </em>!", "*it* and  *spaced* !"),  # spaces stay outside
        ("<code>a &lt; b</code>", "`a < b`"),
        ("<b><i>both</i></b>", "***both***"),  # nested tags, innermost first
        ("H<sub>2</sub>O and x<sup>2</sup>", "H{sub}`2`O and x{sup}`2`"),
        ('<a href="index.html">Home</a>', "[Home](index.md)"),
        ('<img src="images/chart.png" alt="Chart">', "![Chart](images/chart.png)"),
        ("one<br>two<br/>three", f"one{BR}two{BR}three"),
        ("<p>para</p>next", f"para{BR}next"),
        ("`<b>code</b>` <b>b</b>", "`<b>code</b>` **b**"),  # code spans are left exactly
        ('[Home](index.html){:target="_blank"}', "[Home](index.md)"),  # opens in the same tab
    ],
)
def test_inline_html_becomes_markdown(tmp_path: Path, source: str, markdown: str) -> None:
    parts = page_parts(tmp_path)
    assert parts.inline.convert(source, 4) == markdown
    assert parts.flagged() == []


@pytest.mark.parametrize(
    ("source", "markdown", "kind"),
    [
        ("<span class=k>text</span>", "text", "inline-html"),
        ("<a name=x>anchor</a>", "anchor", "inline-html"),  # no href: its text
        ("<img alt=x>", "", "inline-html"),  # no src: nothing to show
        ('<img src="images/chart.png" alt="C" width=3>', "![C](images/chart.png)", "inline-html"),
        ("text {: .class}", "text ", "kramdown"),
    ],
)
def test_what_cannot_be_kept_is_dropped_and_flagged(
    tmp_path: Path, source: str, markdown: str, kind: str
) -> None:
    parts = page_parts(tmp_path)
    assert parts.inline.convert(source, 4) == markdown
    assert parts.flagged() == [(4, kind)]


@pytest.mark.parametrize(
    ("source", "markdown"),
    [
        ("[XYZ0001](guide/page.html#xyz0001)", "{standard}`XYZ0001`"),
        ("[the standard](guide/page.html#xyz0001)", "{standard}`the standard <XYZ0001>`"),
        # a role cannot hold a code span's backticks: the label keeps their text
        ("[`XYZ0001`](guide/page.html#xyz0001)", "{standard}`XYZ0001`"),
        (
            "[the `XYZ0001` entry](guide/page.html#xyz0001)",
            "{standard}`the XYZ0001 entry <XYZ0001>`",
        ),
        ("[Guide](guide/page.html#Setup)", "[Guide](guide/page.md#setup)"),
        ("[![Chart](images/chart.png)](index.html)", "[![Chart](images/chart.png)](index.md)"),
        ('[Guide](guide/page.html "Its title")', '[Guide](guide/page.md "Its title")'),
        ('[ref]: guide/page.html "Title"', '[ref]: guide/page.md "Title"'),  # a definition
    ],
)
def test_links_to_pages_and_standards(tmp_path: Path, source: str, markdown: str) -> None:
    parts = page_parts(tmp_path)
    assert parts.inline.convert(source, 4) == markdown
    assert parts.flagged() == []


def test_a_link_to_a_missing_anchor_on_the_page_keeps_only_its_text(tmp_path: Path) -> None:
    parts = page_parts(tmp_path)
    assert parts.inline.convert("See [there](#nowhere).", 2) == "See there."
    assert parts.flagged() == [(2, "anchor")]


def test_attributes_are_read_in_every_quoting_and_unescaped() -> None:
    assert attributes("href='a&amp;b' data-x=1 CLASS=\"c\"") == {
        "href": "a&b",
        "data-x": "1",
        "class": "c",
    }
    assert attributes("") == {}
