"""The import proved against Jekyll's own output: the fixture site built with Debian's Jekyll,
imported with ``--compare``, each page's words checked against the page Jekyll rendered."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
from helpers import soup, sphinx_build_in_process
from importer_support import (
    FIXTURE_SITE,
    article,
    build_strict,
    jekyll_build,
    run_importer,
    text_of,
)
from nhs_assurance.importer.cli import ExitStatus, parser
from nhs_assurance.importer.compare import compare_page
from nhs_assurance.importer.sources import SourceTree

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture site as Jekyll builds it (its ``_site``)."""
    return jekyll_build(FIXTURE_SITE, tmp_path_factory.mktemp("jekyll"))


def import_compared(site: Path, original: Path, dest: Path) -> dict[str, Any]:
    """*site* imported into *dest* with ``--compare`` against *original*, the site Jekyll
    built: the JSON report, once the import succeeded."""
    process = run_importer(site, dest, "--compare", original, "--report-format", "json")
    assert process.returncode == ExitStatus.OK, process.stderr
    report: dict[str, Any] = json.loads(process.stdout)
    return report


def comparison(report: dict[str, Any], output: str) -> dict[str, Any]:
    """The report's comparison of the page written as *output*."""
    (compared,) = [c for c in report["comparisons"] if c["output"] == output]
    return compared


@pytest.fixture(scope="module")
def imported(rendered: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """The fixture site imported with ``--compare``: DEST and the JSON report."""
    dest = tmp_path_factory.mktemp("import") / "dest"
    return dest, import_compared(FIXTURE_SITE, rendered, dest)


def test_every_page_keeps_the_words_jekyll_renders(imported: tuple[Path, Any]) -> None:
    _dest, report = imported
    compared = {c["source"]: c for c in report["comparisons"]}
    assert len(compared) == report["summary"]["converted"] == 8
    for source, comparison in compared.items():
        assert comparison["problem"] == "", source
        assert comparison["original_words"] > 0, source
        assert comparison["missing_percent"] <= 3.0, (source, comparison["sample"])
        assert comparison["liquid"] == [], source
    assert report["summary"]["losses"] == 0


def test_loops_over_site_data_and_includes_with_parameters_reach_the_page(
    imported: tuple[Path, Any],
) -> None:
    dest, _report = imported
    notes = (dest / "orphan_notes.md").read_text(encoding="utf-8")
    # {% for %} over _data/glossary.yml, sorted by a filter, with an {% if %} inside.
    assert notes.index("**Endpoint**") < notes.index("**Sandbox**") < notes.index("**Widget key**")
    assert "See also Sandbox." in notes
    # _includes/construction.html with its content parameter.
    assert "Under construction: The glossary below is fictional" in notes
    guide = (dest / "getting_started.md").read_text(encoding="utf-8")
    assert "Version 2.3 removes the old endpoint." in guide  # {% capture %} passed to an include
    assert "{{" not in guide and "{%" not in guide


@pytest.fixture(scope="module")
def built(imported: tuple[Path, Any], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The import built as this project builds its pages; asserted free of warnings."""
    dest, _report = imported
    html = tmp_path_factory.mktemp("built") / "html"
    assert build_strict(dest, html) == (0, "")
    return html


def test_the_import_builds_without_a_warning(built: Path) -> None:
    assert (built / "callouts.html").is_file()


def test_a_bootstrap_tab_panel_becomes_a_tab_set_with_its_includes_converted(
    imported: tuple[Path, Any], built: Path
) -> None:
    dest, _report = imported
    page = article(built / "callouts.html")
    (tab_set,) = page.select(".sd-tab-set")
    labels = [text_of(label) for label in tab_set.select("label")]
    assert labels == ["Fictional request", "Fictional response"]  # the commented-out tab aside
    request, response = tab_set.select(".sd-tab-content")
    assert "sent with its widget key" in text_of(request)
    assert text_of(request.select_one(".admonition.note")).endswith(
        "The fictional sandbox accepts any key."
    )
    image = response.select_one("figure img")
    assert image is not None and image["alt"] == "A fictional widget response"
    assert "The fictional response" in text_of(response) and "{%" not in text_of(page)
    # The project the import writes loads the extension the tab sets need.
    assert "'sphinx_design'" in (dest / "conf.py").read_text(encoding="utf-8")


def test_strict_fails_and_names_the_words_a_page_lost(rendered: Path, tmp_path: Path) -> None:
    original = Path(shutil.copytree(rendered, tmp_path / "_site"))
    page = original / "getting_started.html"
    html = page.read_text(encoding="utf-8")
    lost = "<p>Fictional paragraph that only the original shows, about widget tariffs.</p>"
    page.write_text(
        html.replace('<div class="post-content">', '<div class="post-content">' + lost, 1)
    )
    dest = tmp_path / "dest"
    process = run_importer(
        FIXTURE_SITE, dest, "--compare", original, "--strict", "--dry-run", "--max-missing", "5"
    )
    assert process.returncode == ExitStatus.STRICT, process.stderr
    assert not dest.exists()  # --dry-run: nothing written
    (line,) = [line for line in process.stdout.splitlines() if "[compare]" in line]
    assert line.startswith(f"{FIXTURE_SITE}/pages/guide/getting_started.md: [compare] missing ")
    assert "fictional paragraph that only the original shows" in line
    assert process.stdout.splitlines()[-1] == "Dry run: nothing was written."


def test_a_page_whose_permalink_is_the_report_is_skipped_not_fatal(tmp_path: Path) -> None:
    site = Path(shutil.copytree(FIXTURE_SITE, tmp_path / "site"))
    (site / "pages" / "clash.md").write_text(
        "---\ntitle: Clash\npermalink: /import-report.md/\n---\n\nFictional text.\n",
        encoding="utf-8",
    )
    process = run_importer(site, tmp_path / "dest")
    assert process.returncode == ExitStatus.SKIPPED, process.stderr
    assert f"{site}/pages/clash.md: skipped: its file `import-report.md/index.md`" in process.stdout
    assert (tmp_path / "dest" / "getting_started.md").is_file()


def test_help_lists_every_exit_status_with_its_description() -> None:
    epilog = " ".join((parser().epilog or "").split())
    for status in ExitStatus:
        assert f"{status.value} {' '.join(status.description.split())}" in epilog
    assert [s.value for s in ExitStatus] == [0, 1, 2, 3, 4]


def test_hosted_files_become_downloads_and_a_link_over_two_lines_is_kept(tmp_path: Path) -> None:
    site = Path(shutil.copytree(FIXTURE_SITE, tmp_path / "site"))
    (site / "files").mkdir()
    (site / "files" / "widget_terms.pdf").write_bytes(b"%PDF-1.4\n% fictional\n")
    (site / "files" / "widget_form.docx").write_bytes(b"PK fictional")
    with (site / "pages" / "orphan_notes.md").open("a", encoding="utf-8") as page:
        page.write(
            "\nThe [fictional terms (PDF)](files/widget_terms.pdf) and the [fictional form\n"
            "(Word)](files/widget_form.docx) are hosted with the site. [Nowhere]() goes nowhere.\n"
        )
    dest = tmp_path / "dest"
    process = run_importer(site, dest)
    assert process.returncode == ExitStatus.OK, process.stderr
    assert f"{site}/pages/orphan_notes.md:22: [link] Link with no target" in process.stdout
    assert build_strict(dest, tmp_path / "html") == (0, "")
    downloads = article(tmp_path / "html" / "orphan_notes.html").select("a.download")
    assert [(text_of(a), a["href"].rsplit("/", 1)[-1]) for a in downloads] == [
        ("fictional terms (PDF)", "widget_terms.pdf"),
        ("fictional form (Word)", "widget_form.docx"),
    ]


#: A tag logic of the theme's shape (a table of title, type and excerpt), written for the tests.
TAG_LOGIC = (
    "<p>Pages tagged with <button>{{ page.tagName }}</button></p>\n"
    "<table><thead><tr><th>Title</th><th>Type</th><th>Excerpt</th></tr></thead><tbody>\n"
    "{% assign thisTag = page.tagName %}{% for page in site.pages %}{% for tag in page.tags %}"
    "{% if tag == thisTag %}\n"
    '<tr><td><a href="{{ page.url | remove: "/" }}">{{ page.title }}</a></td><td>Page</td>'
    "<td>{% if page.summary %}{{ page.summary | strip_html | strip_newlines | truncate: 160 }}"
    "{% else %}{{ page.content | truncatewords: 50 | strip_html }}{% endif %}</td></tr>\n"
    "{% endif %}{% endfor %}{% endfor %}\n</tbody></table>\n"
)


def _tagged(page: Path, tags: str, summary: str | None = None) -> None:
    text = page.read_text(encoding="utf-8")
    text = re.sub(r"^summary:.*\n", "", text, count=1, flags=re.MULTILINE)
    extra = f"tags: {tags}\n" + (f"summary: {summary}\n" if summary else "")
    page.write_text(text.replace("---\n", "---\n" + extra, 1), encoding="utf-8")


def test_a_tag_page_is_generated_as_myst_listing_the_pages_that_carry_its_tag(
    tmp_path: Path,
) -> None:
    site = Path(shutil.copytree(FIXTURE_SITE, tmp_path / "site"))
    _tagged(site / "pages" / "orphan_notes.md", "[widgets]")  # no summary: its text's start
    _tagged(
        site / "pages" / "widget_safety.md", "[widgets, safety]", '"Fictional * safety | notes."'
    )
    (site / "_includes" / "taglogic.html").write_text(TAG_LOGIC, encoding="utf-8")
    (site / "pages" / "tag_widgets.md").write_text(
        "---\ntitle: Widget pages\ntagName: widgets\npermalink: tag_widgets.html\n---\n"
        "{% include taglogic.html %}\n\n{% include links.html %}\n",
        encoding="utf-8",
    )
    original = jekyll_build(site, tmp_path)
    dest = tmp_path / "dest"
    tag_page = comparison(import_compared(site, original, dest), "tag_widgets.md")
    assert tag_page["original_words"] > 40 and tag_page["missing_words"] == 0, tag_page
    # MyST written from the pages' front matter, not the theme's HTML kept as it rendered.
    source = (dest / "tag_widgets.md").read_text(encoding="utf-8")
    assert "{raw}" not in source and "<" not in source.split("---", 2)[2]
    assert build_strict(dest, tmp_path / "html") == (0, "")
    rows = article(tmp_path / "html" / "tag_widgets.html").select("tbody tr")
    listed = [[text_of(td) for td in row.select("td")] for row in rows]
    links = [row.select_one("td a")["href"] for row in rows]
    jekyll_rows = soup(original / "tag_widgets.html").select(".post-content tbody tr")
    jekyll = [[text_of(td) for td in row.select("td")] for row in jekyll_rows]
    # Title, type and excerpt as Jekyll showed them: the summary, else the start of the text.
    assert (
        [row[:2] for row in listed]
        == [row[:2] for row in jekyll]
        == [
            ["Orphan notes", "Page"],
            ["Widget safety", "Page"],
        ]
    )
    assert links == ["orphan_notes.html", "widget_safety.html"]
    assert listed[1][2] == jekyll[1][2] == "Fictional * safety | notes."
    assert listed[0][2].startswith("These notes are linked from making a call only.")
    assert listed[0][2].endswith("\u2026") and jekyll[0][2].endswith("...")  # smartquotes


def test_truncatewords_keeps_a_text_of_exactly_its_limit_as_jekyll_does(tmp_path: Path) -> None:
    site = Path(shutil.copytree(FIXTURE_SITE, tmp_path / "site"))
    (site / "pages" / "words.md").write_text(
        "---\ntitle: Fictional words\npermalink: words.html\n---\n\n"
        'Exact: {{ "Three fictional  widgets" | truncatewords: 3 }}.\n\n'
        'Cut: {{ "Four fictional widgets here" | truncatewords: 3, "~" }}.\n',
        encoding="utf-8",
    )
    original = jekyll_build(site, tmp_path)
    dest = tmp_path / "dest"
    import_compared(site, original, dest)
    jekyll = [text_of(p) for p in soup(original / "words.html").select(".post-content p")]
    assert jekyll == ["Exact: Three fictional widgets.", "Cut: Four fictional widgets~."]
    page = (dest / "words.md").read_text(encoding="utf-8")
    assert "Exact: Three fictional  widgets.\n" in page  # no "...", its spaces kept
    assert "Cut: Four fictional widgets~.\n" in page


def test_sort_natural_orders_as_jekyll_and_markdown_in_html_is_read(
    rendered: Path, built: Path
) -> None:
    jekyll_terms = [
        text_of(dt) for dt in soup(rendered / "reference_tables.html").select(".post-content dt")
    ]
    # Ruby's casecmp folds ASCII letters only: "É" (0xC3 0x89) sorts before "é" (0xC3 0xA9).
    assert jekyll_terms.index("Éclair widget") < jekyll_terms.index("échelon key")
    page = article(built / "reference_tables.html")
    assert [text_of(dt) for dt in page.select("dt")] == jekyll_terms
    # <dd markdown="1">: kramdown read its Markdown, and so does the import.
    assert [text_of(em) for em in page.select("dd em")] == ["Fictional"] * len(jekyll_terms)


def test_a_theme_include_inside_html_shows_its_text_not_liquid(built: Path) -> None:
    page = article(built / "callouts.html")
    assert "A fictional boxed paragraph comes first. Note: Boxes are fictional too." in text_of(
        page
    )
    assert "{%" not in text_of(page)


def test_the_layouts_banner_is_one_announcement_on_every_page(
    imported: tuple[Path, Any], tmp_path: Path
) -> None:
    dest, report = imported
    flags = report["site_flags"]["_layouts/page.html"]
    assert [flag["kind"] for flag in flags] == ["banner"]
    html = tmp_path / "html"
    # DEST as it is, with the conf.py the import wrote.
    assert sphinx_build_in_process("-b", "html", "-W", "-q", "-E", dest, html) == (0, "")
    for page in ("index.html", "callouts.html"):
        banner = soup(html / page).select_one(".announcement")
        assert banner is not None, page
        assert text_of(banner) == (
            "Fictional: This fictional site is under active development; "
            "see the fictional widget site."
        )
        assert banner.select_one("a")["href"] == "https://docs.example.org/widget-api/"
        assert banner.select("script") == []
    # Once, site-wide: not a copy in the page itself.
    assert "under active development" not in text_of(article(html / "callouts.html"))


def test_every_page_jekyll_publishes_is_served_posts_and_unreadable_front_matter_too(
    tmp_path: Path,
) -> None:
    site = Path(shutil.copytree(FIXTURE_SITE, tmp_path / "site"))
    (site / "_posts").mkdir()
    (site / "_posts" / "2024-05-01-widget-news.md").write_text(
        "---\ntitle: Fictional widget news\nlayout: page\n---\n\n"
        "The fictional widget service now answers in half the time.\n",
        encoding="utf-8",
    )
    (site / "pages" / "broken_front_matter.md").write_text(
        "---\ntitle: Widget news: the fictional update\nkeywords: news\n---\n\n"
        "This fictional update was published although its front matter is not YAML.\n",
        encoding="utf-8",
    )
    # An HTML page (front matter, no Markdown) in a folder of the site's own, beside a static
    # HTML file Jekyll copies as it is.
    (site / "demo").mkdir()
    (site / "demo" / "scroll.html").write_text(
        "---\ntitle: Fictional scroll\n---\n{% if site.output == 'web' %}"
        "<script>alert('fictional')</script>{% endif %}\n"
        "<div><p>A <b>fictional</b> scrolling demonstration.</p></div>\n",
        encoding="utf-8",
    )
    (site / "demo" / "static.html").write_text("<p>Copied as it is.</p>\n", encoding="utf-8")
    original = jekyll_build(site, tmp_path)
    published = sorted(
        page.relative_to(original).with_suffix("").as_posix()
        for page in original.rglob("*.html")
        if 'class="post-content"' in page.read_text(encoding="utf-8")
    )
    assert {"2024/05/01/widget-news", "pages/broken_front_matter", "demo/scroll"} <= set(published)
    dest = tmp_path / "dest"
    report = import_compared(site, original, dest)
    served = sorted(
        page.relative_to(dest).with_suffix("").as_posix() for page in dest.rglob("*.md")
    )
    assert set(published) <= set(served)
    assert "demo/static" not in served  # not a page: Jekyll copied it
    assert report["summary"]["losses"] == 0
    assert report["summary"]["skipped"] == 0
    scroll = (dest / "demo" / "scroll.md").read_text(encoding="utf-8")
    assert "A <b>fictional</b> scrolling demonstration." in scroll and "alert" not in scroll
    (broken,) = [p for p in report["pages"] if p["source"] == "pages/broken_front_matter.md"]
    assert [f["kind"] for f in broken["flags"] if f["line"] == 2] == ["frontmatter"]


def test_a_pasted_html_document_shows_what_jekyll_showed(tmp_path: Path) -> None:
    site = Path(shutil.copytree(FIXTURE_SITE, tmp_path / "site"))
    (site / "pages" / "pasted.md").write_text(
        "---\ntitle: Fictional newsletter\npermalink: pasted.html\n---\n"
        "<!DOCTYPE html PUBLIC '-//W3C//DTD XHTML 1.0 Strict//EN'><html lang='en'\n>\n"
        "<head><meta charset='utf-8'><style>p { color: fictional-red; }</style></head>\n"
        "<body>\n<p>The fictional widget newsletter.</p>\n</body>\n",
        encoding="utf-8",
    )
    original = jekyll_build(site, tmp_path)
    jekyll = text_of(soup(original / "pasted.html").select_one(".post-content"))
    assert jekyll.startswith("<!DOCTYPE html PUBLIC")  # kramdown showed the declaration as text
    dest = tmp_path / "dest"
    report = import_compared(site, original, dest)
    compared = comparison(report, "pasted.md")
    assert compared["missing_words"] == 0, compared
    (page,) = [p for p in report["pages"] if p["output"] == "pasted.md"]
    assert [f["kind"] for f in page["flags"] if f["line"] == 5] == ["markup"]  # the DOCTYPE
    assert build_strict(dest, tmp_path / "html") == (0, "")
    shown = text_of(article(tmp_path / "html" / "pasted.html"))
    assert "<!DOCTYPE html PUBLIC" in shown and "The fictional widget newsletter." in shown
    assert "fictional-red" not in shown  # the <head>'s style is not text, as in Jekyll


def test_a_word_a_highlighter_split_into_tokens_is_compared_as_one_word(tmp_path: Path) -> None:
    # Rouge wraps each token of a code example in a <span>: "hl7" can be <span>hl</span><span>7
    # </span>, one word on the page, as it is in the import's code block.
    (tmp_path / "page.html").write_text(
        '<div class="post-content"><pre><span class="s2">"fictional-hl</span><span class="err">'
        '7"</span></pre><p>Widget<br>notes</p><ul><li>one</li><li>two</li></ul></div>',
        encoding="utf-8",
    )
    imported = '```text\n"fictional-hl7"\n```\n\nWidget\\\nnotes\n\n- one\n- two\n'
    compared = compare_page(SourceTree.at(tmp_path), "page.md", "page.md", "page.html", imported)
    assert (compared.original_words, compared.missing_words) == (6, 0), compared.sample


#: A fictional diagram as drawing tools export them, with what must never reach a reader.
DIAGRAM = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Generated by a fictional drawing tool -->
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 40" onload="alert(1)">
<style type="text/css"><![CDATA[
  .st1 {fill:#bfbfbf;stroke:#404040}
  .st2 {fill:url(https://tracker.example.org/x.png)}
  body {display:none}
]]></style>
<title>Fictional widget flow</title>
<script>alert(2)</script>
<rect class="st1 st2" x="1" y="1" width="50" height="20"/>
<a href="javascript:alert(3)"><text x="5" y="15">Widget</text></a>
<foreignObject><iframe src="https://tracker.example.org/"></iframe></foreignObject>
</svg>
"""


def test_an_included_svg_diagram_is_drawn_cleaned_not_shown_as_source(tmp_path: Path) -> None:
    site = Path(shutil.copytree(FIXTURE_SITE, tmp_path / "site"))
    (site / "_includes" / "custom").mkdir()
    (site / "_includes" / "custom" / "fictional_diagram.svg").write_text(DIAGRAM, "utf-8")
    (site / "pages" / "diagram.md").write_text(
        "---\ntitle: Fictional diagram\npermalink: diagram.html\n---\n\n"
        "The fictional flow:\n\n{% include custom/fictional_diagram.svg %}\n",
        encoding="utf-8",
    )
    original = jekyll_build(site, tmp_path)
    dest = tmp_path / "dest"
    compared = comparison(import_compared(site, original, dest), "diagram.md")
    assert compared["missing_words"] == 0, compared
    assert build_strict(dest, tmp_path / "html") == (0, "")
    page = article(tmp_path / "html" / "diagram.html")
    (svg,) = page.select("svg")
    assert (svg["role"], svg["aria-label"]) == ("img", "Fictional widget flow")
    assert "fill:#bfbfbf" in svg.select_one("rect")["style"].replace(" ", "")
    assert text_of(svg.select_one("text")) == "Widget"
    markup = str(svg)
    for hostile in ("alert", "tracker", "foreignobject", "onload", "<style", "display:none"):
        assert hostile not in markup.lower(), hostile
    assert "<svg" not in text_of(page)  # drawn, not shown as its source


def test_a_permalink_with_an_ampersand_is_served_as_jekyll_served_it(tmp_path: Path) -> None:
    # As ITK3-Messaging-Distribution's `explore_snd&rec_req.html`: "&" is legal in a URL path,
    # but no page of the imported site is named with it, so the page is published under a safe
    # name and its old address redirects there; links and the tag page find it at either.
    site = Path(shutil.copytree(FIXTURE_SITE, tmp_path / "site"))
    (site / "pages" / "send&receive.md").write_text(
        "---\ntitle: Send and receive\ntags: [widgets]\nsummary: Fictional sending.\n"
        "permalink: send&receive.html\n---\nWidgets are sent and received in pairs here.\n",
        encoding="utf-8",
    )
    (site / "pages" / "orphan_notes.md").write_text(
        (site / "pages" / "orphan_notes.md").read_text(encoding="utf-8")
        + "\nSee [sending](send&receive.html) too.\n",
        encoding="utf-8",
    )
    (site / "_includes" / "taglogic.html").write_text(TAG_LOGIC, encoding="utf-8")
    (site / "pages" / "tag_widgets.md").write_text(
        "---\ntitle: Widget pages\ntagName: widgets\npermalink: tag_widgets.html\n---\n"
        "{% include taglogic.html %}\n",
        encoding="utf-8",
    )
    original = jekyll_build(site, tmp_path)
    assert (original / "send&receive.html").is_file()
    dest = tmp_path / "dest"
    compared = {c["output"]: c for c in import_compared(site, original, dest)["comparisons"]}
    for output in ("send-and-receive.md", "tag_widgets.md"):
        assert compared[output]["original_words"] > 5, compared[output]
        assert compared[output]["missing_words"] == 0, compared[output]
    front = (dest / "send-and-receive.md").read_text(encoding="utf-8").split("---\n", 2)[1]
    assert "redirect_from:\n- /send&receive.html\n" in front
    assert build_strict(dest, tmp_path / "html") == (0, "")
    html = tmp_path / "html"
    rows = article(html / "tag_widgets.html").select("tbody tr a")
    assert [a["href"] for a in rows] == ["send-and-receive.html"]
    link = article(html / "orphan_notes.html").find("a", string="sending")
    assert link is not None and link["href"] == "send-and-receive.html"
    # The old address is served: a redirect page to the new one, holding only the new address.
    redirect = (html / "send&receive.html").read_text(encoding="utf-8")
    assert 'url=send-and-receive.html"' in redirect and "&" not in redirect


def test_static_html_files_jekyll_copied_are_served_safely(tmp_path: Path) -> None:
    # gpconnect's `docs/` holds redirect stubs, ITK3's `images/build/` diagrams exported as web
    # pages: no front matter, so Jekyll copies them as they are. Every one is served.
    site = Path(shutil.copytree(FIXTURE_SITE, tmp_path / "site"))
    (site / "docs").mkdir()
    (site / "docs" / "index.html").write_text(
        '<html><head><meta http-equiv="refresh" content="10;url=https://elsewhere.example/'
        'versions/?a=1&amp;b=2" /><title>Moved</title></head><body><p>Moved.</p></body></html>\n',
        encoding="utf-8",
    )
    (site / "docs" / "bad.html").write_text(
        "<meta http-equiv='refresh' content='0; url=javascript:alert(1)'>\n", encoding="utf-8"
    )
    (site / "images" / "build").mkdir(parents=True)
    (site / "images" / "build" / "Widget flow.html").write_text(
        '<!DOCTYPE html><html><head><title>Widget flow</title><script>alert("x")</script>'
        '</head><body><div class="mxgraph" onclick="alert(2)"><p>Fictional widget flow</p>'
        '</div><script src="https://viewer.example/viewer.js"></script></body></html>\n',
        encoding="utf-8",
    )
    original = jekyll_build(site, tmp_path)
    dest = tmp_path / "dest"
    process = run_importer(site, dest)
    assert process.returncode == ExitStatus.OK, process.stderr
    assert "docs/bad.html: [static] Not served: its redirect `javascript:" in process.stdout
    html = tmp_path / "html"
    code, warnings = sphinx_build_in_process(
        "-b", "html", "-W", "--keep-going", "-n", "-q", dest, html
    )
    assert (code, warnings) == (0, "")
    published = {p.relative_to(original).as_posix() for p in original.rglob("*.html")}
    served = {p.relative_to(html).as_posix() for p in html.rglob("*.html")}
    assert published - served == {"docs/bad.html"}
    redirect = (html / "docs" / "index.html").read_text(encoding="utf-8")
    assert 'url=https://elsewhere.example/versions/?a=1&b=2"' in redirect
    copied = (html / "images" / "build" / "Widget flow.html").read_text(encoding="utf-8")
    assert "Fictional widget flow" in copied and "<title>Widget flow</title>" in copied
    assert "script" not in copied and "alert" not in copied and "onclick" not in copied
