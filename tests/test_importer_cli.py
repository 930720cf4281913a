"""The importer's command line: its help, a real run, re-runs, --force and pages it skips."""

from __future__ import annotations

import shutil
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest
from importer_support import (
    FIXTURE_SITE,
    article,
    build_strict,
    run_importer,
    run_importer_process,
    text_of,
)


@pytest.fixture
def site_copy(tmp_path: Path) -> Path:
    """A copy of the fixture site that a test may change."""
    return Path(shutil.copytree(FIXTURE_SITE, tmp_path / "site"))


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under *folder*: its content and its modification time."""
    return {
        path.relative_to(folder).as_posix(): (path.read_bytes(), path.stat().st_mtime_ns)
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_help_explains_the_command_and_its_exit_statuses() -> None:
    process = run_importer("--help")
    assert process.returncode == 0
    for words in (
        "usage: nhs-import-jekyll [-h] [--force] [--original-site URL]",
        "[--compare RENDERED] [--strict]",
        "--dry-run",
        "--report-format {text,json}",
        "--force",
        "--original-site URL",
        "import-report.md",
        "exit status:",
        "3  files in DEST would be overwritten; nothing was written (rerun with --force)",
    ):
        assert words in process.stdout


def test_the_console_script_is_installed() -> None:
    (script,) = [
        ep for ep in entry_points(group="console_scripts") if ep.name == "nhs-import-jekyll"
    ]
    # The package checks the `importer` extra first, then runs importer/cli.py's main.
    assert script.value == "nhs_assurance:import_jekyll"
    path = shutil.which("nhs-import-jekyll", path=str(Path(sys.executable).parent))
    assert path is not None, "reinstall the project (make venv) to get the console script"
    process = subprocess.run([path, "--help"], capture_output=True, text=True, check=False)
    assert process.returncode == 0
    assert process.stdout.startswith("usage: nhs-import-jekyll")


@pytest.mark.build
def test_a_run_converts_the_site_and_reports_on_the_terminal(tmp_path: Path) -> None:
    """``python -m nhs_assurance.importer``, run as a program (the other tests call its main)."""
    dest = tmp_path / "dest"
    process = run_importer_process(FIXTURE_SITE, dest)
    assert process.returncode == 0, process.stderr
    lines = process.stdout.splitlines()
    assert lines[0].startswith(f"Converted 8 page(s) of {FIXTURE_SITE} into {dest}")
    assert (
        f"{FIXTURE_SITE}/pages/guide/getting_started.md:20: [liquid] Liquid variable"
        in process.stdout
    )
    assert f"{FIXTURE_SITE}/pages/widget_safety.md:26: [markup]" in process.stdout
    assert lines[-1] == f"Report: {dest / 'import-report.md'}"
    assert (dest / "import-report.md").is_file()
    status, stderr = build_strict(dest, tmp_path / "html")
    assert (status, stderr) == (0, "")


def test_a_second_run_changes_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    assert run_importer(FIXTURE_SITE, dest).returncode == 0
    before = snapshot(dest)
    second = run_importer(FIXTURE_SITE, dest)
    assert second.returncode == 0, second.stderr
    assert "(0 file(s) written, 11 unchanged)" in second.stdout
    assert snapshot(dest) == before


def test_it_refuses_to_overwrite_a_changed_file_and_writes_nothing(tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    assert run_importer(FIXTURE_SITE, dest).returncode == 0
    edited = dest / "widget_safety.md"
    edited.write_text(edited.read_text("utf-8") + "\nA person's edit.\n", "utf-8")
    (dest / "callouts.md").unlink()
    before = snapshot(dest)

    process = run_importer(FIXTURE_SITE, dest)
    assert process.returncode == 3
    assert f"  {edited}" in process.stderr.splitlines()
    assert "Rerun with --force to overwrite them." in process.stderr
    assert snapshot(dest) == before  # not even the missing page came back


def test_force_overwrites(tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    assert run_importer(FIXTURE_SITE, dest).returncode == 0
    pristine = (dest / "widget_safety.md").read_text("utf-8")
    (dest / "widget_safety.md").write_text("A person's edit.\n", "utf-8")
    process = run_importer(FIXTURE_SITE, dest, "--force")
    assert process.returncode == 0, process.stderr
    assert (dest / "widget_safety.md").read_text("utf-8") == pristine


@pytest.mark.build
def test_a_page_whose_front_matter_is_not_yaml_is_published_without_it_as_jekyll_does(
    site_copy: Path, tmp_path: Path
) -> None:
    (site_copy / "pages" / "broken.md").write_text(
        "---\ntitle: Broken\npermalink: /broken.html\nkeywords: [unclosed\n---\n\nText.\n", "utf-8"
    )
    dest = tmp_path / "dest"
    process = run_importer(site_copy, dest)
    assert process.returncode == 0, process.stderr
    assert (
        f"{site_copy}/pages/broken.md:4: [frontmatter] The front matter is not valid YAML"
        in process.stdout
    )
    # At its path, as Jekyll publishes it without a permalink; the front matter kept, unread.
    written = (dest / "pages" / "broken.md").read_text("utf-8")
    assert "% keywords: [unclosed\n% ---\n\nText.\n" in written
    assert "| Pages skipped | 0 |" in (dest / "import-report.md").read_text("utf-8")
    assert [p.name for p in dest.rglob("*.tmp")] == []
    assert (dest / "widget_safety.md").is_file()  # the other pages are converted
    status, stderr = build_strict(dest, tmp_path / "html")
    assert (status, stderr) == (0, "")
    assert "Text." in text_of(article(tmp_path / "html" / "pages" / "broken.html"))


def test_a_folder_that_is_not_a_jekyll_site_is_refused(tmp_path: Path) -> None:
    process = run_importer(tmp_path, tmp_path / "dest")
    assert process.returncode == 2
    assert "is not a Jekyll site" in process.stderr
    assert not (tmp_path / "dest").exists()


def test_original_site_option_overrides_the_configuration(tmp_path: Path) -> None:
    dest = tmp_path / "dest"
    process = run_importer(
        FIXTURE_SITE, dest, "--original-site", "https://archive.example.org/widgets"
    )
    assert process.returncode == 0, process.stderr
    assert "https://archive.example.org/widgets/faq.html#billing" in (
        dest / "getting_started.md"
    ).read_text("utf-8")
    assert run_importer(FIXTURE_SITE, dest, "--original-site", "javascript:x").returncode == 2


@pytest.mark.build
def test_without_an_original_site_links_are_left_for_the_build_setting(
    site_copy: Path, tmp_path: Path
) -> None:
    config = site_copy / "_config.yml"
    config.write_text(
        config.read_text("utf-8").replace("url: https://docs.example.org\n", ""), "utf-8"
    )
    dest = tmp_path / "dest"
    assert run_importer(site_copy, dest).returncode == 0
    assert "[old questions](faq.html#billing)" in (dest / "getting_started.md").read_text("utf-8")
    # The project's nhs_assurance_original_site then sends the link to the original site.
    status, stderr = build_strict(dest, tmp_path / "html")
    assert (status, stderr) == (0, "")
    link = next(
        a
        for a in article(tmp_path / "html" / "getting_started.html").select("a")
        if a.get_text() == "old questions"
    )
    assert link["href"] == "https://developer.nhs.uk/apis/e-Referrals/faq.html#billing"
