"""Liquid in a page: variables resolved from ``_config.yml``, ``_data`` and the page itself.

Jekyll runs Liquid before Markdown, so this runs first, over every line of a page:

- ``{{ site.x }}`` (``_config.yml``), ``{{ site.data.file.key }}`` (``_data``), ``{{ page.x }}``
  (the front matter) and a bare ``{{ x }}`` (a top-level ``_config.yml`` setting) are
  substituted; anything else (an unknown name, a filter, a value that is not text) is kept as
  it is and flagged;
- ``{% raw %}...{% endraw %}`` is kept as it is, without the tags;
- ``{% comment %}...{% endcomment %}`` is dropped, as Jekyll drops it;
- ``{% highlight lang %}...{% endhighlight %}`` becomes a fenced code block;
- ``{% include %}`` is left for the include converter; any other tag is kept and flagged.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.text import Line, code_span

VARIABLE = r"\{\{-?(?P<expr>.*?)-?\}\}"
TOKEN = re.compile(VARIABLE + r"|\{%-?\s*(?P<tag>\w+)(?P<args>.*?)-?%\}")
VARIABLE_ONLY = re.compile(VARIABLE)
END_RAW = re.compile(r"\{%-?\s*endraw\s*-?%\}")
END_COMMENT = re.compile(r"\{%-?\s*endcomment\s*-?%\}")
PATH_PART = re.compile(r"\.(?P<name>[\w-]+)|\[(?P<index>\d+)\]|\[(?P<q>[\"'])(?P<key>.*?)(?P=q)\]")
PATH_HEAD = re.compile(r"[A-Za-z_][\w-]*")
STRING = re.compile(r"([\"'])(?P<text>.*)\1")


@dataclass
class LiquidContext:
    """The values Liquid variables resolve to: ``site`` (with ``site.data``) and ``page``."""

    config: dict[str, Any]
    data: dict[str, Any]
    page: dict[str, Any]

    def resolve(self, expression: str) -> str | None:
        """The text of a variable expression, or ``None`` when it cannot be resolved."""
        expression = expression.strip()
        if "|" in expression:
            return None  # filters change the value in ways the importer does not reproduce
        if literal := STRING.fullmatch(expression):
            return literal["text"]
        head = PATH_HEAD.match(expression)
        if head is None:
            return None
        value: Any
        if head.group(0) == "site":
            value = {**self.config, "data": self.data}
        elif head.group(0) == "page":
            value = self.page
        else:
            value = self.config.get(head.group(0))
            if value is None:
                return None
        rest = expression[head.end() :]
        while rest:
            part = PATH_PART.match(rest)
            if part is None:
                return None
            rest = rest[part.end() :]
            key: str | int = (
                int(part["index"]) if part["index"] is not None else part["name"] or part["key"]
            )
            in_list = isinstance(value, list) and isinstance(key, int) and key < len(value)
            if not in_list and not (isinstance(value, dict) and key in value):
                return None
            value = value[key]
        return _as_text(value)


def _as_text(value: Any) -> str | None:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str | int | float):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    return None  # nil, a list or a mapping: Liquid would print nothing useful


def preprocess(lines: list[Line], context: LiquidContext, flags: Flags) -> list[Line]:
    """Resolve the Liquid of a page's lines, dropping lines that held only Liquid tags."""
    out: list[Line] = []
    mode = ""  # "", "raw" or "comment": inside a {% raw %} or {% comment %} block
    for line in lines:
        text, mode = _convert_line(line, context, flags, mode)
        if text is None or (not text.strip() and line.text.strip()):
            continue  # a line that held only tags, a comment or an open highlight: gone
        out.append(Line(line.number, text))
    return out


def _convert_line(
    line: Line, context: LiquidContext, flags: Flags, mode: str
) -> tuple[str | None, str]:
    text, position = line.text, 0
    parts: list[str] = []
    stripped = text.strip()
    while position <= len(text):
        if mode == "comment":
            end = END_COMMENT.search(text, position)
            if end is None:
                return ("".join(parts) or None), mode
            position, mode = end.end(), ""
            continue
        if mode == "raw":
            end = END_RAW.search(text, position)
            if end is None:
                parts.append(text[position:])
                return "".join(parts), mode
            parts.append(text[position : end.start()])
            position, mode = end.end(), ""
            continue
        token = TOKEN.search(text, position)
        if token is None:
            parts.append(text[position:])
            break
        parts.append(text[position : token.start()])
        position = token.end()
        if token["expr"] is not None:
            parts.append(_variable(token, line, context, flags))
            continue
        tag, args = token["tag"], token["args"].strip()
        if tag == "raw":
            mode = "raw"
        elif tag == "comment":
            mode = "comment"
        elif tag in ("highlight", "endhighlight") and stripped == token.group(0).strip():
            language = args.split()[0] if args else ""
            return ("```" + language if tag == "highlight" else "```"), mode
        elif tag == "include":
            # Left for the include converter, with the variables of its parameters resolved.
            parts.append(
                VARIABLE_ONLY.sub(lambda m: _variable(m, line, context, flags), token.group(0))
            )
        else:
            flags.add(
                line.number,
                "liquid",
                f"Liquid tag {code_span(token.group(0))} is not converted; it is kept as text.",
            )
            parts.append(token.group(0))
    return "".join(parts), mode


def _variable(match: re.Match[str], line: Line, context: LiquidContext, flags: Flags) -> str:
    value = context.resolve(match["expr"])
    if value is None:
        flags.add(
            line.number,
            "liquid",
            f"Liquid variable {code_span(match.group(0))} cannot be resolved from `_config.yml`, "
            "`_data` or the front matter; it is kept as text.",
        )
        return match.group(0)
    return value
