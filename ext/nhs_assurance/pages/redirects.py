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

An old address is a path on this site: ``old.html``, ``/old.html`` and ``old`` all mean
``old.html``; ``old/`` means ``old/index.html``. Anything else (a full URL, ``..``, wildcards,
the address of a page that exists) gets a located ``nhs_assurance.frontmatter`` warning and is
left out.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from nhs_assurance._compat import REREDIRECTS_PRIORITY, REREDIRECTS_SETTING
from nhs_assurance.diagnostics import warn
from nhs_assurance.pages.frontmatter import FrontMatter, current_front_matter
from nhs_assurance.state import PerDocumentCollector, extension_state

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

KEY = "redirect_from"

#: Characters an old address may hold: RFC 3986's unreserved ones and "/". This keeps out
#: query strings, fragments, spaces, quotes and sphinx-reredirects' wildcards (``*?[]``).
SAFE_PATH = re.compile(r"[A-Za-z0-9._~/-]+")

#: The builders whose output is a website that redirect pages make sense in.
WEBSITE_BUILDERS = frozenset({"html", "dirhtml"})

#: One page's old addresses: (output path, source line), in the order they were declared.
Declared = tuple[tuple[str, int], ...]


def old_page_path(entry: str) -> str:
    """The output file an old address names, relative to the site root.

    Raises ``ValueError`` with the reason when *entry* is not a usable path on this site.
    """
    text = entry.strip()
    if "://" in text or text.startswith("//"):
        raise ValueError("is a full web address; give the old path on this site instead")
    path = text.lstrip("/")
    if not path:
        raise ValueError("is the site's home page, which cannot be redirected")
    if not SAFE_PATH.fullmatch(path):
        raise ValueError("may only contain letters, digits, '-', '_', '.', '~' and '/'")
    segments = path.rstrip("/").split("/")
    if any(segment in {"", ".", ".."} for segment in segments):
        raise ValueError("must not contain empty, '.' or '..' parts")
    if segments[0].startswith("_"):
        raise ValueError(f"is inside {segments[0]!r}, a folder Sphinx writes itself")
    if path.endswith("/"):
        return path + "index.html"
    name = segments[-1]
    if "." in name and not name.endswith(".html"):
        raise ValueError("is not a web page: end it in '.html' (or '/' for a folder)")
    return path if name.endswith(".html") else path + ".html"


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
            path = old_page_path(entry)
        except ValueError as reason:
            warn(
                "frontmatter",
                f"front matter: redirect_from {entry!r} {reason}; it is ignored",
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
    address that is a page of the site, or one already claimed by another page (the page whose
    name sorts first keeps it, whatever order parallel readers finished in), or by ``conf.py``.
    """
    builder = app.builder
    # The files a build writes besides the pages: indices, the 404 page, additional pages.
    extra_pages = ("genindex", "search", getattr(app.config, "notfound_pagename", "404"))
    existing = {f"{name}.html" for name in (*extra_pages, *app.config.html_additional_pages)}
    existing.update(
        Path(builder.get_outfilename(docname)).relative_to(app.outdir).as_posix()
        for docname in app.env.found_docs
    )
    configured = {_configured_path(key) for key in getattr(app.config, REREDIRECTS_SETTING, {})}

    result: dict[str, str] = {}
    claimed_by: dict[str, str] = {}
    for docname, declared in sorted(RedirectCollector.store(app.env).items()):
        if docname not in app.env.found_docs:
            continue
        for path, line in declared:
            problem = None
            if path in existing:
                problem = f"is the address of a page of this site ({path})"
            elif path in configured:
                problem = "is already redirected by `redirects` in conf.py"
            elif path in claimed_by:
                problem = f"is already redirected to {claimed_by[path]!r}"
            if problem is not None:
                warn(
                    "frontmatter",
                    f"front matter: redirect_from {path!r} {problem}; it is ignored",
                    (docname, line),
                )
                continue
            claimed_by[path] = docname
            result[path] = _relative_uri(builder.get_target_uri(docname), path)
    return result


#: Where the build keeps conf.py's own ``redirects`` while the declared ones are added to it.
CONFIGURED_KEY = "redirects_configured"


def feed_reredirects(app: Sphinx) -> list[Any]:
    """``html-collect-pages``, just before sphinx-reredirects reads its ``redirects`` setting:
    add the declared redirects to it (``conf.py`` entries win)."""
    if app.builder.name not in WEBSITE_BUILDERS:
        return []
    redirects = page_redirects(app)
    if not redirects:
        return []
    if "sphinx_reredirects" not in app.extensions:
        for docname, declared in sorted(RedirectCollector.store(app.env).items()):
            warn(
                "frontmatter",
                "front matter: redirect_from needs the sphinx_reredirects extension (add "
                "it to `extensions`); no redirect pages are written",
                (docname, declared[0][1]),
            )
        return []
    configured = getattr(app.config, REREDIRECTS_SETTING)
    extension_state(app.env).build[CONFIGURED_KEY] = configured
    setattr(app.config, REREDIRECTS_SETTING, {**redirects, **configured})
    return []


def restore_reredirects(app: Sphinx) -> list[Any]:
    """``html-collect-pages``, just after sphinx-reredirects: put back ``conf.py``'s value, so
    the configuration Sphinx compares on the next build is the one the author wrote."""
    configured = extension_state(app.env).build.pop(CONFIGURED_KEY, None)
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
