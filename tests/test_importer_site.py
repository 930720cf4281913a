"""Importing the fixture Jekyll site: every construct, as a reader of the built site sees it.

The fixture (tests/fixtures/jekyll_site) is a fictional documentation-theme-jekyll site written
for these tests. It is imported once, then built with this project's conf.py, strictly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import soup
from importer_support import FIXTURE_SITE, article, build_strict, text_of
from nhs_assurance.importer import ImportResult, import_site

pytestmark = pytest.mark.build


@dataclass
class Imported:
    result: ImportResult
    dest: Path
    html: Path
    build_status: int
    build_stderr: str

    def page(self, name: str):
        return article(self.html / name)

    def report(self) -> str:
        return (self.dest / "import-report.md").read_text("utf-8")


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Imported:
    root = tmp_path_factory.mktemp("importer-site")
    dest = root / "dest"
    result = import_site(FIXTURE_SITE, dest)
    status, stderr = build_strict(dest, root / "html")
    return Imported(result, dest, root / "html", status, stderr)


def report_rows(imported: Imported, source: str) -> list[tuple[str, str, str]]:
    """The flag rows (line, kind, message) the report lists for *source*."""
    section = imported.report().split(f"### `{source}`", 1)[1].split("\n### ", 1)[0]
    return re.findall(r"^\| (\d+|\(file\)) \| ([\w-]+) \| (.*) \|$", section, re.MULTILINE)


def test_the_imported_site_builds_strictly_without_a_warning(imported: Imported) -> None:
    assert (imported.build_status, imported.build_stderr) == (0, "")


@pytest.mark.parametrize(
    "published",
    [
        "index.html",
        "getting_started.html",
        "widget_safety.html",
        "reference_tables.html",
        "callouts.html",
        "orphan_notes.html",
        "print_only.html",
        "pages/misc/no_permalink.html",  # no permalink: the URL Jekyll gave it
    ],
)
def test_every_page_keeps_its_old_url(imported: Imported, published: str) -> None:
    assert (imported.html / published).is_file()


def test_the_front_matter_is_kept_and_honoured(imported: Imported) -> None:
    source = (imported.dest / "getting_started.md").read_text("utf-8")
    front = source.split("---\n", 2)[1]
    assert front == (
        "title: Getting started\n"
        "keywords: start, setup\n"
        'summary: "How to make a first call to the fictional widget service."\n'
        "sidebar: widget_sidebar\n"
        "permalink: /getting_started.html\n"
        "toc: false\n"
    )
    page = soup(imported.html / "getting_started.html")
    assert page.select_one('meta[name="keywords"]')["content"] == "start, setup"
    assert page.select_one('meta[name="description"]')["content"].startswith("How to make")
    assert "no-toc" in page.select_one("aside.toc-drawer")["class"]
    assert page.select_one("article h1").get_text().rstrip("¶") == "Getting started"


def test_keys_the_site_does_not_honour_are_dropped_and_reported(imported: Imported) -> None:
    rows = report_rows(imported, "pages/guide/getting_started.md")
    dropped = {
        (line, message.split("`")[1]) for line, kind, message in rows if kind == "frontmatter-key"
    }
    assert dropped == {("8", "folder"), ("9", "datatable")}
    assert ("7", "frontmatter-key") in {
        (line, kind) for line, kind, _m in report_rows(imported, "index.md")
    }


def navigation(imported: Imported) -> list[tuple[str, list[tuple[str, str]]]]:
    """The sidebar as a reader sees it: each caption with its (text, href) links."""
    tree = soup(imported.html / "callouts.html").select_one(".sidebar-tree")
    sections = []
    for caption in tree.select("p.caption"):
        links = caption.find_next_sibling("ul").select("li.toctree-l1 > a")
        sections.append((text_of(caption), [(text_of(a), a["href"]) for a in links]))
    return sections


def test_the_navigation_is_the_sidebar_in_its_order(imported: Imported) -> None:
    assert navigation(imported) == [
        (
            "Overview",
            [
                ("Home", "index.html"),
                ("First steps", "getting_started.html"),
                ("Widget safety", "widget_safety.html"),
            ],
        ),
        (
            "Reference",
            [
                ("Tables", "reference_tables.html"),
                ("Callouts and HTML", "#"),  # the page the navigation is read from
                ("Widget standards body", "https://standards.example.org/widgets"),
                ("Retired guide", "https://docs.example.org/widget-api/retired_guide.html"),
            ],
        ),
    ]


def test_items_not_shown_on_the_web_are_not_in_the_navigation(imported: Imported) -> None:
    shown = str(soup(imported.html / "index.html").select_one(".sidebar-tree"))
    for hidden in ("Print-only page", "Printed edition", "Cover", "print_only.html"):
        assert hidden not in shown


def test_external_items_are_external_links_in_the_navigation(imported: Imported) -> None:
    tree = soup(imported.html / "index.html").select_one(".sidebar-tree")
    link = next(a for a in tree.select("a") if text_of(a) == "Widget standards body")
    assert "external" in link["class"]


def test_pages_no_sidebar_shows_are_orphans_and_reported(imported: Imported) -> None:
    for source, output in [
        ("pages/print_only.md", "print_only.md"),
        ("pages/orphan_notes.md", "orphan_notes.md"),
        ("pages/misc/no_permalink.md", "pages/misc/no_permalink.md"),
    ]:
        assert "\norphan: true\n" in (imported.dest / output).read_text("utf-8")
        assert "navigation" in {kind for _line, kind, _m in report_rows(imported, source)}


def test_liquid_variables_are_substituted_from_config_and_data(imported: Imported) -> None:
    home = text_of(imported.page("index.html"))
    assert "Welcome to the Fictional Widget Service documentation, version 2.3." in home
    guide = text_of(imported.page("getting_started.html"))
    assert "The service is run by Example Widgets Ltd." in guide
    assert "Write to widgets@example.org between 9am to 5pm." in guide
    assert "Version 2.3 removes the old endpoint." in guide
    assert "A note for editors" not in guide  # {% comment %} is dropped, as Jekyll drops it


def test_liquid_is_rendered_as_jekyll_renders_it_and_undefined_variables_flagged(
    imported: Imported,
) -> None:
    guide = text_of(imported.page("getting_started.html"))
    # Jekyll shows an undefined variable as nothing; so does the import, and flags it.
    assert "Your contract number is and your region is ." in guide
    assert "Shown on the web only." in guide  # {% if site.output == "web" %}
    assert "{{" not in guide and "{%" not in guide
    rows = report_rows(imported, "pages/guide/getting_started.md")
    liquid = [(line, message) for line, kind, message in rows if kind == "liquid"]
    assert [line for line, _m in liquid] == ["20", "20"]
    assert "`page.contract_number` is not defined" in liquid[0][1]
    assert "`site.data.regions.default` is not defined" in liquid[1][1]


def test_raw_and_highlight_tags(imported: Imported) -> None:
    tables = imported.page("reference_tables.html")
    assert "{{ widget.name }}" in [code.get_text() for code in tables.select("code")]
    guide = imported.page("getting_started.html")
    assert guide.select_one("div.highlight-bash").get_text().strip() == (
        "curl https://sandbox.example.org/widgets"
    )


@pytest.mark.parametrize(
    ("kind", "text"),
    [
        ("note", "Keep your widget key secret."),
        ("tip", "Try the sandbox first. It is reset every night."),
        ("warning", "Never send real data to the sandbox."),
        ("important", "Rotate keys every 90 days, as the key rotation table says."),
        ("danger", "Version 2.3 removes the old endpoint."),  # callout type="danger"
        ("tip", "Widgets are fictional."),  # callout type="success"
    ],
)
def test_includes_become_admonitions_of_their_kind(
    imported: Imported, kind: str, text: str
) -> None:
    boxes = imported.page("getting_started.html").select(f"div.admonition.{kind}")
    bodies = [text_of(box).removeprefix(kind.capitalize()).strip() for box in boxes]
    assert text in bodies


def test_a_line_break_in_an_include_is_kept(imported: Imported) -> None:
    tip = imported.page("getting_started.html").select_one("div.admonition.tip")
    assert tip.select_one("p:not(.admonition-title) br") is not None


def test_other_includes_are_rendered_from_includes_and_what_cannot_be_shown_is_flagged(
    imported: Imported,
) -> None:
    # _includes/youtube.html renders an <iframe>, which the page cannot show: removed, flagged.
    assert "youtube" not in str(imported.page("callouts.html"))
    rows = report_rows(imported, "pages/callouts.md")
    assert any(
        (line, kind) == ("32", "html") and "<iframe>" in message for line, kind, message in rows
    )
    # links.html only serves the theme's own link names: dropped without a flag.
    assert "include" not in {
        kind for _l, kind, _m in report_rows(imported, "pages/guide/getting_started.md")
    }


def test_a_clear_html_callout_becomes_an_admonition(imported: Imported) -> None:
    page = imported.page("callouts.html")
    box = page.select_one("div.admonition.important")
    assert text_of(box) == (
        "Important Widgets must be registered before use. Registration takes one working day."
    )
    assert box.select_one("br") is not None
    note = page.select_one("div.admonition.note")
    assert note.select_one("a")["href"] == "reference_tables.html"


def test_unclear_html_is_kept_as_html_cleaned_and_flagged(imported: Imported) -> None:
    page = imported.page("callouts.html")
    assert page.select_one("table td[colspan='2']").get_text() == "A merged cell"
    assert page.select("table.legacy") == []  # classes are not kept: the theme's are not there
    rows = report_rows(imported, "pages/callouts.md")
    (message,) = [m for line, kind, m in rows if (line, kind) == ("18", "html")]
    assert "cleaned (class on <table> removed) and kept in a `{raw} html` block" in message


def test_html_that_runs_code_is_removed_and_flagged(imported: Imported) -> None:
    page = imported.page("callouts.html")
    assert page.select("script") == []
    assert 'alert("fictional")' not in page.get_text()
    rows = report_rows(imported, "pages/callouts.md")
    (message,) = [m for line, kind, m in rows if (line, kind) == ("22", "html")]
    assert "is removed: nothing in it is text a reader may be shown (<script>)" in message


def test_inline_html_becomes_markdown_or_its_text(imported: Imported) -> None:
    page = imported.page("callouts.html")
    paragraph = next(p for p in page.select("p") if "red text" in p.get_text())
    assert text_of(paragraph) == "Inline red text and italic text."
    assert paragraph.select_one("em").get_text() == "italic"
    assert "inline-html" in {kind for _l, kind, _m in report_rows(imported, "pages/callouts.md")}


def test_kramdown_target_attributes_are_gone(imported: Imported) -> None:
    for name in ("index.html", "getting_started.html", "widget_safety.html"):
        page = imported.page(name)
        assert "{:" not in page.get_text()
        assert all(not a.has_attr("target") for a in page.select("a"))


def links(imported: Imported, page: str) -> dict[str, str]:
    return {text_of(a): a["href"] for a in imported.page(page).select("p a, li a")}


def test_links_to_converted_pages_are_internal(imported: Imported) -> None:
    hrefs = links(imported, "getting_started.html")
    assert hrefs["widget safety"] == "widget_safety.html"
    assert hrefs["tables"] == "reference_tables.html"  # /baseurl/page.html
    assert hrefs["home page"] == "index.html"  # the original site's absolute address
    assert hrefs["notes"] == "orphan_notes.html"
    assert hrefs["key rotation table"] == "reference_tables.html#key-rotation"
    assert links(imported, "index.html")["the first steps"] == "getting_started.html"
    assert links(imported, "pages/misc/no_permalink.html")["home page"] == "../../index.html"


def test_links_to_missing_pages_go_to_the_original_site(imported: Imported) -> None:
    assert links(imported, "getting_started.html")["old questions"] == (
        "https://docs.example.org/widget-api/faq.html#billing"
    )
    rows = report_rows(imported, "pages/guide/getting_started.md")
    assert any(kind == "link" and "faq.html#billing" in m for _l, kind, m in rows)


def test_anchors_of_links_are_checked(imported: Imported) -> None:
    hrefs = links(imported, "orphan_notes.html")
    assert hrefs["making a call"] == "getting_started.html#making-a-call"
    assert soup(imported.html / "getting_started.html").select_one("#making-a-call") is not None
    assert hrefs["missing section"] == "getting_started.html"  # anchor gone, page kept
    assert "this page's top" not in hrefs  # a dead same-page anchor: text only
    rows = report_rows(imported, "pages/orphan_notes.md")
    assert [kind for _l, kind, _m in rows].count("anchor") == 2


def test_headings_start_at_level_two_without_skipping_a_level(imported: Imported) -> None:
    page = imported.page("getting_started.html")
    headings = [(h.name, text_of(h).rstrip("¶")) for h in page.select("h1, h2, h3, h4, h5")]
    assert headings == [
        ("h1", "Getting started"),
        ("h2", "Before you start"),  # "#<tab>Before you start  "
        ("h3", "Making a call"),  # "## Making a call   "
        ("h4", "Call details"),  # "####": level 5 once shifted, closed up to 4
    ]
    rows = report_rows(imported, "pages/guide/getting_started.md")
    assert ("48", "heading") in {(line, kind) for line, kind, _m in rows}


def test_line_breaks_are_kept(imported: Imported) -> None:
    page = imported.page("getting_started.html")
    address = next(p for p in page.select("p") if "Widget House" in p.get_text())
    assert len(address.select("br")) == 2
    hours = next(p for p in page.select("p") if "run by" in p.get_text())
    assert len(hours.select("br")) == 1


def test_a_table_with_line_breaks_becomes_a_list_table(imported: Imported) -> None:
    table = imported.page("reference_tables.html").select("table")[0]
    rows = [[cell for cell in row.select("th, td")] for row in table.select("tr")]
    assert [text_of(cell) for cell in rows[0]] == ["Setting", "Default", "Notes"]
    assert rows[1][2].select_one("br") is not None
    assert [text_of(p) for p in rows[2][2].select("p")] == [
        "Reset nightly.",
        "Its data is deleted.",
    ]
    assert text_of(rows[3][1]) == "-"
    assert rows[3][2].select_one("a")["href"] == "getting_started.html"
    assert ("10", "table") in {
        (line, kind)
        for line, kind, _m in report_rows(imported, "pages/reference/reference_tables.md")
    }


def test_a_table_without_line_breaks_stays_a_table(imported: Imported) -> None:
    table = imported.page("reference_tables.html").select("table")[1]
    assert [text_of(td) for td in table.select("tbody tr:last-child td")] == [
        "Payload",
        "1 MB at most",
    ]
    assert table.select_one("strong").get_text() == "at most"


def test_code_that_cannot_be_highlighted_is_plain_text(imported: Imported) -> None:
    page = imported.page("reference_tables.html")
    assert page.select_one("div.highlight-json") is not None
    assert '"widget": ...' in page.select_one("div.highlight-text").get_text()
    rows = report_rows(imported, "pages/reference/reference_tables.md")
    assert ("29", "code") in {(line, kind) for line, kind, _m in rows}


def test_images_are_copied_with_the_pages(imported: Imported) -> None:
    assert (imported.dest / "images" / "widget.png").read_bytes() == (
        FIXTURE_SITE / "images" / "widget.png"
    ).read_bytes()
    page = imported.page("callouts.html")
    assert page.select_one('img[alt="A fictional widget"]') is not None
    figure = page.select_one("figure")
    assert text_of(figure.select_one("figcaption")).rstrip("¶") == "The fictional widget"


def test_standard_headings_become_standard_entries(imported: Imported) -> None:
    page = imported.page("widget_safety.html")
    entries = [
        (
            entry["id"],
            entry.select_one("a.nhs-standard-id")["href"],
            text_of(entry.select_one(".nhs-standard-title")),
            text_of(entry.select_one(".nhs-standard-body")),
        )
        for entry in page.select("div.nhs-standard")
    ]
    assert entries == [
        (
            "xyz0001",
            "https://standards.example.org/xyz0001",
            "Fictional Widget Risk Management: its Application in Widget Making",
            "This fictional standard sets risk management requirements for widget makers.",
        ),
        (
            "xyz0002",
            "https://standards.example.org/xyz0002",
            "Fictional Widget Deployment",
            "This fictional standard covers deploying widgets.",
        ),
    ]
    assert page.select(".nhs-standard-facts") == []  # no status is ever invented
    rows = report_rows(imported, "pages/widget_safety.md")
    assert [(line, kind) for line, kind, _m in rows if kind == "standard"] == [
        ("11", "standard"),
        ("14", "standard"),
    ]


def test_the_legal_sentence_becomes_a_mandatory_note(imported: Imported) -> None:
    box = imported.page("widget_safety.html").select_one("div.admonition.mandatory")
    assert text_of(box.select_one("p:not(.admonition-title)")) == (
        "Compliance with XYZ0001 and XYZ0002 is mandatory under the Fictional Widgets Act 2024."
    )
    assert [(a.get_text(), a["href"]) for a in box.select("a")] == [
        ("XYZ0001", "#xyz0001"),
        ("XYZ0002", "#xyz0002"),
    ]
    after = box.find_next_sibling("p")
    assert text_of(after) == "More about widget standards for makers."


def test_the_closing_note_and_its_stray_underscore(imported: Imported) -> None:
    note = imported.page("widget_safety.html").select_one("div.admonition.note")
    assert text_of(note) == "Note This page is fictional and written for tests."
    rows = report_rows(imported, "pages/widget_safety.md")
    assert ("26", "markup") in {(line, kind) for line, kind, _m in rows}


def test_the_report_lists_every_page_and_builds_as_an_orphan(imported: Imported) -> None:
    report = imported.report()
    assert report.startswith(
        "---\ntitle: Jekyll import report\norphan: true\nsearch: exclude\n---\n"
    )
    assert "| Pages converted | 8 |" in report
    assert "| Pages skipped | 0 |" in report
    for source in ("index.md", "pages/callouts.md", "pages/misc/no_permalink.md"):
        assert f"| `{source}` |" in report
    assert (imported.html / "import-report.html").is_file()
    sidebar = report_rows(imported, "_data/sidebars/widget_sidebar.yml")
    assert [(line, kind) for line, kind, _m in sidebar] == [("44", "sidebar")]
