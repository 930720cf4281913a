"""Furo's navigation, computed once per build (``furo_navigation.py``), is byte for byte what
stock Furo writes on every page.

The fixture has 60 pages in nested sections and folders, with what a navigation tree can hold:
captions (repaired by ``accessibility.py``), a hidden toctree, external links, a page listed
twice, a ``self`` entry, the general index, a page with two top-level headings (links with an
anchor) and a file name that needs percent-encoding; and the 404 page of sphinx-notfound-page,
whose toctree function is replaced (Furo's own tree is kept there).
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest
from helpers import BASE_CONF, BuildResult, Site, page_with
from nhs_assurance.config import FURO_NAVIGATION
from nhs_assurance.theme import furo_navigation

pytestmark = pytest.mark.build

CONF = BASE_CONF + 'extensions.append("notfound.extension")\n'


def fixture_site(site: Site) -> list[str]:
    """Write the 60-page site; return its docnames."""
    pages: dict[str, str] = {}

    def toctree(entries: list[str], *options: str) -> str:
        return (
            "```{toctree}\n" + "".join(f"{o}\n" for o in options) + "\n".join(entries) + "\n```\n"
        )

    pages["index"] = page_with(
        "Welcome.\n\n"
        + toctree(["self", "intro", "guide/index", "reference/index"], ":caption: Guidance")
        + "\n"
        + toctree(
            ["about", "Example site <https://example.org/>", "genindex"],
            ":caption: About this site",
        )
        + "\n"
        + toctree(["hidden/index"], ":hidden:"),
        title="Home",
    )
    pages["intro"] = page_with("# Second top-level heading\n\nText.", title="Introduction")
    pages["about"] = page_with("About.\n\n## Team\n\nPeople.", title="About")
    # guide/: 3 sections of 5 pages, each section with a sub-folder of 3 pages.
    sections = []
    for s in range(3):
        section = f"guide/part{s}"
        sections.append(f"part{s}/index")
        children = [f"page{p}" for p in range(5)] + ["deeper/index"]
        pages[f"{section}/index"] = page_with(toctree(children, ":maxdepth: 1"), title=f"Part {s}")
        for p in range(5):
            pages[f"{section}/page{p}"] = page_with(
                f"Page {p} of part {s}.\n\n## A heading\n\nText.", title=f"Part {s}, page {p}"
            )
        pages[f"{section}/deeper/index"] = page_with(
            toctree([f"leaf{n}" for n in range(3)] + ["https://example.org/deep"]),
            title=f"Deeper in part {s}",
        )
        for n in range(3):
            pages[f"{section}/deeper/leaf{n}"] = page_with(f"Leaf {n}.", title=f"Leaf {n} of {s}")
    pages["guide/index"] = page_with(
        toctree(sections, ":caption: Parts") + "\n" + toctree(["../about"], ":caption: Again"),
        title="Guide",
    )
    # reference/: a flat list of pages, one with a name that needs percent-encoding.
    ref_pages = [f"entry{n:02d}" for n in range(21)] + ["odd name"]
    pages["reference/index"] = page_with(toctree(ref_pages, ":titlesonly:"), title="Reference")
    for name in ref_pages:
        pages[f"reference/{name}"] = page_with(f"Entry {name}.", title=f"Reference {name}")
    # hidden/: only in a hidden toctree.
    pages["hidden/index"] = page_with(toctree(["one", "two"]), title="Hidden section")
    for name in ("one", "two"):
        pages[f"hidden/{name}"] = page_with("Hidden page.", title=f"Hidden {name}")

    assert len(pages) == 60, len(pages)
    site.conf = CONF
    for docname, text in pages.items():
        site.write(f"{docname}.md", text)
    return sorted(pages)


def html_files(result: BuildResult) -> list[Path]:
    """Every HTML file of a build, relative to its output directory."""
    return sorted(p.relative_to(result.outdir) for p in result.outdir.rglob("*.html"))


def shared_tree_was_used(result: BuildResult) -> bool:
    """Whether the build filled in the shared tree (rather than falling back to Furo's own)."""
    build = furo_navigation.build_navigation(result.app.env)
    return build is not None and not build.failed and bool(build._templates)


@pytest.fixture(scope="module")
def builds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BuildResult]:
    """The fixture site built with stock Furo, with the shared tree, and with it in parallel."""
    site = Site(tmp_path_factory.mktemp("navigation"))
    fixture_site(site)
    root = site.root
    return {
        "stock": site.build(confoverrides={FURO_NAVIGATION: False}, builddir=root / "stock"),
        "shared": site.build(builddir=root / "shared"),
        "parallel": site.build(builddir=root / "parallel", parallel=2),
    }


def test_every_page_is_identical_to_stock_furo(builds: dict[str, BuildResult]) -> None:
    stock, shared = builds["stock"], builds["shared"]
    assert shared_tree_was_used(shared)
    assert not shared_tree_was_used(stock)
    files = html_files(stock)
    assert len(files) >= 60 + 3  # the pages, genindex, search and 404
    assert html_files(shared) == files
    for name in files:
        # The navigation first, for a readable failure; then every byte of the page.
        stock_nav = stock.html(name.with_suffix("").as_posix()).select(".sidebar-tree")
        shared_nav = shared.html(name.with_suffix("").as_posix()).select(".sidebar-tree")
        assert list(map(str, shared_nav)) == list(map(str, stock_nav)), name
        assert (shared.outdir / name).read_bytes() == (stock.outdir / name).read_bytes(), name


def test_parallel_build_writes_the_same_pages(builds: dict[str, BuildResult]) -> None:
    stock, parallel = builds["stock"], builds["parallel"]
    assert "safe for parallel" not in parallel.warnings
    files = html_files(stock)
    assert html_files(parallel) == files
    _, mismatch, errors = filecmp.cmpfiles(stock.outdir, parallel.outdir, files, shallow=False)
    assert mismatch == [] and errors == []


def test_the_fixture_exercises_the_tree(builds: dict[str, BuildResult]) -> None:
    """The navigation of a deep page: current path, relative links, captions, externals."""
    nav = builds["shared"].html("guide/part1/deeper/leaf2").select_one(".sidebar-tree")
    assert nav is not None
    current = nav.select("li.current-page")
    assert [li.a.get_text() for li in current] == ["Leaf 2 of 1"]
    assert current[0].a["href"] == "#"
    assert len(nav.select("input.toctree-checkbox[checked]")) == 3  # guide, part 1, deeper
    assert nav.select_one('a[href="../../../intro.html#second-top-level-heading"]')
    assert nav.select_one('a[href="../../../reference/odd%20name.html"]')
    assert nav.select_one('a[href="https://example.org/deep"]')
    assert nav.select_one('a[href="../../../hidden/one.html"]')
    # The caption repair of accessibility.py reached the shared tree.
    captions = nav.select("p.caption")
    assert captions and all(c.get("aria-level") == "2" for c in captions)
    # "about" is listed twice: both of its entries are current on its page.
    about = builds["shared"].html("about").select_one(".sidebar-tree")
    assert len(about.select("a.current")) == 2
    assert len(about.select("li.current-page")) == 1


def test_other_themes_are_left_alone(site: Site) -> None:
    site.conf = BASE_CONF.replace('html_theme = "furo"', 'html_theme = "alabaster"')
    site.conf += 'html_sidebars = {"**": ["globaltoc.html"]}\n'
    site.write_pages({"one": page_with("One."), "two": page_with("Two.")})
    result = site.build()
    assert furo_navigation.build_navigation(result.app.env) is None
    page = (result.outdir / "one.html").read_text("utf-8")
    assert furo_navigation.OPEN not in page and 'class="toctree-l1' in page
