"""Inline markup: kramdown attribute lists, inline HTML, ``<br>`` and links.

On this site raw HTML typed in Markdown is shown as text, so inline HTML must become Markdown:
``<b>``/``<strong>`` bold, ``<i>``/``<em>`` italic, ``<code>`` code, ``<a href>`` a link,
``<img>`` an image, ``<sup>``/``<sub>`` MyST's roles. Any other tag is removed (its text kept)
and flagged. ``<br>`` becomes the marker :data:`BR`, which each kind of block turns into what
a line break is for it. Code spans are left exactly as they are.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass

from nhs_assurance.core.urls import UrlError, content_link
from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.links import LinkResolver
from nhs_assurance.importer.text import CODE_SPAN, code_span, literal_text, no_roles, quoted

#: Where a ``<br>`` was: a paragraph turns it into a hard break, a heading into a space.
BR = "\x00"

TARGET_IAL = re.compile(r"\{:\s*(?:target|rel)\s*=\s*[\"']?[^}\"']*[\"']?[^}]*\}")
IAL = re.compile(r"\{:[^}]*\}|\{#[\w-]+\}")
BR_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
PAIRED = re.compile(
    r"<(?P<tag>b|strong|i|em|code|sup|sub|a)(?P<attrs>\s[^<>]*)?>(?P<inner>.*?)</(?P=tag)\s*>",
    re.IGNORECASE | re.DOTALL,
)
IMG = re.compile(r"<img(?P<attrs>\s[^<>]*?)/?>", re.IGNORECASE)
ANY_TAG = re.compile(r"</?(?P<tag>[A-Za-z][A-Za-z0-9]*)(?:\s[^<>]*)?/?>")
ATTRIBUTE = re.compile(
    r"(?P<name>[\w:-]+)\s*=\s*(?:\"(?P<dq>[^\"]*)\"|'(?P<sq>[^']*)'|(?P<bare>[^\s>]+))"
)
LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]\\]|\\.|\[(?:[^\[\]\\]|\\.)*\])*)\]"
    r"\(\s*(?P<target><[^<>\n]*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
    r"(?P<title>\s+(?:\"[^\"]*\"|'[^']*'|\([^()]*\)))?\s*\)"
)
#: A link definition (not a footnote's, ``[^1]: text``, whose text is converted as any other).
DEFINITION = re.compile(r"^(?P<lead> {0,3}\[(?!\^)[^\]]+\]:\s*)(?P<target>\S+)(?P<rest>.*)$")
#: Characters an HTML attribute's URL may hold that a Markdown link target must escape.
DESTINATION_SPECIAL = re.compile(r"([()&\\<>])")
MASK = "\x01{}\x02"
MASKED = re.compile("\x01(\\d+)\x02")


def destination(url: str) -> str:
    """An HTML attribute's URL (its references decoded), which the URL policy allowed, as a
    Markdown link target that MyST reads back as the same URL."""
    return DESTINATION_SPECIAL.sub(r"\\\1", url.strip())


def attributes(text: str) -> dict[str, str]:
    """The attributes of an HTML tag's attribute text, unescaped."""
    found = {}
    for match in ATTRIBUTE.finditer(text or ""):
        value = next((v for v in (match["dq"], match["sq"], match["bare"]) if v is not None), "")
        found[match["name"].lower()] = html.unescape(value)
    return found


@dataclass
class InlineConverter:
    """Converts the inline markup of one page, flagging what it cannot keep."""

    links: LinkResolver
    flags: Flags

    def convert(self, text: str, line: int) -> str:
        """Convert one line of inline Markdown (``<br>`` becomes :data:`BR`)."""
        spans: list[str] = []

        def mask(match: re.Match[str]) -> str:
            spans.append(match.group(0))
            return MASK.format(len(spans) - 1)

        def unmask(masked: str) -> str:
            return MASKED.sub(lambda m: spans[int(m.group(1))], masked)

        masked = no_roles(CODE_SPAN.sub(mask, text))
        masked = self._attribute_lists(masked, line)
        masked = self._html(masked, line)
        definition = DEFINITION.match(masked)
        if definition:
            new = self.links.resolve(definition["target"], line)
            # A definition whose link is removed (flagged) goes: its references stay text.
            masked = definition["lead"] + new + definition["rest"] if new else ""
        else:
            masked = self._links(masked, line, unmask)
        return unmask(masked)

    def _attribute_lists(self, text: str, line: int) -> str:
        text = TARGET_IAL.sub("", text)  # links open in the same tab, as the site's links do

        def drop(match: re.Match[str]) -> str:
            self.flags.add(
                line,
                "kramdown",
                f"kramdown attribute list {code_span(match.group(0))} dropped "
                "(its class, id or style has no equivalent here).",
            )
            return ""

        return IAL.sub(drop, text)

    def _html(self, text: str, line: int) -> str:
        text = BR_TAG.sub(BR, text)
        previous = None
        while previous != text:  # innermost first, so nested tags convert too
            previous = text
            text = PAIRED.sub(lambda m: self._paired(m, line), text)
        text = IMG.sub(lambda m: self._image(m, line), text)

        def strip(match: re.Match[str]) -> str:
            tag = match["tag"].lower()
            if tag == "p":
                return BR if match.group(0).startswith("</") else ""
            self.flags.add(
                line,
                "inline-html",
                f"Inline HTML `<{tag}>` removed, its text kept: raw HTML is shown as text here.",
            )
            return ""

        return ANY_TAG.sub(strip, text)

    def _paired(self, match: re.Match[str], line: int) -> str:
        tag, inner = match["tag"].lower(), match["inner"]
        if tag == "a":
            attrs = attributes(match["attrs"])
            href = attrs.get("href", "")
            if not href:
                self.flags.add(
                    line, "inline-html", "An HTML anchor `<a>` without `href` removed, text kept."
                )
                return inner
            if not self._allowed(href, line, "link"):
                return inner
            return f"[{inner}]({destination(href)})"
        if not inner.strip():
            return inner
        lead = inner[: len(inner) - len(inner.lstrip())]
        trail = inner[len(inner.rstrip()) :]
        core = inner.strip()
        if tag in ("b", "strong"):
            return f"{lead}**{core}**{trail}"
        if tag in ("i", "em"):
            return f"{lead}*{core}*{trail}"
        if tag == "code":
            return lead + code_span(html.unescape(core)) + trail
        return f"{lead}{{{tag}}}{code_span(core)}{trail}"  # sup, sub: MyST's roles

    def _image(self, match: re.Match[str], line: int) -> str:
        attrs = attributes(match["attrs"])
        src = attrs.pop("src", "")
        alt = attrs.pop("alt", "")
        if not src:
            self.flags.add(line, "inline-html", "An `<img>` without `src` removed.")
            return ""
        if attrs:
            self.flags.add(
                line,
                "inline-html",
                f"`<img>` attributes {quoted(', '.join(sorted(attrs)))} dropped; "
                "the image is kept.",
            )
        if not self._allowed(src, line, "image"):
            return literal_text(alt)
        return f"![{literal_text(alt)}]({destination(src)})"

    def _allowed(self, url: str, line: int, kind: str) -> bool:
        """Whether the URL policy allows *url*, an HTML attribute's; flagged when it does not."""
        try:
            content_link(url)
        except UrlError as exc:
            self.flags.add(
                line,
                kind,
                f"HTML {kind} to {quoted(url)} {exc.reason}: it is removed, its text kept.",
            )
            return False
        return True

    def _links(self, text: str, line: int, unmask: Callable[[str], str]) -> str:
        def replace(match: re.Match[str]) -> str:
            image = bool(match["bang"])
            if not image and (std_id := self.links.standard(match["target"])):
                # A link to a standard's entry: the {standard} role, which the build checks.
                # The label's code spans are masked here: a role cannot hold their backticks.
                label = " ".join(unmask(match["text"]).replace("`", "").split())
                return (
                    f"{{standard}}`{std_id}`"
                    if label in ("", std_id)
                    else (f"{{standard}}`{label} <{std_id}>`")
                )
            label = match["text"] if image else self._links(match["text"], line, unmask)
            new = self.links.resolve(match["target"], line, image=image)
            if new is None:
                return label
            return f"{match['bang']}[{label}]({new}{match['title'] or ''})"

        return LINK.sub(replace, text)
