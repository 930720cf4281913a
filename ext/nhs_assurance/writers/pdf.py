"""The accessible PDF: the ``nhs_pdf`` builder (Sphinx's single-page HTML, printed by WeasyPrint).

``sphinx-build -b nhs_pdf`` writes the whole guidance as one HTML page, in the print theme of
``pdf_theme/`` (a title page, the contents, then every page of the guidance; ``nhs_pdf.css`` lays
it out on A4), and WeasyPrint turns that page into a tagged PDF/UA-1 file: a structure tree in
reading order (headings, paragraphs, lists, tables with header cells, links, figures with their
alternative text), the document language, the title shown in the viewer's title bar, XMP
metadata and bookmarks. pdfTeX, the engine of Sphinx's LaTeX PDF, cannot tag a PDF at all.

What this builder adds to Sphinx's ``singlehtml``:

- every external link's address is printed (``add_link_addresses``): a PDF is filed and printed,
  and "compliance approach" on paper says nothing of where it leads;
- the doctree Sphinx assembles gets its parent links back (``repair_parents``), so headings that
  count their enclosing sections (a standard entry's) get the right level;
- links between pages work in the one document: IDs two pages share are made unique
  (``unique_ids``) and ``#document-page#target`` becomes ``#target`` (``relink``);
- the document title is the title page's, not the root page's, whose own title is dropped;
- content an author marked ``{only} html`` (the landing page's cards) stays on the web site:
  this builder writes HTML, but for paper;
- WeasyPrint reads nothing but the files of the build (``fetch_inside``): never the network, never
  a file outside the output folder;
- what WeasyPrint logs as a problem is a Sphinx warning of type ``nhs_pdf.weasyprint``, so ``-W``
  fails the build on it;
- ``pdf_links`` finishes the links WeasyPrint tags (one annotation each, described by its words).
"""

from __future__ import annotations

import logging as std_logging
import time
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from docutils import nodes
from sphinx import addnodes
from sphinx.builders.singlehtml import SingleFileHTMLBuilder
from sphinx.errors import SphinxError
from sphinx.locale import __
from sphinx.util import logging
from sphinx.util.osutil import make_filename_from_project

from nhs_assurance._compat import global_toctree, render_fragment
from nhs_assurance.config import (
    PDF_BASENAME,
    PDF_LANGUAGE,
    add_setting,
    setting_named,
    settings,
)
from nhs_assurance.extras import install_hint
from nhs_assurance.nodes import standard_heading

if TYPE_CHECKING:
    from collections.abc import Iterator

    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

#: The print theme: ``layout.html`` and ``static/nhs_pdf.css``, shipped as package data.
THEME_NAME = "nhs_assurance_pdf"
THEME_PATH = Path(__file__).parent / "pdf_theme"

#: Schemes whose addresses a reader can type or follow from paper.
PRINTED_SCHEMES = frozenset({"http", "https", "ftp", "mailto"})

#: The Debian packages of the libraries WeasyPrint loads, and of the fonts ``nhs_pdf.css`` names
#: (the README, .ci/run and .readthedocs.yaml name the same; the tests check).
DEBIAN_PACKAGES = "libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation2"

#: The type of the warnings of this builder: ``suppress_warnings = ["nhs_pdf.weasyprint"]``.
WARNING_TYPE = "nhs_pdf"

#: The class of each page's top section in the one document (see ``nhs_pdf.css``).
CHAPTER_CLASS = "nhs-pdf-chapter"

#: The classes of a printed address: a footnote, or a line under a heading (``nhs_pdf.css``).
ADDRESS_CLASS = "nhs-link-address"
ADDRESS_LINE_CLASS = "nhs-link-address-line"

#: Headings, whose links get their addresses in a line under them rather than as footnotes.
HEADINGS = (nodes.title, nodes.subtitle, nodes.rubric, standard_heading)


def printed_address(uri: str) -> str | None:
    """The address to print for a link to *uri*, or None when it is not an external address."""
    parts = urlsplit(uri)
    if parts.scheme.lower() not in PRINTED_SCHEMES:
        return None
    if parts.scheme.lower() == "mailto":
        return unquote(parts.path)
    return uri


def add_link_addresses(tree: nodes.Node) -> int:
    """Print the address of every external link of *tree*; return how many were added.

    A link whose text already is its address (``<https://...>``) gets none. The address is plain
    text, so a screen reader reads it too: right after the link, where the stylesheet makes it a
    footnote; or, for a link in a heading (a standard entry's ID), in a line of its own under the
    heading, so that the heading, and its bookmark, keep their words alone.
    """
    added = 0
    for reference in list(tree.findall(nodes.reference)):
        address = printed_address(reference.get("refuri", ""))
        if address is None or reference.astext().strip() in (address, reference["refuri"]):
            continue
        heading = next((node for node in ancestors(reference) if isinstance(node, HEADINGS)), None)
        printed: nodes.Element
        if heading is None:
            printed = nodes.inline("", address, classes=[ADDRESS_CLASS])
            reference.parent.insert(reference.parent.index(reference) + 1, printed)
        else:
            printed = nodes.paragraph("", address, classes=[ADDRESS_LINE_CLASS])
            heading.parent.insert(heading.parent.index(heading) + 1, printed)
        added += 1
    return added


def ancestors(node: nodes.Node) -> Iterator[nodes.Element]:
    """The elements that hold *node*, innermost first."""
    while node.parent is not None:
        node = node.parent
        yield node


#: How ``singlehtml`` addresses a page: ``#document-<docname>``.
PAGE_ANCHOR = "#document-"

#: An ID, qualified by the page it comes from: ``(docname, id)``.
PageId = tuple[str, str]


def pages_of(tree: nodes.Element, docname: str) -> Iterator[tuple[str, nodes.Element]]:
    """Every element of the assembled *tree*, in document order, with the page it comes from.

    Sphinx marks where each page starts in the single document with a ``start_of_file`` node.
    """
    for child in tree.children:
        if not isinstance(child, nodes.Element):
            continue
        inner = child["docname"] if isinstance(child, addnodes.start_of_file) else docname
        yield inner, child
        yield from pages_of(child, inner)


def unique_ids(tree: nodes.Element, root_doc: str) -> dict[PageId, str]:
    """Give each element an ID no other page uses; return where each page's IDs went.

    IDs are unique within a page, not across pages: "id1", or the first mandatory note of
    every page ("mandatory-0"), recur. In one document a link to the second would land on the
    first, so the ID of a later page that repeats one is qualified by its page's name, as the
    LaTeX writer qualifies every label.
    """
    moved: dict[PageId, str] = {}
    taken: set[str] = set()
    for docname, element in pages_of(tree, root_doc):
        ids = []
        old: str
        for old in element.get("ids", []):
            new = old if old not in taken else f"{docname.replace('/', '-')}-{old}"
            while new in taken:
                new += "-"
            taken.add(new)
            moved[docname, old] = new
            ids.append(new)
        if ids:
            element["ids"] = ids
    return moved


def relink(tree: nodes.Element, moved: dict[PageId, str], root_doc: str) -> None:
    """Point every link of *tree* at the ID its target has in the one document."""
    for docname, element in pages_of(tree, root_doc):
        if "refid" in element:
            element["refid"] = moved.get((docname, element["refid"]), element["refid"])
        if element.get("backrefs"):
            element["backrefs"] = [moved.get((docname, ref), ref) for ref in element["backrefs"]]
        if isinstance(element, nodes.reference) and "refuri" in element:
            element["refuri"] = single_anchor(element["refuri"], moved)


def single_anchor(refuri: str, moved: dict[PageId, str]) -> str:
    """*refuri* as a link inside the one document.

    Sphinx's ``make_refnode`` writes ``<page URI>#<target>``, and a page URI of ``singlehtml`` is
    itself an anchor (``#document-standards``): ``#document-standards#dcb0129`` leads nowhere.
    Sphinx's own repair, ``SingleFileHTMLBuilder.fix_refuris``, is deprecated and no longer run.
    """
    if not refuri.startswith(PAGE_ANCHOR) or "#" not in refuri[1:]:
        return refuri
    page, target = refuri[len(PAGE_ANCHOR) :].split("#", 1)
    return "#" + moved.get((page, target), target)


def repair_parents(tree: nodes.Element) -> None:
    """Point every node of *tree* at the element that holds it.

    Sphinx's ``inline_all_toctrees`` moves each page's sections into the assembled document by
    assigning a list of children, which leaves their ``parent`` at the page's own document: a
    node inside then counts too few enclosing sections (a standard entry of "Resources" became an
    ``<h3>`` under that ``<h3>``, instead of an ``<h4>``).
    """
    for element in tree.findall(nodes.Element):
        for child in element.children:
            child.parent = element


def mark_chapters(tree: nodes.Element) -> None:
    """Give each page's top section the class ``nhs-pdf-chapter``: it names the running head."""
    for start in tree.findall(addnodes.start_of_file):
        for child in start.children:
            if isinstance(child, nodes.section):
                child["classes"].append(CHAPTER_CLASS)


def drop_root_title(tree: nodes.document) -> None:
    """Remove the root page's title: the title page carries the document's title (its ``<h1>``)."""
    section = next(iter(tree.findall(nodes.section)), None)
    if section is not None and section.children and isinstance(section[0], nodes.title):
        section.remove(section[0])


def fetch_inside(outdir: Path) -> Any:
    """A WeasyPrint URL fetcher that reads files of *outdir* and refuses anything else.

    The page WeasyPrint prints is written by this build, but what an author wrote (an image's
    address) must not make the PDF build read the network or another file of the machine.
    """
    from weasyprint.urls import URLFetcher

    root = outdir.resolve()

    class BuildFilesOnly(URLFetcher):  # type: ignore[misc]  # WeasyPrint has no types
        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            path = Path(unquote(parts.path)).resolve()
            if parts.scheme != "file" or not path.is_relative_to(root) or not path.is_file():
                # WeasyPrint logs the refusal, leaves the resource out, and -W fails the build.
                raise ValueError(f"the PDF only uses files of the build, not {url}")
            return super().fetch(url, headers)

    return BuildFilesOnly(allowed_protocols={"file"})


def require_weasyprint() -> None:
    """Import WeasyPrint, or stop the build saying what to install."""
    try:
        import weasyprint  # noqa: F401 -- only whether it loads
    except ImportError as error:
        raise SphinxError(
            __("the nhs_pdf builder needs WeasyPrint: %s (%s)") % (install_hint("pdf"), error)
        ) from error
    except OSError as error:  # WeasyPrint is there, the libraries it loads are not
        message = __("the nhs_pdf builder needs Pango: apt-get install %s (%s)")
        raise SphinxError(message % (DEBIAN_PACKAGES, error)) from error


class _SphinxWarningHandler(std_logging.Handler):
    """Hands each problem WeasyPrint logs to Sphinx as a warning (``-W`` fails the build)."""

    def emit(self, record: std_logging.LogRecord) -> None:
        logger.warning(
            __("the PDF: %s"), record.getMessage().strip(), type=WARNING_TYPE, subtype="weasyprint"
        )


@contextmanager
def weasyprint_problems_as_warnings() -> Iterator[None]:
    """While WeasyPrint prints, its warnings and errors are Sphinx warnings; its progress is quiet.

    WeasyPrint logs what it cannot use (a missing image, an image without alternative text, a
    link to an anchor that does not exist, CSS it does not know) and still writes a PDF: such a
    PDF is not what the reader should get, so the build must say so.
    """
    weasyprint_logger = std_logging.getLogger("weasyprint")
    handler = _SphinxWarningHandler(std_logging.WARNING)
    saved = weasyprint_logger.propagate, weasyprint_logger.level
    weasyprint_logger.addHandler(handler)
    weasyprint_logger.propagate = False
    weasyprint_logger.setLevel(std_logging.WARNING)
    try:
        yield
    finally:
        weasyprint_logger.removeHandler(handler)
        weasyprint_logger.propagate, weasyprint_logger.level = saved


class AccessiblePdfBuilder(SingleFileHTMLBuilder):
    """Build the whole project as one tagged, accessible PDF (PDF/UA-1), through WeasyPrint."""

    name = "nhs_pdf"
    epilog = __("The PDF file is in %(outdir)s.")
    # Sphinx's HTML writers and every extension's HTML visitors write the page WeasyPrint prints.
    format = "html"
    copysource = False
    search = False

    #: Where each page's IDs went in the one document (``unique_ids``), for the contents' links.
    moved_ids: dict[PageId, str] = {}  # noqa: RUF012 -- replaced, never changed in place

    def init(self) -> None:
        """Set up as ``singlehtml`` does, but without the ``html`` tag (see the module's doc).

        WeasyPrint is looked for first, so that a machine without it (or without the Pango it
        loads) is told what to install before any page is read.
        """
        require_weasyprint()
        self.tags.remove("html")
        super().init()

    def get_theme_config(self) -> tuple[str, dict[str, Any]]:
        """The print theme, whatever the project's web theme and its options."""
        return THEME_NAME, {}

    def assemble_doctree(self) -> nodes.document:
        """Sphinx's single document, repaired and with every external address printed."""
        tree = super().assemble_doctree()
        repair_parents(tree)
        self.moved_ids = unique_ids(tree, self.config.root_doc)
        relink(tree, self.moved_ids, self.config.root_doc)
        drop_root_title(tree)
        mark_chapters(tree)
        add_link_addresses(tree)
        return tree

    def get_doc_context(self, docname: str, body: str, metatags: str) -> dict[str, Any]:
        """Sphinx's context, with working links in the contents and the PDF's language."""
        context = super().get_doc_context(docname, body, metatags)
        toctree = global_toctree(self, self.config.root_doc, collapse=False)
        if toctree is not None:
            for reference in toctree.findall(nodes.reference):
                if "refuri" in reference:
                    reference["refuri"] = single_anchor(reference["refuri"], self.moved_ids)
            context["toc"] = render_fragment(self, toctree)
        context["nhs_pdf_language"] = self.pdf_language
        context["nhs_pdf_author"] = self.config.author
        return context

    @property
    def pdf_language(self) -> str:
        """The PDF's language tag (BCP 47): ``nhs_pdf_language``, or Sphinx's ``language``."""
        language = settings(self.config).pdf_language or self.config.language or "en"
        return language.replace("_", "-")

    @property
    def pdf_path(self) -> Path:
        """Where the PDF is written: ``nhs_pdf_basename`` (or the project's name) + ``.pdf``."""
        basename = settings(self.config).pdf_basename or make_filename_from_project(
            self.config.project
        )
        return Path(self.outdir) / f"{basename}.pdf"

    def finish(self) -> None:
        """Write the page and its files as ``singlehtml`` does, then print it to the PDF."""
        super().finish()
        page = Path(self.outdir) / f"{self.config.root_doc}{self.out_suffix}"
        self.write_pdf(page, self.pdf_path)

    def write_pdf(self, page: Path, target: Path) -> None:
        """Print *page* to *target* as tagged PDF/UA-1."""
        started = time.perf_counter()
        with weasyprint_problems_as_warnings():
            # Imported here, where its log is caught: the import parses WeasyPrint's own CSS.
            import weasyprint

            from nhs_assurance.writers.pdf_links import finish_links

            html = weasyprint.HTML(filename=page, url_fetcher=fetch_inside(Path(self.outdir)))
            html.write_pdf(target, pdf_variant="pdf/ua-1", finisher=finish_links)
        logger.info(
            __("wrote %s in %.1f s"), target.name, time.perf_counter() - started, color="green"
        )


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the ``nhs_pdf`` builder, its theme and its settings."""
    for name in (PDF_BASENAME, PDF_LANGUAGE):
        add_setting(app, setting_named(name))
    app.add_html_theme(THEME_NAME, str(THEME_PATH))
    app.add_builder(AccessiblePdfBuilder)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
