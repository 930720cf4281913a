"""Reading a built PDF back as a reader gets it: its text, links, bookmarks and pixels.

Shared by the LaTeX PDF tests (test_pdf.py) and the accessible PDF tests (test_pdf_accessible.py).
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from helpers import require_tool
from pypdf import PdfReader


def squash(text: str) -> str:
    """*text* without any whitespace, in Unicode's compatibility form.

    A PDF's text may lack the space between two words of a tightly set line and always breaks
    lines where LaTeX did, so text is compared with all whitespace removed; NFKC turns the
    ligatures the fonts use (ﬁ, ﬂ) back into letters.
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@dataclass
class Link:
    """A link annotation: a web address, or the page (and height) a link inside the PDF goes to."""

    page: int
    uri: str | None = None
    target_page: int | None = None
    target_top: float | None = None


@dataclass
class Pdf:
    """A built PDF, with the LaTeX source and log it came from."""

    path: Path
    tex: str
    log: str
    reader: PdfReader = field(init=False)

    def __post_init__(self) -> None:
        self.reader = PdfReader(self.path)

    @cached_property
    def pages(self) -> list[str]:
        """The text of each page, squashed (see `squash`), in the order the page draws it: as
        poppler's ``pdftotext -raw`` gives it (pypdf's text extraction gave the same text, on
        every page of the handbook's PDF, in fifteen times the time: 9 s for its 117 pages)."""
        require_tool("pdftotext", "it reads the PDF's text")
        text = subprocess.run(
            ["pdftotext", "-raw", "-enc", "UTF-8", str(self.path), "-"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        return [squash(page) for page in text.split("\f")[:-1]]

    def page_of(self, text: str, start: int = 0) -> int:
        """The index of the first page from *start* whose text holds *text*."""
        needle = squash(text)
        for index in range(start, len(self.pages)):
            if needle in self.pages[index]:
                return index
        raise AssertionError(f"no page of {self.path.name} holds {text!r}")

    @cached_property
    def links(self) -> list[Link]:
        """Every link annotation of the document, in page order."""
        destinations = self.reader.named_destinations
        links = []
        for number, page in enumerate(self.reader.pages):
            for annotation in page.get("/Annots") or []:
                action = annotation.get_object().get("/A")
                if action is None:
                    continue
                action = action.get_object()
                if action["/S"] == "/URI":
                    links.append(Link(number, uri=str(action["/URI"])))
                elif action["/S"] == "/GoTo" and str(action["/D"]) in destinations:
                    destination = destinations[str(action["/D"])]
                    target = self.reader.get_destination_page_number(destination)
                    links.append(Link(number, target_page=target, target_top=destination.top))
        return links

    def baselines(self, page: int, text: str) -> list[float]:
        """The heights on *page* of the text runs that start with *text*."""
        found: list[float] = []

        def visit(run: str, cm: list[float], tm: list[float], *_: object) -> None:
            if run.strip().startswith(text):
                found.append(tm[5])

        self.reader.pages[page].extract_text(visitor_text=visit)
        return found

    def outline_titles(self) -> list[str]:
        """The titles of the PDF's bookmarks, depth first."""

        def walk(items: list) -> list[str]:
            titles = []
            for item in items:
                titles += walk(item) if isinstance(item, list) else [item.title]
            return titles

        return walk(self.reader.outline)


def render_row(pdf: Path, page: int, y: float) -> list[tuple[int, int, int]]:
    """The pixels of *page* (0-based), rendered at 72 dpi, in the row *y* points from the top."""
    data = subprocess.run(
        ["pdftoppm", "-r", "72", "-f", str(page + 1), "-l", str(page + 1), str(pdf)],
        capture_output=True, check=True,
    ).stdout  # fmt: skip
    # A binary PPM: "P6", width, height, maximum value, then three bytes a pixel.
    magic, width, _height, _maximum, pixels = data.split(maxsplit=4)
    assert magic == b"P6"
    start = round(y) * int(width) * 3
    row = pixels[start : start + int(width) * 3]
    return [(row[i], row[i + 1], row[i + 2]) for i in range(0, len(row), 3)]


def near(rgb: tuple[int, int, int], colour: tuple[int, int, int]) -> bool:
    """Whether two colours are the same, give or take anti-aliasing."""
    return all(abs(a - b) <= 3 for a, b in zip(rgb, colour, strict=True))
