"""``nhs-assurance new DIR``: write a small clinical safety project to start from.

The files are :mod:`.starter_files`'. They are written only inside DIR, all of them or none
(through the importer's writer, :mod:`nhs_assurance.importer.output`, which needs no extra):
DIR must be a folder or not exist yet, never a link or a file; a DIR that holds anything is
left alone unless ``--force`` is given, and even then a link or a folder where one of the
project's files goes is never replaced, so nothing is written through a link.
"""

from __future__ import annotations

import argparse
import os
import shlex
import sys
import unicodedata
from pathlib import Path

from nhs_assurance.commands.starter_files import BUILD_DIR, FILES, starter_files
from nhs_assurance.core.command_line import DescribedStatus, status_help
from nhs_assurance.core.excerpt import excerpt, visible
from nhs_assurance.core.review import build_date
from nhs_assurance.core.text import BLANK_CATEGORIES, is_blank
from nhs_assurance.importer.output import WriteError, commit

#: The longest title accepted, in characters.
TITLE_LIMIT = 200

#: Characters a title may not hold: all those that show nothing but spaces.
INVISIBLE = BLANK_CATEGORIES - {"Zs"}

#: The title when neither --title nor DIR's name gives one (DIR is the root folder).
DEFAULT_TITLE = "Clinical safety file"

DESCRIPTION = (
    "Write a small clinical safety project to start from, with placeholder content to replace."
)


class ExitStatus(DescribedStatus):
    """The exit statuses of ``nhs-assurance new``; ``--help`` lists them."""

    OK = 0, "the project was written into DIR"
    USAGE = (
        2,
        "bad arguments, or DIR cannot be used: it is a file or a link, lies below a file, or "
        "cannot be written; nothing was written",
    )
    REFUSED = (
        3,
        "DIR is not empty (rerun with --force to write the project into it), or a link or a "
        "folder stands where one of the project's files goes, which even --force never "
        "replaces; nothing was written",
    )


def file_list() -> str:
    """The project's files and what each holds, as ``--help`` lists them."""
    lines = []
    for name, (_, what) in FILES.items():
        lines += [f"  {name:<18}  {what}"] if len(name) <= 18 else [f"  {name}", f"{'':22}{what}"]
    return "\n".join(lines)


def epilog(prog: str) -> str:
    """What ``--help`` says after the options, with *prog* (the command as typed) in its
    examples."""
    return f"""\
what it writes:
{file_list()}
  The project builds with `sphinx-build -W` on the bare install. Every page says that its
  content is a placeholder, to be replaced, and the hazard log's files are named
  example-hazards.json and so on, so that nobody files them as a real hazard log.
  It writes only inside DIR, every file or none; into a DIR that is not empty only with
  --force, which replaces the files of the same names and leaves the others alone.

exit status:
{status_help(ExitStatus)}

example:
  {prog} my-safety-file --title "Example Referral Service"
  sphinx-build -W -b html my-safety-file my-safety-file/{BUILD_DIR}/html
"""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the command's arguments and options to *parser*."""
    parser.add_argument(
        "dir",
        metavar="DIR",
        type=Path,
        help="the folder to write the project to (made if it does not exist)",
    )
    parser.add_argument(
        "--title",
        metavar="TITLE",
        help="the project's title, Sphinx's `project` (default: the name of DIR)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help=(
            "write into DIR even when it is not empty, replacing the files of the same names "
            "as the project's and leaving the others as they are"
        ),
    )


def folder_problem(folder: Path) -> str | None:
    """Why the project cannot be written into *folder*, or ``None``."""
    if folder.is_symlink():
        return "is a link: give the folder it leads to, if that is where the project goes"
    if folder.exists() and not folder.is_dir():
        return "is not a folder"
    for parent in Path(os.path.abspath(folder)).parents:
        if parent.exists():
            return None if parent.is_dir() else f"cannot be made: {parent} is not a folder"
    return None


def title_problem(title: str) -> str | None:
    """Why *title* cannot be the project's title, or ``None``."""
    if is_blank(title):
        return "is empty"
    if len(title) > TITLE_LIMIT:
        return f"is longer than {TITLE_LIMIT} characters"
    if any(unicodedata.category(char) in INVISIBLE for char in title):
        return "holds a control character, a line break or an invisible character"
    return None


def in_the_way(folder: Path, names: list[str]) -> dict[str, str]:
    """The names of the project's files that something in *folder* keeps from being written,
    each with why: a link or a folder is never replaced."""
    found = {}
    for name in names:
        path = folder / name
        if path.is_symlink():
            found[name] = "is a link, which is never written through"
        elif path.exists() and not path.is_file():
            found[name] = "is a folder (or not a regular file), which is never replaced"
    return found


def run(args: argparse.Namespace, prog: str) -> int:
    """Write the project into ``args.dir``; return the exit status. Messages start with
    *prog*, the command as the user typed it."""
    folder: Path = args.dir
    shown = visible(str(folder))
    if problem := folder_problem(folder):
        print(f"{prog}: DIR {shown} {problem}; nothing was written", file=sys.stderr)
        return ExitStatus.USAGE
    name = Path(os.path.abspath(folder)).name  # `.` and `..` named as the folders they are
    title = args.title if args.title is not None else name or DEFAULT_TITLE
    if problem := title_problem(title):
        print(f"{prog}: the title {excerpt(title)} {problem}", file=sys.stderr)
        return ExitStatus.USAGE
    today, _ = build_date(os.environ)  # a bad SOURCE_DATE_EPOCH is today: the build warns
    files = starter_files(title.strip(), today)
    try:
        empty = not folder.is_dir() or not any(folder.iterdir())
    except OSError as exc:
        print(f"{prog}: DIR {shown} cannot be read ({exc.strerror})", file=sys.stderr)
        return ExitStatus.USAGE
    if not empty:
        if not args.force:
            print(
                f"{prog}: DIR {shown} is not empty; nothing was written. Rerun with --force "
                "to write the project into it (files of the same names as the project's are "
                "replaced, the others left as they are).",
                file=sys.stderr,
            )
            return ExitStatus.REFUSED
        if blocked := in_the_way(folder, list(files)):
            print(f"{prog}: nothing was written, even with --force:", file=sys.stderr)
            for name, why in blocked.items():
                print(f"  {visible(str(folder / name))} {why}", file=sys.stderr)
            return ExitStatus.REFUSED
    try:
        commit(Path(os.path.realpath(folder)), files)
    except WriteError as exc:
        print(f"{prog}: {visible(str(exc))}", file=sys.stderr)
        return ExitStatus.USAGE
    print(f"Wrote a clinical safety project to {shown}: {', '.join(files)}.")
    print(f"Read {visible(str(folder / 'README.md'))} for what to replace, then build it:")
    source, output = (shlex.quote(visible(str(path))) for path in (folder, folder / BUILD_DIR))
    print(f"  sphinx-build -W -b html {source} {output}/html")
    return ExitStatus.OK
