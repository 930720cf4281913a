"""Importing what real sites also hold: odd front matter, duplicates, lists, odd HTML and code.

One small fictional site, written here, is imported and built strictly once; each test looks at
one behaviour in the built pages, the converted Markdown or the report.
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from pathlib import Path

import pytest
from importer_support import article, build_strict, text_of
from nhs_assurance.importer import ImportResult, import_site

FILES = {
    "_config.yml": """
        site_title: Edge cases
        url: https://edge.example.org
        """,
    "_data/sidebars/main.yml": """
        entries:
        - title: sidebar
          folders:
          - title: Main
            output: web
            folderitems:
            - title: Title from the sidebar
              url: /untitled.html
              output: web
            - title: First declaration
              url: /first.html
              output: web
            - title: A folder item
              output: web
              subfolders:
              - title: Subfolder
                output: web
                subfolderitems:
                - title: Second declaration
                  url: /second.html
                  output: web
        """,
    "pages/untitled.md": """
        ---
        permalink: untitled.html
        keywords:
        toc: maybe
        search: true
        ---

        * TOC
        {:toc}

        Made by {{ site.site_title | upcase }} for {{ site_title }}: <img src="https://example.org/x.png" width="20" alt="an example">.

        - item one<br>continued<SPACE><SPACE>
          second line
        - item two

        > Quoted<br>and broken

        Some text **Compliance with XYZ0005 is mandatory.** inline.

        **Compliance with XYZ0005** is **mandatory** for fictional widgets.

        ##

        <div onclick="steal()">Click</div>

        ```frobnicate
        whatever
        ```

            indented <b>code</b>

        Code `<br> {:target="_blank"}` stays.
        """,
    "pages/first.md": """
        ---
        title: First declaration
        permalink: /first.html
        ---

        ## [XYZ0005](https://example.org/xyz0005) - Fictional Five.
        First declaration.

        See [the second page's entry](second.html#xyz0005---fictional-five-again).
        """,
    "pages/second.md": """
        ---
        title: Second declaration
        permalink: /second.html
        ---

        ## [XYZ0005](https://example.org/xyz0005) - Fictional Five again.

        **Compliance with XYZ0005 is mandatory under the Fictional Act.**
        """,
    # Jekyll writes its pages in the order of their file names: of two with one URL, the later
    # by name (first.md) is the one it published.
    "pages/a_same_url.md": """
        ---
        title: Same URL
        permalink: /first.html
        ---

        Text.
        """,
    "pages/folder.md": """
        ---
        title: A folder URL
        permalink: /guides/
        ---

        A page at a folder's URL.
        """,
    "pages/plain.md": "Not a page: no front matter.\n",
}


@dataclass
class Imported:
    result: ImportResult
    dest: Path
    html: Path
    build: tuple[int, str]

    def markdown(self, name: str) -> str:
        return (self.dest / name).read_text("utf-8")

    def flags(self, source: str) -> list[tuple[int, str, str]]:
        page = next(p for p in self.result.pages if p.source == source)
        return [(flag.line, flag.kind, flag.message) for flag in page.flags.sorted()]


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    root = tmp_path_factory.mktemp("edge")
    for name, text in FILES.items():
        path = root / "site" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        # Markdown's two trailing spaces are written <SPACE><SPACE>, which editors keep.
        text = textwrap.dedent(text).lstrip("\n").replace("<SPACE>", " ")
        path.write_text(text, "utf-8")
    result = import_site(root / "site", root / "dest")
    return Imported(
        result, root / "dest", root / "html", build_strict(root / "dest", root / "html")
    )


@pytest.mark.build
def test_the_site_builds_strictly(imported: Imported) -> None:
    assert imported.build == (0, "")


@pytest.mark.build
def test_pages_that_cannot_be_imported_are_skipped_with_a_reason(imported: Imported) -> None:
    assert {p.source: p.skipped for p in imported.result.skipped} == {
        "pages/plain.md": "no front matter: Jekyll copies such a file as it is, it is not a page",
        "pages/a_same_url.md": (
            "`pages/first.md` has the same URL, first.html, and is the one Jekyll published (it "
            "writes its pages in the order of their file names)"
        ),
    }


@pytest.mark.build
def test_a_page_without_a_title_takes_its_sidebar_title(imported: Imported) -> None:
    page = article(imported.html / "untitled.html")
    assert text_of(page.select_one("h1")).rstrip("¶") == "Title from the sidebar"
    assert (0, "title") in [(line, kind) for line, kind, _m in imported.flags("pages/untitled.md")]


@pytest.mark.build
def test_values_the_site_would_reject_are_dropped_and_flagged(imported: Imported) -> None:
    front = imported.markdown("untitled.md").split("---\n", 2)[1]
    assert front == "title: Title from the sidebar\npermalink: untitled.html\n"
    flags = imported.flags("pages/untitled.md")
    assert [(line, kind) for line, kind, _m in flags if kind == "frontmatter-value"] == [
        (4, "frontmatter-value"),  # toc: maybe
        (5, "frontmatter-value"),  # search: true (only `exclude` means something)
    ]


@pytest.mark.build
def test_kramdowns_table_of_contents_is_dropped(imported: Imported) -> None:
    assert "TOC" not in text_of(article(imported.html / "untitled.html"))
    assert (8, "kramdown") in [
        (line, kind) for line, kind, _m in imported.flags("pages/untitled.md")
    ]


@pytest.mark.build
def test_liquid_filters_apply_and_a_bare_setting_is_nothing_as_in_jekyll(
    imported: Imported,
) -> None:
    text = text_of(article(imported.html / "untitled.html"))
    assert "Made by EDGE CASES for :" in text  # Jekyll has no bare `site_title`
    assert any(
        kind == "liquid" and "`site_title` is not defined" in message
        for _l, kind, message in imported.flags("pages/untitled.md")
    )


@pytest.mark.build
def test_an_inline_image_keeps_its_source_and_alt_text(imported: Imported) -> None:
    image = article(imported.html / "untitled.html").select_one('img[alt="an example"]')
    assert image["src"] == "https://example.org/x.png"
    assert any(
        "width" in m for _l, kind, m in imported.flags("pages/untitled.md") if kind == "inline-html"
    )


@pytest.mark.build
def test_line_breaks_in_lists_and_quotes_stay_inside_them(imported: Imported) -> None:
    page = article(imported.html / "untitled.html")
    first = page.select_one("ul li")
    assert text_of(first) == "item one continued second line"
    assert len(first.select("br")) == 2
    quote = page.select_one("blockquote")
    assert text_of(quote) == "Quoted and broken"
    assert quote.select_one("br") is not None


@pytest.mark.build
def test_a_legal_sentence_inside_a_paragraph_is_left_and_flagged(imported: Imported) -> None:
    page = article(imported.html / "untitled.html")
    assert page.select("div.mandatory") == []
    assert [text_of(b) for b in page.select("p strong") if "XYZ0005" in b.get_text()] == [
        "Compliance with XYZ0005 is mandatory.",
        "Compliance with XYZ0005",
    ]
    flags = imported.flags("pages/untitled.md")
    assert [line for line, kind, _m in flags if kind == "mandatory"] == [19, 21]


@pytest.mark.build
def test_an_empty_heading_is_removed(imported: Imported) -> None:
    headings = article(imported.html / "untitled.html").select("h2, h3")
    assert headings == []
    assert "heading" in [kind for _l, kind, _m in imported.flags("pages/untitled.md")]


@pytest.mark.build
def test_html_with_an_event_handler_is_kept_without_it(imported: Imported) -> None:
    page = article(imported.html / "untitled.html")
    assert page.select("[onclick]") == []
    assert "Click" in [text_of(div) for div in page.select("div")]
    assert any(
        "onclick on <div> removed" in m
        for _l, kind, m in imported.flags("pages/untitled.md")
        if kind == "html"
    )


@pytest.mark.build
def test_code_is_left_alone(imported: Imported) -> None:
    page = article(imported.html / "untitled.html")
    assert page.select_one("div.highlight-text").get_text().strip() == "whatever"
    blocks = [pre.get_text().strip() for pre in page.select("pre")]
    assert "indented <b>code</b>" in blocks
    assert '<br> {:target="_blank"}' in [code.get_text() for code in page.select("code")]


@pytest.mark.build
def test_a_standard_declared_twice_is_registered_once(imported: Imported) -> None:
    assert ":no-index:" not in imported.markdown("first.md")
    assert ":no-index:" in imported.markdown("second.md")
    flags = imported.flags("pages/second.md")
    assert any("declared first on `first.md`" in m for _l, kind, m in flags if kind == "standard")
    note = article(imported.html / "second.html").select_one("div.mandatory a")
    assert note["href"] == "first.html#xyz0005"


@pytest.mark.build
def test_a_link_to_a_standards_old_anchor_refers_to_the_standard(imported: Imported) -> None:
    assert "{standard}`the second page's entry <XYZ0005>`" in imported.markdown("first.md")
    link = next(
        a
        for a in article(imported.html / "first.html").select("a")
        if text_of(a).replace("\u2019", "'") == "the second page's entry"  # smart quote
    )
    assert link["href"] == "#xyz0005"


@pytest.mark.build
def test_a_folder_permalink_is_published_as_its_index(imported: Imported) -> None:
    assert (imported.html / "guides" / "index.html").is_file()
    assert "permalink: /guides/index.html" in imported.markdown("guides/index.md")


@pytest.mark.build
def test_subfolders_are_listed_in_their_folder(imported: Imported) -> None:
    index = imported.markdown("index.md")
    assert (
        "Title from the sidebar <untitled>\nFirst declaration <first>\n"
        "Second declaration <second>\n"
    ) in index
    flags = imported.result.site_flags["_data/sidebars/main.yml"].items
    assert [(flag.line, flag.kind) for flag in flags] == [(16, "sidebar")]  # "- title: Subfolder"


def test_a_byte_order_mark_does_not_hide_the_front_matter(tmp_path: Path) -> None:
    pages = tmp_path / "site" / "pages"
    pages.mkdir(parents=True)
    (pages / "bom.md").write_bytes(
        "\ufeff---\ntitle: With a mark\npermalink: /bom.html\n---\n\nText.\n".encode()
    )
    result = import_site(tmp_path / "site", tmp_path / "dest")
    assert [p.output for p in result.converted] == ["bom.md"]
    assert (tmp_path / "dest" / "bom.md").read_text("utf-8").startswith("---\ntitle: With a mark\n")


def test_an_unclosed_code_block_keeps_its_last_line(tmp_path: Path) -> None:
    # A line that starts with the fence but carries text does not close it (CommonMark): the block
    # runs to the end of the page, and that line is code like the others.
    pages = tmp_path / "site" / "pages"
    pages.mkdir(parents=True)
    (pages / "code.md").write_text(
        "---\ntitle: Code\npermalink: /code.html\n---\n\n```text\nfirst\n```python trailing\n",
        encoding="utf-8",
    )
    import_site(tmp_path / "site", tmp_path / "dest")
    page = (tmp_path / "dest" / "code.md").read_text("utf-8")
    assert "```text\nfirst\n```python trailing\n```\n" in page


def test_the_layout_key_is_consumed_and_a_layout_of_its_own_is_flagged(tmp_path: Path) -> None:
    pages = tmp_path / "site" / "pages"
    pages.mkdir(parents=True)
    for name, layout in (("framed", "page"), ("bare", "fictional_scroll")):
        (pages / f"{name}.md").write_text(
            f"---\ntitle: Fictional {name}\nlayout: {layout}\npermalink: /{name}.html\n---\n\n"
            "Fictional text.\n",
            encoding="utf-8",
        )
    result = import_site(tmp_path / "site", tmp_path / "dest")
    for name in ("framed", "bare"):
        front = (tmp_path / "dest" / f"{name}.md").read_text("utf-8").split("---\n", 2)[1]
        assert "layout" not in front, name  # it means nothing to Sphinx: never written
    flags = {
        outcome.output: [(f.line, f.kind) for f in outcome.flags.items if f.kind != "navigation"]
        for outcome in result.converted
    }
    assert flags["framed.md"] == []  # the theme's page layout: Sphinx's theme frames the page
    assert flags["bare.md"] == [(3, "frontmatter-key")]  # a layout of its own: flagged
    assert build_strict(tmp_path / "dest", tmp_path / "html") == (0, "")


def test_a_link_definition_leaving_the_site_is_removed_its_references_kept_as_text(
    tmp_path: Path,
) -> None:
    pages = tmp_path / "site" / "pages"
    pages.mkdir(parents=True)
    (pages / "refs.md").write_text(
        "---\ntitle: References\npermalink: /refs.html\n---\n\n"
        "See the [fictional header] and the [fictional guide].[^1]\n\n"
        "[fictional header]: ../Profile.Fictional\\header-1.html\n"
        "[fictional guide]: https://example.org/guide.html\n\n"
        "[^1]: [A fictional note](https://example.org/note.html).\n",
        encoding="utf-8",
    )
    result = import_site(tmp_path / "site", tmp_path / "dest")
    page = (tmp_path / "dest" / "refs.md").read_text("utf-8")
    assert "Profile.Fictional" not in page
    assert "[fictional guide]: https://example.org/guide.html" in page
    assert "[^1]: [A fictional note](https://example.org/note.html)." in page  # a footnote
    (outcome,) = result.converted
    assert (8, "link") in [(f.line, f.kind) for f in outcome.flags.items]
    assert build_strict(tmp_path / "dest", tmp_path / "html") == (0, "")
    shown = text_of(article(tmp_path / "html" / "refs.html"))
    assert "See the [fictional header] and the fictional guide.[1]" in shown
    assert "A fictional note." in shown


def test_a_row_wider_than_the_header_keeps_its_cells(tmp_path: Path) -> None:
    pages = tmp_path / "site" / "pages"
    pages.mkdir(parents=True)
    (pages / "levels.md").write_text(
        "---\ntitle: Levels\npermalink: /levels.html\n---\n\n"
        "| Level | Description |\n|---|---|\n"
        "| 1 | Fictional alpha. | Published, not implemented. |\n| 2 | Fictional beta. |\n",
        encoding="utf-8",
    )
    result = import_site(tmp_path / "site", tmp_path / "dest")
    (outcome,) = result.converted
    assert (6, "table") in [(f.line, f.kind) for f in outcome.flags.items]
    assert build_strict(tmp_path / "dest", tmp_path / "html") == (0, "")
    rows = article(tmp_path / "html" / "levels.html").select("tbody tr")
    assert [[text_of(td) for td in row.select("td")] for row in rows] == [
        ["1", "Fictional alpha.", "Published, not implemented."],
        ["2", "Fictional beta.", ""],
    ]
