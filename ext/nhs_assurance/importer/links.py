"""Link targets: a page of the import, the original site, or a file copied along.

Jekyll pages link to each other by URL (``page.html``, ``page.html#anchor``, ``/page.html``).
A link to a page the import converts becomes a MyST link to its file (``page.md``), which
Sphinx checks at every build; a link to a page it does not convert goes to that page on the
original site. A link to a file of the site (an image, a PDF) keeps working by copying the file
along; a file that is not in SRC is linked on the original site.

Every target is judged by the URL policy (:func:`nhs_assurance.core.urls.content_link`) as
MyST will read it (backslash escapes and character references decoded): a link it refuses
(``javascript:``, a space inside, ...) is removed and its text kept, flagged. So is a relative
link that leaves the site (``../../etc/passwd``): the build would read that file. Only images
and documents are copied along (:data:`ASSET_SUFFIXES`): never a file Sphinx would read as a
page or run (``.md``, ``conf.py``), nor one that runs script when opened (``.svg``, ``.html``).
"""

from __future__ import annotations

import html
import posixpath
import re
from dataclasses import dataclass, field

from nhs_assurance.core.urls import UrlError, content_link
from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.output import name_problem
from nhs_assurance.importer.sources import SourceError, SourceTree
from nhs_assurance.importer.text import code_span, quoted

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
#: A backslash escape of CommonMark: a backslash before ASCII punctuation.
MARKDOWN_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")
#: The files copied along when a page links to them: images and office documents.
ASSET_SUFFIXES = frozenset(
    {
        ".png", ".jpg", ".jpeg", ".gif", ".webp", ".ico", ".bmp",
        ".pdf", ".txt", ".csv", ".zip",
        ".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".ods", ".odp",
    }
)  # fmt: skip


def markdown_url(target: str) -> str:
    """A Markdown link target as the URL MyST reads from it: without ``<>``, with its backslash
    escapes and character references decoded."""
    bare = target[1:-1] if target.startswith("<") and target.endswith(">") else target
    return html.unescape(MARKDOWN_ESCAPE.sub(r"\1", bare))


def asset_problem(site_path: str) -> str | None:
    """Why the file *site_path* is not copied into DEST, or ``None``."""
    if any(part.startswith((".", "_")) for part in site_path.split("/")):
        return "is a hidden file or in a folder of Sphinx's own (`_...`)"
    if posixpath.splitext(site_path)[1].lower() not in ASSET_SUFFIXES:
        return (
            "is not an image or a document the import copies (a page source, a script or an "
            "SVG or HTML file, which could run script, is never copied)"
        )
    problem = name_problem(site_path)
    return f"has a name that {problem}" if problem else None


@dataclass
class PageAnchors:
    """The anchors a converted page has, and the new name of each anchor it had in Jekyll."""

    valid: set[str] = field(default_factory=set)
    #: The ``id`` kramdown gave a heading -> the heading's (or standard entry's) new anchor.
    renamed: dict[str, str] = field(default_factory=dict)
    #: The anchor of each standard entry -> the entry's ID, as ``{standard}`` takes it.
    standards: dict[str, str] = field(default_factory=dict)

    def find(self, anchor: str) -> str | None:
        """The anchor on the converted page that *anchor* (a Jekyll-era anchor) names."""
        found = self.renamed.get(anchor) or self.renamed.get(anchor.lower())
        if found is None and anchor in self.valid:
            found = anchor
        return found


@dataclass
class SiteIndex:
    """What every page's links are resolved against: the pages of the import and their anchors."""

    tree: SourceTree
    #: URL relative to the site root (``page.html``) -> docname, for every converted page.
    pages: dict[str, str]
    anchors: dict[str, PageAnchors]
    original_site: str
    baseurl: str
    #: Files of SRC that converted pages link to: path relative to the site root -> content.
    assets: dict[str, bytes] = field(default_factory=dict)


@dataclass
class LinkResolver:
    """Rewrites the link targets of one page."""

    site: SiteIndex
    docname: str
    url: str
    flags: Flags

    def resolve(self, target: str, line: int, *, image: bool = False) -> str | None:
        """The new target of a link on *line*; ``None`` drops the link and keeps its text."""
        bare = target[1:-1] if target.startswith("<") and target.endswith(">") else target
        what = "Image" if image else "Link"
        if not bare.strip():
            # `[text]()`: a link to nowhere on the original site, and a warning in Sphinx.
            self.flags.add(
                line,
                "image" if image else "link",
                f"{what} with no target: it is removed, its text kept.",
            )
            return None
        try:
            url = content_link(markdown_url(target))
        except UrlError as exc:
            self.flags.add(
                line,
                "image" if image else "link",
                f"{what} {quoted(target)} {exc.reason}: it is removed, its text kept.",
            )
            return None
        if url.startswith(("//", "mailto:")):
            return target
        if SCHEME.match(url):
            return self._absolute(bare, target, line)
        if bare.startswith("#"):
            return self._same_page(bare[1:], line)
        path, _, anchor = bare.partition("#")
        path = path.partition("?")[0]
        site_path = self._site_path(path)
        if site_path is None:
            self.flags.add(
                line,
                "image" if image else "link",
                f"{what} {quoted(target)} leaves the site (the build would read a "
                "file outside it): it is removed, its text kept.",
            )
            return None
        if site_path.endswith(".html") and not image:
            return self._page(site_path, anchor, target, line)
        return self._file(site_path, bare, target, line, image=image)

    def standard(self, target: str) -> str | None:
        """The ID of the standard entry a link points at (``page.html#dcb0129``), if any."""
        bare = target.strip("<>")
        base = self.site.original_site
        if base and bare.startswith(base):
            bare = bare[len(base) :]
        elif SCHEME.match(bare):
            return None
        path, _, anchor = bare.partition("#")
        if not anchor:
            return None
        docname = self.docname if not path else self.site.pages.get(self._site_path(path) or "")
        if docname is None:
            return None
        anchors = self.site.anchors[docname]
        found = anchors.find(anchor)
        return anchors.standards.get(found) if found else None

    def _site_path(self, path: str) -> str | None:
        if path.startswith("/"):
            path = path.lstrip("/")
            base = self.site.baseurl
            if base and (path == base or path.startswith(base + "/")):
                path = path[len(base) :].lstrip("/")
        else:
            path = posixpath.join(posixpath.dirname(self.url), path)
        folder = path == "" or path.endswith("/")
        normal = posixpath.normpath(path) if path else "."
        if normal == ".." or normal.startswith("../"):
            return None
        normal = "" if normal == "." else normal
        if folder:
            # A folder's URL is its index page, as web servers serve it.
            return f"{normal}/index.html" if normal else "index.html"
        return normal

    def _relative(self, path: str) -> str:
        return posixpath.relpath(path, posixpath.dirname(self.docname) or ".")

    def _absolute(self, bare: str, target: str, line: int) -> str:
        base = self.site.original_site
        if base and bare.startswith(base):
            rest, _, anchor = bare[len(base) :].partition("#")
            if rest.endswith(".html") and rest in self.site.pages:
                return self._page(rest, anchor, target, line)
        return target

    def _same_page(self, anchor: str, line: int) -> str | None:
        found = self.site.anchors[self.docname].find(anchor) if anchor else None
        if found is None:
            self.flags.add(
                line,
                "anchor",
                f"Link to `#{anchor}`: this page has no such anchor once converted; "
                "the link is removed and its text kept.",
            )
            return None
        return f"#{found}"

    def _page(self, site_path: str, anchor: str, target: str, line: int) -> str:
        docname = self.site.pages.get(site_path)
        if docname is None:
            base = self.site.original_site
            if not base:
                self.flags.add(
                    line,
                    "link",
                    f"Link {code_span(target)}: the page is not in the import and the original "
                    "site's address is unknown; set `nhs_assurance_original_site` in `conf.py` "
                    "or rerun with `--original-site`.",
                )
                return target
            new = base + site_path + (f"#{anchor}" if anchor else "")
            self.flags.add(
                line,
                "link",
                f"Link {code_span(target)}: the page is not in the import; the link goes to "
                f"the original site, {new}",
            )
            return new
        document = self._relative(docname + ".md")
        if not anchor:
            return document
        found = self.site.anchors[docname].find(anchor)
        if found is None:
            self.flags.add(
                line,
                "anchor",
                f"Link {code_span(target)}: `{docname}.md` has no anchor `#{anchor}` once "
                "converted; the link goes to the top of the page.",
            )
            return document
        if docname == self.docname:
            return f"#{found}"
        return f"{document}#{found}"

    def _file(
        self, site_path: str, bare: str, target: str, line: int, *, image: bool
    ) -> str | None:
        kind, what = ("image", "Image") if image else ("link", "Link to the file")
        shown = quoted(target)
        if site_path in self.site.assets:
            return self._relative(site_path)
        problem = asset_problem(site_path)
        if problem is None and self.site.tree.is_file(site_path):
            try:
                self.site.assets[site_path] = self.site.tree.read_bytes(site_path)
            except SourceError as exc:
                problem = exc.reason
            else:
                return self._relative(site_path)
        elif problem is None and (self.site.tree.root / site_path).is_symlink():
            try:
                self.site.tree.inside(site_path)
                problem = "is a link to something that is not a regular file"
            except SourceError as exc:
                problem = exc.reason
        base = self.site.original_site
        where = "not in the source site" if problem is None else f"not copied: the file {problem}"
        if base:
            new = base + site_path
            self.flags.add(
                line, kind, f"{what} {shown} is {where}; it now points at the original site, {new}"
            )
            return new
        self.flags.add(
            line,
            kind,
            f"{what} {shown} is {where}, and the original site's address is unknown; the build "
            "will warn until it is fixed.",
        )
        return target if problem is None else None
