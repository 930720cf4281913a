"""Link targets: a page of the import, the original site, or a file copied along.

Jekyll pages link to each other by URL (``page.html``, ``page.html#anchor``, ``/page.html``).
A link to a page the import converts becomes a MyST link to its file (``page.md``), which
Sphinx checks at every build; a link to a page it does not convert goes to that page on the
original site. A link to a file of the site (an image, a PDF) keeps working by copying the file
along; a file that is not in SRC is linked on the original site.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.text import code_span

SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


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

    src: Path
    #: URL relative to the site root (``page.html``) -> docname, for every converted page.
    pages: dict[str, str]
    anchors: dict[str, PageAnchors]
    original_site: str
    baseurl: str
    #: Files of SRC that converted pages link to: path relative to the site root.
    assets: set[str] = field(default_factory=set)


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
        if not bare or bare.startswith(("//", "mailto:", "tel:")):
            return target
        if SCHEME.match(bare):
            return self._absolute(bare, target, line)
        if bare.startswith("#"):
            return self._same_page(bare[1:], line)
        path, _, anchor = bare.partition("#")
        path = path.partition("?")[0]
        site_path = self._site_path(path)
        if site_path is None:
            self.flags.add(
                line, "link", f"Link {code_span(target)} leaves the site; it is kept as it was."
            )
            return target
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

    def _file(self, site_path: str, bare: str, target: str, line: int, *, image: bool) -> str:
        source = self.site.src / site_path
        if source.is_file():
            self.site.assets.add(site_path)
            return self._relative(site_path)
        what = "Image" if image else "Link to the file"
        base = self.site.original_site
        if base:
            new = base + site_path
            self.flags.add(
                line,
                "image" if image else "link",
                f"{what} {code_span(target)} is not in the source site; it now points at the "
                f"original site, {new}",
            )
            return new
        self.flags.add(
            line,
            "image" if image else "link",
            f"{what} {code_span(target)} is not in the source site and the original site's "
            "address is unknown; the build will warn until it is fixed.",
        )
        return target
