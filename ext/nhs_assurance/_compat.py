"""Every reach into what Sphinx, Furo, sphinx-reredirects and WeasyPrint do not document as
public: shims only.

Nothing else in the extension touches a private attribute, an undocumented argument list or a
handler priority of another package: it calls a function here. The shims are grouped by item,
each section headed by the item's name; ``tests/compat_probes.py`` holds, for each item, what is
used, why, which versions it was checked against, and a probe that fails, naming the item, when
an upgrade changes it (``tests/test_compat.py`` runs every probe against a real build, so ``make
test-latest`` shows a breaking upstream release before it reaches the lock).

The two optimisations that rest most on internals, the shared Furo navigation
(``theme/furo_navigation.py``) and the trimming of toctree-parent rewrites
(``theme/toctree_parents.py``), can be switched off in ``conf.py``, and switch themselves off,
saying so once per build, when the installed Sphinx or Furo is outside the range they were
tested with (:data:`TESTED`, :func:`untested_packages`; ``theme/features.py`` decides).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any, Final

from sphinx.util import logging

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


# -- sphinx-env-app: the running builder from a transform -----------------------------------------


def builder_of(env: BuildEnvironment) -> Builder:
    """The running builder. Post-transforms have no public way to it in Sphinx 9 (``env.app`` and
    ``SphinxTransform.app`` are deprecated); Sphinx's own resolvers read ``env._app.builder``."""
    return env._app.builder


# -- sphinx-files-to-rebuild: which toctree parents are rewritten ---------------------------------


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


# -- sphinx-global-toctree: the global toctree, rendered for no page in particular ----------------


def global_toctree(
    builder: StandaloneHTMLBuilder, docname: str, **options: Any
) -> nodes.Element | None:
    """The global toctree as the page *docname* would get it (``TocTree.get_toctree_for``);
    ``None`` when the site has no toctree."""
    from sphinx.environment.adapters.toctree import TocTree

    return TocTree(builder.env).get_toctree_for(docname, builder, **options)


def render_fragment(builder: StandaloneHTMLBuilder, node: nodes.Node | None) -> str:
    """*node* rendered to HTML by the builder (``StandaloneHTMLBuilder.render_partial``)."""
    return builder.render_partial(node)["fragment"]


# -- sphinx-global-toctree: the page context's `toctree` function, which handlers may wrap --------

#: The page context key of the template function that renders toctrees.
TOCTREE_FUNCTION: Final = "toctree"


def page_toctree(context: dict[str, Any]) -> Callable[..., str | None] | None:
    """The page's ``toctree`` template function, when it has one."""
    function = context.get(TOCTREE_FUNCTION)
    return function if callable(function) else None


def set_page_toctree(context: dict[str, Any], function: Callable[..., str | None]) -> None:
    """Replace the page's ``toctree`` function: themes call it from their own handlers."""
    context[TOCTREE_FUNCTION] = function


# -- furo-navigation: how Furo renders its navigation ---------------------------------------------

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

    html: str = get_navigation_tree(toctree_html)
    return html


# -- reredirects-setting: where sphinx-reredirects reads its `redirects` setting ------------------

#: The setting sphinx-reredirects writes redirect pages from, and the priority of its
#: ``html-collect-pages`` handler, which reads it.
REREDIRECTS_SETTING: Final = "redirects"
REREDIRECTS_PRIORITY: Final = 500


# -- sphinx-translators: building blocks of Sphinx's LaTeX, man and Texinfo writers ---------------


def latex_target(translator: Any, node: nodes.Element) -> str:
    """The LaTeX link target of *node* (``LaTeXTranslator.hypertarget_to``)."""
    target: str = translator.hypertarget_to(node, anchor=True)
    return target


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
    codes: tuple[str, str] = translator.defs["strong"]
    return codes


def texinfo_anchor(translator: Any, node_id: str, node: nodes.Element) -> None:
    """Write a Texinfo anchor for *node_id* where the writer stands."""
    translator.add_anchor(node_id, node)


# -- weasyprint-links: the links of the pages WeasyPrint laid out ---------------------------------


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


# -- Tested ranges --------------------------------------------------------------------------------

#: The releases each internal-heavy feature was tested with: package -> (lowest, below this).
TESTED: Final[dict[str, tuple[tuple[int, ...], tuple[int, ...]]]] = {
    "sphinx": ((9, 0), (9, 3)),
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
