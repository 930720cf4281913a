"""`redirect_from` in a page's front matter: old addresses that lead to the page.

The redirect pages themselves are written by sphinx-reredirects; test_browser.py follows one in
a real browser. These tests read the pages it writes, and the warnings a mistake gives.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import BASE_CONF, BuildResult, Site
from nhs_assurance.core.excerpt import excerpt

pytestmark = pytest.mark.build

REDIRECT_CONF = BASE_CONF + 'extensions.append("sphinx_reredirects")\n'


def moved_page(redirect_from: str, title: str = "New page") -> str:
    """A page whose front matter holds *redirect_from* (YAML, as it would be typed)."""
    return f"---\nredirect_from: {redirect_from}\n---\n# {title}\n\nText.\n"


@pytest.fixture
def redirect_site(site: Site) -> Site:
    site.conf = REDIRECT_CONF
    return site


def target_of(outdir: Path, old: str) -> str:
    """Where the redirect page at *old* sends the browser (its refresh URL)."""
    text = (outdir / old).read_text("utf-8")
    match = re.search(r'http-equiv="refresh" content="0; url=([^"]*)"', text)
    assert match is not None, text
    return match[1]


def test_each_old_address_leads_to_the_page(redirect_site: Site) -> None:
    redirect_site.write_pages(
        {"new": moved_page("\n  - old.html\n  - /legacy/page.html\n  - folder/\n  - bare")}
    )
    result = redirect_site.build()
    assert result.warning_lines() == []
    assert target_of(result.outdir, "old.html") == "new.html"
    assert target_of(result.outdir, "legacy/page.html") == "../new.html"
    assert target_of(result.outdir, "folder/index.html") == "../new.html"
    assert target_of(result.outdir, "bare.html") == "new.html"


def test_an_old_address_with_an_ampersand_is_served(redirect_site: Site) -> None:
    # "&" is legal in a URL path (Jekyll sites use it); the redirect page holds only the new
    # address, so nothing of the old one reaches markup.
    redirect_site.write_pages({"sub/new": moved_page("\n  - /send&receive.html\n  - a&lt.html")})
    result = redirect_site.build()
    assert result.warning_lines() == []
    for old in ("send&receive.html", "a&lt.html"):
        assert target_of(result.outdir, old) == "sub/new.html"
        assert "&" not in (result.outdir / old).read_text("utf-8")


def test_a_single_old_address_can_be_text(redirect_site: Site) -> None:
    redirect_site.write_pages({"sub/new": moved_page("/assure_old.html")})
    result = redirect_site.build()
    assert target_of(result.outdir, "assure_old.html") == "sub/new.html"


UNUSABLE = [
    ("https://elsewhere.example/old.html", "is a full web address"),
    ("../outside.html", "must not contain empty, '.' or '..' parts"),
    ("old*.html", "may only contain letters, digits"),
    ("old.html?page=2", "may only contain letters, digits"),
    # "&" is allowed, a character reference that would decode to markup never is.
    ("a&lt;b.html", "may only contain letters, digits"),
    ("a&amp;b.html", "may only contain letters, digits, '-', '_', '.', '~', '&' and '/'"),
    ("a&$source.html", "may only contain letters, digits"),
    ("/", "is the site's home page"),
    ("old.pdf", "is not a web page"),
    ("_static/old.html", "is inside '_static', a folder Sphinx writes itself"),
]  # fmt: skip


def case_pages(entries: list[str]) -> dict[str, str]:
    """A page "case-<n>/new" for each of *entries*: its old addresses good-<n>.html, then the
    entry: one site for every case instead of one per case."""
    return {
        f"case-{n}/new": moved_page(f"\n  - good-{n}.html\n  - '{entry}'")
        for n, entry in enumerate(entries)
    }


@pytest.fixture(scope="module")
def unusable(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build of a site with a page of each case of UNUSABLE."""
    site = Site(tmp_path_factory.mktemp("unusable"), REDIRECT_CONF)
    site.write_pages(case_pages([entry for entry, _ in UNUSABLE]))
    return site.build()


def test_the_unusable_addresses_warn_only_on_the_pages_of_the_cases(unusable: BuildResult) -> None:
    assert unusable.warnings_outside(f"case-{n}" for n in range(len(UNUSABLE))) == []


@pytest.mark.parametrize(("entry", "reason"), UNUSABLE)
def test_an_unusable_old_address_warns_with_its_line(
    unusable: BuildResult, entry: str, reason: str
) -> None:
    n = UNUSABLE.index((entry, reason))
    result = unusable
    (line,) = result.warnings_in(f"case-{n}")
    assert f"new.md:4: WARNING: front matter: redirect_from {entry!r} {reason}" in line
    assert line.endswith("[nhs_assurance.frontmatter]")
    # the page's other entries work
    assert target_of(result.outdir, f"good-{n}.html") == f"case-{n}/new.html"


def test_a_value_of_the_wrong_type_warns_once(redirect_site: Site) -> None:
    redirect_site.write_pages({"new": moved_page("[old.html, 3]")})
    (line,) = redirect_site.build().warning_lines()
    assert "'redirect_from' must be text or a list" in line


def test_an_existing_page_is_never_replaced_by_a_redirect(redirect_site: Site) -> None:
    redirect_site.write_pages({"new": moved_page("other.html"), "other": "# Other\n\nText.\n"})
    result = redirect_site.build()
    (line,) = result.warning_lines()
    assert "new.md:2: WARNING: front matter: redirect_from 'other.html' is the address" in line
    assert "# Other" not in (result.outdir / "other.html").read_text("utf-8")
    assert "Other" in result.html("other").title.get_text()


def test_an_old_address_claimed_twice_goes_to_the_first_page(redirect_site: Site) -> None:
    redirect_site.write_pages({"b_page": moved_page("old.html"), "a_page": moved_page("old.html")})
    result = redirect_site.build(parallel=2)
    (line,) = result.warning_lines()
    assert "b_page.md:2: WARNING: front matter: redirect_from 'old.html' is already" in line
    assert target_of(result.outdir, "old.html") == "a_page.html"


def test_conf_py_redirects_win_and_stay_as_written(redirect_site: Site) -> None:
    redirect_site.conf += 'redirects = {"old": "https://example.org/elsewhere.html"}\n'
    redirect_site.write_pages({"new": moved_page("[old.html, other_old.html]")})
    result = redirect_site.build()
    (line,) = result.warning_lines()
    assert "redirect_from 'old.html' is already redirected by `redirects` in conf.py" in line
    assert target_of(result.outdir, "old.html") == "https://example.org/elsewhere.html"
    assert target_of(result.outdir, "other_old.html") == "new.html"
    assert result.app.config.redirects == {"old": "https://example.org/elsewhere.html"}


def test_without_sphinx_reredirects_the_author_is_told(site: Site) -> None:
    site.write_pages({"new": moved_page("old.html")})
    result = site.build()
    (line,) = result.warning_lines()
    assert "new.md:2: WARNING: front matter: redirect_from needs the sphinx_reredirects" in line
    assert not (result.outdir / "old.html").exists()


def test_incremental_builds_follow_the_front_matter(redirect_site: Site) -> None:
    redirect_site.write_pages({"first": moved_page("old.html"), "second": "# Second\n\nText.\n"})
    outdir = redirect_site.build().outdir
    assert target_of(outdir, "old.html") == "first.html"

    # A page that is not read again keeps its redirects.
    (outdir / "old.html").unlink()
    redirect_site.write("second.md", "# Second\n\nChanged.\n")
    assert target_of(redirect_site.build().outdir, "old.html") == "first.html"

    # Moving the old address to another page moves the redirect.
    redirect_site.write("first.md", "# First\n\nText.\n")
    redirect_site.write("second.md", moved_page("old.html", "Second"))
    result = redirect_site.build()
    assert result.warning_lines() == []
    assert target_of(result.outdir, "old.html") == "second.html"


def test_a_parallel_build_redirects_every_page(redirect_site: Site) -> None:
    pages = {f"page{n:02}": moved_page(f"old{n:02}.html", f"Page {n}") for n in range(16)}
    redirect_site.write_pages(pages)
    result = redirect_site.build(parallel=2, freshenv=True)
    assert result.warning_lines() == []
    for n in range(16):
        assert target_of(result.outdir, f"old{n:02}.html") == f"page{n:02}.html"


def test_a_second_build_with_nothing_changed_reads_nothing(redirect_site: Site) -> None:
    redirect_site.write_pages({"new": moved_page("old.html")})
    redirect_site.build()
    status = redirect_site.build().status
    assert "0 added, 0 changed, 0 removed" in status
    assert "config changed" not in status


CLASHES = [
    ("other.html/", "other.html/index.html", "needs a folder 'other.html', where the build writes a file"),
    ("standards.json/", "standards.json/index.html", "needs a folder 'standards.json', where the build writes a file"),
    ("sitemap.xml/", "sitemap.xml/index.html", "needs a folder 'sitemap.xml', where the build writes a file"),
    ("hazards.xlsx/", "hazards.xlsx/index.html", "needs a folder 'hazards.xlsx', where the build writes a file"),
    ("objects.inv/", "objects.inv/index.html", "needs a folder 'objects.inv', where the build writes a file"),
    ("searchindex.js/", "searchindex.js/index.html", "needs a folder 'searchindex.js', where the build writes a file"),
    ("genindex.html", "genindex.html", "is a file the build writes itself"),
    ("/404.html", "404.html", "is a file the build writes itself"),
    ("guide.html", "guide.html", "is a folder the build writes files into"),
    ("/".join(["d" * 250] * 17) + "/", "/".join(["d" * 250] * 17) + "/index.html", "makes a path of more than 4096 bytes"),
]  # fmt: skip
CLASH_IDS = ["page.html/", "standards.json/", "sitemap.xml/", "hazards.xlsx/", "objects.inv/",
             "searchindex.js/", "genindex", "404", "a folder of pages", "a path too long"]  # fmt: skip


@pytest.fixture(scope="module")
def clashes(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build of a site with a page of each case of CLASHES, and the pages they clash with."""
    site = Site(tmp_path_factory.mktemp("clashes"), REDIRECT_CONF)
    site.conf += 'extensions.append("sphinx_sitemap")\nhtml_baseurl = "https://docs.example.org/"\n'
    site.write_pages(
        {
            **case_pages([entry for entry, _, _ in CLASHES]),
            "other": "# Other\n\nText.\n",
            "guide.html/index": "# A folder named like a page\n\nText.\n",
        }
    )
    return site.build()


def test_the_clashes_warn_only_on_the_pages_of_the_cases(clashes: BuildResult) -> None:
    assert clashes.warnings_outside(f"case-{n}" for n in range(len(CLASHES))) == []


@pytest.mark.parametrize(("entry", "path", "reason"), CLASHES, ids=CLASH_IDS)
def test_an_old_address_never_clashes_with_what_the_build_writes(
    clashes: BuildResult, entry: str, path: str, reason: str
) -> None:
    # Before, each of these ended the build with a traceback from sphinx-reredirects.
    n = CLASHES.index((entry, path, reason))
    result = clashes
    (line,) = result.warnings_in(f"case-{n}")
    assert f"new.md:4: WARNING: front matter: redirect_from {excerpt(path)} {reason}" in line
    assert line.endswith("[nhs_assurance.frontmatter]")
    assert target_of(result.outdir, f"good-{n}.html") == f"case-{n}/new.html"
    assert (result.outdir / "standards.json").is_file()
    assert (result.outdir / "sitemap.xml").is_file()


def test_two_old_addresses_that_clash_keep_the_first(redirect_site: Site) -> None:
    redirect_site.write_pages({"a_page": moved_page("old.html"), "b_page": moved_page("old.html/")})
    result = redirect_site.build()
    (line,) = result.warning_lines()
    assert (
        "b_page.md:2: WARNING: front matter: redirect_from 'old.html/index.html' needs a " in line
    )
    assert target_of(result.outdir, "old.html") == "a_page.html"
