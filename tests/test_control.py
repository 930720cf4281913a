# ruff: noqa: RUF001 -- the en dash of an entry's heading is what these tests check.
"""Controls and their evidence (issue 19) as authors and readers meet them: the ``control``
entry, the ``{control}`` role, the ``control-list`` table, a hazard's controls, dates and
justifications, verification from test results, the warnings, incremental and parallel builds,
and the other builders.

Every control, hazard and test here is fictional.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path

import jsonschema
import openpyxl
import pytest
from helpers import (
    BASE_CONF,
    BuildResult,
    Site,
    build_cases,
    case_folder,
    located,
    page_with,
    sphinx_build_in_process,
)
from nhs_assurance.core.digest import safety_digest
from nhs_assurance.core.hazard_export import schema

pytestmark = pytest.mark.build

CONF = BASE_CONF.replace('["colon_fence"]', '["colon_fence", "fieldlist"]')
RESULTS_CONF = CONF + '\nnhs_assurance_test_results = ["results/*.xml"]\n'

#: What pytest --junitxml writes for three fictional tests: one passed, one failed, one skipped.
RESULTS = """<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" tests="3">
<testcase classname="tests.test_search" name="test_closed_hidden" time="0.1"/>
<testcase classname="tests.test_search" name="test_sorted" time="0.1">
<failure message="assert False">trace</failure></testcase>
<testcase classname="tests.test_search" name="test_slow" time="0.1">
<skipped message="slow"/></testcase>
</testsuite></testsuites>
"""

CONTROLS = """
:::{control} CTL-901
:title: Only open fictional services are listed
:type: design
:verified-by: tests/test_search.py::test_closed_hidden, Fictional test report TR-901

The search leaves out closed services.
:::

:::{control} CTL-902
:title: Fictional referrers are trained
:type: Training
:owner: deployer
:verified-by: Fictional training record TR-902
:::

:::{control} CTL-903
:title: Results are sorted by distance
:type: business-process
:verified-by: tests/test_search.py::test_sorted
:::

:::{control} CTL-904
:title: A slow check
:type: design
:verified-by: tests/test_search.py::test_slow, tests/test_search.py::test_absent
:::

:::{control} CTL-905
:title: A control nothing verifies yet
:type: design
:::
"""

HAZARD = """
:::{hazard} HAZ-901
:title: A referral goes to a fictional closed service
:severity: Major
:likelihood: Low
:residual-severity: Major
:residual-likelihood: Very low
:existing-controls: CTL-901
:additional-controls: CTL-902, ctl-905
:raised: 2026-01-05
:last-reviewed: 2026-02-01
:next-review: 2099-01-01

:Initial justification: The fictional directory is updated weekly.
:Residual justification: Referrers check the status of each service.
:::
"""

LIST = ":::{control-list}\n:::\n"


@pytest.fixture
def csite(tmp_path: Path) -> Site:
    return Site(tmp_path, conf=CONF)


def text_of(node: object) -> str:
    return " ".join(node.get_text(" ").split())  # type: ignore[attr-defined]


def facts(entry: object, css: str) -> dict[str, str]:
    return {
        text_of(dt).rstrip(" :"): text_of(dd)
        for dt, dd in zip(
            entry.select(f"dl.{css} > dt"),  # type: ignore[attr-defined]
            entry.select(f"dl.{css} > dd"),  # type: ignore[attr-defined]
            strict=True,
        )
    }


def list_rows(result: BuildResult, page: str) -> list[list[str]]:
    table = result.main(page).select_one("table.nhs-control-list")
    return [[text_of(cell) for cell in row.select("td")] for row in table.select("tbody tr")]


def with_results(site: Site, results: str = RESULTS) -> None:
    site.conf = RESULTS_CONF
    site.write("results/junit.xml", results)


# -- the entry, the role, the list, and the hazard's side ------------------------------------


def test_the_control_shows_its_facts_and_the_hazard_links_to_it(csite: Site) -> None:
    csite.write_pages(
        {
            "controls": page_with(CONTROLS + "\nSee {control}`ctl-901`.\n"),
            "hazards": page_with(HAZARD),
        }
    )
    result = csite.build()
    assert located(result, csite) == []
    entry = result.main("controls").select_one("div.nhs-control#ctl-901")
    heading = entry.select_one(".nhs-control-heading")
    assert heading.name == "h2"
    assert text_of(heading).startswith("CTL-901 – Only open fictional services are listed")
    assert facts(entry, "nhs-control-facts") == {
        "Type": "Design",
        "Owner": "Manufacturer",
        "Verified by": "tests/test_search.py::test_closed_hidden Fictional test report TR-901",
        # No test results are configured: the test named has none.
        "Verification": "Missing: a test named has no result, or was skipped",
    }
    assert "leaves out closed services" in text_of(entry.select_one(".nhs-control-body"))
    link = result.main("controls").select_one("a.reference[href='#ctl-901']")
    assert link["title"] == "CTL-901: Only open fictional services are listed"

    hazard = result.main("hazards").select_one("div.nhs-hazard#haz-901")
    shown = facts(hazard, "nhs-hazard-facts")
    assert shown["Existing controls"] == "CTL-901"
    assert shown["Additional controls"] == "CTL-902 , CTL-905"
    assert (shown["Raised"], shown["Last reviewed"], shown["Next review"]) == (
        "2026-01-05",
        "2026-02-01",
        "2099-01-01",
    )
    hrefs = [a["href"] for a in hazard.select("dl.nhs-hazard-facts a.reference")]
    assert hrefs == ["controls.html#ctl-901", "controls.html#ctl-902", "controls.html#ctl-905"]
    fields = [text_of(dt).rstrip(" :") for dt in hazard.select("dl.nhs-hazard-fields > dt")]
    assert fields == ["Initial justification", "Residual justification"]


def test_the_list_tables_every_control_with_its_verification_and_hazards(csite: Site) -> None:
    csite.write_pages(
        {"controls": page_with(CONTROLS), "hazards": page_with(HAZARD), "list": page_with(LIST)}
    )
    with_results(csite)
    result = csite.build()
    assert list_rows(result, "list") == [
        ["CTL-901", "Only open fictional services are listed", "Design", "Manufacturer",
         "Verified: every test named passed", "HAZ-901"],
        ["CTL-902", "Fictional referrers are trained", "Training", "Deployer",
         "Evidence: references to evidence, no tests", "HAZ-901"],
        ["CTL-903", "Results are sorted by distance", "Business process", "Manufacturer",
         "Failed: a test named failed", "None"],
        ["CTL-904", "A slow check", "Design", "Manufacturer",
         "Missing: a test named has no result, or was skipped", "None"],
        ["CTL-905", "A control nothing verifies yet", "Design", "Manufacturer",
         "None: nothing verifies this control", "HAZ-901"],
    ]  # fmt: skip
    table = result.main("list").select_one("table.nhs-control-list")
    assert table.select_one("a[href='hazards.html#haz-901']") is not None
    assert table.select_one("a[href='controls.html#ctl-901']") is not None
    # Each state is a class the stylesheet tints, on the control and in the list, and always
    # its label in words: never colour alone.
    states = ["verified", "evidence", "failed", "missing", "none"]
    for page, entries in (
        ("list", "table.nhs-control-list tbody tr"),
        ("controls", "div.nhs-control"),
    ):
        shown = [
            entry.select_one(".nhs-verification") for entry in result.main(page).select(entries)
        ]
        assert [
            [c for c in span["class"] if c.startswith("nhs-verification-")] for span in shown
        ] == [[f"nhs-verification-{state}"] for state in states]
        assert [span.get_text().split(":")[0] for span in shown] == [s.title() for s in states]
    css = (result.outdir / "_static" / "nhs_assurance.css").read_text("utf-8")
    assert all(f".nhs-verification-{state} {{" in css for state in states)
    assert located(result, csite) == [
        "controls.md:18: WARNING: control CTL-903: failed in the test results: "
        "'tests/test_search.py::test_sorted' [nhs_assurance.control_failed]",
        "controls.md:24: WARNING: control CTL-904: in no test result file: "
        "'tests/test_search.py::test_absent'; skipped: 'tests/test_search.py::test_slow' "
        "[nhs_assurance.evidence_missing]",
    ]


# -- warnings -------------------------------------------------------------------------------------

WARNINGS = {
    "type missing": (
        ":::{control} CTL-1\n:title: T\n:::\n",
        "page.md:3: WARNING: control CTL-1: the :type: option is missing "
        "[nhs_assurance.missing_option]",
    ),
    "title missing": (
        ":::{control} CTL-1\n:type: design\n:::\n",
        "page.md:3: WARNING: control CTL-1: the :title: option is missing "
        "[nhs_assurance.missing_option]",
    ),
    "bad owner": (
        ":::{control} CTL-1\n:title: T\n:type: design\n:owner: supplier\n:::\n",
        "page.md:6: WARNING: control CTL-1: :owner: 'supplier' is not one of manufacturer, "
        "deployer; the control is shown as the manufacturer's [nhs_assurance.bad_control_type]",
    ),
    "bad id": (
        ":::{control} CONTROL ONE\n:title: T\n:type: design\n:::\n",
        "page.md:3: WARNING: control: 'CONTROL ONE' is not a control ID: expected letters then "
        "digits, optionally joined by one hyphen (e.g. 'CTL-001') [nhs_assurance.bad_id]",
    ),
    "not a control id": (
        ":::{hazard} HAZ-1\n:severity: Major\n:likelihood: Low\n:title: T\n"
        ":existing-controls: the training\n:::\n",
        "page.md:7: WARNING: hazard HAZ-1: :existing-controls: 'the training' is not a control "
        "ID (e.g. 'CTL-001') [nhs_assurance.unknown_control]",
    ),
    "bad date": (
        ":::{hazard} HAZ-1\n:severity: Major\n:likelihood: Low\n:title: T\n"
        ":next-review: 2026-02-30\n:::\n",
        "page.md:7: WARNING: hazard HAZ-1: :next-review: '2026-02-30' is not a date: there is "
        "no such day [nhs_assurance.bad_date]",
    ),
}


@pytest.fixture(scope="module")
def mistakes(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """One build of a site with a page of each case of WARNINGS (not a site per case)."""
    bodies = {case: body for case, (body, _) in WARNINGS.items()}
    return build_cases(tmp_path_factory.mktemp("mistakes"), bodies, CONF)


@pytest.mark.parametrize("case", list(WARNINGS))
def test_each_mistake_gets_one_located_typed_warning(mistakes: BuildResult, case: str) -> None:
    _, expected = WARNINGS[case]
    assert mistakes.warnings_in(case_folder(case)) == [expected]


def test_the_mistakes_warn_only_on_the_pages_of_the_cases(mistakes: BuildResult) -> None:
    assert mistakes.warnings_outside(map(case_folder, WARNINGS)) == []


def test_evidence_is_missing_only_once_results_are_configured(csite: Site) -> None:
    csite.write_pages({"controls": page_with(CONTROLS)})
    assert located(csite.build(), csite) == []  # not collecting test evidence yet


def test_a_result_file_that_is_not_junit_xml_is_located(csite: Site) -> None:
    csite.write_pages({"controls": page_with(CONTROLS.split(":::{control} CTL-903")[0])})
    with_results(csite, "<html>\n<body/></html>\n")
    lines = located(csite.build(), csite)
    assert lines[0] == (
        "results/junit.xml:1: WARNING: the file is not JUnit XML: its root "
        "element is 'html', not <testsuites> or <testsuite> [nhs_assurance.evidence_missing]"
    )
    assert "control CTL-901: in no test result file" in lines[1]


def test_overdue_reviews_and_closed_hazards_on_unverified_controls(
    csite: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28
    closed = HAZARD.replace(":next-review: 2099-01-01", ":next-review: 2026-05-27\n:status: closed")
    csite.write_pages({"controls": page_with(CONTROLS), "hazards": page_with(closed)})
    with_results(csite)
    lines = [line for line in located(csite.build(), csite) if line.startswith("hazards.md")]
    assert lines == [
        "hazards.md:3: WARNING: hazard HAZ-901 is closed but relies on additional controls "
        "that are not verified: ctl-905 (none) [nhs_assurance.closed_unverified]",
        "hazards.md:3: WARNING: hazard HAZ-901: the review due on 2026-05-27 is overdue by 1 "
        "day (build date 2026-05-28) [nhs_assurance.review_overdue]",
    ]


# -- incremental and parallel builds -------------------------------------------------------------


def test_new_test_results_rewrite_the_pages_that_show_them_without_reading(csite: Site) -> None:
    csite.write_pages(
        {
            "controls": page_with(CONTROLS),
            "list": page_with(LIST),
            "hazards": page_with(HAZARD),
            "other": page_with("Unrelated."),
        }
    )
    with_results(csite)
    csite.build()
    csite.write(
        "results/junit.xml", RESULTS.replace("<failure", "<skipped").replace("failure>", "skipped>")
    )
    after = csite.build()
    assert "0 added, 0 changed, 0 removed" in after.status
    assert {"controls", "list"} <= after.written()
    assert not {"hazards", "other"} & after.written()
    assert list_rows(after, "list")[2][4] == "Missing: a test named has no result, or was skipped"
    state = after.main("controls").select_one("#ctl-903 .nhs-verification")
    assert state.get_text() == "Missing: a test named has no result, or was skipped"

    again = csite.build()
    assert not {"controls", "list"} & again.written()


def test_a_hazard_naming_a_control_rewrites_the_list(csite: Site) -> None:
    csite.write_pages(
        {"controls": page_with(CONTROLS), "list": page_with(LIST), "hazards": page_with(HAZARD)}
    )
    csite.build()
    csite.write(
        "hazards.md",
        page_with(HAZARD.replace(":existing-controls: CTL-901", ":existing-controls: CTL-903")),
    )
    after = csite.build()
    assert "list" in after.written()
    assert [row[5] for row in list_rows(after, "list")] == [
        "None", "HAZ-901", "HAZ-901", "None", "HAZ-901",
    ]  # fmt: skip


def test_parallel_build_is_identical_to_serial(csite: Site, tmp_path: Path) -> None:
    pages = {
        f"page{n:02d}": page_with(CONTROLS.replace("CTL-90", f"CTL-{n}0"), title=f"P{n}")
        for n in range(6)
    }
    pages["hazards"] = page_with(HAZARD)
    pages["list"] = page_with(LIST)
    csite.write_pages(pages)
    with_results(csite)
    serial = csite.build(builddir=tmp_path / "serial")
    parallel = csite.build(builddir=tmp_path / "parallel", parallel=2)
    assert " .. " in parallel.status
    assert "safe for parallel" not in parallel.warnings
    assert sorted(serial.warning_lines()) == sorted(parallel.warning_lines())
    for page in [*pages, "index"]:
        assert str(serial.main(page)) == str(parallel.main(page)), page


# -- the other builders --------------------------------------------------------------------------


@pytest.mark.parametrize("builder", ["text", "latex"])
def test_other_builders_show_the_control_its_verification_and_the_list(
    csite: Site, builder: str
) -> None:
    csite.write_pages(
        {"controls": page_with(CONTROLS), "hazards": page_with(HAZARD), "list": page_with(LIST)}
    )
    with_results(csite)
    (csite.srcdir / "conf.py").write_text(csite.conf, encoding="utf-8")
    out = csite.root / builder
    status, _ = sphinx_build_in_process("-b", builder, "-q", csite.srcdir, out)
    assert status == 0
    text = " ".join(
        path.read_text("utf-8", errors="replace")
        for path in out.rglob("*")
        if path.suffix in {".txt", ".tex"}
    )
    flat = " ".join(text.replace("\\sphinxhyphen{}", "-").split())
    assert "CTL-901" in flat
    assert "Only open fictional services are listed" in flat
    assert "Verified: every test named passed" in flat
    assert "Evidence: references to evidence, no tests" in flat
    if builder == "text":
        assert "CTL-901 – Only open fictional services are listed" in flat
        assert "Existing controls: CTL-901" in flat
    else:
        # Each control is typeset in the environment of an entry (nhsassurance.sty), its
        # verification written out in words within it.
        entries = re.findall(r"\\begin\{nhshazard\}(.*?)\\end\{nhshazard\}", flat)
        controls = [entry for entry in entries if "\\DUrole{nhs-control-id}" in entry]
        assert len(controls) == 5
        assert "Verified: every test named passed" in controls[0]
        assert "Failed: a test named failed" in controls[2]


# -- hazards.json, schema version 2 ---------------------------------------------------------------


def test_the_exports_hold_controls_dates_justifications_and_the_digest(
    csite: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28
    csite.write_pages({"controls": page_with(CONTROLS), "hazards": page_with(HAZARD)})
    with_results(csite)
    result = csite.build()
    document = json.loads((result.outdir / "hazards.json").read_text("utf-8"))
    jsonschema.Draft202012Validator(schema()).validate(document)
    (hazard,) = document["hazards"]
    assert hazard["controls"] == {"existing": ["CTL-901"], "additional": ["CTL-902", "ctl-905"]}
    assert (hazard["raised"], hazard["last_reviewed"], hazard["next_review"]) == (
        "2026-01-05",
        "2026-02-01",
        "2099-01-01",
    )
    assert hazard["initial"]["justification"] == "The fictional directory is updated weekly."
    assert hazard["residual"]["justification"] == "Referrers check the status of each service."
    controls = {control["id"]: control for control in document["controls"]}
    assert list(controls) == ["CTL-901", "CTL-902", "CTL-903", "CTL-904", "CTL-905"]
    assert controls["CTL-901"] == {
        "id": "CTL-901",
        "title": "Only open fictional services are listed",
        "type": "design",
        "owner": "manufacturer",
        "page": "controls.html",
        "anchor": "ctl-901",
        "verified_by": ["tests/test_search.py::test_closed_hidden", "Fictional test report TR-901"],
        "verification": "verified",
        "hazards": ["HAZ-901"],
    }
    assert [c["verification"] for c in controls.values()] == [
        "verified", "evidence", "failed", "missing", "none",
    ]  # fmt: skip
    assert document["document"] == {
        "project": "Project name not set",  # Sphinx's default
        "version": "",
        "generated": "2026-05-28",
        "digest": safety_digest(document["hazards"], document["controls"]),
    }

    # The workbook, as the NHS hazard log template lays it out: the controls split by type.
    book = openpyxl.load_workbook(result.outdir / "hazards.xlsx")
    log = list(book["Hazard Log"].iter_rows(values_only=True))
    row = dict(zip(log[0], log[1], strict=True))
    assert row["Date Added"] == datetime(2026, 1, 5)
    assert row["Existing Controls: HIT Design: Description"] == (
        "CTL-901: Only open fictional services are listed"
    )
    assert row["Additional Controls: User Training and Business Process: Evidence"] == (
        "CTL-902: Fictional training record TR-902. Evidence: references to evidence, no tests"
    )
    assert row["Residual Justification"] == "Referrers check the status of each service."
    states = [r[5] for r in book["Controls"].iter_rows(min_row=2, values_only=True)]
    assert states[2] == "Failed: a test named failed"

    # New test results change the verifications, never the digest: it is of the safety content.
    csite.write("results/junit.xml", RESULTS.replace("<failure", "<x").replace("failure>", "x>"))
    again_dir = csite.build().outdir
    again = json.loads((again_dir / "hazards.json").read_text("utf-8"))
    assert again["controls"][2]["verification"] == "verified"
    assert again["document"]["digest"] == document["document"]["digest"]
    # The workbook follows them, though no cell of the CSV file changed.
    book = openpyxl.load_workbook(again_dir / "hazards.xlsx")
    states = [r[5] for r in book["Controls"].iter_rows(min_row=2, values_only=True)]
    assert states[2] == "Verified: every test named passed"


# -- the safety summary ---------------------------------------------------------------------------


def summary_text(result: BuildResult, page: str) -> str:
    return text_of(result.main(page).select_one("div.nhs-safety-summary"))


def test_the_summary_counts_and_names_what_stands_in_the_way_of_an_issue(
    csite: Site, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1780000000")  # 2026-05-28
    summary = ":::{safety-summary}\n:::\n"
    csite.write_pages(
        {
            "controls": page_with(CONTROLS),
            "hazards": page_with(HAZARD.replace("2099-01-01", "2026-05-01")),
            "summary": page_with(summary),
        }
    )
    with_results(csite)
    result = csite.build()
    text = summary_text(result, "summary")
    assert "Open: 1 Transferred: 0 Closed: 0" in text
    assert "Rating 2: 1" in text
    assert "Verified: 1 Failed: 1 Missing: 1 Evidence: 1 None: 1" in text
    assert "Hazards whose review is overdue HAZ-901" in text
    assert "Controls whose tests failed CTL-903" in text
    assert "Controls whose test results are missing CTL-904" in text
    assert "Controls the deploying organisation puts in place CTL-902" in text
    assert result.main("summary").select_one(".nhs-safety-summary a[href='hazards.html#haz-901']")

    # Mended tests and a review done: rewritten though no page was read again.
    csite.write("results/junit.xml", RESULTS.replace("<failure", "<x").replace("failure>", "x>"))
    csite.write("hazards.md", page_with(HAZARD))
    after = csite.build()
    assert "summary" in after.written()
    text = summary_text(after, "summary")
    assert "Hazards whose review is overdue" not in text
    assert "Controls whose tests failed" not in text
    assert "Controls whose test results are missing CTL-904" in text
