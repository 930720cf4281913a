"""The page being read, as the parser reads it: hidden line breaks made spaces, each reported.

``clean_source`` (``source-read``) cleans a page's text with ``core.text.clean_text`` before MyST
parses it, warns at each line it changed, and keeps the cleaned text for the rest of the page's
reading (``env.current_document``, which Sphinx starts afresh for each page), so that front
matter and option lines are found in the very text MyST parsed, without reading the file again.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from nhs_assurance.core.text import clean_text, describe
from nhs_assurance.diagnostics import Subtype, warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Where the page being read keeps its source file's path and cleaned text.
CURRENT_SOURCE_KEY: Final = "nhs_assurance:source"


def clean_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: replace hidden line breaks in a page's source, warning at each line."""
    source[0], found = clean_text(source[0])
    keep_source(app.env, docname, source[0])
    for line, chars in found.items():
        warn(
            Subtype.HIDDEN_CHARACTER,
            f"the invisible {', '.join(map(describe, chars))} on this line became a space: "
            "some tools would break the line there (it often comes with pasted text)",
            (docname, line),
        )


def keep_source(env: Any, docname: str, text: str) -> None:
    """Keep *text* as the source of the page being read: what its parser will read."""
    env.current_document[CURRENT_SOURCE_KEY] = (Path(env.doc2path(docname)), text)


def page_source(env: Any, path: str | Path) -> str | None:
    """The text of source file *path* as the parser reads it: hidden line breaks made spaces, no
    byte order mark. ``None`` when it cannot be read.

    The page being read comes from memory, as Sphinx read it (``clean_source`` kept it), so that
    it is neither read from disk nor cleaned again; any other file, from disk, in the encoding
    Sphinx reads sources in (``source_encoding``).
    """
    current: tuple[Path, str] | None = env.current_document.get(CURRENT_SOURCE_KEY)
    if current is not None and current[0] == Path(path):
        return current[1]
    try:
        text = Path(path).read_text(encoding=env.config.source_encoding)
    except (OSError, UnicodeError, LookupError):  # gone, or not in that encoding
        return None
    return clean_text(text.removeprefix("\ufeff"))[0]


def setup_source(app: Sphinx) -> None:
    """Clean every page's source before it is parsed."""
    app.connect("source-read", clean_source)
