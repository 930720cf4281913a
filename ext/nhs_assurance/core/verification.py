"""Evidence from test results: the JUnit XML files ``pytest --junitxml`` writes, and the
verification of a control from its ``:verified-by:`` items.

Reading the results
-------------------
A result file is untrusted input. It is parsed by defusedxml (no DTD, no entity, no external
reference: no "billion laughs", nothing fetched), streamed in chunks with nothing kept but each
test's outcome, and read up to `MAX_RESULT_FILE_BYTES`; every file together holds at most
`MAX_TEST_CASES` test cases. A file that cannot be read or parsed is an ``evidence_missing``
problem naming the file (and the line, for a parse error), never a traceback; the tests it held
are then missing.

Matching tests
--------------
pytest names a test by its node ID, ``tests/unit/test_x.py::TestY::test_z[param]``, and writes
it to JUnit XML as ``classname="tests.unit.test_x.TestY"`` and ``name="test_z[param]"``: the
path made dotted without ``.py``, the classes joined to it, the parameters kept on the name
(pytest's ``mangle_test_address``). `junit_key` does the same to a ``:verified-by:`` item, and
the results are matched on that pair, in one dictionary look-up per item: linear in the number
of test cases and items, and exact whatever the dots in a folder's name.

A test can be in several result files (a run per platform): it failed if it failed or errored in
any; otherwise it passed if it passed in any; otherwise it was skipped (pytest writes an
``xfail`` as skipped too).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import IntEnum, StrEnum
from pathlib import Path
from typing import Final

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.problems import Subtype
from nhs_assurance.core.project_files import expand_patterns, missing_extra, shown
from nhs_assurance.core.safety_problems import SafetyProblem

#: The largest result file read, in bytes. pytest writes about 200 bytes per passing test, so
#: this is room for a million tests with their captured output.
MAX_RESULT_FILE_BYTES: Final = 128 * 1024 * 1024

#: The most test cases read from all the result files together (memory stays bounded).
MAX_TEST_CASES: Final = 1_000_000

#: The setting that lists the result files.
SETTING: Final = "nhs_assurance_test_results"

_CHUNK: Final = 1024 * 1024

#: The root elements of a JUnit XML file: pytest writes <testsuites>, other tools <testsuite>.
JUNIT_ROOTS: Final = ("testsuites", "testsuite")


class Outcome(IntEnum):
    """A test's outcome in the results; a larger value wins when a test is in several files."""

    SKIPPED = 1
    PASSED = 2
    FAILED = 3  # failed or errored


class Verification(StrEnum):
    """How a control is verified."""

    VERIFIED = "verified"  # it names tests and all of them passed
    FAILED = "failed"  # a named test failed or errored
    MISSING = "missing"  # a named test is in no result file, or was skipped
    EVIDENCE = "evidence"  # it names only references to evidence
    NONE = "none"  # it has no :verified-by:


#: What a reader is told of each verification.
VERIFICATION_LABELS: Final[Mapping[Verification, str]] = {
    Verification.VERIFIED: "Verified: every test named passed",
    Verification.FAILED: "Failed: a test named failed",
    Verification.MISSING: "Missing: a test named has no result, or was skipped",
    Verification.EVIDENCE: "Evidence: references to evidence, no tests",
    Verification.NONE: "None: nothing verifies this control",
}

#: A test as JUnit XML names it: (classname, name).
JunitKey = tuple[str, str]


@dataclass
class TestResults:
    """The outcomes of every test in the configured result files."""

    outcomes: dict[JunitKey, Outcome] = field(default_factory=dict)
    #: the files read, relative to the configuration folder.
    files: list[str] = field(default_factory=list)

    __test__ = False  # not a pytest test class, whatever its name

    def add(self, key: JunitKey, outcome: Outcome) -> None:
        """Record *outcome* for *key*: a failure anywhere stays a failure."""
        if outcome > self.outcomes.get(key, 0):
            self.outcomes[key] = outcome

    def outcome(self, test_id: str) -> Outcome | None:
        """The outcome of the test with pytest node ID *test_id*, or ``None`` when it is in no
        result file."""
        return self.outcomes.get(junit_key(test_id))


# -- test IDs --------------------------------------------------------------------------------


def is_test_id(item: str) -> bool:
    """Whether a ``:verified-by:`` item is a test ID (it contains ``::``), not a reference."""
    return "::" in item


def junit_key(test_id: str) -> JunitKey:
    """The (classname, name) pytest writes to JUnit XML for the node ID *test_id*.

    ``tests/test_x.py::TestY::test_z[a::b]`` -> ``("tests.test_x.TestY", "test_z[a::b]")``.
    """
    path, bracket, params = test_id.strip().partition("[")
    names = path.split("::")
    module = names[0].replace("\\", "/").removeprefix("./")
    names[0] = module.removesuffix(".py").replace("/", ".")
    names[-1] += bracket + params
    return ".".join(names[:-1]), names[-1]


def split_verified_by(text: str) -> list[str]:
    """The items of a ``:verified-by:`` value: comma-separated, spaces around each trimmed,
    empty ones left out. A comma inside a test's parameters (``test_x[a,b]``) does not split."""
    items: list[str] = []
    depth = 0
    start = 0
    for index, char in enumerate(text):
        if char == "[":
            depth += 1
        elif char == "]" and depth:
            depth -= 1
        elif char == "," and not depth:
            items.append(text[start:index])
            start = index + 1
    items.append(text[start:])
    return [" ".join(item.split()) for item in items if item.strip()]


# -- reading JUnit XML -----------------------------------------------------------------------


class _TooManyTests(Exception):
    """Raised inside the parser to stop at `MAX_TEST_CASES`."""


class _JunitTarget:
    """The parser's target: keeps each test case's key and outcome, nothing else."""

    def __init__(self, results: TestResults, file: str, problems: list[SafetyProblem]) -> None:
        self.results = results
        self.file = file
        self.problems = problems
        self.depth = 0
        self.root = ""
        self.case: JunitKey | None = None
        self.case_depth = 0
        self.case_outcome = Outcome.PASSED
        self.unnamed = 0  # test cases without a name, and the line of the first
        self.unnamed_line = 0
        self.line: Callable[[], int] = lambda: 0  # set by read_junit once the parser exists

    def start(self, tag: str, attrib: Mapping[str, str]) -> None:
        self.depth += 1
        if self.depth == 1:
            self.root = tag
            return
        if self.root not in JUNIT_ROOTS:
            return  # not JUnit XML: nothing in it counts (read_junit says so)
        if tag == "testcase" and self.case is None:
            name = attrib.get("name")
            if not name:
                self.unnamed += 1
                self.unnamed_line = self.unnamed_line or self.line()
                return
            if len(self.results.outcomes) >= MAX_TEST_CASES:
                raise _TooManyTests
            self.case = (attrib.get("classname", ""), name)
            self.case_depth = self.depth
            self.case_outcome = Outcome.PASSED
        elif self.case is not None and self.depth == self.case_depth + 1:
            if tag in ("failure", "error"):
                self.case_outcome = Outcome.FAILED
            elif tag == "skipped" and self.case_outcome is Outcome.PASSED:
                self.case_outcome = Outcome.SKIPPED

    def end(self, tag: str) -> None:
        if self.case is not None and self.depth == self.case_depth:
            self.results.add(self.case, self.case_outcome)
            self.case = None
        self.depth -= 1

    def data(self, text: str) -> None:
        """Text (captured output, failure messages) is not kept."""

    def close(self) -> None:
        """Nothing to return: the outcomes are in the results."""


def read_junit(
    path: Path, results: TestResults, file: str, limit: int = MAX_RESULT_FILE_BYTES
) -> list[SafetyProblem]:
    """Add the outcomes of the JUnit XML file *path* (shown as *file*) to *results*.

    Returns the problems found: the file cannot be read, is larger than *limit*, is not well
    formed XML (with the line), declares a DTD or entities, is not JUnit XML, or has a test case
    without a name (left out). What was read before a problem is kept.
    """
    # Imported here: defusedxml is in the extension's "safety-file" extra, which a project
    # without test results need not install (read_test_results says when it is missing).
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser, ParseError

    problems: list[SafetyProblem] = []

    def problem(message: str, line: int | None = None) -> list[SafetyProblem]:
        problems.append(SafetyProblem(Subtype.EVIDENCE_MISSING, message, file=file, line=line))
        return problems

    target = _JunitTarget(results, file, problems)
    parser = DefusedXMLParser(target=target, forbid_dtd=True)
    expat = parser.parser
    target.line = lambda: int(expat.CurrentLineNumber)
    size = 0
    try:
        with path.open("rb") as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                if size > limit:
                    return problem(
                        f"the test result file is larger than {limit // (1024 * 1024)} MiB; "
                        "only its beginning is read"
                    )
                parser.feed(chunk)
            parser.close()
    except OSError as error:
        return problem(
            f"the test result file cannot be read ({error.strerror or type(error).__name__})"
        )
    except ParseError as error:
        # The stubs say every ParseError has a position; one raised by hand may have none.
        position = getattr(error, "position", None)
        line = position[0] if position else None
        return problem(f"the test result file is not well-formed XML: {excerpt(str(error))}", line)
    except DefusedXmlException:
        return problem(
            "the test result file declares a DTD or entities, which JUnit XML never needs; "
            "it is not read",
            target.line(),
        )
    except (LookupError, UnicodeError) as error:  # an encoding expat cannot decode
        return problem(
            f"the test result file cannot be decoded: {excerpt(str(error))}", target.line()
        )
    except _TooManyTests:
        return problem(
            f"the test results hold more than {MAX_TEST_CASES} test cases; the rest are not read",
            target.line(),
        )
    if target.unnamed:
        more = target.unnamed - 1
        problem(
            "a <testcase> without a name is left out" + (f" (and {more} more)" if more else ""),
            target.unnamed_line,
        )
    if target.root not in JUNIT_ROOTS:
        return problem(
            f"the file is not JUnit XML: its root element is {excerpt(target.root)}, "
            "not <testsuites> or <testsuite>",
            1,
        )
    return problems


def read_test_results(patterns: object, confdir: Path) -> tuple[TestResults, list[SafetyProblem]]:
    """The outcomes in every file the ``nhs_assurance_test_results`` value *patterns* names
    (globs relative to *confdir*, never outside it), and the problems met."""
    results = TestResults()
    absent = missing_extra(("defusedxml",), SETTING, Subtype.EVIDENCE_MISSING)
    if absent is not None:
        return results, [absent]
    paths, problems = expand_patterns(patterns, confdir, SETTING, Subtype.EVIDENCE_MISSING)
    for path in paths:
        file = shown(path, confdir)
        results.files.append(file)
        problems += read_junit(path, results, file)
    return results, problems


# -- the verification of a control -----------------------------------------------------------


@dataclass(frozen=True)
class ControlVerification:
    """A control's verification, and the tests that decided it."""

    state: Verification
    tests: tuple[str, ...] = ()
    references: tuple[str, ...] = ()
    failed: tuple[str, ...] = ()  # named tests that failed or errored
    missing: tuple[str, ...] = ()  # named tests in no result file
    skipped: tuple[str, ...] = ()  # named tests that were skipped


def verify(items: Sequence[str], results: TestResults | None) -> ControlVerification:
    """The verification of a control whose ``:verified-by:`` holds *items*.

    With no result files configured (*results* ``None``) every named test is missing.
    """
    tests = tuple(item for item in items if is_test_id(item))
    references = tuple(item for item in items if not is_test_id(item))
    if not tests:
        state = Verification.EVIDENCE if references else Verification.NONE
        return ControlVerification(state, references=references)
    failed: list[str] = []
    missing: list[str] = []
    skipped: list[str] = []
    for test in tests:
        outcome = results.outcome(test) if results is not None else None
        if outcome is None:
            missing.append(test)
        elif outcome is Outcome.FAILED:
            failed.append(test)
        elif outcome is Outcome.SKIPPED:
            skipped.append(test)
    if failed:
        state = Verification.FAILED
    elif missing or skipped:
        state = Verification.MISSING
    else:
        state = Verification.VERIFIED
    return ControlVerification(
        state, tests, references, tuple(failed), tuple(missing), tuple(skipped)
    )


#: The most tests a message names, and the longest test ID it quotes in full.
_LISTED: Final = 10
_TEST_ID_LIMIT: Final = 200


def _listed(tests: Sequence[str]) -> str:
    named = ", ".join(excerpt(test, _TEST_ID_LIMIT) for test in tests[:_LISTED])
    more = len(tests) - _LISTED
    return f"{named} and {more} more" if more > 0 else named


def verification_problems(
    control_id: str, verification: ControlVerification, results_configured: bool
) -> list[SafetyProblem]:
    """The problems to warn about on control *control_id*: ``control_failed`` for failed
    tests; ``evidence_missing`` for missing or skipped ones, only when result files are
    configured (a project without them is not yet collecting test evidence)."""
    problems: list[SafetyProblem] = []
    if verification.failed:
        problems.append(
            SafetyProblem(
                Subtype.CONTROL_FAILED,
                f"{control_id}: failed in the test results: {_listed(verification.failed)}",
                "verified-by",
            )
        )
    if results_configured and (verification.missing or verification.skipped):
        parts = []
        if verification.missing:
            parts.append(f"in no test result file: {_listed(verification.missing)}")
        if verification.skipped:
            parts.append(f"skipped: {_listed(verification.skipped)}")
        problems.append(
            SafetyProblem(
                Subtype.EVIDENCE_MISSING,
                f"{control_id}: {'; '.join(parts)}",
                "verified-by",
            )
        )
    return problems
