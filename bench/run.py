"""Run the benchmark: ``python -m bench`` (``make bench``); ``--help`` lists the options.

Every build is a ``python -m sphinx`` child process of this interpreter, timed by wall clock,
its peak memory read from the child's own resource usage (``os.wait4``). Variants alternate
run by run (their order rotating from one repeat to the next), so that a slow spell of the
machine does not fall on one variant only; medians are reported, with the spread.

Parts (see ``handbook/performance.md`` for what they answer):

1. full builds of the three variants (``sitegen``) at each size, plus ``ours`` with Furo's
   own per-page navigation (``stock``) to show what the shared navigation tree saves;
2. parallel: ``-j 3`` against serial at one size, with the outputs compared;
3. incremental: one sentence edited, then one standard's title edited, on a built site;
4. registry: ``standard-list`` and ``standards.json`` for many entries;
5. hazards: the ``hazard-log`` (table and matrices) and ``hazards.json``/``.csv``/``.xlsx`` for
   many hazards, and an incremental build after one likelihood changed;
6. safety: a whole safety file (``sitegen.write_safety_site``): N hazards and N controls with
   their test evidence, 5 N test cases in JUnit XML, the log, the control list and the summary;
   the build's time and peak memory at each N and how they grow, the verifications checked
   against what the results say, and an incremental build after one test result changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bench import sitegen

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_RESULTS = REPO_ROOT / "bench" / "results" / "results.json"
DEFAULT_PLOT = REPO_ROOT / "handbook" / "images" / "build-time.png"
#: ``ours`` with Furo's own per-page navigation tree (the optimisation switched off).
STOCK = "stock"
STOCK_OPTION = ("-D", "nhs_assurance_furo_navigation=0")
STATUS_LINE = re.compile(r"(reading sources|writing output)\.\.\. \[\s*\d+%\] (.+)$")


@dataclass
class Build:
    """One ``sphinx-build`` run."""

    seconds: float
    peak_rss_mib: float
    returncode: int
    warnings: list[str]
    load_1min: float
    stdout: str = ""
    #: the child's processor time (user and system): less disturbed than the wall clock by
    #: other work on a shared machine, so the growth of the safety part is judged by it.
    cpu_seconds: float = 0.0

    def record(self) -> dict[str, Any]:
        """The run as stored in the results (without its output)."""
        data = asdict(self)
        data.pop("stdout")
        return data


def load_1min() -> float:
    """The machine's 1-minute load average."""
    return os.getloadavg()[0]


def sphinx_build(src: Path, out: Path, *options: str, fresh: bool = True) -> Build:
    """Build *src* into *out* in a child process; a fresh build removes *out* first."""
    if fresh and out.exists():
        shutil.rmtree(out)
    command = [sys.executable, "-m", "sphinx", "-b", "html", *options, str(src), str(out)]
    load = load_1min()
    # Output goes to files, not pipes: the child never waits on us, and we reap it ourselves
    # with wait4, which gives the child's own resource usage (its peak memory).
    with tempfile.TemporaryFile("w+") as stdout, tempfile.TemporaryFile("w+") as stderr:
        start = time.perf_counter()
        # NO_COLOR: the status lines are parsed, and under CI=true Sphinx would colour them and
        # write each page over the last with escape codes.
        env = {**os.environ, "NO_COLOR": "1"}
        process = subprocess.Popen(command, stdout=stdout, stderr=stderr, cwd=src, env=env)
        _pid, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        stdout.seek(0)
        stderr.seek(0)
        out_text, err_text = stdout.read(), stderr.read()
    if process.returncode != 0:
        raise RuntimeError(f"build of {src} failed ({process.returncode}):\n{err_text[-3000:]}")
    warnings = [line for line in err_text.splitlines() if "WARNING" in line or "ERROR" in line]
    # Linux reports ru_maxrss in KiB.
    cpu = usage.ru_utime + usage.ru_stime
    return Build(seconds, usage.ru_maxrss / 1024, process.returncode, warnings, load, out_text, cpu)


def page_hashes(out: Path) -> dict[str, str]:
    """The SHA-256 of every HTML page of a build, by path."""
    return {
        path.relative_to(out).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(out.rglob("*.html"))
    }


def status_pages(stdout: str) -> tuple[set[str], set[str]]:
    """The pages a build read and wrote, from its status output."""
    read, written = set(), set()
    for line in stdout.splitlines():
        if match := STATUS_LINE.search(line.strip()):
            (read if match[1] == "reading sources" else written).add(match[2].strip())
    return read, written


def summary(values: list[float]) -> dict[str, float]:
    """Median, minimum, maximum and count."""
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "n": len(values),
    }


def package_version(name: str) -> str:
    """The installed version of *name*, or "not installed"."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "not installed"


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = platform.processor() or "unknown"
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True, check=False).stdout
        cpu = next(
            (ln.split(":", 1)[1].strip() for ln in lscpu.splitlines() if "Model name" in ln), cpu
        )
    except OSError:
        pass
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        memory = meminfo.read_text().splitlines()[0].split(":", 1)[1].strip()
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory": memory,
        "platform": platform.platform(),
        "python": platform.python_version(),
        "versions": {
            name: package_version(name)
            for name in (
                "sphinx",
                "myst-parser",
                "furo",
                "docutils",
                "sphinx-needs",
                "sphinx-design",
                "PyStemmer",
                "beautifulsoup4",
            )
        },
    }


# -- the parts -----------------------------------------------------------------------------------


def full_builds(args: argparse.Namespace, work: Path, log: Any) -> dict[str, Any]:
    """Part 1: full builds of every variant at every size, alternating."""
    runs: dict[str, dict[int, list[Build]]] = {}
    sources: dict[tuple[str, int], Path] = {}
    for size in args.sizes:
        for variant in args.variants:
            sources[variant, size] = sitegen.write_site(work / "sites", variant, size)
    series = [*args.variants, STOCK] if args.stock_sizes else list(args.variants)
    for repeat in range(args.repeats):
        for size in args.sizes:
            order = series[repeat % len(series) :] + series[: repeat % len(series)]
            for variant in order:
                if variant == STOCK and (
                    size not in args.stock_sizes or repeat >= args.stock_repeats
                ):
                    continue
                src = sources["ours" if variant == STOCK else variant, size]
                options = ["-q", *(STOCK_OPTION if variant == STOCK else ())]
                build = sphinx_build(src, work / "out" / f"{variant}-{size}", *options)
                runs.setdefault(variant, {}).setdefault(size, []).append(build)
                log(
                    f"full  {variant:6} N={size:<5} {build.seconds:8.2f} s "
                    f"{build.peak_rss_mib:7.0f} MiB  load {build.load_1min:.2f}"
                    + (f"  WARNINGS: {len(build.warnings)}" if build.warnings else "")
                )
    result: dict[str, Any] = {}
    for variant, by_size in runs.items():
        result[variant] = {}
        for size, builds in sorted(by_size.items()):
            pages = size + sitegen.sections(size) + 2  # pages, section indexes, index, register
            seconds = summary([b.seconds for b in builds])
            result[variant][str(size)] = {
                "pages": pages,
                "seconds": seconds,
                "ms_per_page": 1000 * seconds["median"] / pages,
                "peak_rss_mib": summary([b.peak_rss_mib for b in builds]),
                "warnings": sorted({w for b in builds for w in b.warnings}),
                "runs": [b.record() for b in builds],
            }
    return result


def ratios(full: dict[str, Any], sizes: list[int]) -> dict[str, Any]:
    """Each variant's median time and peak memory relative to the plain site's."""
    out: dict[str, Any] = {}
    for variant in ("ours", "needs", STOCK):
        for size in sizes:
            key = str(size)
            if variant not in full or key not in full[variant] or key not in full.get("plain", {}):
                continue
            mine, plain = full[variant][key], full["plain"][key]
            out.setdefault(variant, {})[key] = {
                "time": mine["seconds"]["median"] / plain["seconds"]["median"],
                "peak_rss": mine["peak_rss_mib"]["median"] / plain["peak_rss_mib"]["median"],
            }
    return out


def parallel(args: argparse.Namespace, work: Path, log: Any) -> dict[str, Any]:
    """Part 2: ``-j 3`` against serial, alternating, and the outputs compared."""
    size = args.parallel_size
    src = sitegen.write_site(work / "sites", "ours", size)
    serial_out, parallel_out = work / "out" / "serial", work / "out" / "parallel"
    times: dict[str, list[Build]] = {"serial": [], "j3": []}
    for repeat in range(args.repeats):
        order = ["serial", "j3"] if repeat % 2 == 0 else ["j3", "serial"]
        for kind in order:
            if kind == "serial":
                build = sphinx_build(src, serial_out, "-q")
            else:
                build = sphinx_build(src, parallel_out, "-q", "-j", "3")
            times[kind].append(build)
            log(f"par   {kind:6} N={size:<5} {build.seconds:8.2f} s  load {build.load_1min:.2f}")
    serial_pages, parallel_pages = page_hashes(serial_out), page_hashes(parallel_out)
    different = sorted(
        page
        for page in serial_pages.keys() | parallel_pages.keys()
        if serial_pages.get(page) != parallel_pages.get(page)
    )
    json_same = (serial_out / "standards.json").read_bytes() == (
        parallel_out / "standards.json"
    ).read_bytes()
    warnings = sorted({w for b in times["j3"] for w in b.warnings})
    serial_median = statistics.median(b.seconds for b in times["serial"])
    parallel_median = statistics.median(b.seconds for b in times["j3"])
    return {
        "pages": size,
        "serial_seconds": summary([b.seconds for b in times["serial"]]),
        "j3_seconds": summary([b.seconds for b in times["j3"]]),
        "speedup": serial_median / parallel_median,
        "pages_compared": len(serial_pages),
        "pages_different": different,
        "standards_json_identical": json_same,
        "parallel_warnings": [w for w in warnings if "parallel" in w],
        "warnings": warnings,
        "runs": {kind: [b.record() for b in builds] for kind, builds in times.items()},
    }


def incremental(args: argparse.Namespace, work: Path, log: Any) -> dict[str, Any]:
    """Part 3: rebuilds after one sentence, then one standard's title, is edited."""
    size = args.incremental_size
    src = sitegen.write_site(work / "sites", "ours", size, name="incremental")
    out = work / "out" / "incremental"
    full = sphinx_build(src, out, "-q")
    log(f"incr  full   N={size:<5} {full.seconds:8.2f} s")
    pages = sitegen.make_pages(size)
    page = pages[size // 2]
    sentence_page = src / f"{page.docname}.md"
    # The standard whose title is edited: the first on a page that other pages cite.
    cited = {ref for p in pages for ref in p.references}
    title_page, standard = next(
        (p, s) for p in pages[size // 3 :] for s in p.standards if s.id in cited
    )
    title_source = src / f"{title_page.docname}.md"
    citing = sorted(p.docname for p in pages if standard.id in p.references)

    def edit(path: Path, old: str, new: str) -> None:
        text = path.read_text("utf-8")
        if old not in text:
            raise RuntimeError(f"{old!r} not in {path}")
        # Written now, after the last build read it: Sphinx sees it changed by its mtime (a
        # time in the future would make the next build read it again, too).
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    first_sentence = page.intro.split(". ")[0]
    steps: list[tuple[str, Path, str, str]] = []
    for repeat in range(args.repeats):
        old, new = first_sentence, first_sentence + " (edited)"
        steps.append(("sentence", sentence_page, *((old, new) if repeat % 2 == 0 else (new, old))))
        old, new = standard.title, standard.title + " revised"
        steps.append(("title", title_source, *((old, new) if repeat % 2 == 0 else (new, old))))
    results: dict[str, list[dict[str, Any]]] = {"sentence": [], "title": []}
    for kind, path, old, new in steps:
        before = page_hashes(out)
        edit(path, old, new)
        build = sphinx_build(src, out, fresh=False)
        after = page_hashes(out)
        read, written = status_pages(build.stdout)
        changed = sorted(p.removesuffix(".html") for p in after if before.get(p) != after[p])
        results[kind].append(
            {
                **build.record(),
                "read": sorted(read),
                "written": sorted(written),
                "changed": changed,
                "written_unchanged": sorted(written - set(changed)),
            }
        )
        log(
            f"incr  {kind:8} {build.seconds:6.2f} s  read {sorted(read)}  wrote {sorted(written)}"
            f"  changed {changed}"
        )
    # No page is stale: the incremental output equals a fresh build of the final sources.
    fresh_out = work / "out" / "incremental-fresh"
    sphinx_build(src, fresh_out, "-q")
    fresh, incremental_pages = page_hashes(fresh_out), page_hashes(out)
    stale = sorted(p for p in fresh if fresh[p] != incremental_pages.get(p))
    return {
        "pages": size,
        "full_seconds": full.seconds,
        "sentence_page": page.docname,
        "title_standard": standard.id,
        "title_page": title_page.docname,
        "pages_citing_title": citing,
        "sentence": _incremental_summary(results["sentence"]),
        "title": _incremental_summary(results["title"]),
        "stale_pages_after_all_edits": stale,
    }


def _incremental_summary(runs: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "seconds": summary([r["seconds"] for r in runs]),
        "read": sorted({p for r in runs for p in r["read"]}),
        "written": sorted({p for r in runs for p in r["written"]}),
        "changed": sorted({p for r in runs for p in r["changed"]}),
        "written_unchanged": sorted({p for r in runs for p in r["written_unchanged"]}),
        "runs": runs,
    }


def registry(args: argparse.Namespace, work: Path, log: Any) -> dict[str, Any]:
    """Part 4: ``standard-list`` and ``standards.json`` at each number of entries."""
    result: dict[str, Any] = {}
    timings: dict[int, list[dict[str, float]]] = {}
    sources = {n: sitegen.write_registry_site(work / "sites", n) for n in args.registry_sizes}
    for _repeat in range(args.repeats):
        for entries in args.registry_sizes:
            out = work / "out" / f"registry-{entries}"
            build = sphinx_build(sources[entries], out, "-q")
            times = json.loads((out / "bench-timing.json").read_text("utf-8"))
            times["build_s"] = build.seconds
            exported = json.loads((out / "standards.json").read_text("utf-8"))
            if len(exported["standards"]) != entries:
                raise RuntimeError(f"standards.json has {len(exported['standards'])} entries")
            timings.setdefault(entries, []).append(times)
            log(
                f"reg   N={entries:<6} list {times['standard_list_s']:.3f} s  "
                f"page {times['page_write_s']:.3f} s  json {times['standards_json_s']:.3f} s"
            )
    for entries, runs in sorted(timings.items()):
        result[str(entries)] = {
            key: summary([r[key] for r in runs])
            for key in ("standard_list_s", "page_write_s", "standards_json_s", "build_s")
        }
        for key in ("standard_list_s", "page_write_s", "standards_json_s"):
            result[str(entries)][key.replace("_s", "_us_per_entry")] = (
                1e6 * result[str(entries)][key]["median"] / entries
            )
    return result


def hazards(args: argparse.Namespace, work: Path, log: Any) -> dict[str, Any]:
    """Part 5: the hazard log and its exports at each number of hazards; then one likelihood
    changed on one page, built incrementally (that page, the log page and the exports)."""
    result: dict[str, Any] = {}
    timings: dict[int, list[dict[str, float]]] = {}
    sources = {n: sitegen.write_hazard_site(work / "sites", n) for n in args.hazard_sizes}
    for _repeat in range(args.hazard_repeats):
        for count in args.hazard_sizes:
            src, out = sources[count], work / "out" / f"hazards-{count}"
            build = sphinx_build(src, out, "-q")
            if build.returncode or build.warnings:
                raise RuntimeError(f"hazard site {count}: {build.warnings[:3]}")
            times = json.loads((out / "bench-timing.json").read_text("utf-8"))
            times["build_s"] = build.seconds
            exported = json.loads((out / "hazards.json").read_text("utf-8"))
            if len(exported["hazards"]) != count:
                raise RuntimeError(f"hazards.json has {len(exported['hazards'])} hazards")
            # One likelihood changed on the first page: the page, the log and the exports.
            page = src / "h000.md"
            original = page.read_text("utf-8")
            changed = re.sub(r":likelihood: [^\n]+", ":likelihood: Very high", original, count=1)
            page.write_text(changed, encoding="utf-8")
            incremental_build = sphinx_build(src, out, fresh=False)
            page.write_text(original, encoding="utf-8")
            read, written = status_pages(incremental_build.stdout)
            exported = json.loads((out / "hazards.json").read_text("utf-8"))
            first = next(h for h in exported["hazards"] if h["id"] == "HAZ-1")
            if first["initial"]["likelihood"] != "Very high" or "register" not in written:
                raise RuntimeError("the incremental build left the log or hazards.json stale")
            inc_times = json.loads((out / "bench-timing.json").read_text("utf-8"))
            times["incremental_s"] = incremental_build.seconds
            times["incremental_exports_s"] = inc_times["standards_json_s"]
            timings.setdefault(count, []).append(times)
            log(
                f"haz   N={count:<6} log {times['standard_list_s']:.3f} s  "
                f"page {times['page_write_s']:.3f} s  exports {times['standards_json_s']:.3f} s  "
                f"build {build.seconds:.1f} s  incremental {incremental_build.seconds:.1f} s "
                f"(read {sorted(read)}, wrote {len(written)})"
            )
    keys = {
        "standard_list_s": "hazard_log_s",
        "page_write_s": "log_page_s",
        "standards_json_s": "exports_s",
        "build_s": "build_s",
        "incremental_s": "incremental_s",
        "incremental_exports_s": "incremental_exports_s",
    }
    for count, runs in sorted(timings.items()):
        row = result[str(count)] = {
            new: summary([r[old] for r in runs]) for old, new in keys.items()
        }
        for key in ("hazard_log_s", "log_page_s", "exports_s"):
            row[key.replace("_s", "_us_per_hazard")] = 1e6 * row[key]["median"] / count
    return result


def growth(sizes: list[int], values: list[float]) -> dict[str, Any]:
    """How *values* (medians at each of *sizes*, ascending) grow with the size.

    ``per_entry`` is each value divided by its size; ``marginal`` the cost of each entry added
    from one size to the next (the slope, which a fixed cost such as Sphinx's start does not
    distort). The growth is flagged ``superlinear`` when the last slope is over 1.5 x the
    first (with two sizes: when the value per entry grows by over 1.5 x).
    """
    per_entry = [value / size for value, size in zip(values, sizes, strict=True)]
    marginal = [
        (values[i + 1] - values[i]) / (sizes[i + 1] - sizes[i]) for i in range(len(sizes) - 1)
    ]
    if len(marginal) >= 2 and marginal[0] > 0:
        ratio = marginal[-1] / marginal[0]
    else:
        ratio = per_entry[-1] / per_entry[0] if per_entry and per_entry[0] > 0 else 1.0
    return {
        "per_entry": per_entry,
        "marginal": marginal,
        "ratio": ratio,
        "superlinear": ratio > SUPERLINEAR,
    }


#: The growth of the cost of an entry, from the smallest to the largest size, over which the
#: cost is called superlinear (noise on a shared machine stays well below it).
SUPERLINEAR = 1.5
#: What the safety part times, from ``bench-timing.json`` and the build itself.
SAFETY_TIMES = {
    "build_s": "the full build",
    "read_s": "reading every page",
    "evidence_s": "reading the test results and verifying every control",
    "consistency_s": "the consistency checks and the safety file's warnings",
    "write_s": "writing every page",
    "exports_s": "hazards.json, .csv and .xlsx",
    "log_lists_s": "the hazard-log's tables",
    "log_page_s": "writing the hazard log page",
    "controls_lists_s": "the control-list's table",
    "controls_page_s": "writing the control list page",
    "summary_lists_s": "the safety-summary",
    "summary_page_s": "writing the summary page",
}


#: The phases ``timing.py`` times, under their own names.
PHASES = ("read_s", "evidence_s", "consistency_s", "write_s")


def _warning_counts(warnings: list[str]) -> dict[str, int]:
    """How many warnings of each ``nhs_assurance`` type a build gave."""
    counts: dict[str, int] = {}
    for line in warnings:
        if match := re.search(r"\[nhs_assurance\.(\w+)\]\s*$", line):
            counts[match[1]] = counts.get(match[1], 0) + 1
        else:
            counts["other"] = counts.get("other", 0) + 1
    return counts


def _check_safety_build(out: Path, count: int, build: Build) -> None:
    """Raise unless the build found every hazard, control and verification it should have."""
    expected = {k: v for k, v in sitegen.expected_safety_warnings(count).items() if v}
    if (found := _warning_counts(build.warnings)) != expected:
        raise RuntimeError(f"safety site {count}: warnings {found}, expected {expected}")
    exported = json.loads((out / "hazards.json").read_text("utf-8"))
    if len(exported["hazards"]) != count or len(exported["controls"]) != count:
        raise RuntimeError(f"safety site {count}: hazards.json does not hold every entry")
    for control in exported["controls"]:
        number = int(control["id"].split("-")[1])
        if control["verification"] != sitegen.safety_state(number):
            raise RuntimeError(f"{control['id']}: {control['verification']} in hazards.json")


def safety(args: argparse.Namespace, work: Path, log: Any) -> dict[str, Any]:
    """Part 6: the whole safety file at each size, then one test result changed."""
    sizes = sorted(args.safety_sizes)
    runs: dict[int, list[dict[str, Any]]] = {}
    sources = {n: sitegen.write_safety_site(work / "sites", n) for n in sizes}
    for repeat in range(args.safety_repeats):
        # Largest first in every other repeat: a slow spell does not fall on one size only.
        for count in sizes if repeat % 2 == 0 else sizes[::-1]:
            src, out = sources[count], work / "out" / f"safety-{count}"
            build = sphinx_build(src, out, "-q")
            _check_safety_build(out, count, build)
            times = json.loads((out / "bench-timing.json").read_text("utf-8"))
            pages = times["pages"]
            cpu = times["cpu"]
            row = {
                "build_s": build.seconds,
                "build_cpu_s": build.cpu_seconds,
                "peak_rss_mib": build.peak_rss_mib,
                "load_1min": build.load_1min,
                "read_s": times["read_s"],
                "evidence_s": times["evidence_s"],
                "consistency_s": times["consistency_s"],
                "write_s": times["write_s"],
                "exports_s": times["standards_json_s"],
                **{_cpu(key): cpu[key] for key in PHASES},
                "exports_cpu_s": cpu["standards_json_s"],
            }
            for page, name in sitegen.SAFETY_LIST_PAGES.items():
                for key, new in (("lists", "lists"), ("write", "page")):
                    row[f"{name}_{new}_s"] = pages[page][f"{key}_s"]
                    row[f"{name}_{new}_cpu_s"] = pages[page][f"{key}_cpu_s"]
            if repeat == 0:
                row.update(_safety_incremental(src, out, count))
            runs.setdefault(count, []).append(row)
            log(
                f"safe  N={count:<6} build {build.seconds:7.1f} s {build.peak_rss_mib:6.0f} MiB  "
                f"evidence {row['evidence_s']:.3f} s  log {row['log_page_s']:.2f} s  "
                f"controls {row['controls_page_s']:.2f} s  summary {row['summary_page_s']:.2f} s  "
                f"exports {row['exports_s']:.2f} s  load {build.load_1min:.2f}"
                + (f"  result changed {row['incremental_s']:.1f} s" if repeat == 0 else "")
            )
    result: dict[str, Any] = {"sizes": {}, "growth": {}}
    for count in sizes:
        builds = runs[count]
        entry = result["sizes"][str(count)] = {
            "hazards": count,
            "controls": count,
            "test_cases": count * sitegen.TESTS_PER_CONTROL,
            "result_files": -(-count * sitegen.TESTS_PER_CONTROL // sitegen.TESTS_PER_FILE),
            "peak_rss_mib": summary([b["peak_rss_mib"] for b in builds]),
            **{key: summary([b[key] for b in builds]) for key in SAFETY_TIMES},
            **{_cpu(key): summary([b[_cpu(key)] for b in builds]) for key in SAFETY_TIMES},
            "incremental": {
                key: builds[0][key]
                for key in ("incremental_s", "incremental_read", "incremental_written")
            },
            "runs": builds,
        }
        entry["us_per_entry"] = {key: 1e6 * entry[key]["median"] / count for key in SAFETY_TIMES}
        entry["cpu_us_per_entry"] = {
            key: 1e6 * entry[_cpu(key)]["median"] / count for key in SAFETY_TIMES
        }
    # The growth is judged on processor time, which other work on the machine disturbs less
    # than the wall clock, and on peak memory.
    for key in [*SAFETY_TIMES, "peak_rss_mib"]:
        measured = key if key == "peak_rss_mib" else _cpu(key)
        medians = [result["sizes"][str(n)][measured]["median"] for n in sizes]
        result["growth"][key] = growth(sizes, medians)
    return result


def _cpu(key: str) -> str:
    """The name of the processor time of what *key* times (``build_s`` -> ``build_cpu_s``)."""
    return key.removesuffix("_s") + "_cpu_s"


def _safety_incremental(src: Path, out: Path, count: int) -> dict[str, Any]:
    """One named test of a verified control fails in the results: build without ``-E``; the
    control's page, the control list and the summary are written again, no page is read."""
    control = next(c for c in range(1, count + 1) if sitegen.safety_state(c) == "verified")
    _, classname, name = sitegen.safety_test_id(control, 0)
    number = (control - 1) * sitegen.TESTS_PER_CONTROL // sitegen.TESTS_PER_FILE
    path = src / "results" / f"junit-{number:03d}.xml"
    original = path.read_text("utf-8")
    passed = f'<testcase classname="{classname}" name="{name}" time="0.001" />'
    failed = (
        f'<testcase classname="{classname}" name="{name}" time="0.001">'
        '<failure message="assert False">assert False</failure></testcase>'
    )
    if passed not in original:
        raise RuntimeError(f"{name} is not in {path}")
    path.write_text(original.replace(passed, failed), encoding="utf-8")
    try:
        build = sphinx_build(src, out, fresh=False)
    finally:
        path.write_text(original, encoding="utf-8")
    read, written = status_pages(build.stdout)
    exported = json.loads((out / "hazards.json").read_text("utf-8"))
    state = next(c for c in exported["controls"] if c["id"] == f"CTL-{control}")["verification"]
    page = f"c{(control - 1) // sitegen.SAFETY_PER_PAGE:03d}"
    if state != "failed" or read or not {page, "controls", "summary"} <= written:
        raise RuntimeError(
            f"the incremental build after CTL-{control}'s test failed: {state}, "
            f"read {sorted(read)}, wrote {sorted(written)}"
        )
    return {
        "incremental_s": build.seconds,
        "incremental_read": sorted(read),
        "incremental_written": sorted(written),
    }


# -- main ----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    """The command line."""
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 300, 1000])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--variants", nargs="+", default=list(sitegen.VARIANTS), choices=sitegen.VARIANTS
    )
    parser.add_argument(
        "--stock-sizes",
        type=int,
        nargs="*",
        default=[100, 300, 1000],
        help="sizes at which to build ours with Furo's own navigation",
    )
    parser.add_argument(
        "--stock-repeats",
        type=int,
        default=1,
        help="how many repeats build the stock variant (it is slow)",
    )
    parser.add_argument("--parallel-size", type=int, default=300)
    parser.add_argument("--incremental-size", type=int, default=1000)
    parser.add_argument("--registry-sizes", type=int, nargs="*", default=[1000, 3000, 10000])
    parser.add_argument("--hazard-sizes", type=int, nargs="*", default=[1000, 3000, 10000])
    parser.add_argument(
        "--hazard-repeats",
        type=int,
        default=1,
        help="how many times each hazard site is built (the safety part builds the log and the "
        "exports at the same sizes)",
    )
    parser.add_argument(
        "--safety-sizes",
        type=int,
        nargs="*",
        default=[1000, 3000, 10000],
        help="numbers of hazards (and as many controls, and 5 times as many test cases) of the "
        "safety file",
    )
    parser.add_argument(
        "--safety-repeats",
        type=int,
        default=1,
        help="how many times each safety file is built (a build of 10 000 takes minutes; the "
        "growth is judged on processor time, which varies little from run to run)",
    )
    parts = ["full", "parallel", "incremental", "registry", "hazards", "safety"]
    parser.add_argument("--parts", nargs="+", default=parts, choices=parts)
    parser.add_argument("--results", type=Path, default=DEFAULT_RESULTS)
    parser.add_argument("--plot", type=Path, default=DEFAULT_PLOT)
    parser.add_argument(
        "--workdir", type=Path, default=None, help="where to write the sites and builds"
    )
    parser.add_argument("--keep", action="store_true", help="keep the sites and builds")
    parser.add_argument(
        "--replot", action="store_true", help="only draw the plot again from --results"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and write the results and the plot."""
    args = parse_args(argv)
    if args.replot:
        from bench.plot import plot

        plot(json.loads(args.results.read_text("utf-8")), args.plot)
        return 0
    work = Path(args.workdir or tempfile.mkdtemp(prefix="ers-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    started = time.time()

    def log(message: str) -> None:
        print(f"[{time.time() - started:7.1f} s] {message}", flush=True)

    results: dict[str, Any] = {
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        "load_1min_at_start": load_1min(),
        "options": {k: (str(v) if isinstance(v, Path) else v) for k, v in vars(args).items()},
    }
    log(
        f"machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, "
        f"load {results['load_1min_at_start']:.2f}; work in {work}"
    )
    try:
        if "full" in args.parts:
            results["full"] = full_builds(args, work, log)
            results["ratios_to_plain"] = ratios(results["full"], args.sizes)
        if "parallel" in args.parts:
            results["parallel"] = parallel(args, work, log)
        if "incremental" in args.parts:
            results["incremental"] = incremental(args, work, log)
        if "registry" in args.parts:
            results["registry"] = registry(args, work, log)
        if "hazards" in args.parts:
            results["hazards"] = hazards(args, work, log)
        if "safety" in args.parts:
            results["safety"] = safety(args, work, log)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    results["load_1min_at_end"] = load_1min()
    results["duration_s"] = time.time() - started
    args.results.parent.mkdir(parents=True, exist_ok=True)
    args.results.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    log(f"results: {args.results}")
    if "full" in results:
        from bench.plot import plot

        plot(results, args.plot)
        log(f"plot: {args.plot}")
    from bench.report import report

    print(report(results))
    return 0
