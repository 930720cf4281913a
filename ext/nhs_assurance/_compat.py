"""Every reach into what Sphinx, Furo and sphinx-reredirects do not document as public.

Nothing else in the extension touches a private attribute, an undocumented argument list or a
handler priority of another package: it calls a function here. Each such dependency is one
:class:`Internal` in :data:`INTERNALS`, saying what is used, why, and which versions it was
checked against, with a probe that fails, naming the item, when an upgrade changes it
(``tests/test_compat.py`` runs every probe against a real build, so ``make test-latest`` shows a
breaking upstream release before it reaches the lock).

The two optimisations that rest most on internals, the shared Furo navigation
(``theme/furo_navigation.py``) and the trimming of toctree-parent rewrites
(``theme/toctree_parents.py``), can be switched off in ``conf.py``, and switch themselves off,
saying so once per build, when the installed Sphinx or Furo is outside the range they were
tested with (:data:`TESTED`, :func:`untested_packages`; ``theme/features.py`` decides).
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any, Final

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class CompatError(AssertionError):
    """An internal this extension relies on is not what it was when checked."""


@dataclass(frozen=True)
class Internal:
    """One undocumented dependency on another package."""

    name: str
    what: str
    why: str
    checked: str
    probe: Callable[[Sphinx], None]

    def check(self, app: Sphinx) -> None:
        """Run the probe; raise :class:`CompatError` naming this item when it fails."""
        try:
            self.probe(app)
        except Exception as error:
            raise CompatError(
                f"{self.name}: {error} — {self.what} changed upstream (checked against "
                f"{self.checked}); see nhs_assurance/_compat.py"
            ) from error


def _require(condition: object, message: str) -> None:
    if not condition:
        raise CompatError(message)


def _source(function: Any) -> str:
    return inspect.getsource(function)


# -- Sphinx: the running builder from a transform ------------------------------------------------


def builder_of(env: BuildEnvironment) -> Builder:
    """The running builder. Post-transforms have no public way to it in Sphinx 9 (``env.app`` and
    ``SphinxTransform.app`` are deprecated); Sphinx's own resolvers read ``env._app.builder``."""
    return env._app.builder


def _probe_env_app(app: Sphinx) -> None:
    _require(getattr(app.env, "_app", None) is app, "env._app is not the application")


# -- Sphinx: which toctree parents are rewritten -------------------------------------------------


def files_to_rebuild(env: BuildEnvironment) -> dict[str, set[str]]:
    """``env.files_to_rebuild``: for each page, the pages whose toctree lists it."""
    return env.files_to_rebuild


def set_files_to_rebuild(env: BuildEnvironment, mapping: dict[str, set[str]]) -> None:
    """Replace ``env.files_to_rebuild`` (``Builder.write`` reads it right after write-started)."""
    env.files_to_rebuild = mapping


def toctree_entry(env: BuildEnvironment, docname: str) -> tuple[str, str, object, object] | None:
    """All Sphinx renders of *docname* in a toctree: its title, its table of contents, its
    ``tocdepth`` and its section numbers, as text; ``None`` before the page was read."""
    toc, title = env.tocs.get(docname), env.titles.get(docname)
    if toc is None or title is None:
        return None
    tocdepth = env.metadata.get(docname, {}).get("tocdepth")
    return (title.pformat(), toc.pformat(), tocdepth, env.toc_secnumbers.get(docname))


def section_numbers(env: BuildEnvironment) -> dict[str, Any]:
    """``env.toc_secnumbers``: each page's section numbers."""
    return env.toc_secnumbers


def _probe_files_to_rebuild(app: Sphinx) -> None:
    from sphinx.builders import Builder

    env = app.env
    _require(isinstance(env.files_to_rebuild, dict), "env.files_to_rebuild is not a dict")
    for attribute in ("tocs", "titles", "toc_secnumbers", "metadata"):
        _require(isinstance(getattr(env, attribute, None), dict), f"env.{attribute} is gone")
    source = _source(Builder.write)
    started, consulted = source.find("write-started"), source.find("files_to_rebuild")
    _require(
        0 <= started < consulted,
        "Builder.write no longer reads files_to_rebuild after emitting write-started",
    )


# -- Sphinx: the global toctree, rendered for no page in particular -----------------------------


def global_toctree(builder: StandaloneHTMLBuilder, docname: str, **options: Any) -> nodes.Element:
    """The global toctree as the page *docname* would get it (``TocTree.get_toctree_for``)."""
    from sphinx.environment.adapters.toctree import TocTree

    return TocTree(builder.env).get_toctree_for(docname, builder, **options)


def render_fragment(builder: StandaloneHTMLBuilder, node: nodes.Node | None) -> str:
    """*node* rendered to HTML by the builder (``StandaloneHTMLBuilder.render_partial``)."""
    return builder.render_partial(node)["fragment"]


def _probe_global_toctree(app: Sphinx) -> None:
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment.adapters.toctree import TocTree

    parameters = inspect.signature(TocTree.get_toctree_for).parameters
    _require("collapse" in parameters, "TocTree.get_toctree_for has no `collapse`")
    _require(
        callable(getattr(StandaloneHTMLBuilder, "render_partial", None)),
        "StandaloneHTMLBuilder.render_partial is gone",
    )
    _require(
        "toctree" in _source(StandaloneHTMLBuilder.handle_page),
        "the page context no longer gets its `toctree` function in handle_page",
    )


# -- The page context's `toctree` function, which handlers may wrap ------------------------------

#: The page context key of the template function that renders toctrees.
TOCTREE_FUNCTION: Final = "toctree"


def page_toctree(context: dict[str, Any]) -> Callable[..., str | None] | None:
    """The page's ``toctree`` template function, when it has one."""
    function = context.get(TOCTREE_FUNCTION)
    return function if callable(function) else None


def set_page_toctree(context: dict[str, Any], function: Callable[..., str | None]) -> None:
    """Replace the page's ``toctree`` function: themes call it from their own handlers."""
    context[TOCTREE_FUNCTION] = function


# -- Furo: how it renders its navigation ----------------------------------------------------------

#: The arguments ``furo._compute_navigation_tree`` calls the page's ``toctree`` with.
FURO_TOCTREE_ARGUMENTS: Final[dict[str, Any]] = {
    "collapse": False,
    "titles_only": True,
    "maxdepth": -1,
    "includehidden": True,
}

#: The page context key Furo puts its navigation HTML under.
FURO_NAVIGATION_KEY: Final = "furo_navigation_tree"

#: The priority of Furo's ``html-page-context`` handler (Sphinx's default).
FURO_PAGE_CONTEXT_PRIORITY: Final = 500


def furo_navigation_html(toctree_html: str) -> str:
    """Furo's navigation HTML for *toctree_html* (``furo.navigation.get_navigation_tree``)."""
    from furo.navigation import get_navigation_tree

    return get_navigation_tree(toctree_html)


def _probe_furo(app: Sphinx) -> None:
    import furo

    source = _source(furo._compute_navigation_tree)
    for name, value in FURO_TOCTREE_ARGUMENTS.items():
        _require(f"{name}={value!r}" in source, f"Furo no longer asks for {name}={value!r}")
    _require(
        FURO_NAVIGATION_KEY in _source(furo._html_page_context),
        f"Furo no longer sets {FURO_NAVIGATION_KEY!r}",
    )
    _require(callable(furo_navigation_html), "furo.navigation.get_navigation_tree is gone")
    listeners = app.events.listeners.get("html-page-context", [])
    priorities = {lst.priority for lst in listeners if lst.handler is furo._html_page_context}
    _require(
        priorities == {FURO_PAGE_CONTEXT_PRIORITY},
        f"Furo's html-page-context handler is not at priority {FURO_PAGE_CONTEXT_PRIORITY}",
    )


# -- sphinx-reredirects: where it reads its `redirects` setting -----------------------------------

#: The setting sphinx-reredirects writes redirect pages from, and the priority of its
#: ``html-collect-pages`` handler, which reads it.
REREDIRECTS_SETTING: Final = "redirects"
REREDIRECTS_PRIORITY: Final = 500


def _probe_reredirects(app: Sphinx) -> None:
    import sphinx_reredirects

    listeners = app.events.listeners.get("html-collect-pages", [])
    ours = [lst for lst in listeners if lst.handler is sphinx_reredirects.init]
    _require(ours, "sphinx-reredirects no longer writes its pages in html-collect-pages")
    _require(
        ours[0].priority == REREDIRECTS_PRIORITY,
        f"sphinx-reredirects' handler is not at priority {REREDIRECTS_PRIORITY}",
    )
    _require(
        sphinx_reredirects.OPTION_REDIRECTS == REREDIRECTS_SETTING,
        f"sphinx-reredirects no longer reads {REREDIRECTS_SETTING!r}",
    )


# -- Translators: building blocks of Sphinx's LaTeX, man and Texinfo writers ---------------------


def latex_target(translator: Any, node: nodes.Element) -> str:
    """The LaTeX link target of *node* (``LaTeXTranslator.hypertarget_to``)."""
    return translator.hypertarget_to(node, anchor=True)


def latex_enter_box(translator: Any) -> None:
    """What Sphinx's writer does on entering an admonition box: no floats inside it, and a
    table that holds one laid out without tabulary, which cannot hold a box."""
    translator.no_latex_floats += 1
    if translator.table:
        translator.table.has_problematic = True


def latex_leave_box(translator: Any) -> None:
    """What Sphinx's writer does on leaving an admonition box."""
    translator.no_latex_floats -= 1


def man_bold(translator: Any) -> tuple[str, str]:
    """The troff codes that open and close bold text in the man writer."""
    return translator.defs["strong"]


def texinfo_anchor(translator: Any, node_id: str, node: nodes.Element) -> None:
    """Write a Texinfo anchor for *node_id* where the writer stands."""
    translator.add_anchor(node_id, node)


def _probe_translators(app: Sphinx) -> None:
    from docutils.writers.manpage import Translator as ManTranslator
    from sphinx.writers.latex import LaTeXTranslator, Table
    from sphinx.writers.texinfo import TexinfoTranslator

    _require(callable(getattr(LaTeXTranslator, "hypertarget_to", None)), "no hypertarget_to")
    _require(
        "no_latex_floats" in _source(LaTeXTranslator.visit_admonition),
        "LaTeX admonitions no longer count no_latex_floats",
    )
    _require("has_problematic" in _source(Table.__init__), "Table.has_problematic is gone")
    _require("'strong'" in _source(ManTranslator.__init__), "the man writer has no bold `defs`")
    _require(callable(getattr(TexinfoTranslator, "add_anchor", None)), "no add_anchor")


# -- WeasyPrint: the links of the pages it laid out ---------------------------------------------


def weasyprint_links(document: Any) -> Iterator[tuple[str, str, Any, Any]]:
    """Each link WeasyPrint annotated: its type, target, HTML element and PDF annotation.

    WeasyPrint has no public API for a link's annotation: ``Page.links`` holds
    ``(type, target, rectangle, box)`` and the writer leaves the annotation on
    ``box.link_annotation``.
    """
    for page in document.pages:
        for link_type, target, _rectangle, box in page.links:
            annotation = getattr(box, "link_annotation", None)
            if annotation is not None:
                yield link_type, target, box.element, annotation


def _probe_weasyprint(app: Sphinx) -> None:
    import weasyprint

    seen: list[tuple[str, str, Any, Any]] = []

    def finisher(document: Any, pdf: Any) -> None:
        seen.extend(weasyprint_links(document))
        root = pdf.catalog.get("StructTreeRoot")
        _require(root is not None, "the tagged PDF has no StructTreeRoot")

    html = '<html lang="en"><title>t</title><p><a href="https://example.org/"><span>x</span></a>'
    weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", finisher=finisher)
    _require(seen, "no link annotation was found through Page.links and box.link_annotation")
    link_type, target, element, _annotation = seen[0]
    _require(link_type == "external" and target == "https://example.org/", "links changed shape")
    _require(element is not None and element.tag == "a", "a link's box has no `element`")


INTERNALS: Final[tuple[Internal, ...]] = (
    Internal(
        "sphinx-env-app", "BuildEnvironment._app",
        "the page-link resolver (pages/original_site.py) is a post-transform and makes links "
        "with the builder, which Sphinx 9 gives transforms no public way to reach",
        "Sphinx 9.0.4", _probe_env_app,
    ),
    Internal(
        "sphinx-files-to-rebuild",
        "BuildEnvironment.files_to_rebuild, tocs, titles, toc_secnumbers and Builder.write",
        "theme/toctree_parents.py hides unchanged toctree entries from Builder.write, so an "
        "edit does not rewrite the page's toctree parents", "Sphinx 9.0.4",
        _probe_files_to_rebuild,
    ),
    Internal(
        "sphinx-global-toctree", "TocTree.get_toctree_for and StandaloneHTMLBuilder.render_partial",
        "theme/furo_navigation.py renders the navigation once per build, for no page",
        "Sphinx 9.0.4", _probe_global_toctree,
    ),
    Internal(
        "furo-navigation",
        "furo._compute_navigation_tree's toctree arguments, its context key, its handler's "
        "priority and furo.navigation.get_navigation_tree",
        "theme/furo_navigation.py answers Furo's call with the shared tree and fills in "
        "Furo's output per page", "Furo 2025.12.19", _probe_furo,
    ),
    Internal(
        "reredirects-setting", "sphinx-reredirects' `redirects` setting and handler priority",
        "pages/redirects.py hands it the redirects declared in front matter just before it "
        "writes its pages, and puts conf.py's value back just after",
        "sphinx-reredirects 1.1.0", _probe_reredirects,
    ),
    Internal(
        "sphinx-translators",
        "LaTeXTranslator.hypertarget_to / no_latex_floats / Table.has_problematic, docutils' "
        "man writer's defs, TexinfoTranslator.add_anchor",
        "writers/ lay out entries and notes with the writers' own building blocks, as "
        "Sphinx's admonitions do", "Sphinx 9.0.4, docutils 0.22.4", _probe_translators,
    ),
    Internal(
        "weasyprint-links",
        "WeasyPrint's Page.links, box.link_annotation and box.element, and a tagged PDF's "
        "StructTreeRoot as its finisher sees it",
        "writers/pdf_links.py describes each link by its words and drops the annotations "
        "WeasyPrint tags outside their /Link element (PDF/UA 7.18.5)",
        "WeasyPrint 70.0, pydyf 0.13.0", _probe_weasyprint,
    ),
)  # fmt: skip


# -- Tested ranges --------------------------------------------------------------------------------

#: The releases each internal-heavy feature was tested with: package -> (lowest, below this).
TESTED: Final[dict[str, tuple[tuple[int, ...], tuple[int, ...]]]] = {
    "sphinx": ((9, 0), (9, 1)),
    "furo": ((2025, 12, 19), (2026,)),
}

#: Which packages' internals each feature rests on.
FEATURE_PACKAGES: Final[dict[str, tuple[str, ...]]] = {
    "furo_navigation": ("sphinx", "furo"),
    "trim_toctree_rewrites": ("sphinx",),
}


def _release(package: str) -> tuple[int, ...] | None:
    """The installed release of *package* as numbers (``9.1.0rc1`` -> ``(9, 1, 0)``)."""
    try:
        match = re.match(r"[0-9]+(?:\.[0-9]+)*", version(package))
    except PackageNotFoundError:
        return None
    return tuple(int(part) for part in match[0].split(".")) if match else None


@cache
def untested_packages(feature: str) -> tuple[str, ...]:
    """The packages a feature rests on whose installed release is outside the tested range."""
    untested = []
    for package in FEATURE_PACKAGES[feature]:
        low, high = TESTED[package]
        release = _release(package)
        if release is None or not low <= release < high:
            found = ".".join(map(str, release)) if release else "not installed"
            untested.append(f"{package} {found}")
    return tuple(untested)
