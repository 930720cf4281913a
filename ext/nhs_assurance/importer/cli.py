"""``python -m nhs_assurance.importer SRC DEST``, the ``nhs-import-jekyll`` command, and the
arguments, exit statuses and run of ``nhs-assurance import-jekyll``, which is the same command.

This module imports without the `importer` extra (the conversion, :mod:`.pipeline`, is loaded
by :func:`run`), so that ``nhs-assurance --help`` can describe it on the bare install.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from nhs_assurance.core.command_line import DescribedStatus, status_help
from nhs_assurance.core.excerpt import excerpt, visible
from nhs_assurance.core.urls import UrlError, web_address
from nhs_assurance.importer.report import REPORT_NAME, json_report, terminal_lines
from nhs_assurance.importer.result import DEFAULT_MAX_MISSING


class ExitStatus(DescribedStatus):
    """The command's exit statuses; ``--help`` lists them with their descriptions."""

    OK = 0, "every page was converted (the report lists what to check)"
    SKIPPED = (
        1,
        "some pages could not be taken and were skipped, with the reason; the others were "
        "converted",
    )
    USAGE = (
        2,
        "bad arguments, the importer extra is not installed, SRC is not a Jekyll site, or "
        "DEST cannot be used or written (DEST is SRC, or inside it, or below a file); nothing "
        "was written",
    )
    REFUSED = 3, "files in DEST would be overwritten; nothing was written (rerun with --force)"
    STRICT = (
        4,
        "with --strict: a page misses more than --max-missing per cent of its original's "
        "words, shows Liquid, or something was flagged (the files were written unless "
        "--dry-run was given)",
    )


#: The name the command is installed under on its own.
PROG = "nhs-import-jekyll"

#: What the command does, in one sentence (``--help``, and the list of ``nhs-assurance``'s).
DESCRIPTION = (
    "Import a documentation-theme-jekyll site into MyST pages for Sphinx and the "
    "nhs_assurance extension."
)


def epilog(prog: str = PROG) -> str:
    """What ``--help`` says after the options, with *prog* in its examples."""
    return f"""\
what it does:
  Converts every page of SRC (pages/**/*.md and the Markdown pages at its root) into a MyST
  page in DEST named after the page's permalink, so every old URL still works; writes the
  sidebars (_data/sidebars/*.yml) as toctrees in DEST/index.md; writes DEST/conf.py when
  DEST has none; and writes a report of what it flagged for a person to check to the
  terminal and to DEST/{REPORT_NAME}. It reads only regular files inside SRC and writes
  only inside DEST, every file or none.
  Running it again changes nothing. When a file already in DEST differs from what the import
  would write there, it writes nothing at all, unless --force is given.
  With --compare, each page is compared word for word with the page Jekyll built (the
  site's _site folder), and the report lists, per page, how much of the original's text
  is missing and a sample of what.

exit status:
{status_help(ExitStatus)}

example:
  {prog} ../old-site docs --original-site https://example.org/old-site/
  {prog} ../old-site docs --compare ../old-site/_site --strict
"""


def parser() -> argparse.ArgumentParser:
    """The command line's parser."""
    result = argparse.ArgumentParser(
        prog=PROG,
        description=DESCRIPTION,
        epilog=epilog(),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(result)
    return result


def add_arguments(result: argparse.ArgumentParser) -> None:
    """Add the command's arguments and options to *result*."""
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
    result.add_argument(
        "--compare",
        metavar="RENDERED",
        type=Path,
        help=(
            "the original site as Jekyll built it (its _site folder): compare every imported "
            "page with its original, word for word, in the report"
        ),
    )
    result.add_argument(
        "--strict",
        action="store_true",
        help=(
            f"exit {ExitStatus.STRICT.value} when a page misses more than --max-missing per "
            "cent of its original's words or shows Liquid (with --compare), or anything is "
            "flagged or skipped"
        ),
    )
    result.add_argument(
        "--max-missing",
        metavar="PERCENT",
        type=float,
        default=DEFAULT_MAX_MISSING,
        help=(
            f"the share of a page's words --strict lets it miss (default: {DEFAULT_MAX_MISSING:g})"
        ),
    )
    result.add_argument(
        "--dry-run",
        action="store_true",
        help="convert and report, but write nothing to DEST",
    )
    result.add_argument(
        "--report-format",
        choices=("text", "json"),
        default="text",
        help="the terminal report: lines for people (text) or one JSON document (json)",
    )


def main(argv: list[str] | None = None) -> int:
    """Run the importer; return its exit status."""
    return run(parser().parse_args(argv))


def run(args: argparse.Namespace, prog: str = PROG) -> int:
    """Run the importer with *args* (parsed by a parser :func:`add_arguments` made); return its
    exit status. Messages start with *prog*, the command as the user typed it."""
    from nhs_assurance.importer.output import WriteError
    from nhs_assurance.importer.pipeline import import_site
    from nhs_assurance.importer.site import SiteError

    original_site = args.original_site
    if original_site is not None:
        try:
            original_site = web_address(original_site)
        except UrlError as exc:
            print(
                f"{prog}: --original-site {excerpt(original_site)} {exc.reason}",
                file=sys.stderr,
            )
            return ExitStatus.USAGE
    if args.dest.exists() and not args.dest.is_dir():
        print(f"{prog}: DEST {visible(str(args.dest))} is not a folder", file=sys.stderr)
        return ExitStatus.USAGE
    if args.compare is not None and not args.compare.is_dir():
        print(
            f"{prog}: --compare {visible(str(args.compare))} is not a folder",
            file=sys.stderr,
        )
        return ExitStatus.USAGE
    if not 0 <= args.max_missing <= 100:
        print(f"{prog}: --max-missing must be between 0 and 100", file=sys.stderr)
        return ExitStatus.USAGE
    try:
        result = import_site(
            args.src,
            args.dest,
            force=args.force,
            original_site=original_site,
            compare=args.compare,
            dry_run=args.dry_run,
            max_missing=args.max_missing,
        )
    except (SiteError, WriteError) as exc:
        print(f"{prog}: {visible(str(exc))}", file=sys.stderr)
        return ExitStatus.USAGE
    dest = visible(str(args.dest))
    if result.blocked:
        print(
            f"{prog}: nothing written: {len(result.blocked)} file(s) cannot be written "
            f"in {dest}, even with --force:",
            file=sys.stderr,
        )
        for rel, why in sorted(result.blocked.items()):
            print(f"  {visible(str(args.dest / rel))}: {why}", file=sys.stderr)
        return ExitStatus.REFUSED
    if result.conflicts:
        print(
            f"{prog}: nothing written: {len(result.conflicts)} file(s) in {dest} "
            "differ from what the import would write:",
            file=sys.stderr,
        )
        for rel in result.conflicts:
            print(f"  {visible(str(args.dest / rel))}", file=sys.stderr)
        print("Rerun with --force to overwrite them.", file=sys.stderr)
        return ExitStatus.REFUSED
    if args.report_format == "json":
        print(json.dumps(json_report(result), indent=2, ensure_ascii=False))
    else:
        print("\n".join(terminal_lines(result)))
    if args.strict and (result.skipped or result.flag_count or result.losses):
        return ExitStatus.STRICT
    return ExitStatus.SKIPPED if result.skipped else ExitStatus.OK
