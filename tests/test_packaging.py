"""nhs_assurance is a distribution of its own, nhs-assurance (ext/), that another docs project can
install and use: the bare wheel brings Sphinx, docutils and MyST only, and a part whose extra is
missing says what to install."""

from __future__ import annotations

import ast
import importlib.metadata
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from helpers import REPO_ROOT, soup
from installs import installed_versions, new_venv, offline_env
from nhs_assurance.commands.starter_files import FILES
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

PACKAGE = REPO_ROOT / "ext" / "nhs_assurance"


EXT = REPO_ROOT / "ext"
EXT_PROJECT = tomllib.loads((EXT / "pyproject.toml").read_text("utf-8"))["project"]


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The extension's sdist and wheel, built as `make dist` builds them (in one run of build)
    from a copy of ext/, so the source tree stays clean; the folder holding them."""
    pytest.importorskip("setuptools", reason="building the wheel needs setuptools")
    pytest.importorskip("build", reason="the sdist and the wheel are built with build")
    work = tmp_path_factory.mktemp("dist")
    project = work / "ext"
    shutil.copytree(
        EXT, project, ignore=shutil.ignore_patterns("*.egg-info", "__pycache__", "build")
    )
    subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "--sdist", "--wheel", "--outdir", work / "dist", project],
        check=True, capture_output=True,
    )  # fmt: skip
    return work / "dist"


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    """The extension's wheel."""
    (built,) = dist.glob("nhs_assurance-*.whl")
    return built


@pytest.mark.install
def test_the_sdist_and_the_wheel_pass_twine_check(dist: Path, wheel: Path) -> None:
    """As `make dist` checks them: metadata complete, the README renders on an index."""
    pytest.importorskip("twine", reason="twine checks the files")
    (sdist,) = dist.glob("nhs_assurance-*.tar.gz")
    process = subprocess.run(
        [sys.executable, "-m", "twine", "check", "--strict", sdist, wheel],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert process.returncode == 0, process.stdout + process.stderr
    assert process.stdout.count("PASSED") == 2


@pytest.mark.install
def test_wheel_carries_the_extension_and_its_css(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    assert "nhs_assurance/__init__.py" in names
    assert "nhs_assurance/static/nhs_assurance.css" in names
    assert "nhs_assurance/writers/texinputs/nhsassurance.sty" in names  # the PDF look of a sibling
    # the project `nhs-assurance new` writes, read with importlib.resources
    for template, _ in FILES.values():
        assert f"nhs_assurance/commands/starter/{template}" in names
    version = EXT_PROJECT.get("version") or importlib.metadata.version("nhs-assurance")
    assert f"nhs_assurance-{version}.dist-info/licenses/LICENSE" in names
    assert f"nhs_assurance-{version}.dist-info/licenses/NOTICE" in names


@pytest.mark.install
def test_the_bare_wheel_requires_sphinx_docutils_and_myst_only(wheel: Path) -> None:
    """Everything else is an extra: the importer's parsers, the PDF's WeasyPrint, the workbook's
    openpyxl, Furo; and the site's theme and extensions are the site's (ers-docs), not these."""
    archive = zipfile.ZipFile(wheel)
    metadata = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
    lines = archive.read(metadata).decode().splitlines()
    requires = [Requirement(line.removeprefix("Requires-Dist: "))
                for line in lines if line.startswith("Requires-Dist: ")]  # fmt: skip
    always = {canonicalize_name(r.name) for r in requires if r.marker is None}
    assert always == {"sphinx", "docutils", "myst-parser", "pyyaml"}
    extras = {
        line.removeprefix("Provides-Extra: ")
        for line in lines
        if line.startswith("Provides-Extra: ")
    }
    assert extras == {"importer", "pdf", "workbook", "furo", "redirects", "safety-file", "all"}
    assert "Name: nhs-assurance" in lines and "License-Expression: Apache-2.0" in lines

    def of(extra: str) -> set[str]:
        return {canonicalize_name(r.name) for r in requires
                if r.marker is not None and r.marker.evaluate({"extra": extra})} - always  # fmt: skip

    assert of("importer") == {"markdown-it-py", "pygments", "nh3", "python-liquid"}
    assert of("pdf") == {"weasyprint", "pydyf"}
    assert of("workbook") == {"openpyxl"}
    assert of("safety-file") == {"defusedxml", "jsonschema-rs"}
    assert "sphinx-design" not in of("all")


def imported_modules() -> dict[str, set[str]]:
    """Each top-level module the package imports from outside itself and the standard library
    (at any depth: also inside functions and under TYPE_CHECKING), with the files that do."""
    modules: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                top = name.partition(".")[0]
                if top not in sys.stdlib_module_names and top != PACKAGE.name:
                    modules.setdefault(top, set()).add(str(path.relative_to(PACKAGE)))
    return modules


def top_level_imports(tree: ast.Module) -> set[str]:
    """The top-level packages a module imports as it is imported (not inside a function)."""
    names = set()
    for node in tree.body:
        if isinstance(node, ast.Import):
            names.update(alias.name.partition(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.partition(".")[0])
    return names


#: Packages the extension imports that are not required, by the extra that declares them, and
#: the only modules that may import them when they are imported (others: inside a function).
#: The importer's modules need their extra as a whole: `nhs-import-jekyll` checks it first.
IMPORTER_MODULES = {str(p.relative_to(PACKAGE)) for p in (PACKAGE / "importer").rglob("*.py")}
OPTIONAL = {
    "furo": ("furo", set()),
    "weasyprint": ("pdf", set()),
    # loaded only by the nhs_pdf builder, inside its write_pdf
    "pydyf": ("pdf", {"writers/pdf_links.py"}),
    # loaded only when the workbook is written (registry/export.py checks for it first)
    "openpyxl": ("workbook", {"core/hazard_xlsx.py"}),
    "markdown-it-py": ("importer", IMPORTER_MODULES),
    "pygments": ("importer", IMPORTER_MODULES),
    "nh3": ("importer", IMPORTER_MODULES),
    "python-liquid": ("importer", IMPORTER_MODULES),
    # the clinical safety file's evidence and baseline: loaded only when a project names them
    "defusedxml": ("safety-file", set()),
    "jsonschema-rs": ("safety-file", set()),
}


def test_the_package_requires_exactly_what_it_imports() -> None:
    """Every package of `dependencies` is imported, and every import is of a declared package:
    a required one, or one of an extra, which only the code that needs it imports."""
    project = EXT_PROJECT
    required = {canonicalize_name(Requirement(r).name) for r in project["dependencies"]}
    providers = importlib.metadata.packages_distributions()
    imported: dict[str, set[str]] = {}
    for module, files in imported_modules().items():
        for distribution in providers.get(module, [module]):
            imported.setdefault(canonicalize_name(distribution), set()).update(files)
    assert set(imported) - required == set(OPTIONAL), imported
    assert required - set(imported) == set(), "declared but never imported"
    extras = project["optional-dependencies"]
    for name, (extra, top_level_in) in OPTIONAL.items():
        assert name in {canonicalize_name(Requirement(r).name) for r in extras[extra]}
        for path in imported[name]:
            if path in top_level_in:
                continue
            tree = ast.parse((PACKAGE / path).read_text("utf-8"))
            assert name.replace("-", "_") not in top_level_imports(tree), (
                f"{path} imports {name} when it is imported"
            )


@pytest.fixture(scope="module")
def sibling_python(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A venv of its own with the wheel and what its metadata requires, nothing else: no Furo,
    no sphinx-design. pip installs it from the wheelhouse alone, never the network."""
    venv = tmp_path_factory.mktemp("sibling") / "venv"
    python = new_venv(venv)
    subprocess.run(
        [python, "-m", "pip", "install", "--quiet", wheel],
        check=True, capture_output=True, env=offline_env(venv),
    )  # fmt: skip
    return python


@pytest.mark.install
def test_the_bare_wheel_installs_and_imports_without_any_extra(sibling_python: Path) -> None:
    installed = installed_versions(sibling_python)
    assert "nhs-assurance" in installed and "sphinx" in installed and "myst-parser" in installed
    for extra_package in (
        "furo",
        "sphinx-design",
        "openpyxl",
        "nh3",
        "weasyprint",
        "pydyf",
        "defusedxml",
        "jsonschema-rs",
    ):
        assert extra_package not in installed
    # Every module but the importer's and the PDF's link finisher (their extras') imports (and
    # no __main__, which would run its command).
    process = subprocess.run(
        [sibling_python, "-c",
         "import importlib, pkgutil, sys, nhs_assurance\n"
         "for module in pkgutil.walk_packages(nhs_assurance.__path__, 'nhs_assurance.'):\n"
         "    if not module.name.startswith('nhs_assurance.importer') and not module.name.endswith(\n"
         "            ('pdf_links', 'hazard_xlsx', '__main__')):\n"
         "        importlib.import_module(module.name)\n"
         "print(sorted(m for m in sys.modules if m.startswith('nhs_assurance')))\n"
         "print('furo' in sys.modules, 'sphinx_design' in sys.modules)\n"],
        capture_output=True, text=True, cwd=sibling_python.parent, check=False,
    )  # fmt: skip
    assert process.returncode == 0, process.stderr
    modules, loaded = process.stdout.splitlines()
    assert "'nhs_assurance.writers.pdf'" in modules
    assert loaded == "False False"


@pytest.mark.install
def test_the_importer_without_its_extra_says_what_to_install(sibling_python: Path) -> None:
    cli = sibling_python.parent / "nhs-import-jekyll"
    process = subprocess.run([cli, "--help"], capture_output=True, text=True, check=False)
    assert process.returncode == 2
    assert "nhs-import-jekyll needs the importer extra (nh3, liquid missing)" in process.stderr
    assert "pip install 'nhs-assurance[importer]'" in process.stderr


@pytest.mark.install
@pytest.mark.build
def test_nhs_assurance_new_writes_a_project_the_bare_install_builds(
    sibling_python: Path, tmp_path: Path
) -> None:
    """`nhs-assurance new` needs no extra, nor does what it writes: it builds with -W -n."""
    command = sibling_python.parent / "nhs-assurance"
    env = {"PATH": "/usr/bin:/bin"}
    process = subprocess.run(
        [command, "new", tmp_path / "safety"], capture_output=True, text=True, check=False, env=env
    )  # fmt: skip
    assert process.returncode == 0, process.stderr
    assert sorted(p.name for p in (tmp_path / "safety").iterdir()) == sorted(FILES)
    process = subprocess.run(
        [sibling_python, "-m", "sphinx", "-b", "html", "-W", "-n", tmp_path / "safety", tmp_path / "out"],
        capture_output=True, text=True, cwd=tmp_path, check=False, env=env,
    )  # fmt: skip
    assert process.returncode == 0, process.stderr
    written = {p.name for p in (tmp_path / "out").glob("*hazards*")}
    assert written == {"example-hazards.json", "example-hazards.csv"}  # no workbook: no openpyxl
    assert soup(tmp_path / "out" / "safety_case_report.html").select_one(".nhs-safety-summary")


@pytest.mark.install
@pytest.mark.build
def test_a_sibling_project_builds_with_the_installed_extension(
    sibling_python: Path, tmp_path: Path
) -> None:
    sibling = tmp_path / "sibling"
    sibling.mkdir()
    (sibling / "conf.py").write_text(
        'extensions = ["myst_parser", "nhs_assurance"]\nmyst_enable_extensions = ["colon_fence"]\n'
        'import nhs_assurance\nprint("nhs_assurance from", nhs_assurance.__file__)\n'
    )
    (sibling / "index.md").write_text(
        "# Sibling\n\n:::{standard} XYZ0001\n:title: Fictional\n:url: https://example.org/x\n\n"
        "Text.\n:::\n\n:::{mandatory}\nFictional requirement.\n:::\n\n"
        ":::{hazard} HAZ-901\n:title: A fictional hazard\n:severity: Minor\n:likelihood: Low\n:::\n\n"
        ":::{hazard-log}\n:::\n"
    )
    process = subprocess.run(
        [sibling_python, "-m", "sphinx", "-b", "html", "-W", sibling, tmp_path / "out"],
        capture_output=True, text=True, cwd=tmp_path, check=False, env={"PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert process.returncode == 0, process.stderr
    site_packages = sibling_python.parent.parent / "lib"
    assert f"nhs_assurance from {site_packages}" in process.stdout  # the wheel, not the checkout
    page = soup(tmp_path / "out" / "index.html")
    assert page.select_one("div.nhs-standard#xyz0001") is not None
    assert page.select_one("div.admonition.mandatory") is not None
    assert (tmp_path / "out" / "_static" / "nhs_assurance.css").is_file()
    # Without the `workbook` extra: the JSON and CSV logs, no workbook, and a line that says so.
    written = {p.name for p in (tmp_path / "out").glob("hazards.*")}
    assert written == {"hazards.json", "hazards.csv"}
    assert "hazards.xlsx is not written: the workbook needs openpyxl" in process.stdout
    assert "pip install 'nhs-assurance[workbook]'" in process.stdout
    downloads = [a["href"] for a in page.select("p.nhs-hazard-downloads a")]
    assert downloads == ["hazards.csv", "hazards.json"]
