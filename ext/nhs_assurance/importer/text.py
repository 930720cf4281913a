"""Source lines, and the code spans that conversions must leave alone."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

#: A code span: a run of backticks, then anything up to the same run (CommonMark).
CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).*?(?<!`)\1(?!`)", re.DOTALL)


@dataclass(frozen=True)
class Line:
    """One line of a source page, with its 1-based line number in the file."""

    number: int
    text: str


def outside_code(
    text: str, convert: Callable[[str], str], skip: re.Pattern[str] = CODE_SPAN
) -> str:
    """Apply *convert* to the parts of *text* that are not inside code spans (or *skip*)."""
    parts: list[str] = []
    position = 0
    for match in skip.finditer(text):
        parts.append(convert(text[position : match.start()]))
        parts.append(match.group(0))
        position = match.end()
    parts.append(convert(text[position:]))
    return "".join(parts)


def code_span(text: str) -> str:
    """*text* as an inline code span, with a fence of backticks longer than any inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def directive(name: str, argument: str, options: dict[str, str], body: list[str]) -> list[str]:
    """A MyST colon-fence directive, with a fence longer than any colon fence in *body*."""
    longest = max(
        (len(m.group(0)) for line in body if (m := re.match(r"\s*:{3,}", line))), default=2
    )
    fence = ":" * max(3, longest + 1)
    head = f"{fence}{{{name}}}" + (f" {argument}" if argument else "")
    lines = [head] + [f":{key}: {value}" if value else f":{key}:" for key, value in options.items()]
    if body:
        lines += ([""] if options else []) + body
    return [*lines, fence]


def backtick_block(info: str, body: list[str]) -> list[str]:
    """A backtick fence (code or ``{raw}``), longer than any backtick run in *body*."""
    longest = max((len(run) for line in body for run in re.findall(r"`{3,}", line)), default=2)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{info}", *body, fence]
