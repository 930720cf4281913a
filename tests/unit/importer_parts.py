"""The importer's converters for one page of a small fictional Jekyll site, for the unit tests.

The site has ``index.html`` (anchor ``intro``, once ``old-intro``) and ``guide/page.html``
(anchors ``setup`` and ``xyz0001``, the entry of the fictional standard XYZ0001), and one file,
``images/chart.png``. It was published at ``https://original.example/site/`` under the base URL
``/site``. Nothing here reaches outside the temporary folder it is given.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.inline import InlineConverter
from nhs_assurance.importer.links import LinkResolver, PageAnchors, SiteIndex
from nhs_assurance.importer.paragraphs import ParagraphRenderer
from nhs_assurance.importer.sources import SourceTree
from nhs_assurance.importer.tables import TableConverter
from nhs_assurance.importer.text import Line

ORIGINAL_SITE = "https://original.example/site/"


def fictional_site(src: Path) -> SiteIndex:
    """The index of the fictional site, its one file written under *src*."""
    (src / "images").mkdir(parents=True, exist_ok=True)
    (src / "images" / "chart.png").write_bytes(b"not really a PNG")
    return SiteIndex(
        tree=SourceTree.at(src),
        pages={"index.html": "index", "guide/page.html": "guide/page"},
        anchors={
            "index": PageAnchors(valid={"intro"}, renamed={"old-intro": "intro"}),
            "guide/page": PageAnchors(
                valid={"setup", "xyz0001"},
                renamed={"Setup": "setup"},
                standards={"xyz0001": "XYZ0001"},
            ),
        },
        original_site=ORIGINAL_SITE,
        baseurl="site",
    )


@dataclass
class PageParts:
    """The converters of one page, sharing its flags."""

    flags: Flags
    links: LinkResolver
    inline: InlineConverter
    paragraphs: ParagraphRenderer
    tables: TableConverter

    def flagged(self) -> list[tuple[int, str]]:
        """The flags raised so far, as (line, kind), in source order."""
        return [(flag.line, flag.kind) for flag in self.flags.sorted()]


def page_parts(
    src: Path, docname: str = "index", declared: frozenset[str] = frozenset()
) -> PageParts:
    """The converters of page *docname* of the fictional site; *declared*: the standard IDs the
    import declares (a legal sentence links them)."""
    flags = Flags()
    url = {"index": "index.html", "guide/page": "guide/page.html"}[docname]
    links = LinkResolver(fictional_site(src), docname, url, flags)
    inline = InlineConverter(links, flags)
    paragraphs = ParagraphRenderer(inline, flags, set(declared))
    return PageParts(flags, links, inline, paragraphs, TableConverter(inline, paragraphs, flags))


def lines(*texts: str) -> list[Line]:
    """Source lines numbered from 1."""
    return [Line(number, text) for number, text in enumerate(texts, start=1)]
