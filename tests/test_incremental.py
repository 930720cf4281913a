"""Incremental builds are never stale, and parallel builds give what serial builds give.

Each incremental test builds, changes the sources, rebuilds without a fresh environment (as a
second `sphinx-build` run without -E does) and checks what a reader would now see.
"""

from __future__ import annotations

import json

import pytest
from helpers import BuildResult, Site, page_with

pytestmark = pytest.mark.build


def entry(std_id: str, title: str) -> str:
    return f":::{{standard}} {std_id}\n:title: {title}\n:url: https://example.org/{std_id}\n\nBody.\n:::\n"


PAGES = {
    "declares": page_with(
        entry("XYZ0001", "Original Title") + "\n" + entry("XYZ0002", "Other"), title="Declares"
    ),
    "cites": page_with("Follow {standard}`XYZ0001`.", title="Cites"),
    "cites_other": page_with("Follow {standard}`XYZ0002`.", title="Cites other"),
    "unrelated": page_with("Nothing about standards.", title="Unrelated"),
    "register": page_with(
        ":::{standard-list}\n:::\n\n:::{mandatory-list}\n:::\n", title="Register"
    ),
}


def exported(result: BuildResult) -> dict[str, str]:
    data = json.loads((result.outdir / "standards.json").read_text("utf-8"))
    return {s["id"]: s["title"] for s in data["standards"]}


def test_changed_title_shows_in_the_table_references_and_export(site: Site) -> None:
    site.write_pages(PAGES)
    site.build()
    site.write("declares.md", PAGES["declares"].replace("Original Title", "Revised Title"))
    result = site.build()

    table = result.main("register").select_one("table.nhs-standard-list")
    assert "Revised Title" in table.get_text() and "Original Title" not in table.get_text()
    assert result.main("cites").select_one("a.reference")["title"] == "XYZ0001: Revised Title"
    assert exported(result)["XYZ0001"] == "Revised Title"
    # Only pages that show the title are written again, not every page, nor "index", whose
    # toctree lists them (their titles and headings did not change: see toctree_parents.py).
    assert result.written() == {"declares", "cites", "register"}


def test_deleted_page_leaves_the_table_and_export_and_references_warn(site: Site) -> None:
    site.write_pages(PAGES)
    site.build()
    site.remove("declares.md")
    site.write(
        "index.md", "# Index\n\n```{toctree}\ncites\ncites_other\nunrelated\nregister\n```\n"
    )
    result = site.build()

    assert exported(result) == {}
    assert "No standards are declared on this site." in result.main("register").get_text()
    assert result.main("cites").select("a.reference") == []
    warnings = result.warning_lines()
    assert any("cites.md:3: WARNING: standard: no page declares 'XYZ0001'" in w for w in warnings)
    assert any("cites_other.md:3" in w and "'XYZ0002'" in w for w in warnings)


def test_new_declaration_resolves_an_earlier_reference(site: Site) -> None:
    pages = dict(PAGES)
    pages["cites"] = page_with("Follow {standard}`XYZ0003`.", title="Cites")
    site.write_pages(pages)
    first = site.build()
    assert any("no page declares 'XYZ0003'" in w for w in first.warning_lines())

    pages["late"] = page_with(entry("XYZ0003", "Late Standard"), title="Late")
    site.write_pages(pages)
    result = site.build()
    assert result.warning_lines() == []
    assert result.main("cites").select_one("a.reference")["href"] == "late.html#xyz0003"
    assert "XYZ0003" in exported(result)


def test_new_mandatory_note_appears_in_the_register(site: Site) -> None:
    site.write_pages(PAGES)
    first = site.build()
    assert "No mandatory notes" in first.main("register").get_text()

    site.write(
        "unrelated.md",
        page_with("Text.\n\n:::{mandatory}\nA new requirement.\n:::", title="Unrelated"),
    )
    result = site.build()
    table = result.main("register").select_one("table.nhs-mandatory-list")
    assert "A new requirement." in table.get_text()
    assert table.select_one("a")["href"] == "unrelated.html#mandatory-0"


def test_editing_unrelated_text_rewrites_only_that_page(site: Site) -> None:
    site.write_pages(PAGES)
    site.build()
    site.write("declares.md", PAGES["declares"].replace("Body.", "Body, reworded.", 1))
    result = site.build()
    # The page's standards did not change as readers see them: no page that cites them or lists
    # them is rewritten, nor "index", whose toctree shows the page's title and headings only.
    assert result.written() == {"declares"}


def test_new_heading_or_title_rewrites_the_toctree_parent(site: Site) -> None:
    site.write_pages(PAGES)
    site.build()
    site.write("unrelated.md", page_with("Text.\n\n## A new section\n\nMore.", title="Unrelated"))
    result = site.build()
    assert result.written() == {"unrelated", "index"}
    assert "A new section" in result.main("index").get_text()

    site.write("unrelated.md", page_with("Text.\n\n## A new section\n\nMore.", title="Renamed"))
    result = site.build()
    assert result.written() == {"unrelated", "index"}
    assert "Renamed" in result.main("index").get_text()
    # Every page's navigation shows titles: Sphinx rewrites only the parent (its own behaviour).
    assert "Renamed" in str(result.html("index").select_one(".sidebar-tree"))


def test_unchanged_entry_leaves_the_parent_alone_and_fresh(site: Site, tmp_path) -> None:
    site.write_pages(PAGES)
    site.build()
    site.write("unrelated.md", PAGES["unrelated"].replace("Nothing", "Still nothing"))
    incremental = site.build()
    assert incremental.written() == {"unrelated"}
    fresh = site.build(builddir=tmp_path / "fresh", freshenv=True)
    for page in [*PAGES, "index"]:
        assert (incremental.outdir / f"{page}.html").read_bytes() == (
            fresh.outdir / f"{page}.html"
        ).read_bytes(), page


def main_html(result: BuildResult, page: str) -> str:
    return str(result.main(page))


def test_parallel_build_is_identical_to_serial(site: Site, tmp_path) -> None:
    pages = {}
    for n in range(14):
        body = entry(f"XYZ{n:04d}", f"Fictional Standard {n}")
        if n:
            body += f"\nSee {{standard}}`XYZ{n - 1:04d}`.\n"
        if n % 3 == 0:
            body += f"\n:::{{mandatory}}\nRequirement {n} of {{standard}}`XYZ{n:04d}`.\n:::\n"
        if n == 7:
            body += "\n" + entry("XYZ0002", "Duplicate of two")
        pages[f"page{n:02d}"] = page_with(body, title=f"Page {n}")
    pages["register"] = PAGES["register"]
    site.write_pages(pages)

    serial = site.build(builddir=tmp_path / "serial")
    parallel = site.build(builddir=tmp_path / "parallel", parallel=4)

    # It really read in parallel (chunks of pages), and Sphinx found nothing unsafe.
    assert " .. " in parallel.status
    assert "safe for parallel" not in parallel.warnings
    assert serial.warning_lines() == parallel.warning_lines()
    assert (serial.outdir / "standards.json").read_bytes() == (
        parallel.outdir / "standards.json"
    ).read_bytes()
    for page in [*pages, "index"]:
        assert main_html(serial, page) == main_html(parallel, page), page
