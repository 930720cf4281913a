"""Directives inside other constructs: each works and renders sensibly in HTML and in LaTeX."""

from __future__ import annotations

import subprocess

import pytest
from helpers import Site, latexmk, page_with, require_tool

pytestmark = pytest.mark.build

ENTRY = ":::{standard} XYZ0001\n:title: Nested Fictional Standard\n:url: https://example.org/x\n\nIts body.\n:::"

CASES = {
    "standard_in_mandatory": f"::::{{mandatory}}\nFollow this standard.\n\n{ENTRY}\n::::",
    "standard_list_in_note": "::::{note}\nThe standards:\n\n:::{standard-list}\n:::\n::::",
    "standard_list_in_table_cell": (
        "::::{list-table}\n:header-rows: 1\n\n* - Topic\n  - Standards\n"
        "* - All\n  - :::{standard-list}\n    :::\n::::"
    ),
    "mandatory_in_list": "- First point.\n- Second point:\n\n  :::{mandatory}\n  Listed requirement.\n  :::\n",
    "mandatory_list_in_note": "::::{note}\n:::{mandatory-list}\n:::\n::::",
}


@pytest.fixture
def nested_site(site: Site) -> Site:
    pages = {name: page_with(body, title=name.replace("_", " ")) for name, body in CASES.items()}
    site.write_pages(pages)
    return site


def test_nested_constructs_render_in_html(nested_site: Site) -> None:
    result = nested_site.build()
    assert result.warning_lines() == []

    box = result.main("standard_in_mandatory").select_one("div.admonition.mandatory")
    entry = box.select_one("div.nhs-standard#xyz0001")
    assert entry.select_one("a.nhs-standard-id")["href"] == "https://example.org/x"

    note = result.main("standard_list_in_note").select_one("div.admonition.note")
    assert note.select_one("table.nhs-standard-list td a").get_text() == "XYZ0001"

    outer = result.main("standard_list_in_table_cell").select("table")[0]
    cell = outer.select_one("tbody > tr:last-child > td:last-child")
    assert cell.select_one("table.nhs-standard-list td a").get_text() == "XYZ0001"

    item = result.main("mandatory_in_list").select("li")[1]
    assert "Listed requirement." in item.select_one("div.admonition.mandatory").get_text()

    register = result.main("mandatory_list_in_note").select_one("div.note table.nhs-mandatory-list")
    assert "Listed requirement." in register.get_text()
    assert "Follow this standard." in register.get_text()


def test_tables_break_across_pdf_pages_only_in_the_main_flow(nested_site: Site) -> None:
    nested_site.write("top.md", page_with(":::{standard-list}\n:::"))
    index = nested_site.srcdir / "index.md"
    index.write_text(index.read_text().replace("```{toctree}\n", "```{toctree}\ntop\n"))
    result = nested_site.build()
    assert "longtable" in result.main("top").select_one("table.nhs-standard-list")["class"]
    note = result.main("standard_list_in_note").select_one("table.nhs-standard-list")
    assert "longtable" not in note["class"]


def test_nested_constructs_build_in_latex(nested_site: Site) -> None:
    result = nested_site.build("latex")
    assert result.warning_lines() == []
    tex = next(result.outdir.glob("*.tex")).read_text("utf-8")
    assert "Nested Fictional Standard" in tex
    assert "Listed requirement." in tex
    # LaTeX cannot nest a table in a table: inside the list-table cell the list is a list.
    cell_part = tex[tex.index("\\chapter{standard list in table cell}") + 1 :]
    assert "\\begin{itemize}" in cell_part.split("\\chapter")[0]


@pytest.mark.pdf
def test_nested_constructs_typeset_to_pdf(nested_site: Site) -> None:
    require_tool("latexmk", "it typesets the LaTeX output")
    result = nested_site.build("latex")
    pdf = latexmk(result.outdir)
    text = subprocess.run(
        [require_tool("pdftotext", "it reads the PDF"), pdf, "-"],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    assert "Listed requirement." in text
    assert "Nested Fictional Standard" in text
