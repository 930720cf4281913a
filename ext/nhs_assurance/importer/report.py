"""The import's report: a Markdown page in DEST, and the same facts for the terminal.

The report page is written with ``orphan: true`` (no toctree lists it, and Sphinx does not warn
about that) and ``search: exclude``, so that DEST builds as it is; it is for the people doing
the migration, who delete it or list it in ``exclude_patterns`` before publishing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from nhs_assurance.core.excerpt import visible
from nhs_assurance.importer.flags import Flag, Flags
from nhs_assurance.importer.text import code_span

if TYPE_CHECKING:
    from nhs_assurance.importer.result import ImportResult

REPORT_NAME = "import-report.md"


def _cell(text: str) -> str:
    return " ".join(visible(text).split()).replace("|", "\\|")


def _file(path: str) -> str:
    """A file name of SRC or DEST as code, every invisible character shown as its escape."""
    return code_span(visible(path))


def _flag_rows(flags: list[Flag]) -> list[str]:
    rows = ["| Line | Flag | What to check |", "| --- | --- | --- |"]
    for flag in flags:
        line = str(flag.line) if flag.line else "(file)"
        rows.append(f"| {line} | {flag.kind} | {_cell(flag.message)} |")
    return rows


def render_report(result: ImportResult, generated_index: bool) -> str:
    """The report as a MyST page."""
    converted, skipped = result.converted, result.skipped
    lines = [
        "---",
        "title: Jekyll import report",
        "orphan: true",
        "search: exclude",
        "---",
        "",
        "What the import of a Jekyll site converted, and what it flagged for a person to check.",
        "Each flag names the line of the source file it is about. This page is for the people",
        "doing the migration: delete it, or add `import-report.md` to `exclude_patterns` in",
        "`conf.py`, before publishing.",
        "",
        "| | |",
        "| --- | --- |",
        f"| Source | {_cell(_file(str(result.src)))} |",
        f"| Original site | {_cell(code_span(result.original_site or 'unknown'))} |",
        f"| Pages converted | {len(converted)} |",
        f"| Pages skipped | {len(skipped)} |",
        f"| Flags | {result.flag_count} |",
        "",
        "## Pages converted",
        "",
    ]
    if generated_index:
        lines += [
            "The site has no page at `index.html`, so `index.md` was made for the navigation.",
            "",
        ]
    if result.wrote_conf:
        lines += [
            "The folder had no `conf.py`, so the import wrote one with the settings the pages "
            "need; edit it freely, the import never changes it again.",
            "",
        ]
    if converted:
        lines += ["| Source page | Converted page | Flags |", "| --- | --- | --- |"]
        lines += [
            f"| {_cell(_file(p.source))} | [{p.output}]({p.output}) | {len(p.flags)} |"
            for p in converted
        ]
    else:
        lines.append("None.")
    if skipped:
        lines += ["", "## Pages skipped", "", "| Source page | Why |", "| --- | --- |"]
        lines += [f"| {_cell(_file(p.source))} | {_cell(p.skipped)} |" for p in skipped]
    flagged: list[tuple[str, str, Flags]] = [
        (p.source, p.output, p.flags) for p in converted if len(p.flags)
    ] + [(path, "", flags) for path, flags in result.site_flags.items() if len(flags)]
    if result.comparisons:
        lines += ["", *_comparison_lines(result)]
    lines += ["", "## Flags", ""]
    if not flagged:
        lines.append("Nothing was flagged.")
    for source, output, flags in flagged:
        lines += [f"### {_file(source)}", ""]
        if output:
            lines += [f"Converted to [{output}]({output}).", ""]
        lines += [*_flag_rows(flags.sorted()), ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _comparison_lines(result: ImportResult) -> list[str]:
    compared = [c for c in result.comparisons if c.original]
    lines = [
        "## Compared with the original",
        "",
        f"Each page's words against those of the page Jekyll built, in order: {len(compared)} "
        f"page(s) compared, {len(result.losses)} missing more than {result.max_missing:g} % of "
        "their words, showing Liquid, or without an original.",
        "",
    ]
    if not result.losses:
        return lines
    lines += [
        "| Page | Original | Words | Missing | What is missing |",
        "| --- | --- | --- | --- | --- |",
    ]
    for c in result.losses:
        lines.append(
            f"| {_cell(_file(c.source))} | {_cell(_file(c.original or '(none)'))} | "
            f"{c.original_words} | {c.missing_percent:.1f} % | {_cell(c.what_is_missing)} |"
        )
    return lines


def json_report(result: ImportResult) -> dict[str, Any]:
    """The report as one JSON document: pages, flags, skipped pages and comparisons."""
    return {
        "source": str(result.src),
        "destination": str(result.dest),
        "original_site": result.original_site,
        "dry_run": result.dry_run,
        "written": result.written,
        "unchanged": result.unchanged,
        "pages": [
            {
                "source": p.source,
                "output": p.output,
                "skipped": p.skipped,
                "flags": [
                    {"line": f.line, "kind": f.kind, "message": f.message} for f in p.flags.sorted()
                ],
            }
            for p in result.pages
        ],
        "site_flags": {
            path: [{"line": f.line, "kind": f.kind, "message": f.message} for f in flags.sorted()]
            for path, flags in result.site_flags.items()
        },
        "comparisons": [
            {
                "source": c.source,
                "output": c.output,
                "original": c.original,
                "original_words": c.original_words,
                "missing_words": c.missing_words,
                "missing_percent": round(c.missing_percent, 2),
                "sample": c.sample,
                "liquid": c.liquid,
                "problem": c.problem,
            }
            for c in result.comparisons
        ],
        "summary": {
            "converted": len(result.converted),
            "skipped": len(result.skipped),
            "flags": result.flag_count,
            "compared": sum(1 for c in result.comparisons if c.original),
            "losses": len(result.losses),
            "max_missing": result.max_missing,
        },
    }


def terminal_lines(result: ImportResult) -> list[str]:
    """The report for the terminal: a summary, then one ``file:line: [kind] message`` a flag."""
    out = [
        f"Converted {len(result.converted)} page(s) of {visible(str(result.src))} into "
        f"{visible(str(result.dest))} "
        f"({len(result.written)} file(s) written, {len(result.unchanged)} unchanged); "
        f"skipped {len(result.skipped)}; {result.flag_count} flag(s) for a person to check.",
    ]
    entries = [(p.source, p.flags) for p in result.converted] + list(result.site_flags.items())
    for source, flags in entries:
        for flag in flags.sorted():
            path = visible(str(result.src / source))
            where = f"{path}:{flag.line}" if flag.line else path
            out.append(f"{where}: [{flag.kind}] {visible(flag.message)}")
    for page in result.skipped:
        out.append(f"{visible(str(result.src / page.source))}: skipped: {visible(page.skipped)}")
    for c in result.losses:
        out.append(f"{visible(str(result.src / c.source))}: [compare] {visible(c.what_is_missing)}")
    if result.comparisons:
        compared = sum(1 for c in result.comparisons if c.original)
        out.append(
            f"Compared {compared} page(s) with the original: {len(result.losses)} miss more than "
            f"{result.max_missing:g} % of their words, show Liquid, or have no original."
        )
    if result.dry_run:
        out.append("Dry run: nothing was written.")
    else:
        out.append(f"Report: {visible(str(result.dest / REPORT_NAME))}")
    return out
