"""`make test`'s temporary folders: a run's stay until the next run, in a folder of the clone's own
inside pytest's folder for the user, which must be the user's alone; the next run deletes them
while it runs (the Makefile's ``fresh_test_tmp``)."""

from __future__ import annotations

import getpass
import os
import subprocess
import sys
import time
from pathlib import Path

from helpers import REPO_ROOT, require_tool

#: A run of one small file of tests that use tmp_path, in this venv, in one process. TEST_STAMP=
#: and AXE_STAMP= skip the venv's set-up, which is not the point.
MAKE_ARGS = (
    "-s", "test-fast", f"VENV={sys.prefix}", "TEST_STAMP=", "AXE_STAMP=", "PYTEST_WORKERS=0",
    "PYTESTOPTS=tests/unit/test_importer_tables.py -q -p no:cacheprovider",
)  # fmt: skip


def run_make_test(tmpdir: Path) -> subprocess.CompletedProcess[str]:
    """``make test-fast`` (a small part of it) with *tmpdir* as TMPDIR, outside this run's pytest."""
    make = require_tool("make", "it runs make test-fast")
    env = {name: value for name, value in os.environ.items() if not name.startswith("PYTEST_")}
    return subprocess.run(
        [make, *MAKE_ARGS], cwd=REPO_ROOT, env={**env, "TMPDIR": str(tmpdir)},
        capture_output=True, text=True, check=False,
    )  # fmt: skip


def test_a_run_keeps_its_temporary_folders_until_the_next_deletes_them(tmp_path: Path) -> None:
    user_folder = tmp_path / f"pytest-of-{getpass.getuser()}"
    first = run_make_test(tmp_path)
    assert first.returncode == 0, first.stdout + first.stderr
    assert user_folder.stat().st_mode & 0o077 == 0  # made the user's alone (umask aside)
    (run_folder,) = user_folder.iterdir()
    assert run_folder.name.startswith("ers-docs-") and run_folder.name.endswith("-test-fast")
    assert any(run_folder.rglob("test_a_table_*"))  # the tests' tmp_path folders, kept
    (run_folder / "left-by-the-first-run").write_text("", "utf-8")

    second = run_make_test(tmp_path)
    assert second.returncode == 0, second.stdout + second.stderr
    assert any(run_folder.rglob("test_a_table_*"))  # the second run's own
    assert not (run_folder / "left-by-the-first-run").exists()
    # The first run's folders, moved aside, go in the background: give that a moment.
    for _ in range(100):
        if [path.name for path in user_folder.iterdir()] == [run_folder.name]:
            break
        time.sleep(0.1)
    assert [path.name for path in user_folder.iterdir()] == [run_folder.name]


def test_a_folder_for_the_user_that_is_a_link_stops_the_run(tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    user_folder = tmp_path / f"pytest-of-{getpass.getuser()}"
    user_folder.symlink_to(elsewhere)
    process = run_make_test(tmp_path)
    assert process.returncode != 0 and process.stdout == ""
    assert process.stderr.startswith(
        f"make: cannot keep the tests' temporary folders in {user_folder}, which must be a "
        "folder of yours alone; set TMPDIR"
    ), process.stderr
    assert list(elsewhere.iterdir()) == []
