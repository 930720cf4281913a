"""`make latexpdf` on a machine without TeX Live: it names the packages to install, and the Makefile,
.ci/run and the README name the same ones. Nothing is typeset here (test_pdf.py typesets)."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

from helpers import REPO_ROOT, require_tool


def tex_live_packages() -> dict[str, list[str]]:
    """The Debian packages of TeX Live, as the Makefile, .ci/run and the README name them."""
    makefile = (REPO_ROOT / "Makefile").read_text("utf-8")
    ci = (REPO_ROOT / ".ci" / "run").read_text("utf-8")
    readme = (REPO_ROOT / "README.md").read_text("utf-8")
    return {
        "Makefile": re.search(r"^TEX_PACKAGES\s*:=\s*(.+)$", makefile, re.M)[1].split(),
        ".ci/run": re.search(r'\[latexmk\]="([^"]+)"', ci)[1].split(),
        "README.md": re.search(r"apt-get install (latexmk .+)$", readme, re.M)[1].split(),
    }


def test_makefile_ci_and_readme_name_the_same_tex_live_packages() -> None:
    packages = tex_live_packages()
    assert packages["Makefile"] == packages[".ci/run"] == packages["README.md"]


def test_make_latexpdf_without_tex_live_says_what_to_install(tmp_path: Path) -> None:
    make = require_tool("make", "it runs make latexpdf")
    # An empty PATH: no latexmk. DOCS_STAMP= skips setting up the venv, which is not the point.
    process = subprocess.run(
        [make, "-s", "latexpdf", "DOCS_STAMP="],
        cwd=REPO_ROOT, capture_output=True, text=True, check=False,
        env={"PATH": str(tmp_path)},
    )  # fmt: skip
    assert process.returncode != 0
    assert process.stdout == ""
    first, *rest = process.stderr.splitlines()
    packages = " ".join(tex_live_packages()["Makefile"])
    assert first == f"make latexpdf needs TeX Live: apt-get install {packages}"
    assert all(line.startswith("make: ***") for line in rest)  # make's own closing line only
