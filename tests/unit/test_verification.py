"""Evidence from test results (nhs_assurance.core.verification): the JUnit XML pytest writes,
read safely, and the verification a control shows from its :verified-by: items."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from nhs_assurance.core import project_files, verification
from nhs_assurance.core.problems import Subtype
from nhs_assurance.core.verification import (
    ControlVerification,
    Outcome,
    TestResults,
    Verification,
    junit_key,
    read_junit,
    read_test_results,
    split_verified_by,
    verification_problems,
    verify,
)

# What pytest 8 writes (junit_family xunit2, its default): classname dotted, no file attribute.
JUNIT = """<?xml version="1.0" encoding="utf-8"?>
<testsuites name="pytest tests"><testsuite name="pytest" errors="1" failures="1" skipped="1" tests="6">
<testcase classname="tests.safety.test_referrals" name="test_closed_service_is_hidden" time="0.001" />
<testcase classname="tests.safety.test_referrals" name="test_fictional_search[a,b]" time="0.001" />
<testcase classname="tests.safety.test_referrals.TestWorklist" name="test_unread_referral_is_flagged" time="0.1">
<failure message="assert False">tests/safety/test_referrals.py:12: AssertionError &lt;b&gt;</failure></testcase>
<testcase classname="tests.safety.test_referrals" name="test_teardown_errors" time="0.1"><error message="failed on teardown">boom</error></testcase>
<testcase classname="tests.safety.test_referrals" name="test_not_on_this_platform" time="0"><skipped type="pytest.skip" message="linux only">skip</skipped></testcase>
<testcase classname="tests.safety.test_referrals" name="test_known_bug" time="0"><skipped type="pytest.xfail" message="HAZ-901" /></testcase>
</testsuite></testsuites>
"""


def write(tmp_path: Path, name: str, text: str | bytes) -> Path:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(text, str):
        path.write_text(text, "utf-8")
    else:
        path.write_bytes(text)
    return path


@pytest.fixture
def results(tmp_path: Path) -> TestResults:
    write(tmp_path, "results/junit.xml", JUNIT)
    found, problems = read_test_results(["results/*.xml"], tmp_path)
    assert problems == []
    assert found.files == ["results/junit.xml"]
    return found


@pytest.mark.parametrize(
    ("test_id", "key"),
    [
        ("tests/test_x.py::test_y", ("tests.test_x", "test_y")),
        ("./tests/test_x.py::test_y", ("tests.test_x", "test_y")),
        ("tests/test_x.py::TestA::test_y", ("tests.test_x.TestA", "test_y")),
        ("tests/test_x.py::test_y[a::b/c.py]", ("tests.test_x", "test_y[a::b/c.py]")),
        ("test_x.py::test_y", ("test_x", "test_y")),
    ],
)
def test_a_pytest_node_id_is_matched_as_pytest_writes_it_to_junit(
    test_id: str, key: tuple[str, str]
) -> None:
    assert junit_key(test_id) == key


def test_verified_by_splits_on_commas_but_not_inside_parameters() -> None:
    assert split_verified_by(
        " tests/a.py::test_b[x,y] , Fictional test report TR-901,, tests/a.py::test_c "
    ) == ["tests/a.py::test_b[x,y]", "Fictional test report TR-901", "tests/a.py::test_c"]
    assert split_verified_by("") == []


def test_each_outcome_is_read_from_the_results(results: TestResults) -> None:
    ids = "tests/safety/test_referrals.py::"
    assert results.outcome(ids + "test_closed_service_is_hidden") is Outcome.PASSED
    assert results.outcome(ids + "test_fictional_search[a,b]") is Outcome.PASSED
    assert results.outcome(ids + "TestWorklist::test_unread_referral_is_flagged") is Outcome.FAILED
    assert results.outcome(ids + "test_teardown_errors") is Outcome.FAILED
    assert results.outcome(ids + "test_not_on_this_platform") is Outcome.SKIPPED
    assert results.outcome(ids + "test_known_bug") is Outcome.SKIPPED
    assert results.outcome(ids + "test_never_run") is None


PASSED = "tests/safety/test_referrals.py::test_closed_service_is_hidden"
PASSED_PARAM = "tests/safety/test_referrals.py::test_fictional_search[a,b]"
FAILED = "tests/safety/test_referrals.py::TestWorklist::test_unread_referral_is_flagged"
SKIPPED = "tests/safety/test_referrals.py::test_not_on_this_platform"
NEVER_RUN = "tests/safety/test_referrals.py::test_never_run"


@pytest.mark.parametrize(
    ("items", "state"),
    [
        ([PASSED, PASSED_PARAM, "Fictional test report TR-901"], Verification.VERIFIED),
        ([PASSED, FAILED, NEVER_RUN], Verification.FAILED),
        ([PASSED, NEVER_RUN], Verification.MISSING),
        ([PASSED, SKIPPED], Verification.MISSING),
        (["Fictional test report TR-901", "Fictional user guide section 3"], Verification.EVIDENCE),
        ([], Verification.NONE),
    ],
)
def test_a_controls_verification(
    results: TestResults, items: list[str], state: Verification
) -> None:
    assert verify(items, results).state is state


def test_without_results_a_named_test_is_missing_but_not_warned_about() -> None:
    verification = verify([PASSED], None)
    assert verification == ControlVerification(Verification.MISSING, (PASSED,), (), (), (PASSED,))
    assert verification_problems("CTL-901", verification, results_configured=False) == []


def test_failed_and_missing_tests_are_warned_about_on_verified_by(results: TestResults) -> None:
    verification = verify([FAILED, NEVER_RUN, SKIPPED], results)
    failed, missing = verification_problems("CTL-901", verification, results_configured=True)
    assert failed.subtype is Subtype.CONTROL_FAILED and failed.option == "verified-by"
    assert failed.message == f"CTL-901: failed in the test results: '{FAILED}'"
    assert missing.subtype is Subtype.EVIDENCE_MISSING
    assert missing.message == (
        f"CTL-901: in no test result file: '{NEVER_RUN}'; skipped: '{SKIPPED}'"
    )


def test_a_failure_in_any_result_file_wins(tmp_path: Path) -> None:
    case = '<testsuite><testcase classname="t.test_a" name="test_b">{}</testcase></testsuite>'
    write(tmp_path, "linux.xml", case.format(""))
    write(tmp_path, "windows.xml", case.format("<failure/>"))
    write(tmp_path, "mac.xml", case.format("<skipped/>"))
    results, problems = read_test_results(["*.xml"], tmp_path)
    assert problems == [] and results.files == ["linux.xml", "mac.xml", "windows.xml"]
    assert results.outcome("t/test_a.py::test_b") is Outcome.FAILED
    passed_and_skipped, _ = read_test_results(["mac.xml", "linux.xml", "linux.xml"], tmp_path)
    assert passed_and_skipped.outcome("t/test_a.py::test_b") is Outcome.PASSED
    assert passed_and_skipped.files == ["mac.xml", "linux.xml"]  # each file read once


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<testsuite><testcase classname="a" name="&lol2;"/></testsuite>"""
EXTERNAL = """<?xml version="1.0"?>
<!DOCTYPE t [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<testsuite><testcase classname="a" name="&secret;"/></testsuite>"""


@pytest.mark.parametrize(
    ("content", "message", "line"),
    [
        (b"", "not well-formed XML", 1),
        (b"<testsuite>\n<testcase classname='a' name='b'>\n</testsuite>", "not well-formed XML", 3),
        (b"\xff\xfe\x00garbage", "not well-formed XML", 1),
        (b'<?xml version="1.0" encoding="x-nonsense"?><testsuite/>', "cannot be decoded", 1),
        (BILLION_LAUGHS.encode(), "declares a DTD or entities", 2),
        (EXTERNAL.encode(), "declares a DTD or entities", 2),
        (b"<html><body>results</body></html>", "is not JUnit XML: its root element is 'html'", 1),
        (b"<testsuite>\n\n<testcase classname='a'/></testsuite>", "without a name is left out", 3),
    ],
)
def test_a_bad_result_file_is_a_located_problem_never_a_traceback(
    tmp_path: Path, content: bytes, message: str, line: int
) -> None:
    path = write(tmp_path, "junit.xml", content)
    results = TestResults()
    (problem,) = read_junit(path, results, "junit.xml")
    assert problem.subtype is Subtype.EVIDENCE_MISSING
    assert problem.file == "junit.xml" and problem.line == line
    assert message in problem.message
    assert "root:" not in problem.message and "/etc/passwd" not in repr(results.outcomes)


def test_test_cases_without_a_name_are_one_problem(tmp_path: Path) -> None:
    unnamed = "<testcase classname='a'/>\n" * 1000
    path = write(
        tmp_path,
        "junit.xml",
        f"<testsuite>\n{unnamed}<testcase classname='a' name='b'/></testsuite>",
    )
    results = TestResults()
    (problem,) = read_junit(path, results, "junit.xml")
    assert (problem.line, problem.message) == (
        2,
        "a <testcase> without a name is left out (and 999 more)",
    )
    assert results.outcomes == {("a", "b"): Outcome.PASSED}


def test_test_cases_in_a_file_that_is_not_junit_do_not_count(tmp_path: Path) -> None:
    path = write(tmp_path, "page.xml", "<html><testcase classname='a' name='b'/></html>")
    results = TestResults()
    (problem,) = read_junit(path, results, "page.xml")
    assert "not JUnit XML" in problem.message and results.outcomes == {}


def test_a_result_file_over_the_limit_is_read_no_further(tmp_path: Path) -> None:
    cases = "".join(f'<testcase classname="a" name="t{i}"/>' for i in range(100_000))
    path = write(tmp_path, "big.xml", f"<testsuite>{cases}</testsuite>")
    results = TestResults()
    (problem,) = read_junit(path, results, "big.xml", limit=1024 * 1024)
    assert "larger than 1 MiB" in problem.message
    assert 0 < len(results.outcomes) < 100_000


def test_test_cases_past_the_limit_over_all_files_are_not_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Memory stays bounded however many test cases the files hold: past the limit (a million;
    # here 50) the rest is not read, and the author is told where reading stopped.
    monkeypatch.setattr(verification, "MAX_TEST_CASES", 50)
    for number in range(2):
        cases = "".join(f'<testcase classname="a" name="t{number}_{i}"/>\n' for i in range(40))
        write(tmp_path, f"junit-{number}.xml", f"<testsuite>\n{cases}</testsuite>")
    results, problems = read_test_results(["junit-*.xml"], tmp_path)
    assert len(results.outcomes) == 50
    assert results.outcome("a.py::t1_9") is Outcome.PASSED
    assert results.outcome("a.py::t1_10") is None
    (problem,) = problems
    assert problem.file == "junit-1.xml" and problem.line == 12
    assert "more than 50 test cases; the rest are not read" in problem.message


@pytest.mark.parametrize(
    ("patterns", "message"),
    [
        ("../outside/*.xml", "goes up out of the configuration folder"),
        (["/etc/*.xml"], "is not relative to the configuration folder"),
        (["C:\\results\\*.xml"], "is not relative to the configuration folder"),
        (["results\\..\\..\\x.xml"], "goes up out of the configuration folder"),
        ([""], "is empty"),
        (["nothing-here/*.xml"], "matches no file"),
        ([42], "42 is not a path"),
        ({"path": "x"}, "expected a list of paths, not dict"),
    ],
)
def test_a_bad_results_setting_is_a_problem(tmp_path: Path, patterns: object, message: str) -> None:
    (tmp_path / "project").mkdir()
    write(tmp_path, "outside/junit.xml", JUNIT)
    results, problems = read_test_results(patterns, tmp_path / "project")
    assert results.files == [] and results.outcomes == {}
    (problem,) = problems
    assert problem.subtype is Subtype.EVIDENCE_MISSING
    assert problem.message.startswith("nhs_assurance_test_results: ") and message in problem.message


def test_a_symlink_out_of_the_configuration_folder_is_refused(tmp_path: Path) -> None:
    project = tmp_path / "project"
    write(tmp_path, "outside/junit.xml", JUNIT)
    (project / "results").mkdir(parents=True)
    os.symlink(tmp_path / "outside" / "junit.xml", project / "results" / "linked.xml")
    os.symlink(tmp_path / "outside", project / "linked-dir")
    write(project, "results/own.xml", "<testsuite/>")
    results, problems = read_test_results(["results/*.xml", "linked-dir/*.xml"], project)
    assert results.files == ["results/own.xml"] and results.outcomes == {}
    assert [(p.file, "outside the configuration folder" in p.message) for p in problems] == [
        ("results/linked.xml", True),
        ("linked-dir/junit.xml", True),
    ]


def test_the_results_pytest_itself_writes_are_read(tmp_path: Path) -> None:
    """A real ``pytest --junitxml`` run: passed, failed, parametrized, class and skipped tests."""
    write(
        tmp_path,
        "tests/safety/test_fictional.py",
        "import pytest\n"
        "def test_passes(): pass\n"
        "def test_fails(): assert False\n"
        "@pytest.mark.parametrize('x', ['a,b', 'c::d'])\n"
        "def test_param(x): pass\n"
        "class TestGroup:\n"
        "    def test_in_class(self): pass\n"
        "@pytest.mark.skip(reason='fictional')\n"
        "def test_skipped(): pass\n",
    )
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "--junitxml=junit.xml",
            "tests/safety/test_fictional.py",
        ],
        cwd=tmp_path,
        capture_output=True,
        check=False,
        env={**os.environ, "PYTHONPATH": "", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"},
    )
    results, problems = read_test_results(["junit.xml"], tmp_path)
    assert problems == []
    node = "tests/safety/test_fictional.py::"
    assert {
        test: results.outcome(node + test)
        for test in (
            "test_passes",
            "test_fails",
            "test_param[a,b]",
            "test_param[c::d]",
            "TestGroup::test_in_class",
            "test_skipped",
        )
    } == {
        "test_passes": Outcome.PASSED,
        "test_fails": Outcome.FAILED,
        "test_param[a,b]": Outcome.PASSED,
        "test_param[c::d]": Outcome.PASSED,
        "TestGroup::test_in_class": Outcome.PASSED,
        "test_skipped": Outcome.SKIPPED,
    }


def test_a_message_names_at_most_ten_tests() -> None:
    tests = [f"tests/test_fictional.py::test_{i}" for i in range(25)]
    (problem,) = verification_problems("CTL-901", verify(tests, TestResults()), True)
    assert problem.message.endswith("'tests/test_fictional.py::test_9' and 15 more")


def test_a_folder_named_is_a_problem_but_one_a_glob_meets_is_passed_over(tmp_path: Path) -> None:
    write(tmp_path, "results/junit.xml", JUNIT)
    (tmp_path / "results" / "old.xml").mkdir()  # a folder whose name looks like a result file
    results, problems = read_test_results(["results/*.xml", "results"], tmp_path)
    assert results.files == ["results/junit.xml"]
    (problem,) = problems
    assert (problem.file, problem.message) == (
        "results",
        "nhs_assurance_test_results: this is not a file",
    )


def test_without_the_safety_file_extra_the_setting_says_how_to_install_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "junit.xml").write_text('<testsuites><testsuite name="t"/></testsuites>')
    real = project_files.find_spec
    monkeypatch.setattr(
        project_files, "find_spec", lambda name: None if name == "defusedxml" else real(name)
    )
    results, problems = read_test_results(["junit.xml"], tmp_path)
    assert results.files == []
    assert [(p.subtype, p.message) for p in problems] == [
        (
            Subtype.EVIDENCE_MISSING,
            "nhs_assurance_test_results needs defusedxml, which is not installed; install the "
            "extension with its 'safety-file' extra (pip install 'nhs-assurance[safety-file]'); "
            "the setting is not used",
        )
    ]
