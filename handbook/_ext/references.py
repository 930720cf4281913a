"""The handbook's references, generated from the code as the handbook is built, so that they
cannot drift from it:

- ``nhs-settings-reference``: every configuration value of ``nhs_assurance.config.SETTINGS``
  (name, type, default, description, example), each a ``confval`` entry of Sphinx's standard
  domain, so that ``{confval}`` links to it;
- ``nhs-command-reference MODULE [SUBCOMMAND]``: the command line of *MODULE* (its
  ``parser()`` and its ``ExitStatus``), or of its subcommand *SUBCOMMAND* (``SUBCOMMANDS``,
  as ``nhs_assurance.commands`` has them): usage, every argument and option (``program`` and
  ``option`` entries, so that ``{option}`` links to them) and every exit status.

Each writes MyST and parses it as the page does, so that the entries look and index as the
hand-written ones do. ``tests/test_references.py`` checks the built pages against the code.
"""

from __future__ import annotations

import argparse
import importlib
import pprint
import re
from typing import TYPE_CHECKING, Any, ClassVar

from nhs_assurance.config import SETTINGS, Setting
from sphinx.util.docutils import SphinxDirective

if TYPE_CHECKING:
    from docutils import nodes
    from sphinx.application import Sphinx

#: A default longer than this is shown as a block under the entry rather than on its line.
INLINE_DEFAULT_LIMIT = 60


def literal(text: str) -> str:
    """*text* as a MyST inline literal, whatever backticks it holds."""
    longest = max((len(part) for part in _backtick_runs(text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _backtick_runs(text: str) -> list[str]:
    runs, current = [], ""
    for char in text:
        if char == "`":
            current += char
        elif current:
            runs.append(current)
            current = ""
    if current:
        runs.append(current)
    return runs


#: An option named in running text (``--force``): kept literal, so no dash becomes typographic.
OPTION_IN_TEXT = re.compile(r"(?<![\w`-])(--?[A-Za-z][\w-]*)")


#: Characters that MyST reads as markup in running text (backticks are kept: the code's own
#: literals, such as `language`).
MARKUP = re.compile(r"([\\*_\[\]<>{}|#~$!])")


def text_markup(text: str) -> str:
    """Running text from the code as MyST: shown as written (``example-*.json`` keeps its
    asterisk), with its `literals`, and the options it names as literals."""
    pieces = text.split("`")
    for index in range(0, len(pieces), 2):  # outside `literals`
        pieces[index] = OPTION_IN_TEXT.sub(r"`\1`", MARKUP.sub(r"\\\1", pieces[index]))
    return "`".join(pieces)


def type_names(setting: Setting) -> str:
    """The types a setting accepts, as the reference names them: ``str``, ``list or tuple``."""
    return " or ".join(kind.__name__ for kind in setting.types)


def default_text(setting: Setting) -> str:
    """The default as Python source."""
    return pprint.pformat(setting.default, width=88, sort_dicts=False)


def fence(language: str, text: str) -> str:
    """A fenced code block longer than any run of backticks in *text*."""
    ticks = "`" * max(3, max((len(run) for run in _backtick_runs(text)), default=0) + 1)
    return f"{ticks}{language}\n{text}\n{ticks}"


def setting_markup(setting: Setting) -> str:
    """One setting as a MyST ``confval`` entry."""
    default = default_text(setting)
    inline = len(default) <= INLINE_DEFAULT_LIMIT and "\n" not in default
    lines = [
        f"::::{{confval}} {setting.name}",
        f":type: {literal(type_names(setting))}",
        f":default: {literal(default) if inline else 'shown below'}",
        "",
        text_markup(setting.description),
        "",
    ]
    if not inline:
        lines += ["Default:", "", fence("python", default), ""]
    lines += ["Example, in `conf.py`:", "", fence("python", setting.example), "::::", ""]
    return "\n".join(lines)


class SettingsReference(SphinxDirective):
    """Every configuration value of the extension, from ``nhs_assurance.config.SETTINGS``."""

    has_content = False

    def run(self) -> list[nodes.Node]:
        text = "\n".join(setting_markup(setting) for setting in SETTINGS)
        return self.parse_text_to_nodes(text)


def value_name(action: argparse.Action) -> str:
    """What an option's value is called, as ``--help`` calls it: its metavar, its choices in
    braces, or its name in capitals."""
    if action.metavar is not None:
        return str(action.metavar)
    if action.choices is not None:
        return "{" + ",".join(map(str, action.choices)) + "}"
    return action.dest.upper()


def option_names(action: argparse.Action) -> str:
    """How an argument or option is written: ``SRC``, ``--original-site URL``, ``-h, --help``."""
    if not action.option_strings:
        return str(action.metavar or action.dest)
    value = ""
    if action.nargs != 0:
        value = " " + value_name(action)
    return ", ".join(f"{name}{value}" for name in action.option_strings)


def subcommand_parsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """The parser of each subcommand of *parser*, by name (none for a command without)."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def action_help(action: argparse.Action) -> str:
    """What ``--help`` says of *action*; for the subcommands, each with its summary."""
    if isinstance(action, argparse._SubParsersAction):
        return "; ".join(f"`{choice.dest}`: {choice.help}" for choice in action._choices_actions)
    return (action.help or "") % vars(action)


def command_markup(module: Any, subcommand: str | None = None) -> str:
    """The command line of *module* (its ``parser()``), or of its *subcommand*: usage, every
    argument and option, and the exit statuses (``ExitStatus``, or the subcommand's
    ``statuses`` in ``SUBCOMMANDS``), as MyST. A command with subcommands gives, instead of a
    table, the status of a missing or unknown one (``USAGE``); each subcommand its table."""
    parser: argparse.ArgumentParser = module.parser()
    if subcommand is not None:
        parser = subcommand_parsers(parser)[subcommand]
        (entry,) = (each for each in module.SUBCOMMANDS if each.name == subcommand)
        statuses = list(entry.statuses)
    else:
        statuses = list(module.ExitStatus) if hasattr(module, "ExitStatus") else []
    lines = [
        f"```{{program}} {parser.prog}",
        "```",
        "",
        parser.description or "",
        "",
        fence("text", parser.format_usage().strip()),
        "",
    ]
    for action in parser._actions:
        help_text = text_markup(action_help(action))
        lines += [f":::{{option}} {option_names(action)}", help_text]
        if action.option_strings and action.default not in (None, False, argparse.SUPPRESS):
            lines += ["", f"Default: {literal(str(action.default))}"]
        lines += [":::", ""]
    if not statuses:
        lines.append(
            f"The exit status is the command's own; a missing or unknown command, or bad "
            f"arguments, exit with {module.USAGE}."
        )
        return "\n".join(lines) + "\n"
    lines += [
        f"::::{{list-table}} Exit statuses of {parser.prog}",
        ":header-rows: 1",
        ":widths: 10 15 75",
        "",
        "* - Status",
        "  - Name",
        "  - Meaning",
    ]
    for status in statuses:
        lines += [
            f"* - {int(status)}",
            f"  - {literal(status.name)}",
            f"  - {text_markup(status.description)}",
        ]
    lines.append("::::")
    return "\n".join(lines) + "\n"


class CommandReference(SphinxDirective):
    """The command line of the module named as the first argument (``parser()`` and
    ``ExitStatus``), or of its subcommand named as the second (``SUBCOMMANDS``)."""

    required_arguments = 1
    optional_arguments = 1
    option_spec: ClassVar[dict] = {}

    def run(self) -> list[nodes.Node]:
        module = importlib.import_module(self.arguments[0])
        subcommand = self.arguments[1] if len(self.arguments) > 1 else None
        return self.parse_text_to_nodes(command_markup(module, subcommand))


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the two directives."""
    app.add_directive("nhs-settings-reference", SettingsReference)
    app.add_directive("nhs-command-reference", CommandReference)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
