"""Builds are reproducible, and serial, parallel and incremental builds agree.

Two clean builds of `docs/` give byte-identical pages and `standards.json` (and the same PDF
text); a 30-page site built serially, in parallel, and serially after a series of edits and
incremental rebuilds that end at the same sources gives the same pages and the same export.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from helpers import (
    DOCS_DIR,
    REPO_ROOT,
    BuildResult,
    Site,
    latexmk,
    page_with,
    require_tool,
    sphinx_build,
)
from shared_builds import SOURCE_DATE_EPOCH


def build_docs(out: Path, builder: str = "html") -> Path:
    """docs/ built from scratch into *out*, exactly as the run's shared build of *builder* is
    (``shared_build``: strict, dated SOURCE_DATE_EPOCH) but by ``sphinx-build`` in a process of
    its own, as ``make html`` builds it, for comparing the two."""
    status, stderr = sphinx_build(
        "-b", builder, "-c", REPO_ROOT, "-W", "--keep-going", "-n", "-q", "-E",
        DOCS_DIR, out / builder, "-d", out / "doctrees",
        env={"SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH},
    )  # fmt: skip
    assert (status, stderr) == (0, ""), stderr
    return out / builder


def output_files(root: Path, suffixes: tuple[str, ...]) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.suffix in suffixes
    }


@pytest.mark.build
@pytest.mark.docs
def test_two_clean_builds_of_the_docs_are_byte_identical(docs_html: Path, tmp_path: Path) -> None:
    """The run's shared build of docs/ and a second clean one."""
    first = output_files(docs_html, (".html", ".json"))
    second = output_files(build_docs(tmp_path / "two"), (".html", ".json"))
    assert "standards.json" in first and "clinical_safety.html" in first
    assert first.keys() == second.keys()
    different = [name for name in first if first[name] != second[name]]
    assert different == []


@pytest.mark.build
@pytest.mark.pdf
@pytest.mark.docs
def test_two_clean_pdf_builds_have_the_same_text(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    """The run's shared PDF of docs/ (``docs_latex_pdf``) and a second clean one."""
    require_tool("latexmk", "it typesets the PDF")
    pdftotext = require_tool("pdftotext", "it reads the PDF's text")
    shared = request.getfixturevalue("docs_latex_pdf")
    latex = build_docs(tmp_path / "two", "latex")
    latexmk(latex, "-dvi-", "-ps-", env={"LATEXOPTS": "", "SOURCE_DATE_EPOCH": SOURCE_DATE_EPOCH})
    (pdf,) = latex.glob("*.pdf")
    texts = [
        subprocess.run([pdftotext, path, "-"], check=True, capture_output=True).stdout
        for path in (shared, pdf)
    ]
    assert b"DCB0129" in texts[0]
    assert texts[0] == texts[1]


# -- serial, parallel and incremental agree ---------------------------------------------------------


def entry(n: int, title: str) -> str:
    return (
        f":::{{standard}} XYZ{n:04d}\n:title: {title}\n:url: https://example.org/xyz{n:04d}\n"
        f":status: {('mandatory', 'recommended', 'retired')[n % 3]}\n\nEntry {n}.\n:::\n"
    )


def final_pages() -> dict[str, str]:
    """30 pages: entries, references across pages, notes, and two list pages."""
    pages = {}
    for n in range(28):
        body = entry(n, f"Fictional Standard {n}")
        body += (
            f"\nSee {{standard}}`XYZ{(n * 7) % 28:04d}` and {{standard}}`xyz{(n + 1) % 28:04d}`.\n"
        )
        if n % 4 == 0:
            body += f"\n:::{{mandatory}}\nRequirement {n}, under {{standard}}`XYZ{n:04d}`.\n:::\n"
        pages[f"page{n:02d}"] = page_with(body, title=f"Page {n}")
    pages["register"] = page_with(":::{mandatory-list}\n:::", title="Register")
    pages["table"] = page_with(":::{standard-list}\n:::", title="Table")
    return pages


def edits(pages: dict[str, str]) -> list[dict[str, str | None]]:
    """Steps from other sources to `pages`: each maps a page to its new text (None: delete)."""
    retitled = {
        name: text.replace("Fictional Standard", "Draft Standard")
        for name, text in pages.items()
        if name < "page10"
    }
    return [
        # 1. the first sources: draft titles, two pages missing, a stray page, no notes on 12
        {**pages, **retitled, "page12": pages["page12"].replace(":::{mandatory}", ":::{note}"),
         "stray": page_with(entry(3, "Stray duplicate"), title="Stray"), "page20": None, "page21": None},
        # 2. the missing pages arrive; the stray page goes
        {"page20": pages["page20"], "page21": pages["page21"], "stray": None},
        # 3. titles are final, the note becomes a mandatory note again
        {**{name: pages[name] for name in retitled}, "page12": pages["page12"]},
    ]  # fmt: skip


def apply(site: Site, changes: dict[str, str | None]) -> None:
    for name, text in changes.items():
        path = site.srcdir / f"{name}.md"
        if text is None:
            path.unlink(missing_ok=True)
        else:
            site.write(f"{name}.md", text)
    names = sorted(p.stem for p in site.srcdir.glob("*.md") if p.stem != "index")
    site.write("index.md", "# Index\n\n```{toctree}\n" + "\n".join(names) + "\n```\n")


def rendered(result: BuildResult, pages: dict[str, str]) -> dict[str, str]:
    """What readers get: each page's main content, and the export."""
    content = {name: str(result.main(name)) for name in pages}
    content["standards.json"] = (result.outdir / "standards.json").read_text("utf-8")
    return content


@pytest.mark.build
def test_serial_parallel_and_incremental_builds_agree(tmp_path: Path) -> None:
    pages = final_pages()
    assert len(pages) == 30

    clean = Site(tmp_path / "clean")
    apply(clean, pages)
    serial = clean.build(builddir=tmp_path / "serial")
    parallel = clean.build(builddir=tmp_path / "parallel", parallel=4)

    edited = Site(tmp_path / "edited")
    steps = edits(pages)
    for step in steps:
        apply(edited, step)
        edited.build()
    incremental = edited.build()  # nothing changed: nothing may change

    expected = rendered(serial, pages)
    assert rendered(parallel, pages) == expected
    assert rendered(incremental, pages) == expected
    assert serial.warning_lines() == []
