"""Fenced code blocks: kept as they are, unless Sphinx could not highlight their language.

Sphinx warns when it does not know a code block's language, or when the code does not lex in
it (a JSON example with ``...`` in it, say); with ``-W`` that fails the build. Such a block is
marked ``text`` instead, and flagged.
"""

from __future__ import annotations

import re

from pygments.filters import ErrorToken
from pygments.lexers import get_lexer_by_name
from pygments.util import ClassNotFound

from nhs_assurance.importer.blocks import FENCE, fence_closer
from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.text import Line, quoted

#: A language name as code blocks have them: ``{raw}`` or ``{eval-rst}`` would be a MyST
#: directive, which a Jekyll code block never was.
LANGUAGE = re.compile(r"[A-Za-z0-9_+#.-]*")
#: Names Sphinx highlights itself (``default`` tries Python and stays quiet when that fails).
SPHINX_LANGUAGES = frozenset({"", "default", "none", "text", "guess"})


def highlights(language: str, code: str) -> bool:
    """Whether Sphinx highlights *code* as *language* without a warning."""
    if language in SPHINX_LANGUAGES:
        return True
    try:
        lexer = get_lexer_by_name(language, stripnl=False, ensurenl=True)
    except ClassNotFound:
        return False
    lexer.add_filter("raiseonerror")
    try:
        for _token in lexer.get_tokens(code):
            pass
    except ErrorToken:
        return False
    return True


def convert_fence(lines: list[Line], flags: Flags) -> list[str]:
    """A fenced code block, its language replaced by ``text`` when it cannot be highlighted."""
    match = FENCE.match(lines[0].text)
    assert match is not None
    fence, info = match["fence"], match["info"].strip()
    closed = len(lines) > 1 and fence_closer(fence).match(lines[-1].text) is not None
    code = [line.text for line in (lines[1:-1] if closed else lines[1:])]
    language = info.split()[0].lower() if info else ""
    if not LANGUAGE.fullmatch(language):
        flags.add(
            lines[0].number,
            "code",
            f"Code block info {quoted(info)} is not a language name; the block is "
            "shown as plain text (in MyST it would be a directive).",
        )
        info = "text"
    elif not highlights(language, "\n".join(code)):
        flags.add(
            lines[0].number,
            "code",
            f"Code in `{language}` cannot be highlighted by Sphinx; it is shown as plain text.",
        )
        info = "text"
    indent = match["indent"]
    return [f"{indent}{fence}{info}", *code, f"{indent}{fence}"]
