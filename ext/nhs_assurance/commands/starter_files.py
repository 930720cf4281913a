"""The files ``nhs-assurance new`` writes: a small clinical safety project, from the templates in
``starter/`` (package data, read with :mod:`importlib.resources`).

A template is ``string.Template`` text (``$name``; ``$$`` is a dollar sign). The only values
put into it are the project's title, quoted for where it goes (a Python string literal in
``conf.py``, escaped Markdown in the pages), the day the project is made (the hazards'
``:raised:``) and the placeholder notice, so that no title becomes code or markup.
"""

from __future__ import annotations

import re
from datetime import date
from importlib import resources
from string import Template
from typing import Final

#: The folder the README tells the user to build into (``conf.py`` excludes it).
BUILD_DIR: Final = "_build"

#: Each file written, by its name in the project: its template in ``starter/``, and what it
#: holds (``--help`` lists them).
FILES: Final[dict[str, tuple[str, str]]] = {
    "conf.py": ("conf.py.in", "the configuration: MyST and nhs_assurance"),
    "index.md": ("index.md", "the front page"),
    "clinical_risk_management_plan.md": (
        "clinical_risk_management_plan.md",
        "a Clinical Risk Management Plan",
    ),
    "hazard_log.md": (
        "hazard_log.md",
        "two placeholder hazards and a control, the control list and the log",
    ),
    "safety_case_report.md": (
        "safety_case_report.md",
        "a clinical safety case report with the safety summary, the changes and the approval",
    ),
    "README.md": ("README.md", "how to build it, and what to replace"),
    ".gitignore": ("gitignore", "the build's output"),
}

#: The notice at the top of every page: what it says must stay true of every page.
PLACEHOLDER_NOTICE: Final = """\
:::{important}
**Placeholder.** `nhs-assurance new` wrote this page as a starting point. Its text is a
placeholder, to be replaced with your own, and none of it is a real hazard, control or
safety claim. Replace it, and remove this notice, before you issue the clinical safety file.
:::"""

#: ASCII punctuation, which CommonMark (and so MyST) lets a backslash make literal.
_MARKDOWN_PUNCTUATION: Final = re.compile(r"([!-/:-@\[-`{-~])")


def markdown_literal(text: str) -> str:
    """*text* as Markdown that shows it as written: every punctuation character escaped."""
    return _MARKDOWN_PUNCTUATION.sub(r"\\\1", text)


def template(name: str) -> str:
    """The text of the template *name* in ``starter/``."""
    return (resources.files("nhs_assurance.commands") / "starter" / name).read_text("utf-8")


def starter_files(title: str, today: date) -> dict[str, bytes]:
    """The project's files, by name: *title* is its title, *today* the day it is made."""
    values = {
        "project": repr(title),
        "title": markdown_literal(title),
        "today": today.isoformat(),
        "placeholder": PLACEHOLDER_NOTICE,
        "build_dir": BUILD_DIR,
    }
    return {
        name: Template(template(source)).substitute(values).encode("utf-8")
        for name, (source, _) in FILES.items()
    }
