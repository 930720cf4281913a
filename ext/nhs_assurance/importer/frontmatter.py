"""A Jekyll page's front matter: read it, keep what the site honours, and name the page.

The keys ``nhs_assurance`` honours (``frontmatter.JEKYLL_KEYS``) and the keys MyST, Sphinx and
Furo understand (``frontmatter.KNOWN_TOOL_KEYS``) are kept as the author wrote them, comments
and quoting included. Any other key would make the build warn, so it is dropped and flagged.
"""

from __future__ import annotations

import datetime
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from nhs_assurance.core.frontmatter import JEKYLL_KEYS, KNOWN_TOOL_KEYS, is_valid_value, load_yaml
from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.text import Line


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

    @property
    def docname(self) -> str:
        """The Sphinx document name: the published URL without ``.html``."""
        return self.url.removesuffix(".html")

    @property
    def title(self) -> str:
        """The page's title, or ``""`` when it has none."""
        value = self.data.get("title")
        return str(value).strip() if isinstance(value, str | int | float) else ""


def read_page(root: Path, rel: str) -> PageSource:
    """Read ``root/rel``; raise :class:`PageError` when its front matter cannot be parsed."""
    try:
        # utf-8-sig: a byte order mark, which some editors add, is not part of the front matter
        text = (root / rel).read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise PageError(f"the file is not UTF-8 text ({exc.reason})") from exc
    except OSError as exc:
        raise PageError(f"the file cannot be read ({exc.strerror})") from exc
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        raise PageError("no front matter: Jekyll copies such a file as it is, it is not a page")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in ("---", "...")), None)
    if end is None:
        raise PageError("the front matter is not closed by a line '---'")
    block = lines[1:end]
    try:
        root_node, data = load_yaml("\n".join(block))
    except yaml.YAMLError as exc:
        message = " ".join(str(exc).split())
        raise PageError(f"the front matter is not valid YAML: {message}") from exc
    if data is None:
        data, pairs = {}, []
    elif isinstance(data, dict) and isinstance(root_node, yaml.MappingNode):
        pairs = root_node.value
    else:
        raise PageError("the front matter is not a mapping of keys to values")

    key_text: dict[str, list[str]] = {}
    key_lines: dict[str, int] = {}
    starts = [key.start_mark.line for key, _value in pairs] + [len(block)]
    for (key, _value), start, stop in zip(pairs, starts, starts[1:], strict=False):
        chunk = block[start:stop]
        while chunk and (not chunk[-1].strip() or chunk[-1].lstrip().startswith("#")):
            chunk.pop()  # blank lines and comments before the next key stay out
        key_text[str(key.value)] = chunk
        key_lines[str(key.value)] = start + 2  # 1-based, after the opening ---
    body = [Line(number, line) for number, line in enumerate(lines[end + 1 :], start=end + 2)]
    page = PageSource(rel, {str(k): v for k, v in data.items()}, key_text, key_lines, body)
    page.url = _published_url(page)
    return page


def _published_url(page: PageSource) -> str:
    """The URL the page had, relative to the site root: its permalink, else its path."""
    default = posixpath.splitext(page.rel)[0] + ".html"
    permalink = page.data.get("permalink")
    line = page.key_lines.get("permalink", 0)
    if not isinstance(permalink, str) or not permalink.strip():
        page.flags.add(
            line,
            "permalink",
            f"No permalink: the page is published as `{default}`, the URL Jekyll gave it.",
        )
        return default
    url = permalink.strip().lstrip("/")
    if ":" in url or ".." in url.split("/"):
        page.flags.add(
            line,
            "permalink",
            f"Permalink `{permalink}` is a pattern or leaves the site; "
            f"the page is published as `{default}`.",
        )
        return default
    if url == "" or url.endswith("/"):
        page.flags.add(
            line,
            "permalink",
            f"Permalink `{permalink}` is a folder: the page is published as "
            f"`{url}index.html`, which web servers serve for `/{url}`.",
        )
        return url + "index.html"
    if not url.endswith(".html"):
        page.flags.add(
            line,
            "permalink",
            f"Permalink `{permalink}` has no `.html`: the page is published as `{url}.html`.",
        )
        return url + ".html"
    return url


def _valid(key: str, value: Any) -> bool:
    """Whether the site honours *value* for *key*: the extension's own check of types, and
    `search`, whose only value is `exclude`."""
    if key == "search":
        return value == "exclude"
    return is_valid_value(key, value)


def _yaml_line(key: str, value: Any) -> list[str]:
    dumped = yaml.safe_dump({key: value}, default_flow_style=False, allow_unicode=True, width=1000)
    return dumped.rstrip("\n").splitlines()


def converted_front_matter(page: PageSource, *, title: str, orphan: bool) -> list[str]:
    """The YAML lines of the converted page's front matter, flagging what it drops.

    *title* is supplied when the page has none; *orphan* marks a page outside the navigation.
    """
    out: list[str] = []
    if title and not page.title:
        out += _yaml_line("title", title)
    for key, value in page.data.items():
        line = page.key_lines[key]
        if key in JEKYLL_KEYS:
            if value is None:
                continue  # `keywords:` left empty, as theme pages often do: nothing to keep
            if key == "permalink":
                if str(value).strip().lstrip("/") != page.url:
                    out += _yaml_line(key, "/" + page.url)  # flagged when the URL was chosen
                    continue
            elif not _valid(key, value):
                text_key = JEKYLL_KEYS[key] == (str,) and key != "search"
                if (
                    text_key
                    and isinstance(value, int | float | datetime.date)
                    and not isinstance(value, bool)
                ):
                    out += _yaml_line(key, str(value))
                    page.flags.add(
                        line, "frontmatter-value", f"`{key}: {value}` is now text: {str(value)!r}."
                    )
                    continue
                page.flags.add(
                    line,
                    "frontmatter-value",
                    f"`{key}: {value!r}` dropped: it must be "
                    + ("`exclude`" if key == "search" else _type_names(JEKYLL_KEYS[key]))
                    + ".",
                )
                continue
            out += page.key_text[key]
        elif key in KNOWN_TOOL_KEYS or key.startswith("og:"):
            if key == "orphan" and orphan:
                continue  # written below
            out += page.key_text[key]
        else:
            shown = " ".join(" ".join(page.key_text[key]).split())
            page.flags.add(
                line,
                "frontmatter-key",
                f"Key `{key}` dropped (`{shown[:80]}`): the site does not honour it "
                "(add it to `nhs_assurance_frontmatter_keys` to keep it).",
            )
    if orphan:
        out.append("orphan: true")
    return out


def _type_names(types: tuple[type, ...]) -> str:
    names = {str: "text", list: "a list of text", bool: "`true` or `false`"}
    return " or ".join(names.get(t, t.__name__) for t in types)
