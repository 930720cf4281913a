"""The plot of ``handbook/performance.md``: build time against the number of pages, per variant."""

from __future__ import annotations

from pathlib import Path
from typing import Any

LABELS = {
    "ours": "with nhs_assurance",
    "plain": "plain (no extension)",
    "needs": "sphinx-needs",
    "stock": "with nhs_assurance, Furo's per-page navigation",
}
STYLES = {
    "ours": {"color": "#005eb8", "marker": "o", "linestyle": "-"},
    "plain": {"color": "#212b32", "marker": "s", "linestyle": "--"},
    "needs": {"color": "#d5281b", "marker": "^", "linestyle": "-."},
    "stock": {"color": "#768692", "marker": "x", "linestyle": ":"},
}


def plot(results: dict[str, Any], path: Path) -> None:
    """Draw build time (median, with the range of the runs) and time per page against N."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    import matplotlib.pyplot as plt

    figure, (total, per_page) = plt.subplots(1, 2, figsize=(11, 4.6), dpi=100)
    for variant, by_size in results["full"].items():
        sizes = sorted(by_size, key=int)
        xs = [int(s) for s in sizes]
        medians = [by_size[s]["seconds"]["median"] for s in sizes]
        low = [m - by_size[s]["seconds"]["min"] for m, s in zip(medians, sizes, strict=True)]
        high = [by_size[s]["seconds"]["max"] - m for m, s in zip(medians, sizes, strict=True)]
        style = STYLES.get(variant, {})
        label = LABELS.get(variant, variant)
        # Furo's per-page navigation is an order of magnitude slower: it would flatten the
        # variants compared on the left, so it is shown per page only, on a log scale.
        if variant != "stock":
            total.errorbar(xs, medians, yerr=[low, high], label=label, capsize=3, **style)
        per_page.plot(xs, [by_size[s]["ms_per_page"] for s in sizes], label=label, **style)
    total.set_title("Full HTML build, shared navigation (median; bars: range)")
    total.set_xlabel("pages (N)")
    total.set_ylabel("seconds")
    total.set_ylim(bottom=0)
    total.legend(loc="upper left", fontsize="small")
    per_page.set_title("Time per page (log scale)")
    per_page.set_xlabel("pages (N)")
    per_page.set_ylabel("milliseconds per page")
    per_page.set_yscale("log")
    per_page.legend(loc="upper left", fontsize="small")
    # Linear axes on the left, so that a build linear in N is a straight line.
    per_page.set_xscale("log")
    for axes in (total, per_page):
        axes.set_xticks([100, 300, 1000], labels=["100", "300", "1000"])
        axes.minorticks_off()
        axes.grid(True, alpha=0.3)
    total.set_xlim(0, 1050)
    per_page.set_yticks([10, 20, 50, 100, 200, 500], labels=["10", "20", "50", "100", "200", "500"])
    machine = results["machine"]
    figure.suptitle(
        f"{machine['cpu']}, {machine['cores']} cores; Sphinx {machine['versions']['sphinx']}, "
        f"Furo {machine['versions']['furo']}",
        fontsize="small",
    )
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    # No timestamp in the PNG: the same results give the same file.
    figure.savefig(path, metadata={"Software": None})
    plt.close(figure)
