"""Front matter is honoured as the original Jekyll site did."""

from __future__ import annotations

import pytest
from helpers import BuildResult, Site, alias_bomb, case_folder

pytestmark = pytest.mark.build

FRONT_MATTER = """\
---
title: Clinical Example
keywords: assurance, clinical safety
sidebar: overview_sidebar
toc: false
permalink: /page.html
summary: "Guidance on <example> requirements"
---

## Introduction

Text.

## More

Text.
"""


@pytest.fixture(scope="module")
def pages(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build, shared by the tests that only read it: FRONT_MATTER as "page", and as "shown"
    without ``toc: false``."""
    site = Site(tmp_path_factory.mktemp("front-matter"))
    site.write_pages(
        {
            "page": FRONT_MATTER,
            "shown": FRONT_MATTER.replace("toc: false\n", "").replace("/page.html", "/shown.html"),
        }
    )
    return site.build()


def test_title_is_the_page_heading_and_browser_title(pages: BuildResult) -> None:
    result = pages
    assert result.main("page").select_one("h1").get_text() == "Clinical Example¶"
    assert result.html("page").title.get_text().startswith("Clinical Example")


def test_summary_is_the_lead_paragraph_and_meta_description(pages: BuildResult) -> None:
    result = pages
    h1 = result.main("page").select_one("h1")
    lead = h1.find_next_sibling()
    assert lead.name == "p" and "nhs-summary" in lead["class"]
    assert lead.get_text() == "Summary: Guidance on <example> requirements"
    description = result.html("page").select_one('meta[name="description"]')
    assert description["content"] == "Guidance on <example> requirements"
    assert result.warning_lines() == []


def test_keywords_become_meta_keywords(site: Site) -> None:
    site.write_pages(
        {
            "page": FRONT_MATTER.replace(
                "keywords: assurance, clinical safety", "keywords: [assurance, clinical safety]"
            )
        }
    )
    result = site.build()
    keywords = result.html("page").select_one('meta[name="keywords"]')
    assert keywords["content"] == "assurance, clinical safety"


def test_toc_false_hides_the_contents_panel(pages: BuildResult) -> None:
    result = pages
    assert "no-toc" in result.html("page").select_one("aside.toc-drawer")["class"]
    shown = result.html("shown").select_one("aside.toc-drawer")
    assert "no-toc" not in shown["class"]
    assert shown.select_one(".toc-tree") is not None


def test_sidebar_is_accepted_without_a_warning(pages: BuildResult) -> None:
    assert pages.warning_lines() == []


def test_permalink_that_disagrees_with_the_output_path_warns(site: Site) -> None:
    site.write_pages({"page": FRONT_MATTER.replace("/page.html", "/old_name.html")})
    lines = site.build().warning_lines()
    assert len(lines) == 1
    assert "page.md:6: WARNING:" in lines[0]  # the permalink line
    assert "'/old_name.html' does not match the page's URL '/page.html'" in lines[0]
    assert lines[0].endswith("[nhs_assurance.permalink]")


def test_permalink_without_leading_slash_is_fine(site: Site) -> None:
    site.write_pages({"page": FRONT_MATTER.replace("/page.html", "page.html")})
    assert site.build().warning_lines() == []


def test_search_exclude_keeps_the_page_out_of_search(site: Site) -> None:
    site.write_pages(
        {
            "page": FRONT_MATTER.replace("toc: false", "search: exclude").replace(
                "Text.", "Zanzibarish text."
            )
        }
    )
    result = site.build()
    searchindex = (result.outdir / "searchindex.js").read_text("utf-8")
    assert "zanzibarish" not in searchindex.lower()
    assert result.warning_lines() == []


WRONG_VALUES = [
    ("toc: false", "toc: maybe", "'toc' must be true or false, not 'maybe'"),
    ("keywords: assurance, clinical safety", "keywords: 42", "'keywords' must be text or a list, not 42"),
    ("sidebar: overview_sidebar", "colour: blue", "unknown key 'colour' is ignored"),
    ("toc: false", "search: everywhere", "'search' can only be 'exclude', not 'everywhere'"),
]  # fmt: skip

YAML_ERRORS = [
    ("title: [unclosed\nkeywords: a", 3, "the YAML cannot be read:"),
    ("- a\n- b", 2, "it is not a list of `key: value` lines"),
    ('title: T\nkeywords: "\\ud83d"', 3, "the YAML cannot be read: a \\u escape for half"),
]

OVER_LIMITS = [
    (alias_bomb(), 7, "more than 100000 values once its aliases are expanded"),
    ("keywords: " + "[" * 3000 + "]" * 3000, 2, "nesting deeper than 50 levels"),
    ("title: T\nsummary: " + "{a: " * 3000 + "1" + "}" * 3000, 3, "nesting deeper than 50 levels"),
]  # fmt: skip


def wrong_value(case: int) -> str:
    """The case's page: FRONT_MATTER with one line replaced, its permalink that of the page
    "wrong-value-<case>/page" of the shared site (``mistakes``)."""
    line, replacement, _ = WRONG_VALUES[case]
    page = f"/{case_folder(f'wrong-value-{case}')}/page.html"
    return FRONT_MATTER.replace(line, replacement).replace("/page.html", page)


def unreadable(front_matter: str) -> str:
    """A page whose front matter (the YAML *front_matter*) cannot be read."""
    return f"---\n{front_matter}\n---\n\n# Still here\n\nText.\n"


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build of a site with a page of each case of WRONG_VALUES, YAML_ERRORS and OVER_LIMITS
    (folders "wrong-value-<n>", "yaml-error-<n>", "over-limit-<n>"), not a site per case."""
    pages = {f"wrong-value-{case}": wrong_value(case) for case in range(len(WRONG_VALUES))}
    for group, cases in (("yaml-error", YAML_ERRORS), ("over-limit", OVER_LIMITS)):
        pages |= {f"{group}-{n}": unreadable(case[0]) for n, case in enumerate(cases)}
    site = Site(tmp_path_factory.mktemp("front-matter-mistakes"))
    # Written as they are (with their own heading or front matter), not under page_with's.
    site.write_pages({f"{case_folder(case)}/page": text for case, text in pages.items()})
    return site.build()


def test_the_mistakes_warn_only_on_the_pages_of_the_cases(mistakes: BuildResult) -> None:
    folders = [
        *(f"wrong-value-{n}" for n in range(len(WRONG_VALUES))),
        *(f"yaml-error-{n}" for n in range(len(YAML_ERRORS))),
        *(f"over-limit-{n}" for n in range(len(OVER_LIMITS))),
    ]
    assert mistakes.warnings_outside(folders) == []


@pytest.mark.parametrize(("line", "replacement", "message"), WRONG_VALUES)
def test_wrong_values_warn_with_file_and_line_and_the_page_builds(
    mistakes: BuildResult, line: str, replacement: str, message: str
) -> None:
    case = WRONG_VALUES.index((line, replacement, message))
    text = wrong_value(case)
    lineno = text.splitlines().index(replacement) + 1
    result, page = mistakes, f"wrong-value-{case}"
    lines = result.warnings_in(page)
    assert len(lines) == 1, result.warnings
    assert f"page.md:{lineno}: WARNING: front matter: {message}" in lines[0]
    assert lines[0].endswith("[nhs_assurance.frontmatter]")
    assert result.main(f"{page}/page").select_one("h1") is not None


def test_extra_keys_can_be_allowed(site: Site) -> None:
    site.write_pages({"page": FRONT_MATTER.replace("sidebar: overview_sidebar", "colour: blue")})
    result = site.build(confoverrides={"nhs_assurance_frontmatter_keys": ["colour"]})
    assert result.warning_lines() == []


@pytest.mark.parametrize(("front_matter", "line", "message"), YAML_ERRORS)
def test_yaml_errors_warn_with_the_line_and_the_page_still_builds(
    mistakes: BuildResult, front_matter: str, line: int, message: str
) -> None:
    page = f"yaml-error-{YAML_ERRORS.index((front_matter, line, message))}"
    result = mistakes
    ours = [w for w in result.warnings_in(page) if "[nhs_assurance.frontmatter]" in w]
    assert len(ours) == 1
    assert f"page.md:{line}: WARNING: front matter: {message}" in ours[0]
    assert result.main(f"{page}/page").select_one("h1").get_text().startswith("Still here")


def test_a_key_given_twice_warns_at_the_repeat(site: Site) -> None:
    site.write_pages({"page": FRONT_MATTER.replace("toc: false", "toc: false\ntitle: Again")})
    lines = site.build().warning_lines()
    assert len(lines) == 1
    assert "page.md:6: WARNING: front matter: 'title' is given more than once" in lines[0]


def test_a_permalink_of_the_wrong_type_is_warned_about_once(site: Site) -> None:
    site.write_pages({"page": FRONT_MATTER.replace("permalink: /page.html", "permalink: 5")})
    lines = site.build().warning_lines()
    assert len(lines) == 1, lines
    assert "'permalink' must be text, not 5" in lines[0]


def test_a_byte_order_mark_does_not_hide_the_front_matter(site: Site) -> None:
    # Editors on Windows may save UTF-8 with a byte order mark; Sphinx reads past it, so must we.
    site.write_pages({"page": FRONT_MATTER})
    path = site.srcdir / "page.md"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    result = site.build()
    assert result.warning_lines() == []
    assert result.main("page").select_one("p.nhs-summary") is not None
    assert result.html("page").select_one('meta[name="keywords"]')["content"] == (
        "assurance, clinical safety"
    )


@pytest.mark.parametrize(
    ("front_matter", "line", "reason"), OVER_LIMITS, ids=["alias bomb", "deep list", "deep mapping"]
)
def test_yaml_over_a_limit_gives_one_located_warning_and_the_page_builds(
    mistakes: BuildResult, front_matter: str, line: int, reason: str
) -> None:
    # Bounded time and memory show in the result: the build finishes with this one short
    # warning (before, it printed 35 MB, ran out of memory or ended in RecursionError).
    page = f"over-limit-{OVER_LIMITS.index((front_matter, line, reason))}"
    result = mistakes
    assert result.warnings_in(page) == [
        f"page.md:{line}: WARNING: front matter: the YAML cannot be read: "
        f"{reason}; the page is built without its front matter [nhs_assurance.frontmatter]"
    ]
    assert result.main(f"{page}/page").select_one("h1").get_text().startswith("Still here")
    assert result.html(f"{page}/page").select_one('meta[name="keywords"]') is None


def test_a_value_is_quoted_short_and_escaped(site: Site) -> None:
    site.write_pages({"page": FRONT_MATTER.replace("toc: false", f"toc: Off\u202e{'x' * 500}")})
    (line,) = site.build().warning_lines()
    assert "'toc' must be true or false, not 'Off\\u202exxxxxxxxxx" in line
    assert "\u202e" not in line and len(line) < 300


def test_a_permalink_is_checked_in_the_sources_encoding(site: Site) -> None:
    # Before, the check read the page again as UTF-8 and ended the build with a traceback.
    site.conf += 'source_encoding = "latin-1"\n'
    page = "---\npermalink: /old.html\n---\n# Caf\u00e9\n\nText.\n"
    site.write_pages({"page": page})
    (site.srcdir / "page.md").write_bytes(page.encode("latin-1"))
    result = site.build()
    ours = [line for line in result.warning_lines() if "nhs_assurance" in line]
    assert ours == [
        f"{site.srcdir}/page.md:2: WARNING: front matter: permalink '/old.html' does not match "
        "the page's URL '/page.html'; readers following the old link will not find this page "
        "(rename the file or fix the permalink) [nhs_assurance.permalink]"
    ]
    assert result.main("page").select_one("h1").get_text().startswith("Caf\u00e9")
