"""The troubleshooting page lists every warning the extension can give, and its examples are true.

Each example on the page is built on its own, with this project's own `conf.py`, and must give
exactly the warning the page shows, at the highlighted line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest
from helpers import HANDBOOK_DIR, REPO_ROOT, Site
from nhs_assurance.core import problems
from nhs_assurance.diagnostics import DESCRIPTIONS, Subtype
from nhs_assurance.registry.kinds import KINDS

PAGE = HANDBOOK_DIR / "troubleshooting.md"
SECTION = re.compile(
    r"^## `nhs_assurance\.(?P<subtype>\w+)`\n(?P<body>.*?)(?=^## |\Z)", re.M | re.S
)
EXAMPLE = re.compile(
    r"^(?P<fence>`{3,})\{code-block\} markdown\n:caption: example\.md\n:linenos:\n"
    r":emphasize-lines: (?P<line>\d+)\n\n(?P<text>.*?)^(?P=fence)$",
    re.M | re.S,
)
SHOWN_WARNING = re.compile(r"^```text\n(?P<warning>.*?)\n```$", re.M | re.S)
#: Other files an example needs (test results, say): written beside the page, except
#: ``conf.py``, whose lines are added to the project's configuration.
OTHER_FILE = re.compile(
    r"^(?P<fence>`{3,})\{code-block\} \w+\n:caption: (?P<name>(?!example\.md)[\w./-]+)\n\n"
    r"(?P<text>.*?)^(?P=fence)$",
    re.M | re.S,
)
#: The build date of every example (2026-05-28), so that a warning naming it stays true.
BUILD_DATE_EPOCH = "1780000000"


@dataclass
class Example:
    subtype: str
    line: int
    text: str
    warning: str
    files: dict[str, str]


def examples() -> list[Example]:
    found = []
    for section in SECTION.finditer(PAGE.read_text("utf-8")):
        body = section["body"]
        example, shown = EXAMPLE.search(body), SHOWN_WARNING.search(body)
        assert example and shown, f"section {section['subtype']} lacks an example or a warning"
        files = {other["name"]: other["text"] for other in OTHER_FILE.finditer(body)}
        found.append(
            Example(
                section["subtype"],
                int(example["line"]),
                example["text"],
                shown["warning"],
                files,
            )
        )
    return found


def test_every_warning_type_is_on_the_page() -> None:
    documented = [example.subtype for example in examples()]
    assert sorted(documented) == sorted(subtype.value for subtype in Subtype)
    assert len(documented) == len(set(documented))


def test_every_warning_type_says_what_it_is_about() -> None:
    assert set(DESCRIPTIONS) == set(Subtype)
    assert all(DESCRIPTIONS.values())


def test_every_warning_type_the_code_emits_is_declared() -> None:
    """Each `warn(Subtype.<NAME>, ...)` call in the extension uses a declared (so documented)
    type, and every declared type is emitted somewhere."""
    source = "\n".join(p.read_text("utf-8") for p in (REPO_ROOT / "ext").rglob("*.py"))
    emitted = {Subtype[name].value for name in re.findall(r"\bwarn\(\s*Subtype\.(\w+)", source)}
    # Core's checks (of IDs, statuses, a hazard's risk) return problems, each naming its subtype
    # by a constant of core/problems.py; the entry's directive warns with each one's subtype.
    emitted |= {getattr(problems, name) for name in re.findall(r"\bProblem\(\s*([A-Z_]+),", source)}
    # The safety file's checks (in core, which never warns) return problems whose subtype is a
    # `Subtype` member.
    core = "\n".join(
        p.read_text("utf-8") for p in (REPO_ROOT / "ext/nhs_assurance/core").rglob("*.py")
    )
    emitted |= {Subtype[name].value for name in re.findall(r"\bSubtype\.([A-Z_]+),", core)}
    # The domain warns about duplicates and unknown references with each kind's own subtypes.
    emitted |= {
        subtype
        for row in KINDS
        for subtype in (row.kind.duplicate_subtype, row.kind.unknown_subtype)
    }
    assert emitted, "no warn() calls found"
    assert emitted <= set(Subtype)
    assert set(Subtype) <= emitted, "a declared type that nothing emits"


@pytest.mark.build
@pytest.mark.parametrize("example", examples(), ids=lambda example: example.subtype)
def test_each_example_gives_exactly_its_warning(
    tmp_path: Path, example: Example, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", BUILD_DATE_EPOCH)
    conf = (REPO_ROOT / "conf.py").read_text("utf-8") + example.files.pop("conf.py", "")
    site = Site(tmp_path, conf=conf)
    for name, text in example.files.items():
        site.write(name, text)
    # The page writes the invisible U+2028 as `\u2028`, so that readers can see it.
    site.write_pages({"example": example.text.replace("\\u2028", "\u2028")})
    result = site.build()
    lines = result.warning_lines()
    assert len(lines) == 1, result.warnings
    prefix = f"{site.srcdir}/"
    assert lines[0].replace(prefix, "") == example.warning
    # A warning about a file the example's configuration names (a baseline) stands in it.
    where = (f"example.md:{example.line}: ", *(f"{name}:" for name in example.files))
    assert lines[0].replace(prefix, "").startswith(where)
    assert lines[0].endswith(f"[nhs_assurance.{example.subtype}]")
