"""A Jekyll page's front matter: read it, keep what the site honours, and name the page.

The keys ``nhs_assurance`` honours (``frontmatter.JEKYLL_KEYS``) and the keys MyST, Sphinx and
Furo understand (``frontmatter.KNOWN_TOOL_KEYS``) are kept as the author wrote them, comments
and quoting included. Any other key would make the build warn, so it is dropped and flagged.
"""

from __future__ import annotations

import datetime
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

import yaml

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.frontmatter import JEKYLL_KEYS, KNOWN_TOOL_KEYS, is_valid_value
from nhs_assurance.core.urls import UrlError, site_path
from nhs_assurance.core.yaml_reader import Entry, YamlError, read_yaml
from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.sources import SourceError, SourceTree
from nhs_assurance.importer.text import CONTROL, Line, code_span, literal_text, quoted

#: Keys MyST and Sphinx act on that meant nothing on a Jekyll site: a page's own MyST settings
#: (which could switch raw HTML back on), substitutions, ``<meta>`` tags (``http-equiv``
#: refresh), notebook settings. An imported page never brings them in.
UNSAFE_TOOL_KEYS = frozenset(
    {"myst", "mystnb", "substitutions", "html_meta", "jupytext", "kernelspec"}
)
#: A line that would end the front matter early, in MyST's eyes or in YAML's.
FRONT_MATTER_END = re.compile(r"^(?:-{3,}|\.{3})\s*$")


#: A post's file: ``_posts/2024-05-01-widget-news.md``.
POST_NAME = re.compile(
    r"_posts/(?:.*/)?(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})-(?P<slug>[^/]+)\.\w+"
)


class PageError(Exception):
    """A page the importer cannot parse; it is reported and skipped, never half-written."""


@dataclass
class PageSource:
    """A Jekyll page as read from SRC: its front matter, its body lines and where it goes."""

    rel: str
    data: dict[str, Any]
    #: Each key's raw YAML lines, in source order, and the file line each key starts on.
    key_text: dict[str, list[str]]
    key_lines: dict[str, int]
    body: list[Line]
    url: str = ""
    flags: Flags = field(default_factory=Flags)
    #: The front matter as written, when it cannot be read (kept as a comment in the page).
    unread_front_matter: list[str] = field(default_factory=list)

    @property
    def docname(self) -> str:
        """The Sphinx document name: the published URL without ``.html``."""
        return self.url.removesuffix(".html")

    @property
    def title(self) -> str:
        """The page's title, or ``""`` when it has none."""
        value = self.data.get("title")
        return str(value).strip() if isinstance(value, str | int | float) else ""


def read_page(tree: SourceTree, rel: str) -> PageSource:
    """Read the page *rel* of SRC; raise :class:`PageError` when it cannot be taken."""
    try:
        text = tree.read_text(rel)
    except SourceError as exc:
        raise PageError(f"the file {exc.reason}") from exc
    controls = CONTROL.findall(text)
    text = CONTROL.sub("\ufffd", text)  # no page means them; the converters use some as marks
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        raise PageError("no front matter: Jekyll copies such a file as it is, it is not a page")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise PageError("the front matter is not closed by a line '---'")
    block = lines[1:end]
    entries: tuple[Entry, ...] = ()
    unread = ""  # why the front matter cannot be read: Jekyll then publishes the page without
    try:
        document = read_yaml("\n".join(block), first_line=2)
    except YamlError as exc:
        data, unread = None, f"is not valid YAML (line {exc.line}): {exc.reason}"
        unread_line = exc.line
    else:
        data, position = document.value, document.position
        unread_line = 2
        if isinstance(data, dict) and position is not None and position.entries:
            entries = position.entries
        elif data is not None:
            data, unread = None, "is not a mapping of keys to values"
    if data is None:
        data = {}

    key_text: dict[str, list[str]] = {}
    key_lines: dict[str, int] = {}
    starts = [entry.line - 2 for entry in entries] + [len(block)]
    for entry, start, stop in zip(entries, starts, starts[1:], strict=False):
        chunk = block[start:stop]
        while chunk and (not chunk[-1].strip() or chunk[-1].lstrip().startswith("#")):
            chunk.pop()  # blank lines and comments before the next key stay out
        key_text[entry.key] = chunk
        key_lines[entry.key] = entry.line
    body = [Line(number, line) for number, line in enumerate(lines[end + 1 :], start=end + 2)]
    page = PageSource(rel, {str(k): v for k, v in data.items()}, key_text, key_lines, body)
    if unread:
        # Jekyll publishes such a page with no front matter, at its path: so does the import,
        # keeping the front matter, unread, as a comment for the author to fix.
        page.unread_front_matter = ["---", *block, "---"]
        page.flags.add(
            unread_line,
            "frontmatter",
            f"The front matter {unread}. Jekyll published the page without it, and so does the "
            "import: it is kept, unread, as a comment at the top of the page's source; fix it "
            "there.",
        )
    if controls:
        page.flags.add(
            0,
            "markup",
            f"{len(controls)} control character(s) (such as {excerpt(controls[0])}) replaced "
            "by U+FFFD: they have no meaning in a page.",
        )
    page.url = _published_url(page)
    return page


def _published_url(page: PageSource) -> str:
    """The URL the page had, relative to the site root: its permalink, else its path.

    Raises :class:`PageError` when neither is a path this site can publish a page at.
    """
    default = posixpath.splitext(page.rel)[0] + ".html"
    if post := POST_NAME.fullmatch(page.rel):  # Jekyll's default for a post: by its date
        default = f"{post['year']}/{post['month']}/{post['day']}/{post['slug']}.html"
    try:
        default = site_path(default, home=True)
        default_problem = ""
    except UrlError as exc:
        default_problem = exc.reason
    permalink = page.data.get("permalink")
    line = page.key_lines.get("permalink", 0)
    if not isinstance(permalink, str) or not permalink.strip():
        if default_problem:
            raise PageError(
                f"it has no permalink, and its file name {default_problem}: give it a permalink"
            )
        page.flags.add(
            line,
            "permalink",
            f"No permalink: the page is published as {code_span(default)}, the URL Jekyll gave it.",
        )
        return default
    shown = quoted(permalink)
    url = permalink.strip().lstrip("/")
    try:
        published = site_path(url, home=True)
    except UrlError as exc:
        if default_problem:
            raise PageError(
                f"its permalink {shown} {exc.reason}, and its file name {default_problem}"
            ) from exc
        page.flags.add(
            line,
            "permalink",
            f"Permalink {shown} {exc.reason}; the page is published as {code_span(default)}.",
        )
        return default
    if url == "" or url.endswith("/"):
        page.flags.add(
            line,
            "permalink",
            f"Permalink {shown} is a folder: the page is published as "
            f"{code_span(published)}, which web servers serve for `/{url}`.",
        )
    elif not url.endswith(".html"):
        page.flags.add(
            line,
            "permalink",
            f"Permalink {shown} has no `.html`: the page is published as {code_span(published)}.",
        )
    return published


def _valid(key: str, value: Any) -> bool:
    """Whether the site honours *value* for *key*: the extension's own check of types, and
    `search`, whose only value is `exclude`."""
    if key == "search":
        return bool(value == "exclude")
    return bool(is_valid_value(key, value))


def _yaml_line(key: str, value: Any) -> list[str]:
    dumped = yaml.safe_dump({key: value}, default_flow_style=False, allow_unicode=True, width=1000)
    return dumped.rstrip("\n").splitlines()


def converted_front_matter(page: PageSource, *, title: str, orphan: bool) -> list[str]:
    """The YAML lines of the converted page's front matter, flagging what it drops.

    *title* is supplied when the page has none; *orphan* marks a page outside the navigation.
    Keys are kept as the author wrote them, except the title, which MyST reads as Markdown and
    is written as text (one line, markup characters escaped). Whenever the kept lines would not
    read back as the values meant (an alias to a dropped key, a line that would end the front
    matter), the whole front matter is written anew from its values.
    """
    kept: list[tuple[str, list[str], Any]] = []  # key, lines, value
    if title and not page.title:
        kept.append(("title", [], literal_text(title)))
    for key, value in page.data.items():
        line = page.key_lines[key]
        shown = quoted(value)
        if key == "title" and isinstance(value, str | int | float) and not isinstance(value, bool):
            text = literal_text(str(value))
            kept.append((key, [] if text != value else page.key_text[key], text))
        elif key in JEKYLL_KEYS:
            if value is None:
                continue  # `keywords:` left empty, as theme pages often do: nothing to keep
            if key == "permalink":
                if str(value).strip().lstrip("/") != page.url:
                    kept.append((key, [], "/" + page.url))  # flagged when the URL was chosen
                    continue
            elif not _valid(key, value):
                text_key = JEKYLL_KEYS[key] == (str,) and key != "search"
                if (
                    text_key
                    and isinstance(value, int | float | datetime.date)
                    and not isinstance(value, bool)
                ):
                    kept.append((key, [], str(value)))
                    page.flags.add(
                        line,
                        "frontmatter-value",
                        f"`{key}: {shown}` is now text: {quoted(str(value))}.",
                    )
                    continue
                page.flags.add(
                    line,
                    "frontmatter-value",
                    f"`{key}: {shown}` dropped: it must be "
                    + ("`exclude`" if key == "search" else _type_names(JEKYLL_KEYS[key]))
                    + ".",
                )
                continue
            kept.append((key, page.key_text[key], value))
        elif key == "layout":
            _layout_consumed(page, line, value)
        elif key in UNSAFE_TOOL_KEYS:
            page.flags.add(
                line,
                "frontmatter-key",
                f"Key `{key}` dropped ({shown}): it meant nothing on the Jekyll site, and here it "
                "would change how the page is read or add `<meta>` tags; set it by hand after "
                "review if it is needed.",
            )
        elif key in KNOWN_TOOL_KEYS or key.startswith("og:"):
            if key == "orphan" and orphan:
                continue  # written below
            kept.append((key, page.key_text[key], value))
        else:
            page.flags.add(
                line,
                "frontmatter-key",
                f"Key {quoted(key)} dropped ({shown}): the site does not honour it "
                "(add it to `nhs_assurance_frontmatter_keys` to keep it).",
            )
    if orphan:
        kept.append(("orphan", [], True))
    out = [text for key, lines, value in kept for text in (lines or _yaml_line(key, value))]
    if _reads_back(out, {key: value for key, _lines, value in kept}):
        return out
    return [text for key, _lines, value in kept for text in _yaml_line(key, value)]


#: The theme's layouts of pages and posts: the Sphinx theme frames a page as they did (title,
#: summary, navigation), and the page layout's banner becomes the site's announcement.
THEME_LAYOUTS = frozenset({"page", "post"})


def _layout_consumed(page: PageSource, line: int, value: object) -> None:
    """The ``layout`` key is the import's to consume, never written into a MyST page (where it
    would mean nothing): the theme's page or post layout quietly; any other layout, whose
    frame the import does not reproduce, flagged."""
    if isinstance(value, str) and value.strip() in THEME_LAYOUTS:
        return
    page.flags.add(
        line,
        "frontmatter-key",
        f"Key `layout` ({quoted(value)}) not kept: the site's layouts are not imported, and the "
        "page is framed by the Sphinx theme like every other page; check that nothing the "
        "layout added around the page is needed.",
    )


def _reads_back(lines: list[str], values: dict[str, Any]) -> bool:
    """Whether *lines* are front matter that MyST and YAML read as *values*."""
    if any(FRONT_MATTER_END.match(line) for line in lines):
        return False
    try:
        return bool(read_yaml("\n".join(lines)).value == (values or None))
    except YamlError:
        return False


def _type_names(types: tuple[type, ...]) -> str:
    names = {str: "text", list: "a list of text", bool: "`true` or `false`"}
    return " or ".join(names.get(t, t.__name__) for t in types)
