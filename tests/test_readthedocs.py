"""`.readthedocs.yaml` (the guidance) and `handbook/.readthedocs.yaml` (the handbook): what Read
the Docs installs, and their build jobs, run as it runs them.

Read the Docs runs each command in a new shell at the root of a checkout, in a venv of its own,
with READTHEDOCS_OUTPUT naming the folder it publishes (html/, pdf/ ...). Here the install job
runs in a new venv too, with pip limited to the wheelhouse `make test` filled from the locks.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nhs_assurance
import pikepdf
import pytest
import yaml
from helpers import CANONICAL, REPO_ROOT, require_weasyprint, soup
from installs import (
    PYPROJECT,
    installed_versions,
    locked_versions,
    new_venv,
    offline_env,
    unpinned_installs,
)
from nhs_assurance.writers.pdf import DEBIAN_PACKAGES
from packaging.version import Version

pytestmark = pytest.mark.docs


#: Each product's Read the Docs configuration file.
CONFIGS = {"guidance": ".readthedocs.yaml", "handbook": "handbook/.readthedocs.yaml"}


def rtd_config(product: str = "guidance") -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / CONFIGS[product]).read_text("utf-8"))


@dataclass(frozen=True)
class ReadTheDocs:
    """A checkout, with the venv the install job made in it: Read the Docs' build machine."""

    checkout: Path
    venv: Path

    def run(self, commands: list[str], env: dict[str, str]) -> None:
        """Run each command in a new shell at the root of the checkout, as Read the Docs does."""
        for command in commands:
            process = subprocess.run(
                ["bash", "-c", command],
                cwd=self.checkout, env=env, capture_output=True, text=True, check=False,
            )  # fmt: skip
            assert process.returncode == 0, f"{command}\n{process.stdout}\n{process.stderr}"


@pytest.fixture(scope="module")
def read_the_docs(tmp_path_factory: pytest.TempPathFactory) -> ReadTheDocs:
    """A clean checkout in which the ``build.jobs.install`` commands have run, in a new venv;
    pip reaches no index, only the files `make` fetched for the lock."""
    checkout = tmp_path_factory.mktemp("readthedocs") / "checkout"
    checkout.mkdir()
    for name in ("conf.py", "pyproject.toml", "README.md", "LICENSE", "NOTICE"):
        shutil.copy(REPO_ROOT / name, checkout)
    ignore = shutil.ignore_patterns("*.egg-info", "__pycache__", "build")
    for name in ("docs", "handbook", "ext", "requirements"):
        shutil.copytree(REPO_ROOT / name, checkout / name, ignore=ignore)
    machine = ReadTheDocs(checkout, checkout.parent / "venv")
    new_venv(machine.venv)
    machine.run(rtd_config()["build"]["jobs"]["install"], offline_env(machine.venv))
    return machine


def test_both_products_install_the_same_way() -> None:
    """The handbook is built with what the guidance is built with (the test below runs it)."""
    assert (
        rtd_config("handbook")["build"]["jobs"]["install"]
        == rtd_config()["build"]["jobs"]["install"]
    )
    assert rtd_config("handbook")["build"]["apt_packages"] == rtd_config()["build"]["apt_packages"]


def test_read_the_docs_installs_exactly_the_lock(read_the_docs: ReadTheDocs) -> None:
    """The site on Read the Docs is built with requirements/docs.lock's releases, nothing else."""
    commands = rtd_config()["build"]["jobs"]["install"]
    assert unpinned_installs(commands) == []
    assert any("requirements/docs.lock" in command for command in commands)
    installed = installed_versions(read_the_docs.venv / "bin" / "python")
    assert installed.pop("ers-docs") == Version(PYPROJECT["project"]["version"])
    assert installed.pop("nhs-assurance") == Version(nhs_assurance.__version__)
    installed.pop("pip")  # the venv's own
    assert installed == locked_versions("docs.lock")
    for package in ("furo", "sphinx-design", "sphinx-sitemap", "sphinx-reredirects"):
        assert package in installed


def run_build_job(fmt: str, machine: ReadTheDocs, product: str = "guidance") -> Path:
    """Run the ``build.jobs.build.<fmt>`` commands of *product*; return READTHEDOCS_OUTPUT."""
    config = rtd_config(product)
    assert fmt == "html" or fmt in config["formats"]  # Read the Docs skips unlisted formats
    output = machine.checkout / f"_readthedocs-{product}"
    env = {
        **offline_env(machine.venv),
        "READTHEDOCS": "True",
        "READTHEDOCS_OUTPUT": str(output),
        "READTHEDOCS_CANONICAL_URL": CANONICAL,
    }
    machine.run(config["build"]["jobs"]["build"][fmt], env)
    return output


@pytest.mark.build
def test_the_handbook_html_job_publishes_the_handbook(read_the_docs: ReadTheDocs) -> None:
    output = run_build_job("html", read_the_docs, "handbook")
    assert (output / "html" / "settings.html").is_file()
    assert (output / "html" / "example-hazards.json").is_file()
    assert not (output / "html" / "hazards.json").exists()
    assert not (output / "html" / "clinical_safety.html").exists()  # the guidance's, not here


def test_the_handbook_pdf_job_prints_the_handbook_as_make_does() -> None:
    """The PDF job runs the strict nhs_pdf build of handbook/ that `make handbook-pdf` runs
    (test_pdf_accessible.py checks that PDF), and publishes the one file it makes."""
    commands = rtd_config("handbook")["build"]["jobs"]["build"]["pdf"]
    (printing,) = [command for command in commands if "-b nhs_pdf" in command]
    assert " -W --keep-going " in printing and " handbook " in printing
    assert commands[-1].startswith("cp ") and commands[-1].endswith("$READTHEDOCS_OUTPUT/pdf/")


@pytest.mark.build
def test_the_html_job_publishes_the_site_at_its_canonical_address(
    read_the_docs: ReadTheDocs,
) -> None:
    output = run_build_job("html", read_the_docs)
    page = soup(output / "html" / "clinical_safety.html")
    assert page.select_one('link[rel="canonical"]')["href"] == CANONICAL + "clinical_safety.html"
    assert (output / "html" / "index.html").is_file()
    assert (output / "html" / "404.html").is_file()
    assert CANONICAL + "clinical_safety.html" in (output / "html" / "sitemap.xml").read_text(
        "utf-8"
    )


@pytest.mark.build
@pytest.mark.pdf
def test_the_pdf_job_publishes_the_accessible_pdf(read_the_docs: ReadTheDocs) -> None:
    require_weasyprint()
    output = run_build_job("pdf", read_the_docs)
    (pdf,) = (output / "pdf").iterdir()  # Read the Docs publishes exactly one
    assert pdf.name == "ers-clinical-safety.pdf"
    # The tagged one (make pdf), not Sphinx's LaTeX PDF.
    with pikepdf.open(pdf) as document:
        assert "/StructTreeRoot" in document.Root
        assert str(document.Root.Lang) == "en-GB"


def test_read_the_docs_installs_what_the_pdf_needs() -> None:
    """The Debian packages WeasyPrint loads and the PDF's fonts, as the builder names them."""
    assert rtd_config()["build"]["apt_packages"] == DEBIAN_PACKAGES.split()
