"""Synthetic sites for the benchmark: the same content written three ways.

A site has N pages in sections of about 20 (as real guidance sites are grouped), each page with
realistic text: headings, paragraphs, a bullet list and a code block, three standard entries,
one mandatory note and three references to standards on other pages; and one register page
listing every standard. The variants carry exactly the same words, entries, notes, references
and table, written:

- ``ours``: with nhs_assurance (``standard``, ``mandatory``, ``{standard}``, ``standard-list``);
- ``plain``: without it (a labelled heading per entry, ``{important}`` admonitions, ``{ref}``
  references and a Markdown table);
- ``needs``: with sphinx-needs (a ``std`` need per entry, ``{need}`` references and a
  ``needtable``), the established peer for ID'd objects.

All three use Furo and the same other settings. The text is neutral filler and the standards
are fictional (``XYZ00001``...); nothing here is NHS guidance.
"""

from __future__ import annotations

import random
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

VARIANTS = ("ours", "plain", "needs")
PAGES_PER_SECTION = 20
STANDARDS_PER_PAGE = 3
REFERENCES_PER_PAGE = 3

WORDS = (  # noqa: SIM905 (a word list reads best as text)
    "system record review change release team supplier process update check report service "
    "user design test plan risk control measure owner document version approval evidence "
    "summary detail step result issue action log schedule data interface message request "
    "response error status field value option setting module component deployment training "
    "support contact ticket clear simple regular weekly monthly current previous next final "
    "local shared central common agreed written formal brief full early late each every"
).split()
STATUSES = ("mandatory", "recommended", "retired")
STATUS_LABELS = {"mandatory": "Mandatory", "recommended": "Recommended", "retired": "Retired"}

CONF_COMMON = """\
myst_enable_extensions = ["colon_fence", "fieldlist"]
html_theme = "furo"
project = "Benchmark site"
"""

CONF = {
    "ours": 'extensions = ["myst_parser", "sphinx_design", "nhs_assurance"]\n',
    # The plain and needs sites get the same navigation as ours (nhs_assurance's Furo
    # navigation on its own), so that the ratio measures the directives, not the sidebar.
    "plain": (
        'extensions = ["myst_parser", "sphinx_design", "nhs_assurance.theme.furo_navigation"]\n'
    ),
    "needs": (
        'extensions = ["myst_parser", "sphinx_design", "sphinx_needs",'
        ' "nhs_assurance.theme.furo_navigation"]\n'
        'needs_types = [{"directive": "std", "title": "Standard", "prefix": "XYZ",'
        ' "color": "#BFD8D2", "style": "node"}]\n'
        'needs_fields = {"applies_to": {"description": "Who it applies to", "nullable": True},'
        ' "url": {"description": "Where it is published", "nullable": True}}\n'
        "needs_build_json = False\n"
    ),
}


@dataclass(frozen=True)
class Standard:
    """A fictional standard declared on a page."""

    id: str
    title: str
    status: str
    applies_to: str
    body: str
    docname: str

    @property
    def url(self) -> str:
        """Where the (fictional) standard is published."""
        return f"https://example.org/standards/{self.id.lower()}"

    @property
    def anchor(self) -> str:
        """The anchor the entry has on its page."""
        return self.id.lower()


@dataclass(frozen=True)
class Page:
    """One page's content, independent of how a variant writes it."""

    docname: str
    title: str
    intro: str
    headings: tuple[str, str, str]
    paragraphs: tuple[str, str, str]
    items: tuple[str, ...]
    code: str
    standards: tuple[Standard, ...]
    note: str
    references: tuple[str, ...]


class Text:
    """Deterministic filler text."""

    def __init__(self, seed: int) -> None:
        self.random = random.Random(seed)

    def words(self, low: int, high: int) -> str:
        """Between *low* and *high* words."""
        return " ".join(self.random.choice(WORDS) for _ in range(self.random.randint(low, high)))

    def sentence(self) -> str:
        """A sentence."""
        return self.words(8, 18).capitalize() + "."

    def paragraph(self, sentences: int = 4) -> str:
        """A paragraph of a few sentences."""
        return " ".join(self.sentence() for _ in range(sentences))

    def title(self) -> str:
        """A short title."""
        return self.words(2, 5).capitalize()


def standard_id(number: int) -> str:
    """The fictional ID of standard *number*."""
    return f"XYZ{number:05d}"


def make_pages(count: int, seed: int = 8) -> list[Page]:
    """The content of a site of *count* pages (the register page is not among them)."""
    text = Text(seed)
    total = count * STANDARDS_PER_PAGE
    pages = []
    for index in range(count):
        docname = f"s{index // PAGES_PER_SECTION:03d}/p{index:05d}"
        standards = tuple(
            Standard(
                id=standard_id(index * STANDARDS_PER_PAGE + k + 1),
                title=f"Fictional standard {index * STANDARDS_PER_PAGE + k + 1}: {text.title()}",
                status=STATUSES[(index + k) % len(STATUSES)],
                applies_to=f"{text.words(1, 3)} teams",
                body=text.paragraph(2),
                docname=docname,
            )
            for k in range(STANDARDS_PER_PAGE)
        )
        # References to standards declared elsewhere (spread over the site).
        references = tuple(
            standard_id((index * 7 + 13 * (k + 1)) % total + 1) for k in range(REFERENCES_PER_PAGE)
        )
        pages.append(
            Page(
                docname=docname,
                title=f"Page {index + 1}: {text.title()}",
                intro=text.paragraph(),
                headings=(text.title(), text.title(), text.title()),
                paragraphs=(text.paragraph(), text.paragraph(), text.paragraph()),
                items=tuple(text.sentence() for _ in range(4)),
                code=textwrap.dedent(
                    f"""\
                    def check_{index}(record):
                        \"\"\"{text.sentence()}\"\"\"
                        if record.get("status") != "{standards[0].status}":
                            return False
                        return all(step.done for step in record["steps"])
                    """
                ),
                standards=standards,
                note=text.paragraph(2),
                references=references,
            )
        )
    return pages


# -- writing a variant ---------------------------------------------------------------------------


def _entry(variant: str, std: Standard) -> str:
    if variant == "ours":
        return (
            f":::{{standard}} {std.id}\n:title: {std.title}\n:url: {std.url}\n"
            f":status: {std.status}\n:applies-to: {std.applies_to}\n\n{std.body}\n:::\n"
        )
    if variant == "plain":
        return (
            f"({std.anchor})=\n### [{std.id}]({std.url}) \N{EN DASH} {std.title}\n\n"
            f":Status: {STATUS_LABELS[std.status]}\n:Applies to: {std.applies_to}\n\n"
            f"{std.body}\n"
        )
    return (
        f":::{{std}} {std.title}\n:id: {std.id}\n:status: {std.status}\n"
        f":applies_to: {std.applies_to}\n:url: {std.url}\n\n{std.body}\n:::\n"
    )


def _note(variant: str, text: str) -> str:
    directive = "mandatory" if variant == "ours" else "important"
    return f":::{{{directive}}}\n{text}\n:::\n"


def _reference(variant: str, std_id: str) -> str:
    if variant == "ours":
        return f"{{standard}}`{std_id}`"
    if variant == "plain":
        return f"{{ref}}`{std_id} <{std_id.lower()}>`"
    return f"{{need}}`{std_id}`"


def page_source(variant: str, page: Page) -> str:
    """The MyST source of *page* in *variant*."""
    first, second, third = page.standards
    refs = [_reference(variant, r) for r in page.references]
    items = "".join(f"- {item}\n" for item in page.items)
    return (
        f"# {page.title}\n\n{page.intro}\n\n"
        f"## {page.headings[0]}\n\n{page.paragraphs[0]}\n\n{items}\n"
        f"{_entry(variant, first)}\n"
        f"## {page.headings[1]}\n\n{page.paragraphs[1]} See {refs[0]}.\n\n"
        f"```python\n{page.code}```\n\n"
        f"{_entry(variant, second)}\n{_entry(variant, third)}\n"
        f"{_note(variant, page.note)}\n"
        f"## {page.headings[2]}\n\n{page.paragraphs[2]} Also {refs[1]} and {refs[2]}.\n"
    )


def register_source(variant: str, pages: list[Page]) -> str:
    """The register page: every standard of the site in a table."""
    head = "# Register of standards\n\nEvery standard declared on this site.\n\n"
    if variant == "ours":
        return head + ":::{standard-list}\n:::\n"
    if variant == "needs":
        return head + ":::{needtable}\n:columns: id;title;status;applies_to\n:style: table\n:::\n"
    rows = ["| ID | Title | Status | Applies to | Page |", "| --- | --- | --- | --- | --- |"]
    standards = sorted((s for p in pages for s in p.standards), key=lambda s: s.id)
    for std in standards:
        rows.append(
            f"| {{ref}}`{std.id} <{std.anchor}>` | {std.title} | {STATUS_LABELS[std.status]} "
            f"| {std.applies_to} | {{doc}}`/{std.docname}` |"
        )
    return head + "\n".join(rows) + "\n"


def sections(count: int) -> int:
    """How many sections a site of *count* pages has."""
    return -(-count // PAGES_PER_SECTION)


def write_site(root: Path, variant: str, count: int, *, name: str = "") -> Path:
    """Write the *variant* site of *count* pages under *root*; return its source folder."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}")
    src = root / f"{name or variant}-{count}"
    pages = make_pages(count)
    sections: dict[str, list[str]] = {}
    for page in pages:
        section, name = page.docname.split("/")
        sections.setdefault(section, []).append(name)
        path = src / f"{page.docname}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(page_source(variant, page), encoding="utf-8")
    for number, (section, names) in enumerate(sorted(sections.items()), start=1):
        toctree = "```{toctree}\n:maxdepth: 1\n\n" + "\n".join(names) + "\n```\n"
        (src / section / "index.md").write_text(
            f"# Section {number}\n\nThe pages of section {number}.\n\n{toctree}", encoding="utf-8"
        )
    (src / "register.md").write_text(register_source(variant, pages), encoding="utf-8")
    index = (
        "# Benchmark site\n\nA synthetic site for the benchmark.\n\n"
        "```{toctree}\n:caption: Sections\n:maxdepth: 1\n\n"
        + "\n".join(f"{s}/index" for s in sorted(sections))
        + "\n```\n\n```{toctree}\n:caption: Register\n\nregister\n```\n"
    )
    (src / "index.md").write_text(index, encoding="utf-8")
    (src / "conf.py").write_text(CONF[variant] + CONF_COMMON, encoding="utf-8")
    return src


SEVERITIES = ("Minor", "Significant", "Considerable", "Major", "Catastrophic")
LIKELIHOODS = ("Very low", "Low", "Medium", "High", "Very high")
HAZARD_STATUSES = ("open", "transferred", "closed")


def hazard_source(n: int, text: Text, likelihood: str | None = None) -> str:
    """Fictional hazard HAZ-*n* with every option and the body fields; closed hazards have a
    residual rating below 4 (Minor, Very low), so the site builds without a warning."""
    status = HAZARD_STATUSES[n % len(HAZARD_STATUSES)]
    residual = (
        ":residual-severity: Minor\n:residual-likelihood: Very low\n" if status != "open" else ""
    )
    return (
        f":::{{hazard}} HAZ-{n}\n:title: Fictional hazard {n}: {text.title()}\n"
        f":severity: {SEVERITIES[n % 5]}\n:likelihood: {likelihood or LIKELIHOODS[(n // 5) % 5]}\n"
        f"{residual}:status: {status}\n:owner: Fictional team {n % 7}\n\n"
        f"{text.sentence()}\n\n:Causes:\n  - {text.sentence()}\n  - {text.sentence()}\n"
        f":Effect: {text.sentence()}\n:Harm: {text.sentence()}\n"
        f":Additional controls: {text.sentence()}\n:::\n"
    )


def write_hazard_site(root: Path, hazards: int, pages: int = 50) -> Path:
    """An ``ours`` site with *hazards* hazards over *pages* pages (one a hazard when there are
    fewer), and a ``hazard-log`` page (named ``register``, which ``timing.py`` times)."""
    src = root / f"hazards-{hazards}"
    text = Text(hazards)
    pages = min(pages, max(hazards, 1))  # no empty pages: a tiny site (the test's) builds quickly
    per_page = -(-hazards // pages)
    names = _write_entry_pages(
        src, "h", "Hazard page", hazards, per_page, pages, lambda n, _page: hazard_source(n, text)
    )
    (src / "register.md").write_text("# Hazard log\n\n:::{hazard-log}\n:::\n", "utf-8")
    _index_and_conf(src, "Hazards", names)
    return src


def _write_entry_pages(
    src: Path,
    prefix: str,
    heading: str,
    count: int,
    per_page: int,
    pages: int,
    source: Callable[[int, str], str],
    separator: str = "\n",
) -> list[str]:
    """Write entries 1 to *count*, *per_page* to a page, on *pages* pages (``<prefix>000.md``
    and on, headed ``<heading> <page>``; the last may hold fewer, or none), each entry's source
    given by *source* from its number and its page; the pages' names."""
    src.mkdir(parents=True, exist_ok=True)
    names = []
    for p in range(pages):
        numbers = range(p * per_page + 1, min((p + 1) * per_page, count) + 1)
        docname = f"{prefix}{p:03d}"
        names.append(docname)
        body = separator.join(source(n, docname) for n in numbers)
        (src / f"{docname}.md").write_text(f"# {heading} {p}\n\n{body}", encoding="utf-8")
    return names


def _index_and_conf(src: Path, title: str, names: list[str]) -> None:
    """The index of a registry site (the register page, then *names*) and its ``conf.py``,
    which loads ``timing.py``."""
    (src / "index.md").write_text(
        f"# {title}\n\n```{{toctree}}\n:maxdepth: 1\n\nregister\n" + "\n".join(names) + "\n```\n",
        encoding="utf-8",
    )
    conf = CONF["ours"] + CONF_COMMON
    bench_dir = str(Path(__file__).resolve().parent)
    conf += f"import sys\nsys.path.insert(0, {bench_dir!r})\nextensions.append('timing')\n"
    (src / "conf.py").write_text(conf, encoding="utf-8")


def write_registry_site(root: Path, entries: int, pages: int = 50) -> Path:
    """An ``ours`` site with *entries* standards over *pages* pages (one an entry when there
    are fewer), and the register page."""
    src = root / f"registry-{entries}"
    pages = min(pages, max(entries, 1))  # no empty pages, as for the hazard site
    text = Text(entries)

    def source(n: int, docname: str) -> str:
        standard = Standard(
            id=standard_id(n),
            title=f"Fictional standard {n}: {text.title()}",
            status=STATUSES[n % len(STATUSES)],
            applies_to=f"{text.words(1, 3)} teams",
            body=text.sentence(),
            docname=docname,
        )
        return _entry("ours", standard) + "\n"

    per_page = -(-entries // pages)
    names = _write_entry_pages(
        src, "r", "Registry page", entries, per_page, pages, source, separator=""
    )
    (src / "register.md").write_text(register_source("ours", []), encoding="utf-8")
    _index_and_conf(src, "Registry", names)
    return src


# -- the safety file: hazards, controls and their test evidence ----------------------------------

#: Entries a page of the safety site holds: the pages grow with N, as a real safety file does.
SAFETY_PER_PAGE = 100
#: Test cases in the results for each control, of which a control names the first three.
TESTS_PER_CONTROL = 5
NAMED_TESTS = 3
#: Test cases a result file holds (a suite split over runs or platforms).
TESTS_PER_FILE = 5000
#: The safety site's list pages (what ``timing.py`` times), and their names in the results.
SAFETY_LIST_PAGES = {"register": "log", "controls": "controls", "summary": "summary"}


def safety_test_id(control: int, k: int) -> tuple[str, str, str]:
    """Test *k* of control *control*: its pytest node ID and the (classname, name) pytest
    writes for it. Ten test files, a class in each, so the IDs look like a real suite's."""
    module = f"tests/safety/test_area{control % 10}"
    name = f"test_control_{control}_{k}"
    return f"{module}.py::TestControls::{name}", f"{module.replace('/', '.')}.TestControls", name


def safety_outcome(control: int, k: int) -> str:
    """The outcome of test *k* of control *control*: one named test fails in a control of 20,
    one is skipped in another; a test no control names fails or is skipped now and then."""
    if k == NAMED_TESTS - 1 and control % 20 == 0:
        return "failure"
    if k == NAMED_TESTS - 1 and control % 20 == 10:
        return "skipped"
    if k == TESTS_PER_CONTROL - 1 and control % 7 == 0:
        return "failure" if control % 2 else "skipped"
    return "passed"


def safety_verified_by(control: int) -> str:
    """A control's ``:verified-by:``: three test IDs and a reference; a control in ten names
    references only (``evidence``), and one in fifty nothing (``none``)."""
    if control % 50 == 25:
        return ""
    if control % 10 == 5:
        return f"Fictional test report TR-{control}, Fictional training record TR-{control}B"
    tests = [safety_test_id(control, k)[0] for k in range(NAMED_TESTS)]
    return ", ".join([*tests, f"Fictional test report TR-{control}"])


def safety_state(control: int) -> str:
    """The verification the extension should find for *control* (``core/verification.py``)."""
    if not safety_verified_by(control):
        return "none"
    if control % 10 == 5:
        return "evidence"
    outcomes = {safety_outcome(control, k) for k in range(NAMED_TESTS)}
    if "failure" in outcomes:
        return "failed"
    return "missing" if "skipped" in outcomes else "verified"


def safety_controls_of(hazard: int, count: int) -> tuple[int, int]:
    """A hazard's existing and additional control: its own, and one spread over the file (so
    that a control is named by hazards on many pages)."""
    return hazard, (hazard * 37) % count + 1


def safety_status(hazard: int, count: int) -> str:
    """Open, transferred or closed in turn; a hazard whose additional control is not verified
    stays open, so that the only ``closed_unverified`` warnings are the few counted below."""
    status = HAZARD_STATUSES[hazard % len(HAZARD_STATUSES)]
    additional = safety_controls_of(hazard, count)[1]
    if status == "closed" and safety_state(additional) not in ("verified", "evidence"):
        return "open"
    return status


def expected_safety_warnings(count: int) -> dict[str, int]:
    """The warnings a build of the safety site of *count* entries gives, by type: one for each
    control with a failed test, and one for each with a skipped test (the results are
    configured)."""
    states = [safety_state(c) for c in range(1, count + 1)]
    return {
        "control_failed": states.count("failed"),
        "evidence_missing": states.count("missing"),
    }


def safety_hazard_source(n: int, count: int, text: Text) -> str:
    """Hazard HAZ-*n* of the safety site: ratings, status, owner, controls, review dates and
    the text fields with both justifications."""
    existing, additional = safety_controls_of(n, count)
    status = safety_status(n, count)
    residual = (
        ":residual-severity: Minor\n:residual-likelihood: Very low\n"
        if status != "open"
        else f":residual-severity: {SEVERITIES[n % 5]}\n:residual-likelihood: Very low\n"
    )
    return (
        f":::{{hazard}} HAZ-{n}\n:title: Fictional hazard {n}: {text.title()}\n"
        f":severity: {SEVERITIES[n % 5]}\n:likelihood: {LIKELIHOODS[(n // 5) % 5]}\n"
        f"{residual}:status: {status}\n:owner: Fictional team {n % 7}\n"
        f":existing-controls: CTL-{existing}\n:additional-controls: CTL-{additional}\n"
        f":raised: 2026-0{1 + n % 9}-1{n % 10}\n:last-reviewed: 2026-10-0{1 + n % 9}\n"
        f":next-review: 2099-0{1 + n % 9}-01\n\n"
        f"{text.sentence()}\n\n:Causes: {text.sentence()}\n:Effect: {text.sentence()}\n"
        f":Harm: {text.sentence()}\n:Initial justification: {text.sentence()}\n"
        f":Residual justification: {text.sentence()}\n:::\n"
    )


def safety_control_source(n: int, text: Text) -> str:
    """Control CTL-*n*: a type and an owner in turn, and its ``:verified-by:``."""
    control_type = ("design", "training", "business-process")[n % 3]
    owner = "deployer" if n % 4 == 3 else "manufacturer"
    verified_by = safety_verified_by(n)
    return (
        f":::{{control}} CTL-{n}\n:title: Fictional control {n}: {text.title()}\n"
        f":type: {control_type}\n:owner: {owner}\n"
        + (f":verified-by: {verified_by}\n" if verified_by else "")
        + f"\n{text.sentence()}\n:::\n"
    )


def junit_xml(cases: list[tuple[str, str, str]]) -> str:
    """A result file as ``pytest --junitxml`` writes it: (classname, name, outcome) each."""
    failures = sum(outcome == "failure" for *_, outcome in cases)
    skips = sum(outcome == "skipped" for *_, outcome in cases)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f'<testsuites><testsuite name="pytest" errors="0" failures="{failures}" '
        f'skipped="{skips}" tests="{len(cases)}" time="1.0">',
    ]
    for classname, name, outcome in cases:
        head = f'<testcase classname="{classname}" name="{name}" time="0.001"'
        if outcome == "failure":
            lines.append(
                f'{head}><failure message="assert False">def {name}():\n'
                f"&gt;       assert False\nE       assert False</failure></testcase>"
            )
        elif outcome == "skipped":
            lines.append(
                f'{head}><skipped type="pytest.skip" message="not on this platform">'
                "not on this platform</skipped></testcase>"
            )
        else:
            lines.append(f"{head} />")
    lines.append("</testsuite></testsuites>")
    return "\n".join(lines) + "\n"


def write_safety_site(root: Path, count: int) -> Path:
    """A safety file of *count* hazards and *count* controls, 100 to a page, with the
    ``hazard-log`` (page ``register``), the ``control-list`` (``controls``), the
    ``safety-summary`` (``summary``), and JUnit XML results of 5 x *count* test cases in files
    of 5000, configured by ``nhs_assurance_test_results``."""
    src = root / f"safety-{count}"
    text = Text(count + 1)
    names = []
    for prefix, title, source in (
        ("h", "Hazards", lambda n, _page: safety_hazard_source(n, count, text)),
        ("c", "Controls", lambda n, _page: safety_control_source(n, text)),
    ):
        pages = -(-count // SAFETY_PER_PAGE)
        names += _write_entry_pages(src, prefix, title, count, SAFETY_PER_PAGE, pages, source)
    (src / "register.md").write_text("# Hazard log\n\n:::{hazard-log}\n:::\n", "utf-8")
    (src / "controls.md").write_text("# Controls\n\n:::{control-list}\n:::\n", "utf-8")
    (src / "summary.md").write_text("# Safety summary\n\n:::{safety-summary}\n:::\n", "utf-8")
    cases = [
        (*safety_test_id(c, k)[1:], safety_outcome(c, k))
        for c in range(1, count + 1)
        for k in range(TESTS_PER_CONTROL)
    ]
    results = src / "results"
    results.mkdir(exist_ok=True)
    for number, start in enumerate(range(0, len(cases), TESTS_PER_FILE)):
        chunk = cases[start : start + TESTS_PER_FILE]
        (results / f"junit-{number:03d}.xml").write_text(junit_xml(chunk), encoding="utf-8")
    _index_and_conf(src, "Safety file", ["controls", "summary", *names])
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('nhs_assurance_test_results = ["results/*.xml"]\n')
    return src
