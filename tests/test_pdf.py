# ruff: noqa: RUF001 -- en dashes and curly quotes are what these tests check, on purpose.
"""The LaTeX PDF (``make latexpdf``): the real docs/ and small fixture sites, read back with
poppler's pdftotext (the text) and pypdf (links and bookmarks).

Each PDF is built as ``make latexpdf`` builds it: Sphinx's LaTeX builder with ``-W``, then latexmk.
The tests read what a reader gets: the text of each page, the links (web links and links inside
the PDF, with the page they land on), the bookmarks, and LaTeX's log.
"""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest
from helpers import (
    BASE_CONF,
    DCB0129_TITLE,
    DCB0129_URL,
    DCB0160_TITLE,
    DCB0160_URL,
    LEGAL_SENTENCE,
    latexmk,
    require_tool,
    sphinx_build_in_process,
)
from pdf_support import Pdf, near, render_row, squash

pytestmark = [pytest.mark.build, pytest.mark.pdf]

#: What LaTeX writes to its log about a reference it could not resolve or a character its fonts
#: do not have; in a finished PDF they show as "??" or as nothing at all.
LOG_PROBLEMS = re.compile(
    r"There were undefined references|Reference `[^']*' on page \d+ undefined"
    r"|Hyper reference `[^']*' on page \d+ undefined|Missing character"
)


def build_pdf(srcdir: Path, outdir: Path, confdir: Path | None = None) -> Pdf:
    """Build *srcdir* into a PDF as ``make latexpdf`` does (``-c`` *confdir* if given)."""
    require_tool("latexmk", "it builds the PDF")
    config = ["-c", str(confdir)] if confdir else []
    status, stderr = sphinx_build_in_process(
        "-b", "latex", *config, "-W", "--keep-going", "-n", "-q", "-E",
        srcdir, outdir, "-d", outdir.parent / "doctrees",
    )  # fmt: skip
    assert (status, stderr) == (0, ""), stderr
    return typeset(outdir)


def typeset(outdir: Path) -> Pdf:
    """Run latexmk on the LaTeX source in *outdir*, as ``make latexpdf`` does: a PDF and nothing else,
    with no LATEXOPTS from the environment."""
    pdf = latexmk(outdir, "-dvi-", "-ps-", env={"LATEXOPTS": ""})
    return Pdf(pdf, pdf.with_suffix(".tex").read_text("utf-8"), read_log(pdf))


def read_log(pdf: Path) -> str:
    """LaTeX's log of *pdf*."""
    return pdf.with_suffix(".log").read_text("utf-8", errors="replace")


# -- the real docs/ ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def docs_pdf(docs_latex_pdf: Path) -> Pdf:
    """docs/ as one PDF, typeset once per run (conftest's ``docs_latex_pdf``)."""
    return Pdf(
        docs_latex_pdf,
        docs_latex_pdf.with_suffix(".tex").read_text("utf-8"),
        read_log(docs_latex_pdf),
    )


@pytest.mark.docs
def test_the_pdf_is_named_after_the_guidance(docs_pdf: Pdf) -> None:
    assert docs_pdf.path.name == "ers-clinical-safety.pdf"


@pytest.mark.docs
def test_title_page_names_the_project_and_its_version(docs_pdf: Pdf) -> None:
    title_page = docs_pdf.pages[0]
    assert title_page.startswith(
        squash(f"NHS e-RS Integration API: Clinical Safety Version {version('ers-docs')}")
    )
    assert squash("NHS e-Referral Service") in title_page


@pytest.mark.docs
def test_table_of_contents_lists_every_page_and_section(docs_pdf: Pdf) -> None:
    contents = docs_pdf.pages[1]
    # "Contents", not the caption of the first toctree ("Guidance").
    assert contents.startswith("CONTENTS")
    for title in ("1 Clinical Safety", "1.2 Resources", "2 Standards", "2.2 Compliance register"):
        assert squash(title) in contents


@pytest.mark.docs
def test_bookmarks_follow_the_chapters_and_sections(docs_pdf: Pdf) -> None:
    titles = docs_pdf.outline_titles()
    assert titles[:5] == [
        "Clinical Safety",
        "Introduction",
        "Resources",
        "Training",
        "Additional Guidance",
    ]
    assert {"Standards", "Compliance register", "Accessibility statement"} <= set(titles)
    assert "Authoring guide" not in titles  # the handbook's, never the guidance's


@pytest.mark.docs
@pytest.mark.parametrize(
    ("std_id", "title", "url", "body"),
    [
        ("DCB0129", DCB0129_TITLE, DCB0129_URL, "This standard sets clinical risk management requirements"),
        ("DCB0160", DCB0160_TITLE, DCB0160_URL, "This standard requires a health organisation"),
    ],
)  # fmt: skip
def test_each_dcb_entry_shows_its_id_title_facts_and_body_with_a_link(
    docs_pdf: Pdf, std_id: str, title: str, url: str, body: str
) -> None:
    page = docs_pdf.page_of(f"{std_id} – {title}")
    text = docs_pdf.pages[page]
    heading = text.index(squash(f"{std_id} – {title}"))
    facts = text.index(squash("Status: Mandatory Applies to:"), heading)
    assert heading < facts < text.index(squash(body), facts)
    assert url in [link.uri for link in docs_pdf.links if link.page == page]


@pytest.mark.docs
def test_standard_references_and_the_table_land_on_the_entries(docs_pdf: Pdf) -> None:
    entries = {}
    for std_id in ("DCB0129", "DCB0160"):
        page = docs_pdf.page_of(f"{std_id} – Clinical Risk Management")
        (baseline,) = docs_pdf.baselines(page, f"{std_id} –")
        entries[std_id] = (page, baseline)
    # The legal note's two references, and the two IDs of the table of standards (another
    # chapter), each lead to an entry's heading: the same page, just above its baseline.
    legal_page = docs_pdf.page_of(LEGAL_SENTENCE)
    table_page = docs_pdf.page_of("ID Title Status Applies to Page")
    assert table_page != legal_page
    for from_page in (legal_page, table_page):
        for std_id, (page, baseline) in entries.items():
            assert any(
                link.page == from_page
                and link.target_page == page
                and 0 < link.target_top - baseline < 30
                for link in docs_pdf.links
            ), f"no link on page {from_page + 1} to {std_id}"


@pytest.mark.docs
def test_legal_sentence_follows_the_mandatory_title(docs_pdf: Pdf) -> None:
    text = docs_pdf.pages[docs_pdf.page_of(LEGAL_SENTENCE)]
    assert squash(f"Mandatory {LEGAL_SENTENCE}") in text


@pytest.mark.docs
def test_standards_table_lists_both_standards(docs_pdf: Pdf) -> None:
    page = docs_pdf.page_of("ID Title Status Applies to Page")
    text = docs_pdf.pages[page]
    table = text[text.index(squash("ID Title Status Applies to Page")) :]
    # Cells wrap, so the words of a row interleave line by line; each cell's first words and the
    # IDs in order are what a reader scans.
    assert table.index("DCB0129") < table.index("DCB0160")
    for words in ("Clinical Risk Management: its", "Mandatory", "manufacturers of", "health"):
        assert squash(words) in table
    assert squash(f"Mandatory {LEGAL_SENTENCE}") in text  # the compliance register, same page


@pytest.mark.docs
def test_latex_log_has_no_undefined_reference_or_missing_character(docs_pdf: Pdf) -> None:
    assert LOG_PROBLEMS.findall(docs_pdf.log) == []


@pytest.mark.docs
def test_list_tables_are_longtables_repeating_their_header(docs_pdf: Pdf) -> None:
    standards = docs_pdf.tex.split("\\chapter{Standards}")[1].split("\\chapter{")[0]
    tables = re.findall(r"\\begin\{longtable\}.*?\\end\{longtable\}", standards, re.DOTALL)
    # The table of standards and the compliance register, each with its own column widths.
    assert len(tables) == 2
    for table in tables:
        assert "\\nhsraggedcell" in table
        assert "\\endfirsthead" in table and "\\endhead" in table


@pytest.mark.docs
def test_landing_page_cards_stay_on_the_web(docs_pdf: Pdf) -> None:
    # The cards' link texts would be stray words in print; the contents page replaces them.
    assert "sd-card" not in docs_pdf.tex
    assert squash("Standards and compliance register") not in "".join(docs_pdf.pages)


@pytest.mark.docs
def test_mandatory_note_is_a_yellow_panel_and_the_note_is_not(docs_pdf: Pdf) -> None:
    require_tool("pdftoppm", "it renders PDF pages to pixels")
    panel = (0xFF, 0xF9, 0xC4)  # nhsMandatoryBackground, the NHS.UK warning callout's panel
    for words, on_panel in (("Compliance with", True), ("The information contained", False)):
        page = docs_pdf.page_of(words)
        (baseline,) = docs_pdf.baselines(page, words)
        # The row of pixels through the middle of the line's capital letters.
        height = float(docs_pdf.reader.pages[page].mediabox.height)
        row = render_row(docs_pdf.path, page, height - baseline - 3)
        assert (sum(near(rgb, panel) for rgb in row) > 100) is on_panel, words


# -- fixture sites -----------------------------------------------------------------------------

#: A title with every character LaTeX treats specially (in a YAML options block, where " #" does
#: not start a comment), and one with accented letters and typographic punctuation.
SPECIAL_TITLE = r"Back\slash {braces} 100% & #1 under_score $5 ~tilde ^caret"
SPECIAL_URL = "https://example.org/a_b%20c?x=1&y=~z#part"
UNICODE_TITLE = "Évaluation – ‘Sûreté’ “naïve” façade"

SPECIALS_PAGE = f"""\
# Special characters

:::{{standard}} XYZ0001
---
title: '{SPECIAL_TITLE}'
url: '{SPECIAL_URL}'
status: recommended
applies-to: '50% of {{everyone}} & #others'
---

A body with \\\\ and {{ and }}.
:::

:::{{standard}} XYZ0002
:title: {UNICODE_TITLE}
:url: https://example.org/xyz0002

Café – "quoted" text, with ‘curly’ quotes and a naïve résumé.
:::

:::{{mandatory}} Rule {{standard}}`XYZ0001` & 100%
Requirement text with _underscores_ and $dollars$.
:::
"""

#: Enough fictional standards for the table of standards to run over several pages.
MANY = 80


def many_page() -> str:
    """A page declaring MANY fictional standards, XYZ1001 upwards."""
    entries = [
        f":::{{standard}} XYZ{1000 + n}\n:title: Fictional Standard Number {n}\n"
        f":url: https://example.org/xyz{1000 + n}\n:status: mandatory\n"
        f":applies-to: example systems\n\nFictional body {n}.\n:::\n"
        for n in range(1, MANY + 1)
    ]
    return "# Many standards\n\n" + "\n".join(entries)


#: The notes page: NOTES notes, each at the top of a page with room left for only a few lines.
NOTES = 24


def note_lines(n: int) -> int:
    """How many sentences note *n* has: 3 (two lines) or 200 (half a page)."""
    return 3 if n % 2 else 200


def room_before(n: int) -> int:
    """How many lines of the page are left free for note *n*: 1 to 12."""
    return (n + 1) // 2


def notes_page() -> str:
    """Mandatory notes, short and long, each after a space that leaves only a few lines of the
    page free, so that the page breaks close to their titles."""
    parts = ["# Notes\n"]
    for n in range(1, NOTES + 1):
        lines = room_before(n)
        parts.append(
            "```{raw} latex\n"
            f"\\clearpage\\vspace*{{\\dimexpr\\textheight-{lines}\\baselineskip\\relax}}\n"
            "```\n"
        )
        sentences = " ".join(f"Line {k} of rule {n}." for k in range(1, note_lines(n) + 1))
        parts.append(f":::{{mandatory}} Rule title {n:02d}\nStart of rule {n}. {sentences}\n:::\n")
    return "\n".join(parts)


#: Enough fictional hazards for the hazard log to run over several pages.
HAZARDS = 60


def hazards_page() -> str:
    """A page declaring HAZARDS fictional hazards (HAZ-1 upwards, written in reverse), then the
    log and its matrices."""
    entries = [
        f":::{{hazard}} HAZ-{n}\n:title: Fictional hazard number {n}\n"
        f":severity: Major\n:likelihood: {('Low', 'Medium', 'High')[n % 3]}\n:::\n"
        for n in range(HAZARDS, 0, -1)
    ]
    return "# Hazards\n\n" + "\n".join(entries) + "\n## The log\n\n:::{hazard-log}\n:::\n"


@pytest.fixture(scope="module")
def fixture_pdf(tmp_path_factory: pytest.TempPathFactory) -> Pdf:
    """A fixture site, configured as a sibling project would be, as one PDF."""
    root = tmp_path_factory.mktemp("fixture-pdf")
    src = root / "src"
    src.mkdir()
    (src / "conf.py").write_text(BASE_CONF, encoding="utf-8")
    pages = {
        "specials": SPECIALS_PAGE,
        "many": many_page(),
        "notes": notes_page(),
        "lists": "# Lists\n\n:::{standard-list}\n:::\n\n:::{mandatory-list}\n:::\n",
        "hazards": hazards_page(),
    }
    for name, text in pages.items():
        (src / f"{name}.md").write_text(text, encoding="utf-8")
    toctree = "\n".join(pages)
    (src / "index.md").write_text(f"# Fixture\n\n```{{toctree}}\n{toctree}\n```\n", "utf-8")
    return build_pdf(src, root / "latex")


def test_a_sibling_project_gets_the_latex_package(fixture_pdf: Pdf) -> None:
    assert "\\usepackage{nhsassurance}" in fixture_pdf.tex
    assert (fixture_pdf.path.parent / "nhsassurance.sty").is_file()


def test_special_characters_come_out_as_text(fixture_pdf: Pdf) -> None:
    page = fixture_pdf.page_of(f"XYZ0001 – {SPECIAL_TITLE}")
    text = fixture_pdf.pages[page]
    assert squash("Status: Recommended Applies to: 50% of {everyone} & #others") in text
    assert squash(r"A body with \ and { and }.") in text
    assert SPECIAL_URL in [link.uri for link in fixture_pdf.links if link.page == page]
    assert squash("Rule XYZ0001 & 100% Requirement text with underscores and $dollars$.") in text
    assert LOG_PROBLEMS.findall(fixture_pdf.log) == []


def test_unicode_comes_out_right(fixture_pdf: Pdf) -> None:
    text = fixture_pdf.pages[fixture_pdf.page_of("XYZ0002")]
    assert squash(f"XYZ0002 – {UNICODE_TITLE}") in text
    # MyST's smart quotes make the straight ones curly, as on the web page.
    assert squash("Café – “quoted” text, with ‘curly’ quotes and a naïve résumé.") in text


def rows_by_page(pdf: Pdf, header: str, after: str, row_id: str) -> list[list[str]]:
    """The IDs (*row_id*'s matches) of a long table's rows, page by page, from the page of its
    *header* to the page of *after*, the text that follows the table; every page holding rows
    shows the header once."""
    start = pdf.page_of(header)
    end = pdf.page_of(after, start)
    pages = []
    for page in range(start, end + 1):
        text = pdf.pages[page]
        if page == end:
            text = text[: text.index(squash(after))]
        ids = re.findall(row_id, text)
        if not ids:
            break
        assert text.count(squash(header)) == 1, f"page {page + 1} has no header"
        pages.append(ids)
    return pages


def test_a_long_table_of_standards_repeats_its_header_on_every_page(fixture_pdf: Pdf) -> None:
    # The compliance register follows the table.
    pages_with_rows = rows_by_page(
        fixture_pdf, "ID Title Status Applies to Page", "Requirement Where it stands", r"XYZ\d{4}"
    )
    assert len(pages_with_rows) >= 3
    expected = ["XYZ0001", "XYZ0002", *(f"XYZ{1000 + n}" for n in range(1, MANY + 1))]
    assert [std_id for ids in pages_with_rows for std_id in ids] == expected


def test_a_mandatory_note_never_leaves_its_title_behind(fixture_pdf: Pdf) -> None:
    split_notes = 0
    for n in range(1, NOTES + 1):
        title_page = fixture_pdf.page_of(f"Rule title {n:02d}")
        text = fixture_pdf.pages[title_page]
        assert squash(f"Rule title {n:02d} Start of rule {n}.") in text
        last_page = fixture_pdf.page_of(f"Line {note_lines(n)} of rule {n}.", title_page)
        if note_lines(n) == 3:
            assert last_page == title_page, f"short note {n} was split"
        else:
            # At least three lines of text stay under the title (five sentences make a line).
            assert squash(f"Line 16 of rule {n}.") in text, f"long note {n} left its title"
            split_notes += last_page != title_page
    # The fixture does make long notes run over a page break.
    assert split_notes > 0


def test_the_register_links_land_on_each_note(fixture_pdf: Pdf) -> None:
    register = fixture_pdf.page_of("Requirement Where it stands")
    links = [link for link in fixture_pdf.links if link.page >= register and link.target_top]
    for n in range(1, NOTES + 1):
        page = fixture_pdf.page_of(f"Rule title {n:02d}")
        (baseline,) = fixture_pdf.baselines(page, f"Rule title {n:02d}")
        assert any(
            link.target_page == page and 0 < link.target_top - baseline < 30 for link in links
        ), f"no link from the register to note {n}"


def test_a_long_hazard_log_breaks_across_pages_repeating_its_header(fixture_pdf: Pdf) -> None:
    header = "ID Title Initial rating Residual rating Status Page"
    initial = "Initial risk: number of hazards in each cell of the risk matrix"
    rows = rows_by_page(fixture_pdf, header, initial, r"HAZ-(\d+)Fictional")
    assert len(rows) >= 2  # the log broke across pages
    assert [int(n) for ids in rows for n in ids] == list(range(1, HAZARDS + 1))  # sorted by ID
    end = fixture_pdf.page_of(initial, fixture_pdf.page_of(header))
    matrices = fixture_pdf.pages[end] + fixture_pdf.pages[min(end + 1, len(fixture_pdf.pages) - 1)]
    assert squash("Residual risk: number of hazards in each cell of the risk matrix") in matrices
    assert squash("Rating 3, 20 hazards") in matrices  # Major / Low, Medium: 20 each
    assert squash("LikelihoodMinorSignificantConsiderableMajorCatastrophic") in matrices
    assert LOG_PROBLEMS.findall(fixture_pdf.log) == []
