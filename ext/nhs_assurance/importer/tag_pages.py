"""The theme's tag pages, generated as MyST from the pages' front matter.

documentation-theme-jekyll gives each tag a page (``tag_widgets.md``) whose front matter names
the tag (``tagName: widgets``) and whose body is only ``{% include taglogic.html %}``: a Liquid
loop over ``site.pages`` and ``site.posts`` that draws a table of the pages and posts carrying
the tag, with each one's title, type and summary (or the start of its text). Rendered and kept
as HTML, that table would be a snapshot, its links unchecked; instead the importer writes the
page anew, as Markdown the rest of the import converts: an introduction and a table whose
titles link to the pages, so the list stays true to the pages' own front matter.
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Iterable, Mapping
from typing import Any

from liquid.exceptions import LiquidError

from nhs_assurance.importer.compare import imported_text
from nhs_assurance.importer.frontmatter import PageSource
from nhs_assurance.importer.liquid_render import SiteRenderer
from nhs_assurance.importer.text import Line, literal_text

#: The theme's tag logic, and the include of its link names (which shows nothing).
TAG_LOGIC = re.compile(r"\{%-?\s*include\s+taglogic\.html\s*-?%\}")
LINK_NAMES = re.compile(r"\{%-?\s*include\s+links\.html\s*-?%\}")
#: Liquid markup left in a page's raw text, which an excerpt must not show.
LIQUID_MARKUP = re.compile(r"\{%.*?%\}|\{\{.*?\}\}", re.DOTALL)
#: The excerpt the theme shows, in its own filters: the summary, else the start of the text.
EXCERPT = (
    "{% if p.summary %}{{ p.summary | strip_html | strip_newlines | truncate: 160 }}"
    "{% else %}{{ p.content | truncatewords: 50 | strip_html }}{% endif %}"
)


def tag_name(page: PageSource) -> str | None:
    """The tag *page* lists, when it is one of the theme's tag pages: its ``tagName``, and a
    body of nothing but the theme's tag logic (and the theme's link names)."""
    tag = page.data.get("tagName")
    if isinstance(tag, bool) or not isinstance(tag, str | int) or not str(tag).strip():
        return None
    filled = [line.text.strip() for line in page.body if line.text.strip()]
    if not any(TAG_LOGIC.fullmatch(text) for text in filled):
        return None
    if not all(TAG_LOGIC.fullmatch(text) or LINK_NAMES.fullmatch(text) for text in filled):
        return None
    return str(tag)


def _tags(entry: Mapping[str, Any]) -> list[str]:
    tags = entry.get("tags")
    if isinstance(tags, str | int) and not isinstance(tags, bool):
        return [str(tags)]
    return [str(tag) for tag in tags] if isinstance(tags, list) else []


def _excerpt(renderer: SiteRenderer, entry: Mapping[str, Any]) -> str:
    """The excerpt the theme shows for *entry*, with its own filters: its summary, else the
    start of its text as a reader gets it (its Markdown once rendered, as Jekyll took it from
    the page it had rendered), with no Liquid left in it."""
    content = renderer.rendered.get(str(entry.get("path")), str(entry.get("content") or ""))
    shown = {**entry, "content": LIQUID_MARKUP.sub(" ", imported_text(content))}
    try:
        return renderer.env.from_string(EXCERPT).render(p=shown)
    except LiquidError:
        return ""  # a summary of a type no filter takes: the row keeps its title and type


def _rows(renderer: SiteRenderer, tag: str) -> Iterable[str]:
    kinds = (("Page", renderer.pages), ("Post", renderer.posts))
    for kind, entries in kinds:
        for entry in entries:
            if tag not in _tags(entry):
                continue
            url = str(entry.get("url") or "/")
            title = literal_text(str(entry.get("title") or "")) or literal_text(url)
            link = f"[{title}]({urllib.parse.quote(url, safe='/#%')})"
            # The theme writes the excerpt into HTML: a reader gets its character references.
            excerpt = literal_text(html.unescape(_excerpt(renderer, entry)))
            yield f"| {link} | {kind} | {excerpt} |"


def tag_page_lines(page: PageSource, tag: str, renderer: SiteRenderer) -> list[Line]:
    """The Markdown of the tag page *page*, which lists the pages and posts tagged *tag*."""
    number = next((line.number for line in page.body if TAG_LOGIC.fullmatch(line.text.strip())), 0)
    rows = list(_rows(renderer, tag))
    texts = [
        f"The following pages and posts are tagged with **{literal_text(tag)}**:",
        "",
        "| Title | Type | Excerpt |",
        "| --- | --- | --- |",
        *rows,
    ]
    if not rows:  # the theme shows the table's header alone; a reader is told why
        texts += ["", "No page or post carries this tag."]
    return [Line(number, text) for text in texts]
