"""A plain-text summary of the results, with each target of issues 8 and 19 met or missed."""

from __future__ import annotations

from typing import Any


def _verdict(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(results: dict[str, Any]) -> str:
    """The summary printed at the end of ``python -m bench``."""
    lines = [
        f"Machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, "
        f"{results['machine']['memory']}; Python {results['machine']['python']}; "
        + ", ".join(f"{k} {v}" for k, v in results["machine"]["versions"].items()),
        f"1-minute load: {results['load_1min_at_start']:.2f} at start, "
        f"{results['load_1min_at_end']:.2f} at end; {results['duration_s'] / 60:.1f} minutes",
        "",
    ]
    full = results.get("full")
    if full:
        lines.append("Full builds (median s [min-max], ms/page, peak MiB):")
        for variant, by_size in full.items():
            for size, row in sorted(by_size.items(), key=lambda kv: int(kv[0])):
                s = row["seconds"]
                lines.append(
                    f"  {variant:6} N={size:>5}: {s['median']:8.2f} [{s['min']:.2f}-{s['max']:.2f}]"
                    f" n={s['n']}  {row['ms_per_page']:7.1f} ms/page"
                    f"  {row['peak_rss_mib']['median']:6.0f} MiB"
                    + (f"  warnings: {len(row['warnings'])}" if row["warnings"] else "")
                )
        ratios = results.get("ratios_to_plain", {})
        biggest = str(max(int(s) for s in full.get("plain", {"0": 0})))
        ours = ratios.get("ours", {}).get(biggest)
        needs = ratios.get("needs", {}).get(biggest)
        if ours:
            lines.append(
                f"Extension cost at N={biggest}: time {ours['time']:.3f} x plain "
                f"({_verdict(ours['time'] <= 1.03)}, <= 1.03), memory {ours['peak_rss']:.3f} x "
                f"({_verdict(ours['peak_rss'] <= 1.05)}, <= 1.05)"
            )
        if ours and needs:
            lines.append(
                f"sphinx-needs at N={biggest}: time {needs['time']:.3f} x plain; ours below it: "
                f"{_verdict(ours['time'] < needs['time'])}"
            )
        if "ours" in full and len(full["ours"]) > 1:
            sizes = sorted(full["ours"], key=int)
            small, large = full["ours"][sizes[0]], full["ours"][sizes[-1]]
            scale = large["ms_per_page"] / small["ms_per_page"]
            lines.append(
                f"Scale: ms/page at N={sizes[-1]} / at N={sizes[0]} = {scale:.2f} "
                f"({_verdict(scale <= 1.5)}, <= 1.5)"
            )
    par = results.get("parallel")
    if par:
        lines.append(
            f"Parallel at N={par['pages']}: serial {par['serial_seconds']['median']:.2f} s, "
            f"-j 3 {par['j3_seconds']['median']:.2f} s, speed-up {par['speedup']:.2f} "
            f"({_verdict(par['speedup'] >= 1.5)}, >= 1.5); pages different: "
            f"{len(par['pages_different'])} of {par['pages_compared']}; standards.json identical: "
            f"{par['standards_json_identical']}; parallel-safety warnings: "
            f"{len(par['parallel_warnings'])}"
        )
    inc = results.get("incremental")
    if inc:
        for kind in ("sentence", "title"):
            row = inc[kind]
            share = row["seconds"]["median"] / inc["full_seconds"]
            lines.append(
                f"Incremental ({kind}) at N={inc['pages']}: {row['seconds']['median']:.2f} s = "
                f"{100 * share:.1f} % of the full build ({_verdict(share <= 0.05)}, <= 5 %); "
                f"read {row['read']}; written {row['written']}; changed {row['changed']}; "
                f"written but unchanged {row['written_unchanged']}"
            )
        lines.append(f"Stale pages after the edits: {inc['stale_pages_after_all_edits'] or 'none'}")
    reg = results.get("registry")
    if reg:
        lines.append("Registry (median s; microseconds per entry):")
        for entries, row in sorted(reg.items(), key=lambda kv: int(kv[0])):
            lines.append(
                f"  {entries:>6} entries: standard-list {row['standard_list_s']['median']:.3f} s "
                f"({row['standard_list_us_per_entry']:.0f} us), register page "
                f"{row['page_write_s']['median']:.3f} s ({row['page_write_us_per_entry']:.0f} us),"
                f" standards.json {row['standards_json_s']['median']:.3f} s "
                f"({row['standards_json_us_per_entry']:.1f} us)"
            )
    haz = results.get("hazards")
    if haz:
        lines.append("Hazard log (median s; microseconds per hazard):")
        for count, row in sorted(haz.items(), key=lambda kv: int(kv[0])):
            lines.append(
                f"  {count:>6} hazards: hazard-log {row['hazard_log_s']['median']:.3f} s "
                f"({row['hazard_log_us_per_hazard']:.0f} us), log page "
                f"{row['log_page_s']['median']:.3f} s ({row['log_page_us_per_hazard']:.0f} us), "
                f"exports {row['exports_s']['median']:.3f} s "
                f"({row['exports_us_per_hazard']:.0f} us); full build "
                f"{row['build_s']['median']:.1f} s, one likelihood changed "
                f"{row['incremental_s']['median']:.1f} s"
            )
    if results.get("safety"):
        lines += safety_report(results["safety"])
    return "\n".join(lines)


def safety_report(safety: dict[str, Any]) -> list[str]:
    """The safety file's lines: each size's time and memory, the cost of an entry, and how it
    grows (``run.growth``)."""
    sizes = sorted(safety["sizes"], key=int)
    lines = ["Safety file (N hazards, N controls, 5 N test cases; median s, peak MiB):"]
    for size in sizes:
        row = safety["sizes"][size]
        s, inc = row["build_s"], row["incremental"]
        lines.append(
            f"  N={size:>6}: build {s['median']:7.1f} [{s['min']:.1f}-{s['max']:.1f}] n={s['n']}"
            f" (processor {row['build_cpu_s']['median']:.1f})"
            f"  {row['us_per_entry']['build_s'] / 1000:6.2f} ms/hazard"
            f"  {row['peak_rss_mib']['median']:6.0f} MiB; test results "
            f"{row['evidence_s']['median']:.2f} s, log page {row['log_page_s']['median']:.2f} s,"
            f" control list page {row['controls_page_s']['median']:.2f} s, summary "
            f"{row['summary_page_s']['median']:.2f} s, exports {row['exports_s']['median']:.2f} s;"
            f" one test result changed: {inc['incremental_s']:.1f} s"
        )
    lines.append(
        f"  Growth from N={sizes[0]} to N={sizes[-1]} (processor time of an entry added, last step"
        " / first; superlinear over 1.5):"
    )
    for key, grown in safety["growth"].items():
        flag = "SUPERLINEAR" if grown["superlinear"] else "linear"
        lines.append(f"    {key:18} {grown['ratio']:5.2f}  {flag}")
    return lines
