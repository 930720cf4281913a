"""Issued versions and approvals (issue 19) as authors and readers meet them: the safety
baseline and ``safety-changes``, the ``approval`` block and the version history, the summary's
stale approval, the warnings, incremental and parallel builds, and the other builders.

Every hazard, control, person and digest here is fictional.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import BASE_CONF, BuildResult, Site, located, page_with, sphinx_build_in_process

pytestmark = pytest.mark.build

CONF = BASE_CONF.replace('["colon_fence"]', '["colon_fence", "fieldlist"]')
BASELINE_CONF = CONF + '\nnhs_assurance_safety_baseline = "issued/hazards-1.json"\n'

HAZARDS = """
:::{hazard} HAZ-901
:title: A referral goes to a fictional closed service
:severity: Major
:likelihood: Low
:residual-severity: Major
:residual-likelihood: Very low
:existing-controls: CTL-901
:::

:::{hazard} HAZ-902
:title: A fictional referral letter is lost
:severity: Considerable
:likelihood: Low
:::
"""

CONTROLS = """
:::{control} CTL-901
:title: Only open fictional services are listed
:type: design
:::

:::{control} CTL-902
:title: Fictional referrers are trained
:type: training
:::
"""

#: Version 2: HAZ-901's residual likelihood and title change and it gains an additional
#: control; HAZ-902 is removed; HAZ-903 is added; CTL-902 is now the deployer's.
HAZARDS_2 = (
    HAZARDS.replace(":residual-likelihood: Very low", ":residual-likelihood: Low")
    .replace("goes to a fictional closed service", "goes to a closed fictional service")
    .replace(
        ":existing-controls: CTL-901", ":existing-controls: CTL-901\n:additional-controls: CTL-902"
    )
    .replace("HAZ-902", "HAZ-903")
)
CONTROLS_2 = CONTROLS.replace(":type: training", ":type: training\n:owner: deployer")

CHANGES = ":::{safety-changes}\n:::\n"
#: Version 1: its hazards, its controls, and a page showing the changes since the baseline.
VERSION_1_PAGES = {
    "hazards": page_with(HAZARDS),
    "controls": page_with(CONTROLS),
    "changes": page_with(CHANGES),
}
#: The line of conf.py that sets the baseline: where a warning about the setting stands.
SETTING_LINE = (
    BASELINE_CONF.splitlines().index('nhs_assurance_safety_baseline = "issued/hazards-1.json"') + 1
)

OLD_DIGEST = "sha256:" + "ab" * 32


def approval(version: str, on: str, digest: str, name: str = "Dr A. Example") -> str:
    return f"""
:::{{approval}}
:approver: {name}
:role: Clinical Safety Officer
:registration: GMC 0000000
:date: {on}
:version: {version}
:digest: {digest}
:::
"""


def text_of(node: object) -> str:
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]


def issue_version_1(site: Site) -> BuildResult:
    """Build version 1 and keep its hazards.json as the baseline, as a project issuing it would."""
    site.write_pages(VERSION_1_PAGES)
    first = site.build()
    site.write("issued/hazards-1.json", (first.outdir / "hazards.json").read_text("utf-8"))
    site.conf = BASELINE_CONF
    return first


def change_rows(result: BuildResult, page: str = "changes") -> list[list[str]]:
    table = result.main(page).select_one("table.nhs-safety-changes")
    assert table is not None
    return [[text_of(cell) for cell in row.select("th, td")] for row in table.select("tbody tr")]


def digest_of(result: BuildResult) -> str:
    document = json.loads((result.outdir / "hazards.json").read_text("utf-8"))
    return str(document["document"]["digest"])


@pytest.fixture
def site(tmp_path: Path) -> Site:
    return Site(tmp_path, conf=CONF)


# -- the changes since the baseline --------------------------------------------------------------


def test_without_a_baseline_the_changes_say_so(site: Site) -> None:
    site.write_pages(VERSION_1_PAGES)
    result = site.build()
    assert result.warning_lines() == []
    text = text_of(result.main("changes").select_one(".nhs-safety-changes"))
    assert text.startswith("No safety baseline is configured (nhs_assurance_safety_baseline)")


def test_the_changes_name_each_field_with_its_old_and_new_value(site: Site) -> None:
    issue_version_1(site)
    unchanged = site.build()
    assert located(unchanged, site) == []
    assert text_of(unchanged.main("changes").select_one("p.nhs-safety-changes")) == (
        "No hazard or control has changed since the last issued version (issued/hazards-1.json)."
    )

    site.write("hazards.md", page_with(HAZARDS_2))
    site.write("controls.md", page_with(CONTROLS_2))
    result = site.build()
    assert located(result, site) == []
    main = result.main("changes")
    table = main.select_one("table.nhs-safety-changes")
    assert text_of(table.select_one("caption")).startswith("Changes since the last issued version")
    assert [text_of(th) for th in table.select("thead th")] == [
        "Entry", "Change", "Field", "Before", "Now",
    ]  # fmt: skip
    # Each row is named by its entry: a row header.
    assert all(row.select_one("th") for row in table.select("tbody tr"))
    assert change_rows(result) == [
        ["Hazard HAZ-901", "Changed", "Title", "A referral goes to a fictional closed service",
         "A referral goes to a closed fictional service"],
        ["Hazard HAZ-901", "Changed", "Residual likelihood", "Very low", "Low"],
        ["Hazard HAZ-901", "Changed", "Residual rating", "2", "3"],
        ["Hazard HAZ-901", "Changed", "Additional controls (IDs)", "Nothing", "CTL-902"],
        ["Hazard HAZ-902", "Removed", "Whole entry", "A fictional referral letter is lost",
         "Removed"],
        ["Hazard HAZ-903", "Added", "Whole entry", "Not in the baseline",
         "A fictional referral letter is lost"],
        ["Control CTL-902", "Changed", "Owner", "manufacturer", "deployer"],
        ["Control CTL-902", "Changed", "Hazards", "Nothing", "HAZ-901"],
    ]  # fmt: skip
    assert "2 hazards" not in text_of(main)
    assert "3 hazards and 1 control added, removed or changed" in text_of(main)
    # Entries that still stand link to where they stand; a removed one cannot.
    assert main.select_one("table.nhs-safety-changes a[href='hazards.html#haz-901']")
    assert not main.select_one("table.nhs-safety-changes a[href$='#haz-902']")


BAD_BASELINES = {
    "missing": (None, "nhs_assurance_safety_baseline: 'issued/hazards-1.json' cannot be used: "
                "there is no such file in the configuration folder", f"conf.py:{SETTING_LINE}"),
    "not-json": ('{"schema_version": 2,\n"hazards": [,]}\n', "is not JSON",
                 "issued/hazards-1.json:2"),
    "schema": ('{"schema_version": 2, "hazards": [{"id": 5}]}', "does not follow the hazards.json "
               "schema (version 2)", "issued/hazards-1.json:1"),
    "version": ('{"schema_version": 9, "hazards": []}', "has schema_version 9",
                "issued/hazards-1.json:1"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_BASELINES)
def test_a_baseline_that_cannot_be_used_is_located_and_typed(site: Site, case: str) -> None:
    content, message, where = BAD_BASELINES[case]
    site.conf = BASELINE_CONF
    site.write_pages(VERSION_1_PAGES)
    if content is not None:
        site.write("issued/hazards-1.json", content)
    result = site.build()
    (line,) = located(result, site)
    assert line.startswith(f"{where}: WARNING: ")
    assert message in line
    assert line.endswith("[nhs_assurance.bad_baseline]")
    assert "Traceback" not in result.warnings
    text = text_of(result.main("changes").select_one(".nhs-safety-changes"))
    assert text.startswith("The safety baseline cannot be used")


@pytest.mark.parametrize("path", ["../outside.json", "/etc/passwd", "link.json"])
def test_a_baseline_outside_the_project_is_never_read(site: Site, path: str) -> None:
    (site.root / "outside.json").write_text('{"schema_version": 1, "hazards": []}', "utf-8")
    site.srcdir.mkdir(parents=True, exist_ok=True)
    (site.srcdir / "link.json").symlink_to(site.root / "outside.json")
    site.conf = CONF + f"\nnhs_assurance_safety_baseline = {path!r}\n"
    site.write_pages(VERSION_1_PAGES)
    result = site.build()
    (line,) = located(result, site)
    assert re.match(r"conf\.py:\d+: WARNING: nhs_assurance_safety_baseline: ", line)
    assert line.endswith("[nhs_assurance.bad_baseline]")
    assert "cannot be used" in line


def test_a_new_baseline_file_rewrites_the_pages_that_show_the_changes(site: Site) -> None:
    issue_version_1(site)
    site.write_pages(
        {
            "hazards": page_with(HAZARDS_2),
            "controls": page_with(CONTROLS),
            "changes": page_with(CHANGES),
            "other": page_with("Unrelated."),
        }
    )
    before = site.build()
    assert located(before, site) == []
    assert change_rows(before)
    # Version 2 is issued: its hazards.json becomes the baseline; no page changes.
    site.write("issued/hazards-1.json", (before.outdir / "hazards.json").read_text("utf-8"))
    after = site.build()
    assert "changes" in after.read()
    assert "changes" in after.written()
    assert "other" not in after.written()
    text = text_of(after.main("changes").select_one("p.nhs-safety-changes"))
    assert text.startswith("No hazard or control has changed since")


# -- approvals and the version history -----------------------------------------------------------


def approvals_site(site: Site) -> str:
    """A site with two approvals: version 1 of older content, version 2 of the current."""
    site.write_pages({"hazards": page_with(HAZARDS), "controls": page_with(CONTROLS)})
    digest = digest_of(site.build())
    body = approval("1.0", "2026-01-10", OLD_DIGEST) + approval("2.0", "2026-03-01", digest)
    site.write("approvals.md", page_with(body))
    site.write_pages(
        {
            "hazards": page_with(HAZARDS),
            "controls": page_with(CONTROLS),
            "approvals": page_with(body),
            "summary": page_with(":::{safety-summary}\n:::\n"),
        }
    )
    return digest


def approval_facts(result: BuildResult, page: str = "approvals") -> list[dict[str, str]]:
    found = []
    for block in result.main(page).select("div.nhs-approval"):
        terms = [text_of(dt) for dt in block.select("dt")]
        values = [text_of(dd) for dd in block.select("dd")]
        found.append(dict(zip(terms, values, strict=True)))
    return found


def test_the_latest_approval_of_the_current_content_is_approved(site: Site) -> None:
    digest = approvals_site(site)
    result = site.build()
    assert located(result, site) == []
    first, second = approval_facts(result)
    assert first["Version"] == "1.0"
    assert first["Approved by"] == "Dr A. Example (registration GMC 0000000)"
    assert first["Role"] == "Clinical Safety Officer"
    assert first["Status"] == "Superseded by version 2.0 (approved on 2026-03-01)"
    assert first["Digest approved"] == OLD_DIGEST
    assert second["Status"] == "Approved"
    # Each block shows the current digest, which is hazards.json's.
    assert first["Current digest of the safety content"] == digest == digest_of(result)
    assert second["Current digest of the safety content"] == digest
    assert result.main("approvals").select_one(".nhs-approval-approved")
    summary = text_of(result.main("summary").select_one(".nhs-safety-summary"))
    assert "Nothing stands in the way of issuing this version." in summary


def test_changed_content_makes_the_latest_approval_stale(site: Site) -> None:
    approvals_site(site)
    site.build()
    site.write("hazards.md", page_with(HAZARDS_2))
    result = site.build()
    # Only the hazards page was read again: the approvals and the summary follow it anyway.
    assert {"approvals", "summary"} <= result.written()
    (line,) = located(result, site)
    assert line.startswith(
        "approvals.md:12: WARNING: approval: the safety content has changed "
        "since version '2.0' was approved on 2026-03-01"
    )
    assert line.endswith("[nhs_assurance.approval_stale]")
    _, second = approval_facts(result)
    assert second["Status"] == "Changed since approval"
    assert second["Current digest of the safety content"] == digest_of(result)
    summary = result.main("summary").select_one(".nhs-safety-summary")
    assert (
        "The latest approval is not of the current safety content Version 2.0, approved on "
        "2026-03-01 : changed since approval"
    ) in text_of(summary)
    assert summary.select_one("a[href='approvals.html#approval-2.0']")


def test_removing_the_latest_approval_makes_the_earlier_one_latest(site: Site) -> None:
    """Approvals are kept per page: a page taken out of the site takes its approval with it."""
    approvals_site(site)
    site.write("later.md", page_with(approval("3.0", "2026-04-01", OLD_DIGEST)))
    site.write(
        "index.md",
        "# Index\n\n```{toctree}\napprovals\ncontrols\nhazards\nlater\nsummary\n```\n",
    )
    with_later = site.build()
    assert [facts["Status"] for facts in approval_facts(with_later)] == [
        "Superseded by version 2.0 (approved on 2026-03-01)",
        "Superseded by version 3.0 (approved on 2026-04-01)",
    ]
    assert any("[nhs_assurance.approval_stale]" in line for line in located(with_later, site))
    site.remove("later.md")
    site.write("index.md", "# Index\n\n```{toctree}\napprovals\ncontrols\nhazards\nsummary\n```\n")
    without = site.build()
    assert located(without, site) == []
    assert approval_facts(without)[1]["Status"] == "Approved"


BAD_OPTIONS = {
    "date": (":date: 2026-03-01", ":date: 2026-02-30", 7, "bad_date"),
    "digest": (":digest: sha256:", ":digest: md5:", 9, "approval_stale"),
    "approver": (":approver: Dr A. Example\n", "", 3, "missing_option"),
}  # fmt: skip


@pytest.mark.parametrize("case", BAD_OPTIONS)
def test_each_bad_option_gets_a_located_typed_warning(site: Site, case: str) -> None:
    old, new, line, subtype = BAD_OPTIONS[case]
    body = approval("2.0", "2026-03-01", OLD_DIGEST).replace(old, new, 1)
    site.write_pages({"approvals": page_with(body)})
    result = site.build()
    lines = [ln for ln in located(result, site) if f"[nhs_assurance.{subtype}]" in ln]
    assert len(lines) == 1, result.warnings
    assert lines[0].startswith(f"approvals.md:{line}: WARNING: approval: ")
    assert "Traceback" not in result.warnings


def test_parallel_build_is_identical_to_serial(site: Site, tmp_path: Path) -> None:
    issue_version_1(site)
    approvals_site(site)
    site.write("changes.md", page_with(CHANGES))
    site.write("hazards.md", page_with(HAZARDS_2))
    for n in range(4):
        site.write(f"more{n}.md", page_with(approval(f"0.{n}", f"2025-0{n + 1}-01", OLD_DIGEST)))
    site.write(
        "index.md",
        "# Index\n\n```{toctree}\napprovals\nchanges\ncontrols\nhazards\nsummary\n"
        "more0\nmore1\nmore2\nmore3\n```\n",
    )
    serial = site.build(builddir=tmp_path / "serial")
    parallel = site.build(builddir=tmp_path / "parallel", parallel=2)
    assert " .. " in parallel.status  # read in parallel
    assert "safe for parallel" not in parallel.warnings
    assert sorted(serial.warning_lines()) == sorted(parallel.warning_lines())
    for page in ("approvals", "changes", "summary", "more0", "more3"):
        assert str(serial.main(page)) == str(parallel.main(page)), page


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_other_builders_show_the_changes_and_the_approvals(site: Site, builder: str) -> None:
    issue_version_1(site)
    approvals_site(site)
    site.write("changes.md", page_with(CHANGES))
    site.write("hazards.md", page_with(HAZARDS_2))
    site.write(
        "index.md",
        "# Index\n\n```{toctree}\napprovals\nchanges\ncontrols\nhazards\nsummary\n```\n",
    )
    (site.srcdir / "conf.py").write_text(site.conf, encoding="utf-8")
    out = site.root / builder
    status, errors = sphinx_build_in_process("-b", builder, "-q", site.srcdir, out)
    assert status == 0, errors
    text = " ".join(
        path.read_text("utf-8", errors="replace")
        for path in out.rglob("*")
        if path.suffix in {".txt", ".tex"}
    )
    flat = " ".join(text.replace("\\sphinxhyphen{}", "-").split())
    assert "Changes since the last issued version" in flat
    if builder == "latex":  # a text table wraps its cells' words
        assert "Residual likelihood" in flat
    assert "Changed since approval" in flat
    assert "Superseded by version 2.0" in flat
    assert "Current digest of the safety content" in flat
    # Removed from version 2, yet named: a removed hazard is a change too.
    assert "HAZ-902" in flat
    shutil.rmtree(out)
