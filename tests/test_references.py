# ruff: noqa: RUF001 -- typographic quotes are what the pages show, and are made straight here.
"""The handbook's references are the code's: the settings reference lists every setting of
``nhs_assurance.config.SETTINGS`` (name, type, default, description, example) and the
command-line reference every argument, option and exit status of ``nhs-assurance`` and each
of its subcommands, as the built handbook shows them. A setting, option or status added,
removed or changed in the code without the page following fails here (the pages are
generated, so they follow by themselves).
"""

from __future__ import annotations

import argparse
import pprint
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import HANDBOOK_DIR, REPO_ROOT, soup
from nhs_assurance import commands
from nhs_assurance.config import SETTINGS, Setting

pytestmark = [pytest.mark.build, pytest.mark.docs]


def words(node: Tag) -> str:
    """The text of *node* as a reader reads it, spaces made single, quotes made straight."""
    text = " ".join(node.get_text().split())
    return text.replace("’", "'").replace("“", '"').replace("”", '"')


def field(entry: Tag, name: str) -> str:
    """The value of the field *name* (Type, Default) of a ``confval`` entry."""
    for term in entry.select("dd > dl.field-list > dt"):
        if term.get_text().rstrip(":") == name:
            return words(term.find_next_sibling("dd"))
    raise AssertionError(f"no field {name} in {words(entry)[:80]}")


def settings_page(handbook_html: Path) -> BeautifulSoup:
    return soup(handbook_html / "settings.html")


def test_every_setting_is_on_the_page_once_in_the_codes_order(handbook_html: Path) -> None:
    entries = settings_page(handbook_html).select("dl.std.confval > dt")
    assert [entry["id"] for entry in entries] == [f"confval-{s.name}" for s in SETTINGS]


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_each_setting_shows_its_type_default_description_and_example(
    handbook_html: Path, setting: Setting
) -> None:
    page = settings_page(handbook_html)
    entry = page.select_one(f"dt#confval-{setting.name}").parent
    assert field(entry, "Type") == " or ".join(kind.__name__ for kind in setting.types)
    default = pprint.pformat(setting.default, width=88, sort_dicts=False)
    blocks = [block.get_text().rstrip("\n") for block in entry.select("div.highlight pre")]
    if "\n" in default or len(default) > 60:
        assert field(entry, "Default") == "shown below"
        assert blocks[0] == default
    else:
        assert field(entry, "Default") == default
    description = " ".join(words(p) for p in entry.select("dd > p"))
    assert setting.description.replace("`", "") in description
    assert blocks[-1] == setting.example


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda setting: setting.name)
def test_each_example_sets_its_setting_to_a_value_of_its_type(setting: Setting) -> None:
    """The example is Python a project can paste into its conf.py: run it as Sphinx would."""
    namespace: dict[str, object] = {}
    exec(compile(setting.example, f"<example of {setting.name}>", "exec"), namespace)
    assert isinstance(namespace[setting.name], setting.types)
    assert namespace[setting.name] != setting.default  # an example shows a change


def option_entry(action: argparse.Action) -> str:
    """How the reference (and ``--help``) names an argument or option."""
    if not action.option_strings:
        return str(action.metavar)
    metavar = action.metavar or (
        "{" + ",".join(map(str, action.choices)) + "}" if action.choices else action.dest.upper()
    )
    value = "" if action.nargs == 0 else f" {metavar}"
    return ", ".join(f"{name}{value}" for name in action.option_strings)


def option_help(action: argparse.Action) -> list[str]:
    """What the reference must say of an argument or option: its help, or, for the
    subcommands, each one's name and summary."""
    if isinstance(action, argparse._SubParsersAction):
        return [f"{choice.dest}: {choice.help}" for choice in action._choices_actions]
    return [action.help % vars(action)]


def reference_sections(handbook_html: Path) -> dict[str, BeautifulSoup]:
    """Each section of the command-line reference page by its heading (a command's name): its
    option entries, usage block and tables, without those of the sections inside it."""
    page = soup(handbook_html / "command_line.html")
    sections = {}
    for heading in page.select("section > h2, section > h3"):
        own = heading.parent
        parts = [
            element
            for element in own.select("dl.std.option, div.highlight-text, table")
            if element.find_parent("section") is own
        ]
        sections[words(heading).rstrip("¶ ")] = BeautifulSoup(
            "".join(map(str, parts)), "html.parser"
        )
    return sections


#: The parser of each command documented on the page, and the exit statuses it lists.
COMMANDS = {
    "nhs-assurance": (commands.parser(), None),
    **{
        f"nhs-assurance {sub.name}": (
            commands.parser()._subparsers._group_actions[0].choices[sub.name],  # type: ignore[union-attr]
            sub.statuses,
        )
        for sub in commands.SUBCOMMANDS
    },
}


def test_the_command_line_reference_has_a_section_for_each_command(handbook_html: Path) -> None:
    sections = reference_sections(handbook_html)
    assert list(sections) == [*COMMANDS, "nhs-import-jekyll"]


@pytest.mark.parametrize("command", COMMANDS)
def test_the_command_line_reference_lists_every_argument_and_option(
    handbook_html: Path, command: str
) -> None:
    parser, _ = COMMANDS[command]
    section = reference_sections(handbook_html)[command]
    shown = [words(dt).rstrip("¶ ") for dt in section.select("dl.std.option > dt")]
    assert shown == [option_entry(action) for action in parser._actions]
    helps = [words(dd) for dd in section.select("dl.std.option > dd")]
    for action, text in zip(parser._actions, helps, strict=True):
        for said in option_help(action):
            assert said.replace("`", "") in text
    usage = section.select_one("div.highlight-text pre").get_text().strip()
    assert usage == parser.format_usage().strip()


@pytest.mark.parametrize("command", COMMANDS)
def test_the_command_line_reference_lists_every_exit_status(
    handbook_html: Path, command: str
) -> None:
    _, statuses = COMMANDS[command]
    section = reference_sections(handbook_html)[command]
    tables = section.select("table")
    if statuses is None:  # the command with subcommands: each lists its own
        assert tables == []
        return
    (table,) = tables
    assert words(table.select_one("caption")).startswith(f"Exit statuses of {command}")
    rows = [[words(cell) for cell in row.select("td")] for row in table.select("tbody tr")]
    assert rows == [[str(int(s)), s.name, s.description] for s in statuses]


def test_every_command_of_the_distribution_has_its_reference() -> None:
    """Each console script ext/pyproject.toml installs has its section on the reference page:
    ``nhs-assurance`` and each subcommand generated, ``nhs-import-jekyll`` as its alias."""
    project = tomllib.loads((REPO_ROOT / "ext" / "pyproject.toml").read_text("utf-8"))["project"]
    assert project["scripts"] == {
        "nhs-assurance": "nhs_assurance.commands:main",
        "nhs-import-jekyll": "nhs_assurance:import_jekyll",
    }
    page = (HANDBOOK_DIR / "command_line.md").read_text("utf-8")
    assert "## nhs-assurance\n\n:::{nhs-command-reference} nhs_assurance.commands\n" in page
    for sub in commands.SUBCOMMANDS:
        assert (
            f"### nhs-assurance {sub.name}\n\n"
            f":::{{nhs-command-reference}} nhs_assurance.commands {sub.name}\n"
        ) in page
    assert "## nhs-import-jekyll\n" in page


@pytest.mark.parametrize("command", list(COMMANDS)[1:])
def test_exit_statuses_are_distinct_and_described(command: str) -> None:
    _, statuses = COMMANDS[command]
    assert len({int(status) for status in statuses}) == len(statuses)
    assert all(status.description for status in statuses)
