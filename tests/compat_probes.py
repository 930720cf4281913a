"""What ``nhs_assurance/_compat.py`` relies on in other packages, item by item, and a probe for
each that fails, naming the item, when an upgrade changes it (``tests/test_compat.py`` runs every
probe against a real build).

Each :class:`Internal` says what is used, why, and which versions it was checked against; its
name heads the section of ``_compat.py`` that holds its shims, and ``docs/architecture.md``
lists it.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nhs_assurance import _compat
from sphinx.application import Sphinx


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
                f"{self.checked}); see nhs_assurance/_compat.py and tests/compat_probes.py"
            ) from error


def _require(condition: object, message: str) -> None:
    if not condition:
        raise CompatError(message)


def _source(function: Any) -> str:
    return inspect.getsource(function)


def _probe_env_app(app: Sphinx) -> None:
    _require(getattr(app.env, "_app", None) is app, "env._app is not the application")


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


def _probe_furo(app: Sphinx) -> None:
    import furo

    source = _source(furo._compute_navigation_tree)
    for name, value in _compat.FURO_TOCTREE_ARGUMENTS.items():
        _require(f"{name}={value!r}" in source, f"Furo no longer asks for {name}={value!r}")
    _require(
        _compat.FURO_NAVIGATION_KEY in _source(furo._html_page_context),
        f"Furo no longer sets {_compat.FURO_NAVIGATION_KEY!r}",
    )
    from furo import navigation

    _require(
        callable(getattr(navigation, "get_navigation_tree", None)),
        "furo.navigation.get_navigation_tree is gone",
    )
    listeners = app.events.listeners.get("html-page-context", [])
    priorities = {lst.priority for lst in listeners if lst.handler is furo._html_page_context}
    _require(
        priorities == {_compat.FURO_PAGE_CONTEXT_PRIORITY},
        f"Furo's html-page-context handler is not at priority {_compat.FURO_PAGE_CONTEXT_PRIORITY}",
    )


def _probe_reredirects(app: Sphinx) -> None:
    import sphinx_reredirects

    listeners = app.events.listeners.get("html-collect-pages", [])
    ours = [lst for lst in listeners if lst.handler is sphinx_reredirects.init]
    _require(ours, "sphinx-reredirects no longer writes its pages in html-collect-pages")
    _require(
        ours[0].priority == _compat.REREDIRECTS_PRIORITY,
        f"sphinx-reredirects' handler is not at priority {_compat.REREDIRECTS_PRIORITY}",
    )
    _require(
        sphinx_reredirects.OPTION_REDIRECTS == _compat.REREDIRECTS_SETTING,
        f"sphinx-reredirects no longer reads {_compat.REREDIRECTS_SETTING!r}",
    )


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


def _probe_weasyprint(app: Sphinx) -> None:
    import weasyprint

    seen: list[tuple[str, str, Any, Any]] = []

    def finisher(document: Any, pdf: Any) -> None:
        seen.extend(_compat.weasyprint_links(document))
        root = pdf.catalog.get("StructTreeRoot")
        _require(root is not None, "the tagged PDF has no StructTreeRoot")

    html = '<html lang="en"><title>t</title><p><a href="https://example.org/"><span>x</span></a>'
    weasyprint.HTML(string=html).write_pdf(pdf_variant="pdf/ua-1", finisher=finisher)
    _require(seen, "no link annotation was found through Page.links and box.link_annotation")
    link_type, target, element, _annotation = seen[0]
    _require(link_type == "external" and target == "https://example.org/", "links changed shape")
    _require(element is not None and element.tag == "a", "a link's box has no `element`")


INTERNALS: tuple[Internal, ...] = (
    Internal(
        "sphinx-env-app", "BuildEnvironment._app",
        "the page-link resolver (pages/original_site.py) is a post-transform and makes links "
        "with the builder, which Sphinx 9 gives transforms no public way to reach",
        "Sphinx 9.0.4, 9.1.1 and 9.2.0", _probe_env_app,
    ),
    Internal(
        "sphinx-files-to-rebuild",
        "BuildEnvironment.files_to_rebuild, tocs, titles, toc_secnumbers and Builder.write",
        "theme/toctree_parents.py hides unchanged toctree entries from Builder.write, so an "
        "edit does not rewrite the page's toctree parents", "Sphinx 9.0.4, 9.1.1 and 9.2.0",
        _probe_files_to_rebuild,
    ),
    Internal(
        "sphinx-global-toctree", "TocTree.get_toctree_for and StandaloneHTMLBuilder.render_partial",
        "theme/furo_navigation.py renders the navigation once per build, for no page",
        "Sphinx 9.0.4, 9.1.1 and 9.2.0", _probe_global_toctree,
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
        "Sphinx's admonitions do", "Sphinx 9.0.4, 9.1.1 and 9.2.0, docutils 0.22.4 and 0.23.1",
        _probe_translators,
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
