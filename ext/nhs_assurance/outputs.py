"""What an HTML build writes into its output folder, so that nothing an author declares
(a ``redirect_from`` address) is written over it, or needs a folder where it writes a file.

The builder is asked wherever it can say (the file of every page, of its indices and additional
pages, its search index and inventory); the files copied from ``html_extra_path`` are listed;
and each part of the extension, or of a project, that writes a file of its own says so with
:func:`declare_output` (``registry/export.py`` declares ``standards.json``). Files in folders
whose name starts with ``_`` (``_static``, ``_images``, ...) are not listed: ``core.urls.site_path``
keeps every author's path out of those.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Final, cast

from sphinx.builders.html import INVENTORY_FILENAME

from nhs_assurance.core.excerpt import excerpt

if TYPE_CHECKING:
    from collections.abc import Iterable

    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.builders.html import StandaloneHTMLBuilder

#: The builders whose output is a web site: where redirect pages, ``standards.json`` and the
#: hazard log's downloads are published. Other builders of HTML (the accessible PDF's, EPUB)
#: print or pack it; a file beside their pages would reach no reader.
WEBSITE_BUILDERS: Final = frozenset({"html", "dirhtml"})

#: The event each part that writes a file of its own answers, with the paths it writes.
EVENT: Final = "nhs-assurance-output-files"


def setup_outputs(app: Sphinx) -> None:
    """Add the event through which parts declare the files they write."""
    app.add_event(EVENT)


def publishes_website(builder: Builder) -> bool:
    """Whether *builder* makes the web site (see :data:`WEBSITE_BUILDERS`)."""
    return builder.name in WEBSITE_BUILDERS


def declare_output(app: Sphinx, *paths: str) -> None:
    """Say that the HTML build writes *paths* (relative to the output folder, with ``/``)."""
    app.connect(EVENT, lambda _app: paths)


def page_files(app: Sphinx) -> set[str]:
    """The file of every page of the site, relative to the output folder."""
    builder = cast("StandaloneHTMLBuilder", app.builder)  # only a website's builds ask
    return {_relative(app, builder.get_outfilename(docname)) for docname in app.env.found_docs}


def other_files(app: Sphinx) -> set[str]:
    """Every other file the HTML build writes, relative to the output folder."""
    builder = cast("StandaloneHTMLBuilder", app.builder)  # only a website's builds ask
    config = app.config
    pages = ["genindex", "search", *config.html_additional_pages]
    pages += [index[0] for index in getattr(builder, "domain_indices", ())]
    # The 404 page of sphinx-notfound-page, whether or not the project uses it: a redirect there
    # would be lost the day it does.
    pages.append(getattr(config, "notfound_pagename", "404"))
    files = {_relative(app, builder.get_outfilename(page)) for page in pages}
    files.update((getattr(builder, "searchindex_filename", "searchindex.js"), INVENTORY_FILENAME))
    files.add(".buildinfo")
    if "sphinx_sitemap" in app.extensions:
        files.add(app.config.sitemap_filename)
    files.update(_extra_files(app, getattr(config, "html_extra_path", ())))
    for declared in app.events.emit(EVENT):
        files.update(declared)
    return files


def folders_of(files: Iterable[str]) -> set[str]:
    """Every folder the files are in (``a/b/c.html``: ``a`` and ``a/b``)."""
    return {str(parent) for name in files for parent in PurePosixPath(name).parents} - {"."}


def clash(path: str, files: set[str], folders: set[str]) -> str | None:
    """Why writing *path* would clash with *files* (and their *folders*), or ``None``.

    The reason is a phrase that follows the path in a message.
    """
    if path in files:
        return "is a file the build writes itself"
    if path in folders:
        return "is a folder the build writes files into"
    for parent in PurePosixPath(path).parents:
        if str(parent) in files:
            return f"needs a folder {excerpt(str(parent))}, where the build writes a file"
    return None


def _relative(app: Sphinx, filename: str | os.PathLike[str]) -> str:
    return Path(filename).relative_to(app.outdir).as_posix()


def _extra_files(app: Sphinx, extra_paths: Iterable[str]) -> set[str]:
    """The files ``html_extra_path`` copies into the output folder."""
    found: set[str] = set()
    for extra in extra_paths:
        root = Path(app.confdir, extra)
        if root.is_file():
            found.add(root.name)
        for folder, _dirs, names in os.walk(root):
            found.update((Path(folder, name).relative_to(root)).as_posix() for name in names)
    return found
