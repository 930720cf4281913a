"""`.readthedocs.yaml`: what Read the Docs installs, and its build jobs, run as it runs them.

Read the Docs runs each command in a new shell at the root of a checkout, with the project
installed and READTHEDOCS_OUTPUT naming the folder it publishes (html/, pdf/ ...).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import yaml
from helpers import CANONICAL, REPO_ROOT, require_weasyprint, soup
from nhs_assurance.writers.pdf import DEBIAN_PACKAGES


def rtd_config() -> dict[str, Any]:
    return yaml.safe_load((REPO_ROOT / ".readthedocs.yaml").read_text("utf-8"))


def test_read_the_docs_installs_the_project_with_the_site_extra() -> None:
    config = rtd_config()
    assert config["version"] == 2
    assert config["python"]["install"] == [
        {"method": "pip", "path": ".", "extra_requirements": ["site"]}
    ]
    pyproject = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text("utf-8"))
    site_extra = pyproject["project"]["optional-dependencies"]["site"]
    for package in (
        "sphinx-sitemap",
        "sphinx-notfound-page",
        "sphinxext-opengraph",
        "sphinx-reredirects",
    ):
        assert any(requirement.startswith(package) for requirement in site_extra)


def run_build_job(fmt: str, tmp_path: Path) -> Path:
    """Run the ``build.jobs.build.<fmt>`` commands in a checkout; return READTHEDOCS_OUTPUT."""
    config = rtd_config()
    assert fmt == "html" or fmt in config["formats"]  # Read the Docs skips unlisted formats
    checkout = tmp_path / "checkout"
    checkout.mkdir()
    shutil.copy(REPO_ROOT / "conf.py", checkout)
    shutil.copytree(REPO_ROOT / "docs", checkout / "docs")
    output = checkout / "_readthedocs"
    env = {
        **os.environ,
        "READTHEDOCS": "True",
        "READTHEDOCS_OUTPUT": str(output),
        "READTHEDOCS_CANONICAL_URL": CANONICAL,
        # `python` is the environment the project is installed in, as on Read the Docs.
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    for command in config["build"]["jobs"]["build"][fmt]:
        process = subprocess.run(
            ["bash", "-c", command],
            cwd=checkout,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        assert process.returncode == 0, f"{command}\n{process.stdout}\n{process.stderr}"
    return output


@pytest.mark.build
@pytest.mark.docs
def test_the_html_job_publishes_the_site_at_its_canonical_address(tmp_path: Path) -> None:
    output = run_build_job("html", tmp_path)
    page = soup(output / "html" / "clinical_safety.html")
    assert page.select_one('link[rel="canonical"]')["href"] == CANONICAL + "clinical_safety.html"
    assert (output / "html" / "index.html").is_file()
    assert (output / "html" / "404.html").is_file()
    assert CANONICAL + "clinical_safety.html" in (output / "html" / "sitemap.xml").read_text(
        "utf-8"
    )


@pytest.mark.build
@pytest.mark.docs
@pytest.mark.pdf
def test_the_pdf_job_publishes_the_accessible_pdf(tmp_path: Path) -> None:
    require_weasyprint()
    output = run_build_job("pdf", tmp_path)
    (pdf,) = (output / "pdf").iterdir()  # Read the Docs publishes exactly one
    assert pdf.name == "ers-clinical-safety.pdf"
    # The tagged one (make pdf), not Sphinx's LaTeX PDF.
    with pikepdf.open(pdf) as document:
        assert "/StructTreeRoot" in document.Root
        assert str(document.Root.Lang) == "en-GB"


def test_read_the_docs_installs_what_the_pdf_needs() -> None:
    """The Debian packages WeasyPrint loads and the PDF's fonts, as the builder names them."""
    assert rtd_config()["build"]["apt_packages"] == DEBIAN_PACKAGES.split()
