"""Redirects for moved pages, declared on the page itself: ``redirect_from`` in its front matter.

As jekyll-redirect-from did on the original site::

    ---
    title: Clinical Safety
    redirect_from:
      - assure_clinical_safety.html
      - /old/clinical/
    ---

makes each old address a small page that sends the browser on to this one, keeping any
``#anchor``. sphinx-reredirects writes those pages; this module collects the old addresses of
each page into the build environment (kept right across incremental and parallel builds),
checks them, and hands them to sphinx-reredirects through its ``redirects`` setting.

An old address is a path on this site, read by THE URL policy (``core.urls.site_path``):
``old.html``, ``/old.html`` and ``old`` all mean ``old.html``; ``old/`` means
``old/index.html``. Anything else (a full URL, ``..``, wildcards, a name too long for a file
system, the address of a page that exists, or of any other file or folder the build writes, as
``outputs`` lists them) gets a located ``nhs_assurance.frontmatter`` warning and is left out.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from nhs_assurance._compat import REREDIRECTS_PRIORITY, REREDIRECTS_SETTING
from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.frontmatter import FrontMatter
from nhs_assurance.core.urls import UrlError, site_path
from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.outputs import clash, folders_of, other_files, page_files, publishes_website
from nhs_assurance.pages.frontmatter import current_front_matter
from nhs_assurance.state import PerDocumentCollector, extension_state

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

KEY = "redirect_from"

#: The longest path most file systems take, in bytes (Linux's PATH_MAX, its final NUL counted).
PATH_MAX = 4096

#: One page's old addresses: (output path, source line), in the order they were declared.
Declared = tuple[tuple[str, int], ...]


def declared_redirects(docname: str, front_matter: FrontMatter) -> Declared:
    """The valid old addresses in a page's front matter, warning about each invalid one."""
    value = front_matter.data.get(KEY)
    if value is None:
        return ()  # none, or of the wrong type (FrontMatterTransform warned and left it out)
    entries = value if isinstance(value, list) else [value]
    declared: dict[str, int] = {}
    for index, entry in enumerate(entries):
        line = front_matter.item_line(KEY, index)
        try:
            path = site_path(entry, old=True)
        except UrlError as error:
            warn(
                Subtype.FRONTMATTER,
                f"front matter: redirect_from {excerpt(entry)} {error.reason}; it is ignored",
                (docname, line),
            )
            continue
        declared.setdefault(path, line)
    return tuple(declared.items())


class RedirectCollector(PerDocumentCollector):
    """Keep each page's declared old addresses in the environment, as plain data."""

    name = "redirect_from"

    def process_doc(self, app: Sphinx, doctree: nodes.document) -> None:
        front_matter = current_front_matter(app.env)
        if front_matter is None:
            return  # no front matter, or none that could be read (already warned)
        if declared := declared_redirects(app.env.docname, front_matter):
            self.store(app.env)[app.env.docname] = declared


def page_redirects(app: Sphinx) -> dict[str, str]:
    """Every valid declared redirect: old output path -> the page's URL, relative to it.

    Checked against the whole site, so every build warns again while a problem remains: an old
    address that is a page of the site, or that clashes with any other file or folder the build
    writes (``outputs``), or one already claimed by another page (the page whose name sorts first
    keeps it, whatever order parallel readers finished in), or by ``conf.py``.
    """
    builder = app.builder
    pages = page_files(app)
    configured = {_configured_path(key) for key in getattr(app.config, REREDIRECTS_SETTING, {})}
    written = pages | other_files(app) | configured
    written_folders = folders_of(written)
    longest = PATH_MAX - 1 - len(os.fsencode(Path(app.outdir))) - 1

    result: dict[str, str] = {}
    claimed_by: dict[str, str] = {}
    claimed_folders: set[str] = set()
    for docname, declared in sorted(RedirectCollector.store(app.env).items()):
        if docname not in app.env.found_docs:
            continue
        for path, line in declared:
            problem = None
            if path in pages:
                problem = f"is the address of a page of this site ({path})"
            elif path in configured:
                problem = "is already redirected by `redirects` in conf.py"
            elif path in claimed_by:
                problem = f"is already redirected to {excerpt(claimed_by[path])}"
            elif len(path) > longest:
                problem = f"makes a path of more than {PATH_MAX} bytes, which no file system takes"
            else:
                problem = clash(path, written, written_folders) or clash(
                    path, set(claimed_by), claimed_folders
                )
            if problem is not None:
                warn(
                    Subtype.FRONTMATTER,
                    f"front matter: redirect_from {excerpt(path)} {problem}; it is ignored",
                    (docname, line),
                )
                continue
            claimed_by[path] = docname
            claimed_folders |= folders_of([path])
            result[path] = _relative_uri(builder.get_target_uri(docname), path)
    return result


def feed_reredirects(app: Sphinx) -> list[Any]:
    """``html-collect-pages``, just before sphinx-reredirects reads its ``redirects`` setting:
    add the declared redirects to it (``conf.py`` entries win)."""
    if not publishes_website(app.builder):
        return []
    redirects = page_redirects(app)
    if not redirects:
        return []
    if "sphinx_reredirects" not in app.extensions:
        for docname, declared in sorted(RedirectCollector.store(app.env).items()):
            warn(
                Subtype.FRONTMATTER,
                "front matter: redirect_from needs the sphinx_reredirects extension (add "
                "it to `extensions`); no redirect pages are written",
                (docname, declared[0][1]),
            )
        return []
    configured = getattr(app.config, REREDIRECTS_SETTING)
    extension_state(app.env).build.redirects_configured = configured
    setattr(app.config, REREDIRECTS_SETTING, {**redirects, **configured})
    return []


def restore_reredirects(app: Sphinx) -> list[Any]:
    """``html-collect-pages``, just after sphinx-reredirects: put back ``conf.py``'s value, so
    the configuration Sphinx compares on the next build is the one the author wrote."""
    build = extension_state(app.env).build
    configured, build.redirects_configured = build.redirects_configured, None
    if configured is not None:
        setattr(app.config, REREDIRECTS_SETTING, configured)
    return []


def _configured_path(source: str) -> str:
    """The output path of a ``redirects`` key in conf.py (a docname, or a path with suffix)."""
    return source if source.endswith(".html") else f"{source}.html"


def _relative_uri(target: str, old_path: str) -> str:
    """*target* (a URI relative to the site root) as seen from the page at *old_path*."""
    start = posixpath.dirname(old_path) or "."
    relative = posixpath.relpath(target or ".", start)
    if target.endswith("/") or not target:
        relative += "/"  # dirhtml URLs are folders
    return quote(relative, safe="/#")


def setup_redirects(app: Sphinx) -> None:
    """Collect ``redirect_from`` and hand it to sphinx-reredirects around its own handler."""
    app.add_env_collector(RedirectCollector)
    app.connect("html-collect-pages", feed_reredirects, priority=REREDIRECTS_PRIORITY - 100)
    app.connect("html-collect-pages", restore_reredirects, priority=REREDIRECTS_PRIORITY + 100)
