"""The ``nhs-assurance`` command: one entry point, a subcommand for each task.

- ``nhs-assurance new DIR`` (:mod:`.new`) writes a small clinical safety project to start from;
- ``nhs-assurance import-jekyll SRC DEST`` (:mod:`nhs_assurance.importer.cli`) imports a
  documentation-theme-jekyll site; ``nhs-import-jekyll`` is the same command under the name
  earlier releases installed (:func:`import_jekyll`).

Each subcommand is a :class:`Subcommand`: what it does, the arguments it adds to its parser,
its exit statuses and its run. Nothing here imports an optional extra: ``nhs-assurance --help``
and ``nhs-assurance new`` work on the bare install, and a subcommand that needs an extra says
which to install when it is run without it.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata

from nhs_assurance.commands import new
from nhs_assurance.core.command_line import DescribedStatus
from nhs_assurance.extras import install_hint, missing
from nhs_assurance.importer import cli as import_cli

#: The command's name.
PROG = "nhs-assurance"

#: The exit status of a missing or unknown subcommand, or of bad arguments (argparse's own).
USAGE = 2


@dataclass(frozen=True)
class Subcommand:
    """One subcommand of ``nhs-assurance``."""

    name: str
    #: What it does, in a few words (the list of commands in ``nhs-assurance --help``).
    summary: str
    #: What it does, in a sentence or two (its own ``--help``).
    description: str
    #: Adds its arguments and options to its parser.
    add_arguments: Callable[[argparse.ArgumentParser], None]
    #: What ``--help`` says after the options (what it does, its exit statuses, examples),
    #: given the command as the user types it.
    epilog: Callable[[str], str]
    #: Its exit statuses; ``USAGE`` among them is :data:`USAGE`.
    statuses: type[DescribedStatus]
    #: Runs it with the parsed arguments and the command as typed; returns its exit status.
    run: Callable[[argparse.Namespace, str], int]
    #: The extra of the distribution it needs (``nhs_assurance.extras``), if any.
    extra: str | None = None


SUBCOMMANDS: tuple[Subcommand, ...] = (
    Subcommand(
        "new",
        "write a clinical safety project to start from",
        new.DESCRIPTION,
        new.add_arguments,
        new.epilog,
        new.ExitStatus,
        new.run,
    ),
    Subcommand(
        "import-jekyll",
        "import a documentation-theme-jekyll site into MyST pages",
        import_cli.DESCRIPTION,
        import_cli.add_arguments,
        import_cli.epilog,
        import_cli.ExitStatus,
        import_cli.run,
        extra="importer",
    ),
)

EPILOG = f"""\
Run `{PROG} COMMAND --help` for a command's arguments, options and exit statuses. The exit
status is the command's own; a missing or unknown command, or bad arguments, exit with
{USAGE}.

example:
  {PROG} new my-safety-file
  {PROG} import-jekyll ../old-site docs
"""


def version() -> str:
    """The installed distribution's version (``nhs_assurance.__version__``, which this part,
    below the package's ``setup()``, does not import)."""
    try:
        return metadata.version("nhs-assurance")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "(not installed)"


def parser() -> argparse.ArgumentParser:
    """The command line's parser, with a parser of its own for each subcommand."""
    result = argparse.ArgumentParser(
        prog=PROG,
        description=(
            "The nhs_assurance extension's commands: start a clinical safety project, or "
            "import a Jekyll site."
        ),
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    result.add_argument("--version", action="version", version=f"%(prog)s {version()}")
    commands = result.add_subparsers(
        title="commands", dest="command", metavar="COMMAND", required=True
    )
    for subcommand in SUBCOMMANDS:
        command = commands.add_parser(
            subcommand.name,
            help=subcommand.summary,
            description=subcommand.description,
            epilog=subcommand.epilog(f"{PROG} {subcommand.name}"),
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        subcommand.add_arguments(command)
    return result


def extra_missing(prog: str, extra: str) -> bool:
    """Whether *extra* is not installed; if so, say so on stderr, with the line that installs it."""
    if absent := missing(extra):
        print(
            f"{prog} needs the {extra} extra ({', '.join(absent)} missing): {install_hint(extra)}",
            file=sys.stderr,
        )
        return True
    return False


def main(argv: list[str] | None = None) -> int:
    """The ``nhs-assurance`` command: run the subcommand given; return its exit status."""
    args = parser().parse_args(argv)
    subcommand = next(s for s in SUBCOMMANDS if s.name == args.command)
    prog = f"{PROG} {subcommand.name}"
    if subcommand.extra is not None and extra_missing(prog, subcommand.extra):
        return USAGE
    return subcommand.run(args, prog)


def import_jekyll(argv: list[str] | None = None) -> int:
    """The ``nhs-import-jekyll`` command, ``nhs-assurance import-jekyll`` under its earlier
    name: exit status 2 with the line that installs the ``importer`` extra when it is missing
    (before reading any argument, ``--help`` included), else the importer's command line."""
    if extra_missing(import_cli.PROG, "importer"):
        return USAGE
    return import_cli.main(argv)
