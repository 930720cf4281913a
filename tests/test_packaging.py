"""nhs_assurance is a package another docs project can install and use."""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from conftest import REPO_ROOT, soup
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A wheel built from a copy of the project, so the source tree stays clean."""
    pytest.importorskip("setuptools", reason="building the wheel needs setuptools")
    work = tmp_path_factory.mktemp("wheel")
    project = work / "project"
    project.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(REPO_ROOT / name, project / name)
    shutil.copytree(
        REPO_ROOT / "ext",
        project / "ext",
        ignore=shutil.ignore_patterns("*.egg-info", "__pycache__"),
    )
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", work, project],
        check=True, capture_output=True,
    )  # fmt: skip
    (built,) = work.glob("ers_docs-*.whl")
    return built


def test_wheel_carries_the_extension_and_its_css(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "nhs_assurance/__init__.py" in names
    assert "nhs_assurance/static/nhs_assurance.css" in names
    assert "nhs_assurance/texinputs/nhsassurance.sty" in names  # the PDF look of a sibling


def test_the_wheel_requires_only_what_the_extension_imports(wheel: Path) -> None:
    """Furo and sphinx-design are the site's choice (the `site` extra), not the extension's."""
    archive = zipfile.ZipFile(wheel)
    metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    requires = [Requirement(line.removeprefix("Requires-Dist: "))
                for line in archive.read(metadata).decode().splitlines()
                if line.startswith("Requires-Dist: ")]  # fmt: skip
    always = {canonicalize_name(r.name) for r in requires if r.marker is None}
    declared = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))["project"]
    assert always == {canonicalize_name(Requirement(r).name) for r in declared["dependencies"]}
    assert {"sphinx", "myst-parser"} <= always
    site = {canonicalize_name(r.name) for r in requires
            if r.marker is not None and r.marker.evaluate({"extra": "site"})}  # fmt: skip
    assert {"furo", "sphinx-design"} <= site - always


def test_a_sibling_project_builds_with_the_installed_extension(wheel: Path, tmp_path: Path) -> None:
    site_packages = tmp_path / "site-packages"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", site_packages, wheel],
        check=True, capture_output=True,
    )  # fmt: skip
    sibling = tmp_path / "sibling"
    sibling.mkdir()
    (sibling / "conf.py").write_text(
        'extensions = ["myst_parser", "nhs_assurance"]\nmyst_enable_extensions = ["colon_fence"]\n'
        'import nhs_assurance\nprint("nhs_assurance from", nhs_assurance.__file__)\n'
    )
    (sibling / "index.md").write_text(
        "# Sibling\n\n:::{standard} XYZ0001\n:title: Fictional\n:url: https://example.org/x\n\n"
        "Text.\n:::\n\n:::{mandatory}\nFictional requirement.\n:::\n"
    )
    process = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-W", sibling, tmp_path / "out"],
        capture_output=True, text=True, cwd=tmp_path, check=False,
        env={"PYTHONPATH": str(site_packages), "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert process.returncode == 0, process.stderr
    assert f"nhs_assurance from {site_packages}" in process.stdout  # the wheel, not the checkout
    page = soup(tmp_path / "out" / "index.html")
    assert page.select_one("div.nhs-standard#xyz0001") is not None
    assert page.select_one("div.admonition.mandatory") is not None
    assert (tmp_path / "out" / "_static" / "nhs_assurance.css").is_file()
