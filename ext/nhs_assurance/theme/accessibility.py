"""Accessibility repairs to what Sphinx and the theme write, for WCAG 2.2 AA.

``static/nhs_accessibility.css`` gives keyboard focus an unmistakable look, makes code
blocks wrap instead of scrolling sideways, and hides closed drawers; ``static/nhs_keyboard.js``
makes Furo's drawer toggles buttons a keyboard can use and fixes its landmarks (see the
comments in each). ``theme/tables.py`` gives each table a scrolling region of its own.
``templates/search.html`` gives the search page the level-1 heading the theme leaves out.

Sphinx renders a toctree caption (the "Guidance" and "For authors" headings of the navigation)
as ``<p class="caption" role="heading">`` with no ``aria-level``. WAI-ARIA 1.2 requires the
level on a heading role, axe-core reports it as a critical violation (``aria-required-attr``),
and screen readers may not place the heading in the page outline. This is Sphinx issue
sphinx-doc/sphinx#14030; until Sphinx writes the level itself, the captions get
``aria-level="2"``: the level ARIA 1.1 implied, and the one the proposed Sphinx fix writes.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nhs_assurance._compat import page_toctree, set_page_toctree

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

#: The extension's templates, each extending the theme's own ("!name.html").
TEMPLATES_DIR = Path(__file__).parent.parent / "templates"

#: A toctree caption's opening tag without an ``aria-level``. Sphinx sorts the attributes, so a
#: caption Sphinx has already given a level (``<p aria-level=...``) is never matched twice.
CAPTION_TAG = re.compile(r'<p class="caption"(?P<rest>(?: [a-z-]+="[^"]*")*) role="heading">')


def with_heading_levels(html: str) -> str:
    """*html* with every toctree caption given the heading level it lacks."""
    return CAPTION_TAG.sub(r'<p class="caption"\g<rest> role="heading" aria-level="2">', html)


def add_caption_levels(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Repair the captions in the page body and in every toctree the theme renders.

    The theme builds its navigation from the template function ``toctree`` (Furo does so in
    its own ``html-page-context`` handler), so wrapping that function repairs the sidebar too.
    """
    if isinstance(context.get("body"), str):
        context["body"] = with_heading_levels(context["body"])
    toctree = page_toctree(context)
    if toctree is not None:

        def toctree_with_levels(*args: Any, **kwargs: Any) -> str | None:
            rendered = toctree(*args, **kwargs)
            return with_heading_levels(rendered) if rendered else rendered

        set_page_toctree(context, toctree_with_levels)


def add_templates(app: Sphinx, config: Config) -> None:
    """``config-inited``: let the extension's templates override the theme's, behind the
    project's own (``templates_path`` is searched in order, before the theme)."""
    if str(TEMPLATES_DIR) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES_DIR))


def setup_accessibility(app: Sphinx) -> None:
    """Register the repairs and their stylesheet."""
    # After sphinx-notfound-page (400) replaces `toctree` on the 404 page, before Furo (500)
    # renders its navigation with it.
    app.connect("html-page-context", add_caption_levels, priority=450)
    app.connect("config-inited", add_templates)
    app.add_css_file("nhs_accessibility.css")
    app.add_js_file("nhs_keyboard.js", defer="defer")
