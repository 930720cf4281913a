"""``python -m nhs_assurance.importer SRC DEST`` and the ``nhs-import-jekyll`` command."""

from __future__ import annotations

import argparse
import enum
import sys
from pathlib import Path

from nhs_assurance.core.excerpt import excerpt, visible
from nhs_assurance.core.urls import UrlError, web_address
from nhs_assurance.importer.output import WriteError
from nhs_assurance.importer.pipeline import import_site
from nhs_assurance.importer.report import REPORT_NAME, terminal_lines
from nhs_assurance.importer.site import SiteError


class ExitStatus(enum.IntEnum):
    """The command's exit statuses, each with what it means (``--help`` and the handbook's
    command-line reference list them)."""

    description: str

    def __new__(cls, value: int, description: str) -> ExitStatus:
        member = int.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member

    OK = 0, "every page was converted (the report lists what to check)"
    SKIPPED = 1, "some pages could not be parsed and were skipped; the others were converted"
    USAGE = (
        2,
        "bad arguments, SRC is not a Jekyll site, or DEST cannot be used or written "
        "(DEST is SRC, or inside it, or below a file); nothing was written",
    )
    REFUSED = 3, "files in DEST would be overwritten; nothing was written (rerun with --force)"


EXIT_OK = ExitStatus.OK
EXIT_SKIPPED = ExitStatus.SKIPPED
EXIT_USAGE = ExitStatus.USAGE
EXIT_REFUSED = ExitStatus.REFUSED

EPILOG = f"""\
what it does:
  Converts every page of SRC (pages/**/*.md and the Markdown pages at its root) into a MyST
  page in DEST named after the page's permalink, so every old URL still works; writes the
  sidebars (_data/sidebars/*.yml) as toctrees in DEST/index.md; writes DEST/conf.py when
  DEST has none; and writes a report of what it flagged for a person to check to the
  terminal and to DEST/{REPORT_NAME}. It reads only regular files inside SRC and writes
  only inside DEST, every file or none.
  Running it again changes nothing. When a file already in DEST differs from what the import
  would write there, it writes nothing at all, unless --force is given.

exit status:
  {EXIT_OK}  every page was converted (the report lists what to check)
  {EXIT_SKIPPED}  some pages could not be parsed and were skipped; the others were converted
  {EXIT_USAGE}  bad arguments, SRC is not a Jekyll site, or DEST cannot be used or written
     (DEST is SRC, or inside it, or below a file); nothing was written
  {EXIT_REFUSED}  files in DEST would be overwritten; nothing was written (rerun with --force)

example:
  nhs-import-jekyll ../old-site docs --original-site https://example.org/old-site/
"""


def parser() -> argparse.ArgumentParser:
    """The command line's parser."""
    result = argparse.ArgumentParser(
        prog="nhs-import-jekyll",
        description=(
            "Import a documentation-theme-jekyll site into MyST pages for Sphinx and the "
            "nhs_assurance extension."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    result.add_argument("src", metavar="SRC", type=Path, help="the Jekyll site's folder")
    result.add_argument(
        "dest",
        metavar="DEST",
        type=Path,
        help="the folder to write the MyST pages to (made if it does not exist)",
    )
    result.add_argument(
        "--force",
        action="store_true",
        help="overwrite files in DEST that differ from what the import writes",
    )
    result.add_argument(
        "--original-site",
        metavar="URL",
        help=(
            "the original site's address, for links to pages the import does not hold "
            "(default: url + baseurl from SRC/_config.yml)"
        ),
    )
    return result


def main(argv: list[str] | None = None) -> int:
    """Run the importer; return its exit status."""
    args = parser().parse_args(argv)
    original_site = args.original_site
    if original_site is not None:
        try:
            original_site = web_address(original_site)
        except UrlError as exc:
            print(
                f"nhs-import-jekyll: --original-site {excerpt(original_site)} {exc.reason}",
                file=sys.stderr,
            )
            return EXIT_USAGE
    if args.dest.exists() and not args.dest.is_dir():
        print(f"nhs-import-jekyll: DEST {visible(str(args.dest))} is not a folder", file=sys.stderr)
        return EXIT_USAGE
    try:
        result = import_site(args.src, args.dest, force=args.force, original_site=original_site)
    except (SiteError, WriteError) as exc:
        print(f"nhs-import-jekyll: {visible(str(exc))}", file=sys.stderr)
        return EXIT_USAGE
    dest = visible(str(args.dest))
    if result.blocked:
        print(
            f"nhs-import-jekyll: nothing written: {len(result.blocked)} file(s) cannot be written "
            f"in {dest}, even with --force:",
            file=sys.stderr,
        )
        for rel, why in sorted(result.blocked.items()):
            print(f"  {visible(str(args.dest / rel))}: {why}", file=sys.stderr)
        return EXIT_REFUSED
    if result.conflicts:
        print(
            f"nhs-import-jekyll: nothing written: {len(result.conflicts)} file(s) in {dest} "
            "differ from what the import would write:",
            file=sys.stderr,
        )
        for rel in result.conflicts:
            print(f"  {visible(str(args.dest / rel))}", file=sys.stderr)
        print("Rerun with --force to overwrite them.", file=sys.stderr)
        return EXIT_REFUSED
    print("\n".join(terminal_lines(result)))
    return EXIT_SKIPPED if result.skipped else EXIT_OK
