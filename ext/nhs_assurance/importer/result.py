"""What an import did: each page's outcome and the whole import's result, read by the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nhs_assurance.importer.flags import Flags

if TYPE_CHECKING:  # compare.py needs the `importer` extra; the command line reads this module
    from nhs_assurance.importer.compare import PageComparison

#: The share of its original's words, in per cent, a page may miss before ``--strict`` fails.
DEFAULT_MAX_MISSING = 3.0


@dataclass
class PageOutcome:
    """What became of one source page: its output file, or why it was skipped."""

    source: str
    output: str = ""
    flags: Flags = field(default_factory=Flags)
    skipped: str = ""


@dataclass
class ImportResult:
    """What an import did, or would have done when it refused to overwrite files."""

    src: Path
    dest: Path
    original_site: str
    pages: list[PageOutcome] = field(default_factory=list)
    site_flags: dict[str, Flags] = field(default_factory=dict)
    #: Files of DEST (relative paths) written, left as they were, and refused.
    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    #: Files that cannot be written even with ``force`` (a folder or a link in the way), and why.
    blocked: dict[str, str] = field(default_factory=dict)
    #: Whether the import wrote ``conf.py`` (DEST had none).
    wrote_conf: bool = False
    #: With ``--compare``: each converted page against its original, in source order.
    comparisons: list[PageComparison] = field(default_factory=list)
    #: The share of its original's words a page may miss before it counts as a loss.
    max_missing: float = DEFAULT_MAX_MISSING
    #: Whether the import wrote nothing (``--dry-run``).
    dry_run: bool = False

    @property
    def converted(self) -> list[PageOutcome]:
        """The pages converted."""
        return [page for page in self.pages if not page.skipped]

    @property
    def skipped(self) -> list[PageOutcome]:
        """The pages that could not be parsed, or clashed with another, and were skipped."""
        return [page for page in self.pages if page.skipped]

    @property
    def flag_count(self) -> int:
        """How many flags the import raised, on pages and on the site's own files."""
        return sum(len(p.flags) for p in self.converted) + sum(
            len(f) for f in self.site_flags.values()
        )

    @property
    def losses(self) -> list[PageComparison]:
        """The compared pages that miss more than ``max_missing`` per cent of their original's
        words, show Liquid, or whose original was not found."""
        return [
            c
            for c in self.comparisons
            if c.missing_percent > self.max_missing or c.liquid or not c.original
        ]
