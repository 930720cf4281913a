"""Helpers for locating a directive's options in its source, for precise warnings."""

from __future__ import annotations

import re

from docutils.parsers.rst import Directive


def option_line(directive: Directive, name: str) -> int:
    """The source line of option *name* in *directive*, or the directive's own line.

    Both spellings MyST accepts are found: ``:name: value`` lines before the first blank line,
    and ``name: value`` lines inside a ``---`` delimited YAML options block. The body is never
    searched, so a body line that happens to look like an option is not mistaken for one.
    """
    lines = directive.block_text.splitlines()[1:]
    if lines and lines[0].strip() == "---":
        pattern = re.compile(rf"\s*{re.escape(name)}\s*:(\s|$)")
        start, stop = 1, next((i for i, ln in enumerate(lines[1:], 1) if ln.strip() == "---"), 0)
    else:
        pattern = re.compile(rf"\s*:{re.escape(name)}:(\s|$)")
        start, stop = 0, next((i for i, ln in enumerate(lines) if not ln.strip()), len(lines))
    for offset in range(start, stop):
        if pattern.match(lines[offset]):
            return directive.lineno + 1 + offset
    return directive.lineno
