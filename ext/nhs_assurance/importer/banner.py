"""The banner the theme's page layout puts on every page, as one site-wide announcement.

documentation-theme-jekyll sites show notices such as "This site is under active development"
from their page layout (``_layouts/page.html``, often through an include chosen by a variable),
above every page's body. The importer does not copy the layout into each page: it renders the
part of the layout before the page's content, as Jekyll does, takes the theme's alert boxes
there (``<div class="alert ...">``), and makes their text the site's one announcement, Furo's
``announcement`` theme option in the ``conf.py`` it writes. The text is cleaned to bold, italic,
code and links whose addresses pass the URL policy, so no markup or script of the site reaches
the option, which Furo writes into every page as it is.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import nh3
from liquid.exceptions import LiquidError

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.importer.html_blocks import url_attribute_allowed
from nhs_assurance.importer.liquid_render import SiteRenderer
from nhs_assurance.importer.sources import SourceError

LAYOUT = "_layouts/page.html"
CONTENT = re.compile(r"\{\{-?\s*content\s*-?\}\}")
FRONT_MATTER = re.compile(r"\A---\s*\n.*?\n---\s*\n", re.DOTALL)
#: What an announcement may hold: text with bold, italic, code and links.
ANNOUNCEMENT_TAGS = frozenset({"a", "b", "strong", "i", "em", "code", "br"})
#: An element left empty (the theme's icon, ``<i class="fa fa-warning"></i>``).
EMPTY_INLINE = re.compile(r"<(a|b|strong|i|em|code)\b[^>]*>\s*</\1>\s*")
#: The longest announcement kept: a notice, not a page.
MAX_CHARACTERS = 2_000


class _Alerts(HTMLParser):
    """The inner HTML of each top-level ``<div class="alert ...">`` of a fragment."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.alerts: list[list[str]] = []
        self._depth = 0  # div depth inside the alert being read, 0 outside any

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth:
            self._depth += tag == "div"
            self.alerts[-1].append(self.get_starttag_text() or "")
        elif tag == "div" and "alert" in (dict(attrs).get("class") or "").split():
            self._depth = 1
            self.alerts.append([])

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._depth:
            self.alerts[-1].append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        if self._depth:
            self._depth -= tag == "div"
            if self._depth:
                self.alerts[-1].append(f"</{tag}>")

    def handle_data(self, data: str) -> None:
        if self._depth:
            self.alerts[-1].append(data)

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")


def site_banner(renderer: SiteRenderer, page: dict[str, Any]) -> tuple[str, str]:
    """``(announcement HTML, problem)`` from the layout's banner, as *page* (the home page's
    variables) would show it; ``("", "")`` when the layout has no banner."""
    try:
        layout = renderer.tree.read_text(LAYOUT)
    except SourceError:
        return "", ""
    layout = FRONT_MATTER.sub("", layout, count=1)
    found = CONTENT.search(layout)
    before = layout[: found.start()] if found else ""
    if "alert" not in before and "include" not in before:
        return "", ""
    try:
        rendered = renderer.env.from_string(before, name=LAYOUT).render(
            site=renderer.site, page=page, jekyll={"environment": "production"}
        )
    except (LiquidError, RecursionError) as exc:
        return "", f"its banner cannot be rendered ({excerpt(str(exc), 120)})"
    parser = _Alerts()
    parser.feed(rendered)
    parser.close()
    parts = []
    for alert in parser.alerts:
        cleaned = nh3.clean(
            "".join(alert),
            tags=set(ANNOUNCEMENT_TAGS),
            attributes={"a": {"href"}},
            attribute_filter=url_attribute_allowed,
            url_schemes={"http", "https", "mailto"},
            strip_comments=True,
        )
        text = EMPTY_INLINE.sub("", " ".join(cleaned.split())).strip()
        if text:
            parts.append(text)
    announcement = "<br>".join(parts)
    if len(announcement) > MAX_CHARACTERS:
        return "", f"its banner is longer than {MAX_CHARACTERS} characters"
    return announcement, ""
