"""Helpers for locating a directive's options in its source, for precise warnings."""

from __future__ import annotations

import re

from docutils.parsers.rst import Directive

from nhs_assurance.diagnostics import Subtype, warn
from nhs_assurance.pages.source import page_source

#: A directive's first line: a MyST fence (``:::{standard}``, ```` ```{standard} ````) or rST.
MYST_OPENING = re.compile(r"\s*(:{3,}|`{3,}|~{3,})\s*\{")
RST_OPENING = re.compile(r"\s*\.\.\s+[\w:-]+::")


def option_location(directive: Directive, line: int) -> str:
    """``source:line`` for a warning about *line* of *directive*'s source."""
    source, at = directive.state_machine.get_source_and_line(line)
    return f"{source}:{at}"


def _block_lines(directive: Directive) -> list[str]:
    """The directive's source lines, from its opening line on.

    MyST 5.2 gives the whole block as ``block_text``; earlier releases give only the body, so
    there the lines are taken from the page's source (kept in memory while it is read).
    """
    lines = directive.block_text.splitlines()
    if lines and (MYST_OPENING.match(lines[0]) or RST_OPENING.match(lines[0])):
        return lines
    document = directive.state.document
    text = page_source(document.settings.env, document.get("source", ""))
    if text is None:
        return lines
    return text.split("\n")[directive.lineno - 1 :]


def _option_lines(directive: Directive) -> list[tuple[str, int]]:
    """Each option written in *directive*'s source, with its line, in order.

    Both spellings MyST accepts are read: ``:name: value`` lines before the first blank line,
    and ``name: value`` lines inside a ``---`` delimited YAML options block. The body is never
    read, so a body line that happens to look like an option is not mistaken for one.
    """
    lines = _block_lines(directive)[1:]
    if lines and lines[0].strip() == "---":
        pattern = re.compile(r"\s*([\w-]+)\s*:(?:\s|$)")
        start = 1
        stop = next((i for i, ln in enumerate(lines[1:], 1) if ln.strip() == "---"), 0)
    else:
        pattern = re.compile(r"\s*:([\w-]+):(?:\s|$)")
        start = 0
        stop = next((i for i, ln in enumerate(lines) if not ln.strip()), len(lines))
    found = []
    for offset in range(start, stop):
        if match := pattern.match(lines[offset]):
            found.append((match[1], directive.lineno + 1 + offset))
    return found


def option_line(directive: Directive, name: str) -> int:
    """The source line of option *name* in *directive* (its last one), or the directive's line."""
    lines = [line for option, line in _option_lines(directive) if option == name]
    return lines[-1] if lines else directive.lineno


def warn_repeated_options(directive: Directive, name: str) -> None:
    """Warn at each option written more than once: MyST keeps only the last, silently."""
    seen: set[str] = set()
    for option, line in _option_lines(directive):
        if option in seen:
            warn(
                Subtype.REPEATED_OPTION,
                f"{name}: :{option}: is given more than once; only the last value is used",
                option_location(directive, line),
            )
        seen.add(option)
