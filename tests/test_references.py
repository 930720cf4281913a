# ruff: noqa: RUF001 -- typographic quotes are what the pages show, and are made straight here.
"""The handbook's references are the code's: the settings reference lists every setting of
``nhs_assurance.config.SETTINGS`` (name, type, default, description, example) and the
command-line reference every argument, option and exit status of ``nhs-import-jekyll``, as the
built handbook shows them. A setting, option or status added, removed or changed in the code
without the page following fails here (the pages are generated, so they follow by themselves).
"""

from __future__ import annotations

import pprint
import tomllib
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from helpers import HANDBOOK_DIR, REPO_ROOT, soup
from nhs_assurance.config import SETTINGS, Setting
from nhs_assurance.importer import cli

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


def test_the_command_line_reference_lists_every_argument_and_option(handbook_html: Path) -> None:
    page = soup(handbook_html / "command_line.html")
    shown = [words(dt).rstrip("¶ ") for dt in page.select("dl.std.option > dt")]
    expected = []
    for action in cli.parser()._actions:
        if not action.option_strings:
            expected.append(action.metavar)
            continue
        metavar = action.metavar or (
            "{" + ",".join(map(str, action.choices)) + "}"
            if action.choices
            else action.dest.upper()
        )
        value = "" if action.nargs == 0 else f" {metavar}"
        expected.append(", ".join(f"{name}{value}" for name in action.option_strings))
    assert shown == expected
    helps = [words(dd) for dd in page.select("dl.std.option > dd")]
    for action, text in zip(cli.parser()._actions, helps, strict=True):
        assert action.help % vars(action) in text
    usage = page.select_one("div.highlight-text pre").get_text().strip()
    assert usage == cli.parser().format_usage().strip()


def test_the_command_line_reference_lists_every_exit_status(handbook_html: Path) -> None:
    page = soup(handbook_html / "command_line.html")
    table = next(
        table for table in page.select("table")
        if "Exit statuses" in table.select_one("caption").get_text()
    )  # fmt: skip
    rows = [[words(cell) for cell in row.select("td")] for row in table.select("tbody tr")]
    assert rows == [[str(int(s)), s.name, s.description] for s in cli.ExitStatus]


def test_every_command_of_the_distribution_has_its_reference() -> None:
    """Each console script ext/pyproject.toml installs is generated on the reference page."""
    project = tomllib.loads((REPO_ROOT / "ext" / "pyproject.toml").read_text("utf-8"))["project"]
    page = (HANDBOOK_DIR / "command_line.md").read_text("utf-8")
    for command, target in project["scripts"].items():
        module = target.partition(":")[0]
        assert f"## {command}" in page
        assert f"{{nhs-command-reference}} {module}" in page


def test_exit_statuses_are_distinct_and_described() -> None:
    assert [int(status) for status in cli.ExitStatus] == list(range(len(cli.ExitStatus)))
    assert all(status.description for status in cli.ExitStatus)
