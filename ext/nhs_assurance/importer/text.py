"""Source lines, code spans, and every value written into MyST, quoted or escaped.

Whatever the importer writes into a page comes from the Jekyll site, which the importer does
not trust: a title, an option value, a toctree entry or the lines of an admonition must not
open a directive, a fence, a raw block or a role in MyST. The helpers here are the only way
such values are written: :func:`literal_text` (text shown exactly as it is),
:func:`option_value` (a directive option, quoted as MyST's option parser reads it back),
:func:`one_line` (a directive argument or toctree line), :func:`no_block_start` (a line of text
that must stay text) and :func:`no_roles` (Markdown whose ``{role}`` syntax Jekyll never had).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from myst_parser.parsers.options import TokenizeError, options_to_items

from nhs_assurance.core.excerpt import excerpt

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


#: Characters that can start markup in MyST inline text (escaped with a backslash to stay text).
INLINE_MARKUP = re.compile(r"([\\`*_{}\[\]<>!#|&~$])")
#: A fence (backticks, tildes, or MyST's colons) at the start of a line, after the markers of
#: the block quotes and list items it may be inside.
BLOCK_START = re.compile(
    r"^(?P<lead>(?:[ \t]*(?:>|[-+*]|\d{1,9}[.)])(?=[ \t]|$))*[ \t]*)(?P<mark>`{3}|~{3}|:{3}|#)"
)
#: Control characters other than the whitespace ones (tab, line breaks).
CONTROL = re.compile(r"[\x00-\x08\x0e-\x1b\x7f]")
#: A MyST role: ``{name}`` right before a backtick (or before a code span the inline converter
#: has masked, ``\x01``).
ROLE = re.compile(r"(?P<escapes>\\*)\{(?P<name>[^{}`\s]*)\}(?=[`\x01])")


def one_line(text: str) -> str:
    """*text* on one line: every run of whitespace and line breaks (any of the ones MyST or
    Python count) made one space, and other control characters dropped."""
    return " ".join(CONTROL.sub("", text).split())


def literal_text(text: str) -> str:
    """*text* as MyST inline text that shows exactly *text*, on one line."""
    return INLINE_MARKUP.sub(r"\\\1", one_line(text))


def no_block_start(line: str) -> str:
    """A line of text that cannot open a fence, a directive or a heading in MyST."""
    match = BLOCK_START.match(line)
    if match is None:
        return line
    return match["lead"] + "\\" + line[match.end("lead") :]


def no_roles(markdown: str) -> str:
    """*markdown* with the ``{`` of each role escaped: Jekyll had no roles, so ``{download}`x```
    in a page is text, and must not make the build read or link a file."""

    def escape(match: re.Match[str]) -> str:
        if len(match["escapes"]) % 2:
            return match.group(0)  # already escaped
        return f"{match['escapes']}\\{{{match['name']}}}"

    return ROLE.sub(escape, markdown)


def option_value(key: str, value: str) -> str:
    """*value* written so that MyST's option parser reads ``:key: value`` back as *value*, on
    one line: as it is when that reads back exactly, else double-quoted."""
    text = one_line(value)
    for written in (text, json.dumps(text, ensure_ascii=False)):
        try:
            items, _state = options_to_items(f"{key}: {written}")
        except TokenizeError:
            continue
        if items == [(key, text)]:
            return written
    raise ValueError(f"option {key} cannot be written: {excerpt(value)}")  # never: JSON is YAML


def quoted(value: object) -> str:
    """An author's value as a flag quotes it: its :func:`~nhs_assurance.core.excerpt.excerpt`
    (short, escaped) as code, a string without the quotes around it."""
    text = excerpt(value)
    if isinstance(value, str):
        text = text[1:-4] + "..." if text.endswith("'...") else text[1:-1]
        text = text.replace("\\'", "'")  # no quotes around it: a quote needs no escape
    return code_span(text)


def code_span(text: str) -> str:
    """*text* as an inline code span, with a fence of backticks longer than any inside it."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def directive(name: str, argument: str, options: dict[str, str], body: list[str]) -> list[str]:
    """A MyST colon-fence directive, with a fence longer than any colon fence in *body*.

    *argument* is made one line and each option value quoted (:func:`option_value`); *body* is
    written as it is: its lines come from the converters, which escape what they take.
    """
    longest = max(
        (len(m.group(0)) for line in body if (m := re.match(r"\s*:{3,}", line))), default=2
    )
    fence = ":" * max(3, longest + 1)
    argument = one_line(argument)
    head = f"{fence}{{{name}}}" + (f" {argument}" if argument else "")
    lines = [head] + [
        f":{key}: {option_value(key, value)}" if value else f":{key}:"
        for key, value in options.items()
    ]
    if body:
        lines += ([""] if options else []) + body
    return [*lines, fence]


def backtick_block(info: str, body: list[str]) -> list[str]:
    """A backtick fence (code or ``{raw}``), longer than any backtick run in *body*."""
    longest = max((len(run) for line in body for run in re.findall(r"`{3,}", line)), default=2)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}{info}", *body, fence]
