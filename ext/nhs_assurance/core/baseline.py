"""The last issued version of the hazard log (the safety baseline), and what has changed since.

``nhs_assurance_safety_baseline`` names the ``hazards.json`` of the last issued version, kept in
the project. `read_baseline` reads it (relative to the configuration folder, never outside it,
at most `MAX_BASELINE_BYTES`), checks it against the schema of its version (1 or 2, shipped in
``schemas/``) and returns a `Baseline`, or a ``bad_baseline`` problem naming the file, and the
line of a JSON syntax error or the place of a schema error.

`compare` lists every hazard and control added, removed or changed since the baseline, each
change naming the field and its old and new value. It compares what the digest covers
(`nhs_assurance.core.digest`): not pages, anchors or verification states. An empty text or list
and a missing field are the same (nothing), so a version 1 baseline, which has no controls,
dates or justifications, shows only what the current version says about them. The order is
fixed: hazards then controls, each in ID order (HAZ-2 before HAZ-10), fields in the order of
`HAZARD_FIELDS` and `CONTROL_FIELDS`, then any other field by name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from importlib.resources import files
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, Literal

from nhs_assurance.core.digest import (
    CONTROL_KEYS_LEFT_OUT,
    HAZARD_KEYS_LEFT_OUT,
    canonical_json,
    document_digest,
    entry_sort_key,
    without,
)
from nhs_assurance.core.excerpt import excerpt, visible
from nhs_assurance.core.problems import Subtype
from nhs_assurance.core.project_files import missing_extra, read_limited, resolve_file, shown
from nhs_assurance.core.safety_problems import SafetyProblem
from nhs_assurance.core.text import check_characters

if TYPE_CHECKING:
    import jsonschema_rs

#: The setting that names the baseline.
SETTING: Final = "nhs_assurance_safety_baseline"

#: The largest baseline read: 10 000 hazards and controls take about 20 MiB.
MAX_BASELINE_BYTES: Final = 64 * 1024 * 1024

#: The schema of each version of ``hazards.json`` a baseline may have.
SCHEMA_FILES: Final[Mapping[int, str]] = {1: "hazards.schema.json", 2: "hazards.v2.schema.json"}

#: The most schema errors a problem names, and the most it counts.
_ERRORS_NAMED: Final = 3
_ERRORS_COUNTED: Final = 1000

#: The fields of a hazard compared, in the order a change lists them.
HAZARD_FIELDS: Final = (
    "id",
    "title",
    "status",
    "owner",
    "initial.severity",
    "initial.likelihood",
    "initial.rating",
    "initial.justification",
    "residual.severity",
    "residual.likelihood",
    "residual.rating",
    "residual.justification",
    "controls.existing",
    "controls.additional",
    "raised",
    "last_reviewed",
    "next_review",
    "standards",
    "description",
    "causes",
    "effect",
    "harm",
    "existing_controls",
    "additional_controls",
    "evidence",
)

#: The fields of a control compared, in the order a change lists them.
CONTROL_FIELDS: Final = ("id", "title", "type", "owner", "verified_by", "hazards")

#: A field's value as a change shows it: text, a rating, a list of IDs or items, or nothing.
Value = str | int | tuple[str, ...] | None

Kind = Literal["hazard", "control"]


@cache
def schema(version: int) -> dict[str, Any]:
    """The JSON Schema of ``hazards.json`` schema version *version* (1 or 2)."""
    resource = files("nhs_assurance").joinpath("schemas", SCHEMA_FILES[version])
    loaded: dict[str, Any] = json.loads(resource.read_text("utf-8"))
    return loaded


@cache
def _validator(version: int) -> jsonschema_rs.Draft202012Validator:
    # jsonschema-rs (Rust) checks 10 000 hazards and 10 000 controls in a tenth of a second,
    # where the pure-Python jsonschema takes about 40 seconds. Imported here: it is in the
    # extension's "safety-file" extra (read_baseline says when it is missing).
    import jsonschema_rs

    return jsonschema_rs.Draft202012Validator(schema(version))


@dataclass(frozen=True)
class Baseline:
    """A baseline ``hazards.json``, read and valid against the schema of its version."""

    file: str  # relative to the configuration folder
    schema_version: int
    hazards: tuple[Mapping[str, Any], ...]
    controls: tuple[Mapping[str, Any], ...]  # empty in version 1
    document: Mapping[str, Any] | None  # None in version 1

    @property
    def digest(self) -> str:
        """The digest of the baseline's safety content, computed (not the one it records)."""
        return document_digest({"hazards": list(self.hazards), "controls": list(self.controls)})


def _bad(file: str, message: str, line: int | None = None) -> SafetyProblem:
    return SafetyProblem(
        Subtype.BAD_BASELINE, f"the safety baseline {message}", file=file, line=line
    )


def _schema_path(error: jsonschema_rs.ValidationError) -> str:
    """Where a schema error is: ``hazards[3].initial.rating``, or ``the document``."""
    path = ""
    for part in error.instance_path:
        path += f"[{part}]" if isinstance(part, int) else f".{part}" if path else str(part)
    return path or "the document"


def _quoted(message: str, limit: int = 160) -> str:
    """A schema error's message (which quotes the baseline's values), escaped and bounded."""
    text = visible(message)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _duplicate(entries: Iterable[Mapping[str, Any]]) -> str | None:
    seen: set[str] = set()
    for entry in entries:
        key = str(entry["id"]).upper()
        if key in seen:
            return str(entry["id"])
        seen.add(key)
    return None


def load_baseline(data: bytes, file: str) -> Baseline | SafetyProblem:
    """The baseline in *data* (the bytes of *file*), or a ``bad_baseline`` problem."""
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as error:
        return _bad(file, f"is not UTF-8 text (byte {error.start})")
    except json.JSONDecodeError as error:
        return _bad(file, f"is not JSON: {error.msg} (column {error.colno})", error.lineno)
    except (ValueError, RecursionError) as error:  # a 5000-digit number; nesting too deep
        return _bad(file, f"cannot be read as JSON: {excerpt(str(error))}")
    try:
        check_characters(document)
    except ValueError as error:
        return _bad(file, f"holds {error}")
    if not isinstance(document, dict):
        return _bad(file, f"is not a hazards.json document: it is a JSON {type(document).__name__}")
    version = document.get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version not in SCHEMA_FILES:
        return _bad(
            file, f"has schema_version {excerpt(version)}; this extension reads versions 1 and 2"
        )
    try:
        found = islice(_validator(version).iter_errors(document), _ERRORS_COUNTED + 1)
        errors = sorted(found, key=lambda error: list(map(str, error.instance_path)))
    except (ValueError, RecursionError):
        return _bad(file, "is nested too deeply to be checked")
    if errors:
        named = "; ".join(
            f"at {_schema_path(error)}: {_quoted(error.message)}"
            for error in errors[:_ERRORS_NAMED]
        )
        count = f"{_ERRORS_COUNTED}+" if len(errors) > _ERRORS_COUNTED else len(errors)
        more = f" (of {count} errors)" if len(errors) > _ERRORS_NAMED else ""
        return _bad(
            file, f"does not follow the hazards.json schema (version {version}): {named}{more}"
        )
    hazards = tuple(document["hazards"])
    controls = tuple(document.get("controls", ()))
    for what, entries in (("hazard", hazards), ("control", controls)):
        if (repeated := _duplicate(entries)) is not None:
            return _bad(file, f"lists the {what} {excerpt(repeated)} more than once")
    return Baseline(file, version, hazards, controls, document.get("document"))


def read_baseline(value: object, confdir: Path) -> Baseline | SafetyProblem | None:
    """The baseline the ``nhs_assurance_safety_baseline`` value *value* names (relative to
    *confdir*), a ``bad_baseline`` problem, or ``None`` when no baseline is configured (``None``
    or an empty string)."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        return SafetyProblem(
            Subtype.BAD_BASELINE,
            f"{SETTING}: expected the path of a hazards.json file, not {type(value).__name__}",
        )
    absent = missing_extra(("jsonschema_rs",), SETTING, Subtype.BAD_BASELINE)
    if absent is not None:
        return absent
    path = resolve_file(value, confdir, SETTING, Subtype.BAD_BASELINE)
    if isinstance(path, SafetyProblem):
        return path
    file = shown(path, confdir)
    data = read_limited(path, MAX_BASELINE_BYTES)
    if isinstance(data, str):
        return _bad(file, f"cannot be used: {data}")
    return load_baseline(data, file)


# -- what changed ----------------------------------------------------------------------------


class Change(StrEnum):
    """How an entry differs from the baseline."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class FieldChange:
    """One field of an entry that changed: its name (``initial.rating``), old and new value."""

    field: str
    old: Value
    new: Value


@dataclass(frozen=True)
class EntryChange:
    """A hazard or control added, removed or changed since the baseline."""

    kind: Kind
    id: str  # as the current version writes it (the baseline's, for a removed entry)
    title: str | None  # the current title (the baseline's, for a removed entry)
    change: Change
    fields: tuple[FieldChange, ...] = ()  # for a changed entry: what changed


def _value(entry: Mapping[str, Any], field: str) -> Value:
    """The value of a dotted *field* of *entry*, as a change shows it; ``None`` for nothing
    (missing, ``null``, an empty text or list)."""
    value: Any = entry
    for part in field.split("."):
        # dict first: an ABC check for each of 25 fields of 10 000 entries shows in a build
        value = value.get(part) if isinstance(value, dict | Mapping) else None
    if value is None or value == "" or value == []:
        return None
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str | int):
        return value
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(value)
    return canonical_json(value).decode("utf-8")  # anything else: shown as JSON


def _fields(
    old: Mapping[str, Any], new: Mapping[str, Any], known: tuple[str, ...], left_out: frozenset[str]
) -> tuple[FieldChange, ...]:
    tops = {field.partition(".")[0] for field in known}
    others = sorted((old.keys() | new.keys()) - tops - left_out)
    changes = []
    for field in (*known, *others):
        before, after = _value(old, field), _value(new, field)
        if before != after:
            changes.append(FieldChange(field, before, after))
    return tuple(changes)


def _title(entry: Mapping[str, Any]) -> str | None:
    title = entry.get("title")
    return title if isinstance(title, str) else None


def _compare_kind(
    kind: Kind,
    old: Iterable[Mapping[str, Any]],
    new: Iterable[Mapping[str, Any]],
    known: tuple[str, ...],
    left_out: frozenset[str],
) -> list[EntryChange]:
    def key(entry: Mapping[str, Any]) -> str:
        return str(entry.get("id", "")).upper()

    before = {key(entry): entry for entry in old}
    after = {key(entry): entry for entry in new}
    changes: list[EntryChange] = []
    for entry_key in sorted(before.keys() | after.keys(), key=lambda k: entry_sort_key({"id": k})):
        was, now = before.get(entry_key), after.get(entry_key)
        if was is None and now is not None:
            changes.append(EntryChange(kind, str(now["id"]), _title(now), Change.ADDED))
        elif now is None and was is not None:
            changes.append(EntryChange(kind, str(was["id"]), _title(was), Change.REMOVED))
        elif was is not None and now is not None:
            if without(was, left_out) == without(now, left_out):
                continue  # the same (compared in C): most entries, most of the time
            fields = _fields(was, now, known, left_out)
            if fields:
                changes.append(
                    EntryChange(kind, str(now["id"]), _title(now), Change.CHANGED, fields)
                )
    return changes


def compare(
    baseline: Baseline,
    hazards: Iterable[Mapping[str, Any]],
    controls: Iterable[Mapping[str, Any]],
) -> list[EntryChange]:
    """Every hazard and control added, removed or changed since *baseline*, for *hazards* and
    *controls* as ``hazards.json`` (version 2) exports them: hazards first, each in ID order."""
    return [
        *_compare_kind("hazard", baseline.hazards, hazards, HAZARD_FIELDS, HAZARD_KEYS_LEFT_OUT),
        *_compare_kind(
            "control", baseline.controls, controls, CONTROL_FIELDS, CONTROL_KEYS_LEFT_OUT
        ),
    ]
