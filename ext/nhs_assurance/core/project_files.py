"""Files a configuration names inside the project (test results, the safety baseline): found
by glob, relative to the configuration folder, never outside it, read up to a size limit.

A configuration is untrusted input like a page: a pattern such as ``../../etc/*`` or
``/home/*/.ssh/*``, or a symlink inside the project that points out of it, would otherwise let
a build read (and, through its warnings and exports, show) files that are not the project's.
Each refusal is a `SafetyProblem` of the subtype the caller gives, naming the pattern or file.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib.util import find_spec
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.problems import Subtype
from nhs_assurance.core.safety_problems import SafetyProblem


def is_inside(path: Path, root: Path) -> bool:
    """Whether *path*, with every symlink resolved, is *root* or below it (*root* resolved)."""
    try:
        return path.resolve().is_relative_to(root.resolve())
    except (OSError, RuntimeError, ValueError):  # a symlink loop, a NUL in the name
        return False


def shown(path: Path, root: Path) -> str:
    """*path* as messages show it: relative to *root* with ``/`` separators when it is below
    it, else as given."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return str(path)


def _relative_path_problem(pattern: str) -> str | None:
    """Why *pattern* may not be used relative to the configuration folder, or ``None``."""
    if not pattern.strip():
        return "it is empty"
    if "\0" in pattern:
        return "it holds a NUL character"
    if any(p.is_absolute() or p.drive for p in (PurePosixPath(pattern), PureWindowsPath(pattern))):
        return "it is not relative to the configuration folder"
    if ".." in PurePath(pattern.replace("\\", "/")).parts:
        return "it goes up out of the configuration folder ('..')"
    return None


def expand_patterns(
    patterns: object, root: Path, setting: str, subtype: Subtype
) -> tuple[list[Path], list[SafetyProblem]]:
    """The files a list of glob *patterns* (relative to *root*) names, in order, each once.

    *patterns* is the configured value of *setting* (a string or a list of strings); anything
    else, a pattern that is absolute or goes up with ``..``, one that matches nothing, and a
    match that (through a symlink) lies outside *root* or is not a file, is a problem of
    *subtype*. Matches of one pattern are sorted, so a build is the same on every file system.
    """
    problems: list[SafetyProblem] = []

    def problem(message: str, file: str = "") -> None:
        problems.append(SafetyProblem(subtype, f"{setting}: {message}", file=file))

    items: Iterable[object]
    if isinstance(patterns, str):
        items = [patterns]
    elif isinstance(patterns, list | tuple):
        items = patterns
    else:
        problem(f"expected a list of paths, not {type(patterns).__name__}")
        return [], problems
    found: list[Path] = []
    seen: set[Path] = set()
    for pattern in items:
        if not isinstance(pattern, str):
            problem(f"{excerpt(pattern)} is not a path (a string)")
            continue
        reason = _relative_path_problem(pattern)
        if reason is not None:
            problem(f"{excerpt(pattern)} cannot be used: {reason}")
            continue
        try:
            matches = sorted(root.glob(pattern))
        except (OSError, ValueError) as error:
            problem(f"{excerpt(pattern)} cannot be used: {excerpt(str(error))}")
            continue
        if not matches:
            problem(f"{excerpt(pattern)} matches no file in the configuration folder")
        for match in matches:
            if not is_inside(match, root):
                outside = "the file is outside the configuration folder (a symlink)"
                problem(outside, shown(match, root))
            elif not match.is_file():
                if not any(ch in pattern for ch in "*?["):  # a directory a glob meets is skipped
                    problem("this is not a file", shown(match, root))
            elif (resolved := match.resolve()) not in seen:
                seen.add(resolved)
                found.append(match)
    return found, problems


def read_limited(path: Path, limit: int) -> bytes | str:
    """The bytes of *path*, or why they cannot be read (not found, too large, an OS error)."""
    try:
        with path.open("rb") as stream:
            data = stream.read(limit + 1)
    except OSError as error:
        return f"it cannot be read ({error.strerror or type(error).__name__})"
    if len(data) > limit:
        return f"it is larger than {limit // (1024 * 1024)} MiB"
    return data


def resolve_file(value: str, root: Path, setting: str, subtype: Subtype) -> Path | SafetyProblem:
    """The file *value* (the value of *setting*) names relative to *root*, taken literally (not
    a glob), or a problem of *subtype*: it is absolute, goes up with ``..``, lies outside *root*
    through a symlink, does not exist or is not a file."""
    reason = _relative_path_problem(value)
    path = root / value
    if reason is None and not is_inside(path, root):
        reason = "it is outside the configuration folder (a symlink)"
    if reason is None and not path.is_file():
        reason = "there is no such file in the configuration folder"
    if reason is not None:
        return SafetyProblem(subtype, f"{setting}: {excerpt(value)} cannot be used: {reason}")
    return path


#: The extra that brings what reading test results and a baseline needs (defusedxml,
#: jsonschema-rs): a bare install of the extension brings only Sphinx, docutils and MyST.
EXTRA = "safety-file"


def missing_extra(modules: Iterable[str], setting: str, subtype: Subtype) -> SafetyProblem | None:
    """A problem of *subtype* when one of *modules*, which *setting* needs, is not installed:
    it says how to install the extra, rather than failing with an ImportError."""
    absent = [module for module in modules if find_spec(module) is None]
    if not absent:
        return None
    return SafetyProblem(
        subtype,
        f"{setting} needs {', '.join(absent)}, which is not installed; install the extension "
        f"with its '{EXTRA}' extra (pip install 'nhs-assurance[{EXTRA}]'); the setting is not used",
    )
