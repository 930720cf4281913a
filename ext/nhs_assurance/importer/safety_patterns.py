"""The clinical-safety patterns of the original e-RS pages.

- A heading ``[DCB0129](url) - Title.`` followed by its description is a standard entry: the
  ``standard`` directive, with the ID from the link text, ``:url:`` from the link and
  ``:title:`` the rest of the heading without the separator and the trailing full stop.
- A line in bold saying that compliance is mandatory is a legal note: the ``mandatory``
  directive, with the IDs of standards declared in the import as ``{standard}`` references.
- A paragraph starting ``**Note:**`` (or Tip, Warning, Important) is that admonition.
- A lone ``_`` closing a paragraph, which opens no emphasis, is a markup glitch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from nhs_assurance.core.ids import EntryId
from nhs_assurance.core.standard import STANDARD_IDS
from nhs_assurance.core.urls import UrlError, web_address
from nhs_assurance.importer.inline import LINK, TARGET_IAL
from nhs_assurance.importer.text import CODE_SPAN, outside_code

#: What standards are not linked inside: code spans and Markdown links.
CODE_OR_LINK = re.compile(f"{CODE_SPAN.pattern}|{LINK.pattern}", re.DOTALL)

STANDARD_HEADING = re.compile(
    r"^\[(?P<label>[^\]]+)\]\((?P<url>[^)\s]+)\)\s*(?:[-\u2013\u2014:|]\s*)(?P<title>.+)$"
)
BOLD_LINE = re.compile(r"^\s*(?P<mark>\*\*|__)(?P<text>\S.*?)(?P=mark)\s*(?:<br\s*/?>)?\s*$", re.I)
LABELLED = re.compile(
    r"^(?P<indent>\s*)(?P<mark>\*\*|__)(?P<label>note|tip|warning|important)"
    r"(?::(?P=mark)|(?P=mark):)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)
ID_WORD = re.compile(r"\b[A-Za-z]+[0-9]+\b")
LOOSE_UNDERSCORE = re.compile(r"(?<![A-Za-z0-9])_|_(?![A-Za-z0-9])")


@dataclass(frozen=True)
class StandardHeading:
    """The parts of a heading that declares a standard."""

    std_id: EntryId
    url: str
    title: str


def standard_heading(text: str) -> StandardHeading | None:
    """The standard a heading's text declares, or ``None`` when it is an ordinary heading."""
    match = STANDARD_HEADING.match(TARGET_IAL.sub("", text).strip())
    if match is None:
        return None
    std_id = STANDARD_IDS.parse(match["label"])
    title = " ".join(match["title"].split()).removesuffix(".").strip()
    try:
        url = web_address(match["url"].strip("<>"))
    except UrlError:
        return None  # an ordinary heading: its link is judged (and flagged) as any other
    if std_id is None or not title:
        return None
    return StandardHeading(std_id, url, title)


def mandatory_sentence(text: str) -> str | None:
    """The sentence of a whole-line bold statement that compliance is mandatory, else ``None``."""
    match = BOLD_LINE.match(text)
    if match is None or match["mark"] in match["text"] or not says_mandatory(match["text"]):
        return None  # not one bold sentence (`**A** and **B**` is two), or not a legal one
    return match["text"].strip()


def says_mandatory(text: str) -> bool:
    """Whether *text* says that compliance is mandatory."""
    return bool(
        re.search(r"\bcomplian(?:ce|t)\b", text, re.IGNORECASE)
        and re.search(r"\bmandatory\b", text, re.IGNORECASE)
    )


def labelled_admonition(text: str) -> tuple[str, str] | None:
    """``(kind, rest)`` for a first line ``**Note:** rest``, else ``None``."""
    match = LABELLED.match(text)
    if match is None:
        return None
    return match["label"].lower(), match["rest"]


def link_standards(markdown: str, declared: set[str]) -> str:
    """*markdown* with each declared standard ID (outside code and links) as a reference."""

    def plain(part: str) -> str:
        return ID_WORD.sub(
            lambda m: (
                f"{{standard}}`{m.group(0)}`"
                if (parsed := STANDARD_IDS.parse(m.group(0))) is not None and parsed.key in declared
                else m.group(0)
            ),
            part,
        )

    return outside_code(markdown, plain, skip=CODE_OR_LINK)


def stray_underscore(text: str) -> bool:
    """Whether a paragraph's closing ``_`` is a glitch: the only one that could mark emphasis."""
    if not text.rstrip().endswith("_") or text.rstrip().endswith("__"):
        return False
    without = CODE_SPAN.sub("", LINK.sub(lambda m: m["text"], text))
    return len(LOOSE_UNDERSCORE.findall(without)) == 1
