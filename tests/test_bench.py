"""The benchmark (``make bench``) runs end to end and writes well-formed results and a plot.

Timing stays in the benchmark: nothing here asserts how fast anything is, only that every part
ran, on a tiny site, and that what it reports is complete and consistent.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import REPO_ROOT

#: Tiny sizes: a build of a few pages costs little more than Sphinx's start, and each part
#: still runs through, at two sizes, so that a part that reported only one would be seen.
SIZES = (3, 6)
ENTRY_SIZES = (3, 6)
#: A control of each verification state needs 10 entries: 5 evidence only, 10 a skipped test.
SAFETY_SIZES = (10, 20)
PARALLEL_SIZE = 6


@pytest.fixture(scope="module")
def bench_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, Path, str]:
    """One run of ``python -m bench`` on tiny sizes, every variant and every part."""
    out = tmp_path_factory.mktemp("bench")
    command = [
        sys.executable, "-m", "bench",
        "--sizes", *map(str, SIZES), "--repeats", "1", "--stock-sizes", str(SIZES[0]),
        "--parallel-size", str(PARALLEL_SIZE), "--incremental-size", str(SIZES[-1]),
        "--registry-sizes", *map(str, ENTRY_SIZES), "--hazard-sizes", *map(str, ENTRY_SIZES),
        "--safety-sizes", *map(str, SAFETY_SIZES), "--safety-repeats", "1",
        "--results", str(out / "results.json"), "--plot", str(out / "plot.png"),
        "--workdir", str(out / "work"),
    ]  # fmt: skip
    process = subprocess.run(command, cwd=REPO_ROOT, capture_output=True, text=True, check=False)
    assert process.returncode == 0, process.stderr[-3000:]
    return json.loads((out / "results.json").read_text("utf-8")), out, process.stdout


@pytest.mark.build
def test_every_variant_built_at_every_size_without_warnings(bench_run) -> None:
    results, _, _ = bench_run
    assert set(results["full"]) == {"ours", "plain", "needs", "stock"}
    for variant in ("ours", "plain", "needs"):
        assert sorted(map(int, results["full"][variant])) == list(SIZES)
    assert list(results["full"]["stock"]) == [str(SIZES[0])]
    for variant, by_size in results["full"].items():
        for size, row in by_size.items():
            assert row["warnings"] == [], (variant, size)
            assert row["seconds"]["n"] == 1 and row["seconds"]["median"] > 0
            assert row["peak_rss_mib"]["median"] > 10  # a Sphinx process, not this one's child
            assert row["pages"] > int(size)
    assert set(results["ratios_to_plain"]) == {"ours", "needs", "stock"}


def test_the_variants_carry_the_same_content(tmp_path: Path) -> None:
    sys.path.insert(0, str(REPO_ROOT))
    try:
        from bench import sitegen
    finally:
        sys.path.remove(str(REPO_ROOT))
    pages = sitegen.make_pages(5)
    for variant in sitegen.VARIANTS:
        source = sitegen.page_source(variant, pages[2])
        for standard in pages[2].standards:
            assert standard.id in source and standard.title in source and standard.body in source
        for reference in pages[2].references:
            assert reference in source
        assert pages[2].note in source and pages[2].code in source
    assert sitegen.page_source("ours", pages[2]).count(":::{standard}") == 3
    assert sitegen.page_source("plain", pages[2]).count(":::{important}") == 1
    assert sitegen.page_source("needs", pages[2]).count(":::{std}") == 3


@pytest.mark.build
def test_parallel_incremental_and_registry_parts(bench_run) -> None:
    results, _, _ = bench_run
    parallel = results["parallel"]
    assert parallel["pages_different"] == [] and parallel["standards_json_identical"]
    assert parallel["parallel_warnings"] == []

    incremental = results["incremental"]
    assert incremental["stale_pages_after_all_edits"] == []
    sentence, title = incremental["sentence"], incremental["title"]
    assert sentence["read"] == [incremental["sentence_page"]]
    assert incremental["sentence_page"] in sentence["changed"]
    assert title["read"] == [incremental["title_page"]]
    for page in [incremental["title_page"], "register", *incremental["pages_citing_title"]]:
        assert page in title["written"] and page in title["changed"], page

    registry = results["registry"]
    assert sorted(map(int, registry)) == list(ENTRY_SIZES)
    for row in registry.values():
        assert row["standard_list_s"]["median"] > 0 and row["standards_json_s"]["median"] > 0

    hazards = results["hazards"]
    assert sorted(map(int, hazards)) == list(ENTRY_SIZES)
    for row in hazards.values():
        assert row["hazard_log_s"]["median"] > 0 and row["exports_s"]["median"] > 0
        # The run itself checked that the incremental build updated the log and hazards.json.
        assert row["incremental_s"]["median"] > 0


@pytest.mark.build
def test_plot_and_report(bench_run) -> None:
    results, out, stdout = bench_run
    png = (out / "plot.png").read_bytes()
    assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
    assert results["machine"]["cores"] >= 1 and results["machine"]["versions"]["sphinx"]
    small, large = SAFETY_SIZES
    for line in ("Full builds", "Extension cost", f"Parallel at N={PARALLEL_SIZE}",
                 "Incremental (sentence)", "Incremental (title)", "Registry", "Hazard log",
                 "Safety file", f"Growth from N={small} to N={large}"):  # fmt: skip
        assert line in stdout, line


@pytest.mark.build
def test_safety_file_part(bench_run) -> None:
    results, _, stdout = bench_run
    safety = results["safety"]
    assert sorted(map(int, safety["sizes"])) == list(SAFETY_SIZES)
    for size, row in safety["sizes"].items():
        assert row["hazards"] == row["controls"] == int(size)
        assert row["test_cases"] == 5 * int(size)
        assert row["peak_rss_mib"]["median"] > 10
        for key in ("build_s", "evidence_s", "log_page_s", "controls_page_s", "summary_page_s",
                    "exports_s"):  # fmt: skip
            assert row[key]["median"] > 0, key
            assert row["us_per_entry"][key] > 0, key
        # One test result failed: no page read; the control's page, the list and the summary
        # written (the run itself checked the control's verification in hazards.json).
        incremental = row["incremental"]
        assert incremental["incremental_read"] == []
        assert {"c000", "controls", "summary"} <= set(incremental["incremental_written"])
    assert {"build_s", "peak_rss_mib", "evidence_s", "controls_lists_s"} <= set(safety["growth"])
    for key, grown in safety["growth"].items():
        assert isinstance(grown["superlinear"], bool) and grown["ratio"] > 0, key
        assert ("SUPERLINEAR" if grown["superlinear"] else "linear") in stdout


def _bench_module(name: str):
    sys.path.insert(0, str(REPO_ROOT))
    try:
        return __import__(f"bench.{name}", fromlist=[name])
    finally:
        sys.path.remove(str(REPO_ROOT))


def test_safety_site_holds_what_the_scenario_says(tmp_path: Path) -> None:
    sitegen = _bench_module("sitegen")
    src = sitegen.write_safety_site(tmp_path, 250)
    pages = [p.read_text("utf-8") for p in sorted(src.glob("[hc][0-9]*.md"))]
    assert len(pages) == 6  # 100 entries a page: 3 of hazards, 3 of controls
    text = "".join(pages)
    assert text.count(":::{hazard} HAZ-") == text.count(":::{control} CTL-") == 250
    assert text.count(":additional-controls: CTL-") == 250
    assert ":::{hazard-log}" in (src / "register.md").read_text("utf-8")
    assert ":::{control-list}" in (src / "controls.md").read_text("utf-8")
    assert ":::{safety-summary}" in (src / "summary.md").read_text("utf-8")
    assert 'nhs_assurance_test_results = ["results/*.xml"]' in (src / "conf.py").read_text("utf-8")
    results = "".join(p.read_text("utf-8") for p in sorted((src / "results").glob("*.xml")))
    assert results.count("<testcase ") == 5 * 250
    assert results.count("<failure ") > 0 and results.count("<skipped ") > 0
    # The states the bench checks each build's hazards.json against cover every verification.
    states = {sitegen.safety_state(c) for c in range(1, 251)}
    assert states == {"verified", "failed", "missing", "evidence", "none"}


def test_growth_flags_a_cost_per_entry_that_grows() -> None:
    run = _bench_module("run")
    sizes = [1000, 3000, 10000]
    linear = run.growth(sizes, [2 + 0.01 * n for n in sizes])
    quadratic = run.growth(sizes, [2 + 1e-6 * n * n for n in sizes])
    assert not linear["superlinear"] and linear["ratio"] == pytest.approx(1.0)
    assert quadratic["superlinear"] and quadratic["ratio"] > 3
    assert run.growth([30, 60], [1.0, 4.0])["superlinear"]  # two sizes: per entry, 2 x
