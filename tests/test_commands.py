"""The ``nhs-assurance`` command: its subcommands, ``new`` (a clinical safety project to start
from, which builds with ``-W``, says it is a placeholder and exports no real hazard, and is
written only inside DIR) and ``import-jekyll`` (``nhs-import-jekyll`` under one roof)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from helpers import soup, sphinx_build
from importer_support import FIXTURE_SITE, run_importer
from nhs_assurance import commands
from nhs_assurance.commands import new
from nhs_assurance.commands.starter_files import FILES
from nhs_assurance.importer import cli as import_cli

#: 2026-03-05 (UTC): the day the projects of these tests are made.
EPOCH = "1772668800"

#: A fictional project's title, with what Python, Markdown, MyST and HTML would read as code.
TITLE = "Example `{raw}` <b>*Referral*</b> '''\"\"\" Service \\"


def run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``nhs-assurance`` (as ``python -m nhs_assurance.commands``) as a user would."""
    return subprocess.run(
        [sys.executable, "-m", "nhs_assurance.commands", *map(str, args)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, **(env or {})},
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under *folder*, by its path relative to it."""
    return {
        path.relative_to(folder).as_posix(): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def words(path: Path) -> str:
    """The text of the page at *path*, its whitespace collapsed."""
    return " ".join(soup(path).select_one("div.body, article").get_text().split())


# --- the command and its subcommands ---------------------------------------------------------


def test_help_lists_the_commands_and_a_missing_command_is_a_usage_error() -> None:
    process = run("--help")
    assert process.returncode == 0
    assert process.stdout.startswith("usage: nhs-assurance [-h] [--version] COMMAND ...")
    # argparse aligns the column by Python version: 3.13 indents it otherwise than 3.11
    assert re.search(
        r"^ +new +write a clinical safety project to start from$", process.stdout, re.M
    )
    assert "import-jekyll" in process.stdout
    process = run()
    assert process.returncode == 2
    assert "the following arguments are required: COMMAND" in process.stderr
    process = run("frobnicate")
    assert process.returncode == 2
    assert "invalid choice: 'frobnicate'" in process.stderr


def test_the_console_scripts_are_installed() -> None:
    scripts = {ep.name: ep.value for ep in entry_points(group="console_scripts")}
    assert scripts["nhs-assurance"] == "nhs_assurance.commands:main"
    assert scripts["nhs-import-jekyll"] == "nhs_assurance:import_jekyll"  # as before
    path = shutil.which("nhs-assurance", path=str(Path(sys.executable).parent))
    assert path is not None, "reinstall the project (make venv) to get the console script"
    process = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
    assert process.returncode == 0
    assert process.stdout.startswith("nhs-assurance ")


def test_help_loads_no_sphinx_and_no_extra() -> None:
    """--help answers at once: the package's parts, and Sphinx with them, load only in a build;
    the importer's conversion, and its extra, only when it runs."""
    code = (
        "import sys\n"
        "from nhs_assurance import commands\n"
        "commands.parser().format_help()\n"
        "print(sorted(m for m in ('sphinx', 'docutils', 'nh3', 'liquid', 'nhs_assurance.directives',"
        " 'nhs_assurance.importer.pipeline') if m in sys.modules))\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert process.returncode == 0, process.stderr
    assert process.stdout.strip() == "[]"


def test_without_the_importer_extra_new_works_and_import_jekyll_says_what_to_install(
    tmp_path: Path,
) -> None:
    """As on the bare install: nh3 and python-liquid (the extra's own packages) missing."""
    code = (
        "import sys\n"
        "sys.modules['nh3'] = sys.modules['liquid'] = None  # not installed\n"
        "from nhs_assurance import commands\n"
        "sys.exit(commands.main(sys.argv[1:]))\n"
    )

    def bare(*args: str | Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, "-c", code, *map(str, args)],
            capture_output=True,
            text=True,
            check=False,
        )

    assert bare("import-jekyll", "--help").returncode == 0  # its options, without the extra
    process = bare("import-jekyll", FIXTURE_SITE, tmp_path / "docs")
    assert process.returncode == import_cli.ExitStatus.USAGE
    assert process.stderr == (
        "nhs-assurance import-jekyll needs the importer extra (nh3, liquid missing): "
        "pip install 'nhs-assurance[importer]'\n"
    )
    assert not (tmp_path / "docs").exists()
    process = bare("new", tmp_path / "project")
    assert process.returncode == 0, process.stderr
    assert sorted(snapshot(tmp_path / "project")) == sorted(FILES)


def test_import_jekyll_takes_the_same_arguments_as_nhs_import_jekyll() -> None:
    def described(parser: object) -> list[tuple[object, ...]]:
        return [
            (tuple(a.option_strings), a.dest, a.metavar, a.default, a.help, a.nargs, a.choices)
            for a in parser._actions  # type: ignore[attr-defined]
        ]

    subparsers = commands.parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert described(subparsers["import-jekyll"]) == described(import_cli.parser())


def test_import_jekyll_imports_as_nhs_import_jekyll_does(tmp_path: Path) -> None:
    process = run("import-jekyll", FIXTURE_SITE, tmp_path / "a", "--report-format", "json")
    assert process.returncode == import_cli.ExitStatus.OK, process.stderr
    alias = run_importer(FIXTURE_SITE, tmp_path / "b", "--report-format", "json")
    assert alias.returncode == import_cli.ExitStatus.OK, alias.stderr
    reports = [
        json.loads(p.stdout.replace(str(tmp_path / n), "DEST"))
        for p, n in ((process, "a"), (alias, "b"))
    ]
    assert reports[0] == reports[1]
    assert snapshot(tmp_path / "a") == snapshot(tmp_path / "b")


def test_import_jekyll_messages_name_the_command_as_typed(tmp_path: Path) -> None:
    process = run("import-jekyll", FIXTURE_SITE, tmp_path / "docs", "--max-missing", "101")
    assert process.returncode == import_cli.ExitStatus.USAGE
    assert (
        process.stderr == "nhs-assurance import-jekyll: --max-missing must be between 0 and 100\n"
    )
    alias = run_importer(FIXTURE_SITE, tmp_path / "docs", "--max-missing", "101")
    assert alias.stderr == "nhs-import-jekyll: --max-missing must be between 0 and 100\n"


# --- new: what it writes ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def starter(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A project written by ``nhs-assurance new``, built with ``-W -n``; its output folder."""
    work = tmp_path_factory.mktemp("starter")
    process = run("new", work / "safety", "--title", TITLE)
    assert process.returncode == new.ExitStatus.OK, process.stderr
    out = work / "html"
    status, stderr = sphinx_build(
        "-b", "html", "-W", "--keep-going", "-n", "-q", work / "safety", out,
        env={"SOURCE_DATE_EPOCH": EPOCH},
    )  # fmt: skip
    assert (status, stderr) == (0, "")
    return out


def test_new_writes_the_projects_files_and_says_how_to_build_them(tmp_path: Path) -> None:
    process = run("new", tmp_path / "safety")
    assert process.returncode == new.ExitStatus.OK, process.stderr
    assert sorted(snapshot(tmp_path / "safety")) == sorted(FILES)
    assert process.stdout.splitlines()[-1] == (
        f"  sphinx-build -W -b html {tmp_path / 'safety'} {tmp_path / 'safety' / '_build'}/html"
    )
    conf = (tmp_path / "safety" / "conf.py").read_text("utf-8")
    assert "project = 'safety'" in conf  # the folder's name, without --title
    assert "\nnhs_assurance_exports_are_examples = True\n" in conf
    assert "\n# nhs_assurance_test_results = " in conf  # shown, not set: the base install builds
    readme = (tmp_path / "safety" / "README.md").read_text("utf-8")
    assert "sphinx-build -W -b html . _build/html" in readme


@pytest.mark.build
def test_the_project_builds_its_pages_with_the_placeholder_notice_on_each(starter: Path) -> None:
    pages = {"index", "clinical_risk_management_plan", "hazard_log", "safety_case_report"}
    assert pages <= {path.stem for path in starter.glob("*.html")}
    for page in pages:
        text = words(starter / f"{page}.html")
        assert "Placeholder. nhs-assurance new wrote this page as a starting point." in text
        assert "none of it is a real hazard, control or safety claim" in text


@pytest.mark.build
def test_the_hazard_log_holds_placeholder_hazards_and_a_control(starter: Path) -> None:
    page = soup(starter / "hazard_log.html")
    hazards = [entry["id"] for entry in page.select("div.nhs-hazard[id]")]
    assert hazards == ["haz-901", "haz-902"]
    assert page.select_one("[id=ctl-901]") is not None
    text = words(starter / "hazard_log.html")
    assert "HAZ-901 \u2013 Placeholder hazard, to be replaced" in text
    assert "Raised: 2026-03-05" in text  # the day `new` ran
    assert "Additional controls: CTL-901" in text


@pytest.mark.build
def test_the_safety_case_report_shows_the_summary(starter: Path) -> None:
    text = words(starter / "safety_case_report.html")
    assert "Hazards by status Open: 2 Transferred: 0 Closed: 0" in text
    assert "Controls by verification Verified: 0 Failed: 0 Missing: 0 Evidence: 1" in text
    assert "No safety baseline is configured" in text
    assert "To record an approval, remove the" in text


@pytest.mark.build
def test_no_placeholder_is_exported_as_a_real_hazard(starter: Path) -> None:
    exported = {path.name for path in starter.glob("*hazards*")}
    assert exported == {"example-hazards.json", "example-hazards.csv", "example-hazards.xlsx"}
    log = json.loads((starter / "example-hazards.json").read_text("utf-8"))
    assert [hazard["id"] for hazard in log["hazards"]] == ["HAZ-901", "HAZ-902"]
    assert all(hazard["title"].startswith("Placeholder") for hazard in log["hazards"])


@pytest.mark.build
def test_the_title_is_shown_as_written_never_as_code_or_markup(starter: Path) -> None:
    namespace: dict[str, object] = {}
    exec((starter.parent / "safety" / "conf.py").read_text("utf-8"), namespace)
    assert namespace["project"] == TITLE
    heading = soup(starter / "index.html").select_one("h1")
    # Sphinx makes quotes typographic (smartquotes), as in every heading
    straight = heading.get_text().translate(str.maketrans("\u2018\u2019\u201c\u201d", "''\"\""))
    assert straight == f"{TITLE}\N{PILCROW SIGN}"
    assert heading.select_one("b, code, em") is None


@pytest.mark.parametrize(
    ("title", "why"),
    [
        ("", "is empty"),
        ("\u200b ", "is empty"),
        ("Two\nlines", "holds a control character, a line break or an invisible character"),
        ("Hidden \u202eright", "holds a control character, a line break or an invisible character"),
        ("x" * 201, "is longer than 200 characters"),
    ],
)
def test_a_title_that_cannot_be_shown_is_refused(tmp_path: Path, title: str, why: str) -> None:
    process = run("new", tmp_path / "safety", "--title", title)
    assert process.returncode == new.ExitStatus.USAGE
    assert process.stderr.startswith("nhs-assurance new: the title ")
    assert process.stderr.rstrip().endswith(why)
    assert not (tmp_path / "safety").exists()


# --- new: only inside DIR, only into an empty one ---------------------------------------------


def test_a_folder_that_is_not_empty_is_left_alone_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "safety"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n")
    (folder / "conf.py").write_text("# mine\n")
    process = run("new", folder)
    assert process.returncode == new.ExitStatus.REFUSED
    assert process.stderr.startswith(
        f"nhs-assurance new: DIR {folder} is not empty; nothing was written. Rerun with --force"
    )
    assert snapshot(folder) == {"conf.py": b"# mine\n", "notes.txt": b"mine\n"}


def test_force_replaces_the_projects_files_and_leaves_the_others(tmp_path: Path) -> None:
    folder = tmp_path / "safety"
    folder.mkdir()
    (folder / "notes.txt").write_text("mine\n")
    (folder / "conf.py").write_text("# mine\n")
    process = run("new", folder, "--force")
    assert process.returncode == new.ExitStatus.OK, process.stderr
    files = snapshot(folder)
    assert sorted(files) == sorted([*FILES, "notes.txt"])
    assert files["notes.txt"] == b"mine\n"
    assert b"nhs_assurance" in files["conf.py"]


def test_force_never_writes_through_a_link_or_over_a_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.py"
    outside.write_text("# outside DIR\n")
    folder = tmp_path / "safety"
    folder.mkdir()
    (folder / "conf.py").symlink_to(outside)
    (folder / "index.md").mkdir()
    process = run("new", folder, "--force")
    assert process.returncode == new.ExitStatus.REFUSED
    assert process.stderr.splitlines() == [
        "nhs-assurance new: nothing was written, even with --force:",
        f"  {folder / 'conf.py'} is a link, which is never written through",
        f"  {folder / 'index.md'} is a folder (or not a regular file), which is never replaced",
    ]
    assert outside.read_text() == "# outside DIR\n"
    assert sorted(p.name for p in folder.iterdir()) == ["conf.py", "index.md"]


@pytest.mark.parametrize("kind", ["link to a folder", "file", "below a file"])
def test_dir_must_be_a_folder_or_not_yet_exist(tmp_path: Path, kind: str) -> None:
    target = tmp_path / "real"
    target.mkdir()
    if kind == "link to a folder":
        folder = tmp_path / "safety"
        folder.symlink_to(target)
        why = "is a link: give the folder it leads to, if that is where the project goes"
    elif kind == "file":
        folder = tmp_path / "safety"
        folder.write_text("")
        why = "is not a folder"
    else:
        (tmp_path / "file").write_text("")
        folder = tmp_path / "file" / "safety"
        why = f"cannot be made: {tmp_path / 'file'} is not a folder"
    process = run("new", folder, "--force")
    assert process.returncode == new.ExitStatus.USAGE
    assert process.stderr == f"nhs-assurance new: DIR {folder} {why}; nothing was written\n"
    assert list(target.iterdir()) == []


def test_dir_dot_is_named_after_the_folder_it_is(tmp_path: Path) -> None:
    folder = tmp_path / "ward-safety"
    folder.mkdir()
    process = subprocess.run(
        [sys.executable, "-m", "nhs_assurance.commands", "new", "."],
        cwd=folder, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert process.returncode == new.ExitStatus.OK, process.stderr
    assert "project = 'ward-safety'" in (folder / "conf.py").read_text("utf-8")


def test_new_makes_the_folders_of_dir(tmp_path: Path) -> None:
    process = run("new", tmp_path / "a" / "b" / "safety")
    assert process.returncode == new.ExitStatus.OK, process.stderr
    assert sorted(snapshot(tmp_path)) == sorted(f"a/b/safety/{name}" for name in FILES)


def test_exit_statuses_are_described_and_shared_with_the_importer() -> None:
    """2 and 3 mean the same in every command: bad arguments, and a refusal to overwrite."""
    assert [(s.name, int(s)) for s in new.ExitStatus] == [("OK", 0), ("USAGE", 2), ("REFUSED", 3)]
    assert all(status.description for status in new.ExitStatus)
    for status in new.ExitStatus:
        assert import_cli.ExitStatus[status.name] == status
    assert commands.USAGE == new.ExitStatus.USAGE
