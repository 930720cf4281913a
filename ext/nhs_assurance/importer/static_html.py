"""The ``.html`` files a site holds without front matter, which Jekyll copies as they are.

Jekyll publishes them at their path, so the import serves them there too, in one of two ways:

- a **redirect stub** (a ``<meta http-equiv="refresh">`` to another address, as GitHub Pages'
  "moved" pages are) becomes a redirect of sphinx-reredirects to the same address, once THE URL
  policy (:func:`nhs_assurance.core.urls.content_link`) accepts it;
- any **other file** (a diagram exported as a web page, say) is copied into :data:`EXTRA_DIR`,
  which ``html_extra_path`` publishes at the site's root, cleaned by nh3: no script, no style
  sheet, no event handler, nothing that loads another document. What script drew is not shown.

Each is flagged, with what changed. A file the URL rules refuse as a path is flagged, not copied.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

import nh3

from nhs_assurance.core.urls import UrlError, content_link
from nhs_assurance.importer.site import JekyllSite
from nhs_assurance.importer.sources import SourceError
from nhs_assurance.importer.text import code_span, quoted

#: The folder of DEST whose files ``html_extra_path`` copies to the site's root.
EXTRA_DIR = "_jekyll_static"
#: ``<meta http-equiv="refresh" content="10;url=...">``, its attributes in either order.
REFRESH = re.compile(
    r"<meta\b(?=[^>]*\bhttp-equiv\s*=\s*[\"']?refresh\b)[^>]*\bcontent\s*=\s*"
    r"(?:\"([^\"]*)\"|'([^']*)')",
    re.IGNORECASE,
)
REFRESH_URL = re.compile(r"^\s*\d*\s*[;,]?\s*url\s*=\s*['\"]?([^'\"]*)", re.IGNORECASE)
TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
BODY = re.compile(r"<body\b[^>]*>(.*?)(?:</body\s*>|$)", re.IGNORECASE | re.DOTALL)
#: Path characters a copied file's name may hold besides letters and digits (Jekyll copies
#: names with spaces, as exported diagrams have; a reader's browser asks for them as %20).
NAME = re.compile(r"[A-Za-z0-9 ._~/&()+,-]+")


@dataclass
class StaticHtml:
    """What the import does with the site's static HTML files."""

    #: Old path (relative to the site root) -> the address it redirects to.
    redirects: dict[str, str] = field(default_factory=dict)
    #: File of DEST -> its cleaned content.
    files: dict[str, bytes] = field(default_factory=dict)


def static_html(site: JekyllSite) -> StaticHtml:
    """Redirects and cleaned copies for :attr:`JekyllSite.static_html`, each one flagged."""
    result = StaticHtml()
    for rel in site.static_html:
        try:
            text = site.tree.read_text(rel)
        except SourceError as exc:
            site.flag(rel, 0, "static", f"Not served: the file {exc.reason}.")
            continue
        if not NAME.fullmatch(rel) or any(part in {"", ".", ".."} for part in rel.split("/")):
            site.flag(rel, 0, "static", f"Not served: its path {quoted(rel)} is not a safe name.")
            continue
        target = _refresh_target(text)
        if target is not None:
            try:
                result.redirects[rel] = content_link(target)
            except UrlError as exc:
                site.flag(
                    rel, 0, "static", f"Not served: its redirect {quoted(target)} {exc.reason}."
                )
                continue
            site.flag(
                rel,
                0,
                "static",
                f"A redirect stub: its address redirects to {code_span(result.redirects[rel])}, "
                "as it did (its own text, shown until the browser moved on, is not kept).",
            )
            continue
        result.files[f"{EXTRA_DIR}/{rel}"] = _cleaned_page(text, rel).encode("utf-8")
        removed = [tag for tag in ("<script", "<style", "<iframe") if tag in text.lower()]
        site.flag(
            rel,
            0,
            "static",
            "Copied as it was published, cleaned (nh3): "
            + (
                "its script and styles are removed, so what they drew is not shown."
                if removed
                else "nothing was removed."
            ),
        )
    return result


def _refresh_target(text: str) -> str | None:
    """The address a ``<meta http-equiv="refresh">`` sends the browser to, if any."""
    match = REFRESH.search(text)
    if match is None:
        return None
    url = REFRESH_URL.match(html.unescape(match[1] if match[1] is not None else match[2]))
    return url[1].strip() if url is not None and url[1].strip() else None


def _cleaned_page(text: str, rel: str) -> str:
    """*text* as a whole page again, its body cleaned by nh3 (its default allowlist)."""
    title = TITLE.search(text)
    body = BODY.search(text)
    shown_title = html.unescape(title[1]).strip() if title else rel.rsplit("/", 1)[-1]
    cleaned = nh3.clean(body[1] if body else text, link_rel="noopener noreferrer")
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{html.escape(shown_title)}</title>\n</head>\n<body>\n{cleaned}\n</body>\n</html>\n"
    )
