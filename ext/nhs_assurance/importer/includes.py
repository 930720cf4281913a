"""The theme's includes: alerts and callouts become MyST admonitions, images figures.

``{% include note.html content="..." %}`` (and ``tip``, ``warning``, ``important``) becomes
the admonition of that name. ``{% include callout.html content="..." type="..." %}`` becomes
the admonition closest to its Bootstrap colour. ``{% include image.html file="..." %}`` becomes
an image (a figure when it has a caption). ``links.html``, which only defines the theme's
automatic link names, is dropped. Any other include is kept as a MyST comment, which readers
do not see, and flagged.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.inline import InlineConverter
from nhs_assurance.importer.links import LinkResolver
from nhs_assurance.importer.paragraphs import ParagraphRenderer
from nhs_assurance.importer.text import Line, directive, literal_text, quoted

TAG = re.compile(r"\{%-?\s*include\s+(?P<file>[\w./-]+)(?P<params>.*?)-?%\}", re.DOTALL)
PARAM = re.compile(
    r"(?P<name>[\w-]+)\s*=\s*(?:\"(?P<dq>(?:[^\"\\]|\\.)*)\"|'(?P<sq>(?:[^'\\]|\\.)*)'"
    r"|(?P<var>[^\s\"']+))",
    re.DOTALL,
)

#: The theme's alert includes and the admonition each becomes.
ALERTS = {
    "note.html": "note",
    "tip.html": "tip",
    "warning.html": "warning",
    "important.html": "important",
}

#: ``callout.html``'s Bootstrap types and the admonition of the nearest meaning.
CALLOUT_TYPES = {
    "danger": "danger",
    "warning": "warning",
    "info": "note",
    "primary": "note",
    "default": "note",
    "success": "tip",
}

#: Includes that only support the theme's own machinery, and produce no content.
SILENT = frozenset({"links.html"})


@dataclass
class IncludeConverter:
    """Converts the include tags of one page."""

    paragraphs: ParagraphRenderer
    inline: InlineConverter
    links: LinkResolver
    flags: Flags

    def convert(self, lines: list[Line]) -> list[str]:
        """The output lines for an include block (empty when the include is dropped)."""
        text = "\n".join(line.text for line in lines)
        number = lines[0].number
        match = TAG.match(text.strip())
        if match is None or text.strip()[match.end() :].strip():
            return self._kept(text, number, "is not a single include tag")
        name = match["file"]
        found = list(PARAM.finditer(match["params"]))
        unquoted = [m["name"] for m in found if m["var"] is not None]
        if unquoted:
            return self._kept(text, number, f"passes variables ({', '.join(unquoted)})")
        params = {
            m["name"]: re.sub(r"\\(.)", r"\1", m["dq"] if m["dq"] is not None else m["sq"])
            for m in found
        }
        if name in SILENT:
            return []
        if name in ALERTS:
            return self._admonition(ALERTS[name], "", params, number, text)
        if name == "callout.html":
            kind = params.get("type", "default").strip().lower()
            if kind not in CALLOUT_TYPES:
                self.flags.add(
                    number,
                    "include",
                    f"Callout type {quoted(kind)} is not one of the theme's; it is "
                    "shown as a note.",
                )
            return self._admonition(
                CALLOUT_TYPES.get(kind, "note"), params.get("title", ""), params, number, text
            )
        if name == "image.html":
            return self._image(params, number, text)
        return self._kept(text, number, "is not one the importer knows")

    def _admonition(
        self, kind: str, title: str, params: dict[str, str], number: int, text: str
    ) -> list[str]:
        content = params.get("content", "").strip()
        if not content:
            return self._kept(text, number, "has no `content`")
        # Each line of the content is a line of text (the body escapes what would open a block).
        body = self.paragraphs.body([Line(number, part) for part in content.splitlines()])
        if title.strip():
            return directive("admonition", literal_text(title), {"class": kind}, body)
        return directive(kind, "", {}, body)

    def _image(self, params: dict[str, str], number: int, text: str) -> list[str]:
        file = params.get("file", "").strip()
        if not file:
            return self._kept(text, number, "has no `file`")
        target = self.links.resolve(f"images/{file}", number, image=True)
        caption = params.get("caption", "").strip()
        alt = params.get("alt", "").strip() or caption
        if target is None:
            return self.paragraphs.body([Line(number, literal_text(alt))]) if alt else []
        if not caption:
            return [f"![{literal_text(alt)}]({target})"]
        options = {"alt": alt} if alt else {}
        lines = [Line(number, part) for part in caption.splitlines()]
        return directive("figure", target, options, self.paragraphs.body(lines))

    def _kept(self, text: str, number: int, why: str) -> list[str]:
        self.flags.add(
            number,
            "include",
            f"Include {quoted(' '.join(text.split()))} {why}; it is kept as a comment "
            "in the page's source, which readers do not see.",
        )
        return [f"% {line}" for line in text.splitlines()]
