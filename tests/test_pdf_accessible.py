# ruff: noqa: RUF001 -- en dashes are what some of these tests check, on purpose.
"""The accessible PDF (``make pdf``: the nhs_pdf builder), read back as a reader's tools read it.

pdfua checks the machine-checkable rules of PDF/UA-1; pikepdf reads the structure tree a screen
reader walks, the catalog (language, title display), the XMP metadata and the link annotations;
pdf_support's ``Pdf`` (shared with test_pdf) reads the text (poppler's pdftotext), the bookmarks
and where links land (pypdf); pdftotext's layout mode and pdftoppm give the printed text and the
colours on the page.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from urllib.parse import unquote

import pikepdf
import pytest
from helpers import (
    BASE_CONF,
    DCB0129_TITLE,
    DCB0129_URL,
    DCB0160_URL,
    HANDBOOK_DIR,
    LEGAL_SENTENCE,
    REPO_ROOT,
    Site,
    require_tool,
    require_weasyprint,
    sphinx_build_in_process,
)
from nhs_assurance.writers.pdf import DEBIAN_PACKAGES
from pdf_support import Pdf, near, render_row, squash

pytestmark = pytest.mark.pdf

#: The project's title (conf.py), which the PDF names as its title.
TITLE = "NHS e-RS Integration API: Clinical Safety"
NHS_BLUE = (0x00, 0x5E, 0xB8)
MANDATORY_PANEL = (0xFF, 0xF9, 0xC4)  # the NHS.UK warning callout's panel
A4 = (595.28, 841.89)  # points


def build_accessible_pdf(
    srcdir: Path, outdir: Path, *options: str, env: dict[str, str] | None = None
) -> tuple[Path, str]:
    """Build *srcdir* with the nhs_pdf builder, strictly, in this process; return the PDF and the
    warnings."""
    require_weasyprint()
    status, stderr = sphinx_build_in_process(
        "-b", "nhs_pdf", *options, "--keep-going", "-n", "-q", "-E",
        srcdir, outdir, "-d", outdir.parent / "doctrees", env=env,
    )  # fmt: skip
    (pdf,) = outdir.glob("*.pdf")
    assert status == 0 or "-W" in options, stderr
    return pdf, stderr


@dataclass
class TaggedPdf:
    """A tagged PDF, as assistive technology and a printer see it."""

    path: Path

    @cached_property
    def pike(self) -> pikepdf.Pdf:
        return pikepdf.open(self.path)

    @cached_property
    def text(self) -> Pdf:
        """Its text, links and bookmarks, as test_pdf reads the LaTeX PDF (pdf_support's ``Pdf``)."""
        return Pdf(self.path, tex="", log="")

    def elements(self) -> Iterator[pikepdf.Dictionary]:
        """Every element of the structure tree, depth first (that is, in reading order)."""
        root = self.pike.Root.StructTreeRoot

        def walk(kids: object) -> Iterator[pikepdf.Dictionary]:
            if isinstance(kids, pikepdf.Array):
                for kid in kids:
                    yield from walk(kid)
            elif isinstance(kids, pikepdf.Dictionary) and "/S" in kids:
                yield kids
                yield from walk(kids.get("/K"))

        return walk(root.K)

    def roles(self) -> list[str]:
        """The role of every structure element, in reading order (``/H2``, ``/P``, ...)."""
        return [str(element.S) for element in self.elements()]

    def pdfua(self) -> dict:
        """pdfua's report on the file (JSON)."""
        process = subprocess.run(
            [sys.executable, "-m", "pdfua", "check", "--format", "json", str(self.path)],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        return json.loads(process.stdout)

    def page_texts(self) -> list[str]:
        """The text of each page as poppler's pdftotext gives it (what a copy-paste gives)."""
        require_tool("pdftotext", "it reads the printed text")
        text = subprocess.run(
            ["pdftotext", "-layout", str(self.path), "-"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        return text.split("\f")[:-1]

    def uri_links(self) -> Iterator[tuple[int, str]]:
        """(page index, address) of every web link annotation."""
        for number, page in enumerate(self.pike.pages):
            for annotation in page.get("/Annots") or []:
                action = annotation.get("/A")
                if action is not None and action.get("/S") == "/URI":
                    yield number, str(action.URI)


@pytest.fixture(scope="session")
def docs_accessible_pdf(request: pytest.FixtureRequest) -> TaggedPdf:
    """docs/ built as ``make pdf`` builds it: strict (no warning at all), once a run
    (conftest's ``docs_nhs_pdf``), asked for only once WeasyPrint loads."""
    require_weasyprint()
    (pdf,) = request.getfixturevalue("docs_nhs_pdf").glob("*.pdf")
    return TaggedPdf(pdf)


@pytest.fixture(scope="session")
def handbook_accessible_pdf(tmp_path_factory: pytest.TempPathFactory, docs_html: Path) -> TaggedPdf:
    """handbook/ built as ``make handbook-pdf`` builds it, strictly, once a session: the long
    document (83 pages, tables, lists, a figure) on which the PDF's structure is checked."""
    out = tmp_path_factory.mktemp("handbook-accessible-pdf") / "pdf"
    inventory = {"NHS_GUIDANCE_INVENTORY": str(docs_html / "objects.inv")}
    pdf, stderr = build_accessible_pdf(HANDBOOK_DIR, out, "-W", env=inventory)
    assert stderr == "", stderr
    return TaggedPdf(pdf)


# -- docs/: what PDF/UA asks for -------------------------------------------------------------


@pytest.mark.build
@pytest.mark.docs
@pytest.mark.parametrize("product", ["docs_accessible_pdf", "handbook_accessible_pdf"])
def test_pdfua_finds_no_error(product: str, request: pytest.FixtureRequest) -> None:
    report = request.getfixturevalue(product).pdfua()
    assert report["summary"]["errors"] == 0, report["findings"]
    # The only warnings allowed are pdfua's heuristic about tables, which looks for /Scope on
    # header cells only: WeasyPrint associates cells the other way PDF/UA allows (each data
    # cell's /Headers names its header cells' /ID), which the next test checks.
    assert {finding["rule_id"] for finding in report["findings"]} <= {"UA-15-003"}


@pytest.mark.build
@pytest.mark.docs
def test_every_data_cell_names_its_column_header(handbook_accessible_pdf: TaggedPdf) -> None:
    header_ids = set()
    data_cells = []
    for element in handbook_accessible_pdf.elements():
        if element.S == "/TH":
            header_ids.add(str(element.ID))
        elif element.S == "/TD":
            data_cells.append(element)
    assert len(header_ids) >= 20 and len(data_cells) >= 100
    for cell in data_cells:
        headers = {str(header) for header in cell.A.Headers}
        assert headers and headers <= header_ids


@pytest.mark.build
@pytest.mark.docs
def test_language_title_and_metadata(docs_accessible_pdf: TaggedPdf) -> None:
    pdf = docs_accessible_pdf.pike
    assert str(pdf.Root.Lang) == "en-GB"
    assert str(pdf.docinfo.Title) == TITLE
    assert str(pdf.docinfo.Author) == "NHS e-Referral Service"
    # The viewer's title bar shows the title, not the file name.
    assert bool(pdf.Root.ViewerPreferences.DisplayDocTitle) is True
    assert bool(pdf.Root.MarkInfo.Marked) is True
    metadata = pdf.open_metadata()
    assert metadata["dc:title"] == TITLE
    assert metadata["pdfuaid:part"] == "1"


@pytest.mark.build
@pytest.mark.docs
def test_a4_with_page_numbers(docs_accessible_pdf: TaggedPdf) -> None:
    pages = docs_accessible_pdf.page_texts()
    for page in docs_accessible_pdf.pike.pages:
        assert [round(float(v), 2) for v in page.MediaBox[2:]] == list(A4)
    # The title page has none; every other page ends with "Page n of N".
    for number, text in enumerate(pages[1:], start=2):
        assert text.split()[-4:] == ["Page", str(number), "of", str(len(pages))]


# -- docs/: the structure a screen reader walks ----------------------------------------------


@pytest.mark.build
@pytest.mark.docs
def test_structure_tree_has_headings_paragraphs_lists_tables_links_and_figures(
    handbook_accessible_pdf: TaggedPdf,
) -> None:
    roles = handbook_accessible_pdf.roles()
    # One title (the title page), then "Contents" and each page of the handbook as H2.
    pages = len(list(HANDBOOK_DIR.glob("*.md"))) - 1  # not the landing page, index.md
    assert roles.count("/H1") == 1 and roles.index("/H1") < roles.index("/H2")
    assert roles.count("/H2") == 1 + pages
    for role, at_least in {
        "/H3": 30,
        "/H4": 10,
        "/P": 300,
        "/L": 5,
        "/LI": 20,
        "/Table": 10,
    }.items():
        assert roles.count(role) >= at_least, role


@pytest.mark.build
@pytest.mark.docs
@pytest.mark.parametrize("product", ["docs_accessible_pdf", "handbook_accessible_pdf"])
def test_heading_levels_never_skip_one(product: str, request: pytest.FixtureRequest) -> None:
    tagged: TaggedPdf = request.getfixturevalue(product)
    levels = [int(role[2]) for role in tagged.roles() if re.fullmatch(r"/H[1-6]", role)]
    assert levels[0] == 1
    for before, after in itertools.pairwise(levels):
        assert after <= before + 1, levels


@pytest.mark.build
@pytest.mark.docs
def test_every_link_is_tagged_and_described(handbook_accessible_pdf: TaggedPdf) -> None:
    docs_accessible_pdf = handbook_accessible_pdf  # the document with the most links
    tagged = set()
    for element in docs_accessible_pdf.elements():
        if element.S == "/Link":
            for kid in element.K:
                if isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/OBJR":
                    tagged.add(kid.Obj.objgen)
    annotations = [
        annotation
        for page in docs_accessible_pdf.pike.pages
        for annotation in page.get("/Annots") or []
        if annotation.Subtype == "/Link"
    ]
    assert len(annotations) > 100
    for annotation in annotations:
        assert annotation.objgen in tagged
        assert str(annotation.Contents).strip()


@pytest.mark.build
@pytest.mark.docs
def test_figures_have_alternative_text(handbook_accessible_pdf: TaggedPdf) -> None:
    figures = [element for element in handbook_accessible_pdf.elements() if element.S == "/Figure"]
    assert figures  # the build-time plot of the performance page
    assert all(str(figure.get("/Alt", "")).strip() for figure in figures)


@pytest.mark.build
@pytest.mark.docs
def test_bookmarks_follow_the_headings(docs_accessible_pdf: TaggedPdf) -> None:
    with docs_accessible_pdf.pike.open_outline() as outline:
        (title,) = outline.root
        assert title.title == TITLE
        chapters = [item.title for item in title.children]
        # The guidance and nothing else: no page about the toolkit (the handbook has those).
        assert chapters == ["Contents", "Clinical Safety", "Standards", "Accessibility statement"]
        clinical_safety = title.children[1]
        sections = {item.title: item for item in clinical_safety.children}
        assert list(sections) == ["Introduction", "Resources", "Training", "Additional Guidance"]
        # A standard entry is one level below its section (not beside it).
        entries = [item.title for item in sections["Resources"].children]
        assert entries[0] == f"DCB0129 – {DCB0129_TITLE}"


@pytest.mark.docs
@pytest.mark.build
def test_the_handbook_hazard_log_and_its_matrices_are_in_its_pdf(
    handbook_accessible_pdf: TaggedPdf,
) -> None:
    docs_pdf = handbook_accessible_pdf.text
    header = squash("ID Title Initial rating Residual rating Status Page")
    start = docs_pdf.page_of("ID Title Initial rating Residual rating Status Page")
    text = "".join(docs_pdf.pages[start:])  # the two logs, and the matrices between them
    # The page shows the log twice: filtered (open and transferred), then whole; each is
    # followed by its matrices. (A log that runs over a page break repeats its header there.)
    matrices = squash("Initial risk: number of hazards")
    first_log = text.index(header)
    first_matrices = text.index(matrices, first_log)
    second_log = text.index(header, first_matrices)
    filtered = text[first_log:first_matrices]
    whole = text[second_log : text.index(matrices, second_log)]
    assert re.findall(r"HAZ-90\d", filtered) == ["HAZ-902", "HAZ-903", "HAZ-904", "HAZ-905"]
    assert re.findall(r"HAZ-90\d", whole) == [f"HAZ-90{n}" for n in range(1, 7)]
    assert squash("Residual risk: number of hazards in each cell of the risk matrix") in text
    assert squash("What each clinical risk rating means") in text
    at = docs_pdf.page_of("HAZ-901 – A referral is sent to a fictional")
    entry = "".join(docs_pdf.pages[at : at + 2])  # the entry may start at the foot of a page
    assert squash("Initial risk: Severity Major, likelihood Low: rating 3 (undesirable") in entry
    # A control carries its verification in words, not only as a style.
    at = docs_pdf.page_of("CTL-902 – Fictional referrers check a service's status")
    control = "".join(docs_pdf.pages[at : at + 2])
    assert squash("Evidence: references to evidence, no tests") in control


# -- docs/: what a reader sees and prints -------------------------------------------------------


@pytest.mark.build
@pytest.mark.docs
def test_contents_give_the_page_of_each_chapter(docs_accessible_pdf: TaggedPdf) -> None:
    pages = docs_accessible_pdf.page_texts()
    assert pages[1].split()[0] == "Contents"
    # The contents run from the page after the title page up to the first chapter's page.
    first = int(re.search(r"^Clinical Safety[ .]+(\d+)$", pages[1], re.M)[1])
    contents = "".join(pages[1 : first - 1])
    for chapter in ("Clinical Safety", "Standards", "Accessibility statement"):
        entry = re.search(rf"^{chapter}[ .]+(\d+)$", contents, re.M)
        assert entry, chapter
        # The chapter starts that page: its heading is the first line under the running head.
        starts = pages[int(entry[1]) - 1].split("\n")
        assert [line.strip() for line in starts if line.strip()][1] == chapter


@pytest.mark.build
@pytest.mark.docs
@pytest.mark.parametrize(
    ("link_text", "address"),
    [
        ("DCB0129", DCB0129_URL),
        ("DCB0160", DCB0160_URL),
        ("compliance approach", "https://developer.nhs.uk/apis/e-Referrals/assure_compliance_approach.html"),
        ("Click here", "https://digital.nhs.uk/services/solution-assurance/the-clinical-safety-team/clinical-risk-management-standards"),
    ],
)  # fmt: skip
def test_external_addresses_are_printed_on_the_page_of_the_link(
    docs_accessible_pdf: TaggedPdf, link_text: str, address: str
) -> None:
    pages = [squash(text) for text in docs_accessible_pdf.page_texts()]
    page = next(number for number, text in enumerate(pages) if squash(link_text) in text)
    assert address in pages[page]


@pytest.mark.build
@pytest.mark.docs
def test_every_web_link_has_its_address_in_print(docs_accessible_pdf: TaggedPdf) -> None:
    pages = [squash(text) for text in docs_accessible_pdf.page_texts()]
    links = list(docs_accessible_pdf.uri_links())
    assert len(links) >= 10
    for page, address in links:
        # An e-mail address is printed as a reader writes it (nhs.net's "@", not "%40").
        printed = (
            unquote(address.removeprefix("mailto:")) if address.startswith("mailto:") else address
        )
        assert printed in pages[page], (page + 1, address)


@pytest.mark.build
@pytest.mark.docs
def test_standard_entries_and_the_mandatory_note_read_as_on_the_site(
    docs_accessible_pdf: TaggedPdf,
) -> None:
    text = docs_accessible_pdf.text
    page = text.pages[text.page_of(f"DCB0129 – {DCB0129_TITLE}")]
    heading = page.index(squash(f"DCB0129 – {DCB0129_TITLE}"))
    facts = page.index(squash("Status: Mandatory Applies to: manufacturers"), heading)
    assert facts < page.index(squash("This standard sets clinical risk management"), facts)
    assert squash(f"Mandatory {LEGAL_SENTENCE}") in text.pages[text.page_of(LEGAL_SENTENCE)]
    # The landing page's cards stay on the web site ({only} html).
    assert squash("Standards and compliance register") not in "".join(text.pages)


@pytest.mark.build
@pytest.mark.docs
def test_headings_are_nhs_blue_and_the_mandatory_note_a_yellow_panel(
    docs_accessible_pdf: TaggedPdf,
) -> None:
    require_tool("pdftoppm", "it renders PDF pages to pixels")
    text = docs_accessible_pdf.text
    for words, colour in (("Introduction", NHS_BLUE), ("Compliance with", MANDATORY_PANEL)):
        page = text.page_of(words, start=2)  # after the title page and the contents
        # The row of pixels through the middle of the line's lower-case letters.
        row = render_row(text.path, page, baseline_from_top(text, page, words) - 3)
        assert sum(near(rgb, colour) for rgb in row) > 5, words


def baseline_from_top(text: Pdf, page: int, words: str) -> float:
    """How far below the top of *page* (in points) the first line starting with *words* sits."""
    found: list[float] = []

    def visit(run: str, cm: list[float], tm: list[float], *_: object) -> None:
        if run.strip().startswith(words):
            # WeasyPrint draws with y growing downwards: the text matrix within the page's.
            found.append(cm[3] * tm[5] + cm[5])

    text.reader.pages[page].extract_text(visitor_text=visit)
    return float(text.reader.pages[page].mediabox.height) - found[0]


# -- fixture sites: what a sibling project gets --------------------------------------------------


@pytest.mark.build
def test_notes_of_two_pages_keep_their_own_links(tmp_path: Path) -> None:
    """Two pages' first mandatory notes share an ID; in one document each keeps its own."""
    site = Site(tmp_path)
    site.write_pages(
        {
            "first": "# First\n\n:::{mandatory} Rule of the first page\nFirst rule.\n:::\n",
            "second": "# Second\n\n:::{mandatory} Rule of the second page\nSecond rule.\n:::\n",
            "register": "# Register\n\n:::{mandatory-list}\n:::\n",
        }
    )
    (site.srcdir / "conf.py").write_text(BASE_CONF, encoding="utf-8")
    pdf, stderr = build_accessible_pdf(site.srcdir, tmp_path / "pdf", "-W")
    assert stderr == ""
    tagged = TaggedPdf(pdf)
    text = tagged.text
    register = text.page_of("Register")
    destinations = tagged.pike.Root.Names.Dests
    landed = set()
    for annotation in tagged.pike.pages[register].get("/Annots") or []:
        if "/Dest" in annotation:
            name = str(annotation.Dest)
            target = pikepdf.NameTree(destinations)[name][0]
            landed.add(tagged.pike.pages.index(pikepdf.Page(target)))
    assert {text.page_of("First rule."), text.page_of("Second rule.")} <= landed


@pytest.mark.build
def test_a_sibling_project_gets_its_language_and_name(tmp_path: Path) -> None:
    site = Site(tmp_path)
    site.write_pages({"page": "# Page\n\nSee [the example](https://example.org/a_b).\n"})
    (site.srcdir / "conf.py").write_text(
        BASE_CONF + 'project = "Sibling Guide"\nlanguage = "fr"\n', encoding="utf-8"
    )
    pdf, stderr = build_accessible_pdf(site.srcdir, tmp_path / "pdf", "-W")
    assert stderr == ""
    assert pdf.name == "siblingguide.pdf"  # Sphinx's make_filename_from_project, as for LaTeX
    tagged = TaggedPdf(pdf)
    assert str(tagged.pike.Root.Lang) == "fr"
    assert "https://example.org/a_b" in squash("".join(tagged.page_texts()))


@pytest.mark.build
def test_the_pdf_reads_nothing_but_the_build(tmp_path: Path) -> None:
    image = "https://example.org/logo.png"  # never fetched: the tests reach nothing but 127.0.0.1
    site = Site(tmp_path)
    site.write_pages({"page": f"# Page\n\n![A logo]({image})\n"})
    (site.srcdir / "conf.py").write_text(BASE_CONF, encoding="utf-8")
    _pdf, stderr = build_accessible_pdf(site.srcdir, tmp_path / "pdf")
    assert f"the PDF only uses files of the build, not {image}" in stderr
    assert "[nhs_pdf.weasyprint]" in stderr


# -- what a machine needs ------------------------------------------------------------------------


def test_ci_and_readme_install_the_packages_the_builder_names() -> None:
    ci = (REPO_ROOT / ".ci" / "run").read_text("utf-8")
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    named = DEBIAN_PACKAGES.split()
    assert re.search(r"^for package in (.+); do$", ci, re.M)[1].split() == named
    assert re.search(r"apt-get install (libpango.+)$", readme, re.M)[1].split() == named
