"""The "Moving a Jekyll site" page: in the navigation, complete, and true to the importer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import HANDBOOK_DIR, soup
from importer_support import article, run_importer, text_of
from nhs_assurance.importer.flags import KINDS

GUIDE = HANDBOOK_DIR / "migrating.md"


@pytest.mark.build
@pytest.mark.docs
def test_the_guide_is_listed_for_authors_and_linked_from_the_authoring_guide(
    handbook_html: Path,
) -> None:
    tree = soup(handbook_html / "index.html").select_one(".sidebar-tree")
    caption = next(c for c in tree.select("p.caption") if text_of(c) == "Writing pages")
    entries = [text_of(a) for a in caption.find_next_sibling("ul").select("a")]
    assert "Moving a Jekyll site" in entries
    links = [a["href"] for a in article(handbook_html / "authoring.html").select("a[href]")]
    assert "migrating.html" in links


@pytest.mark.build
@pytest.mark.docs
def test_every_flag_is_documented(handbook_html: Path) -> None:
    table = next(
        table
        for table in article(handbook_html / "migrating.html").select("table")
        if text_of(table.select_one("thead th")) == "Flag"
    )
    documented = [text_of(row.select_one("td")) for row in table.select("tbody tr")]
    assert documented == list(KINDS)


def code_blocks() -> list[str]:
    text = GUIDE.read_text("utf-8")
    return [m.group(3) for m in re.finditer(r"^(`{3,})(\S*)\n(.*?)\n\1$", text, re.M | re.S)]


def after(before_start: str) -> tuple[str, str]:
    """The example starting with *before_start*, and the block the guide says it becomes."""
    blocks = code_blocks()
    index = next(i for i, block in enumerate(blocks) if block.startswith(before_start))
    return blocks[index], blocks[index + 1]


@pytest.mark.parametrize(
    "before_start",
    [
        "{% include note.html",
        "<div style=",
        "###\tContact",
        "| Setting | Notes |",
        "##### [XYZ0001]",
        '<ul id="widgetTabs"',
    ],
)
def test_the_guide_shows_what_the_importer_writes(tmp_path: Path, before_start: str) -> None:
    before, expected = after(before_start)
    pages = tmp_path / "site" / "pages"
    pages.mkdir(parents=True)
    (pages / "example.md").write_text(
        f"---\ntitle: Example\npermalink: /example.html\n---\n\n{before}\n", "utf-8"
    )
    assert run_importer(tmp_path / "site", tmp_path / "dest").returncode == 0
    written = (tmp_path / "dest" / "example.md").read_text("utf-8").split("---\n", 2)[2]
    assert written.strip() == expected.strip()


def test_the_guide_shows_the_tag_page_the_importer_writes(tmp_path: Path) -> None:
    tag_page, expected = after("---\ntitle: Widget pages\ntagName: widgets")
    pages = tmp_path / "site" / "pages"
    pages.mkdir(parents=True)
    (pages / "tag_widgets.md").write_text(tag_page + "\n", "utf-8")
    (pages / "widget_safety.md").write_text(
        "---\ntitle: Widget safety\ntags: [widgets]\npermalink: /widget_safety.html\n"
        'summary: "The fictional safety standards for widgets."\n---\n\nFictional text.\n',
        "utf-8",
    )
    assert run_importer(tmp_path / "site", tmp_path / "dest").returncode == 0
    written = (tmp_path / "dest" / "tag_widgets.md").read_text("utf-8").split("---\n", 2)[2]
    assert written.strip() == expected.strip()
