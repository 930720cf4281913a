"""The digest of the safety content: one ``sha256:`` string a Clinical Safety Officer records
when approving a version of the hazard log, and that changes when the safety content does.

The safety content is the hazards and controls as ``hazards.json`` exports them, without what
does not change the clinical risk: where an entry is published (``page``, ``anchor``), the
verification states (which follow the test results of each run) and the build metadata (the
``document`` object, ``schema_version``), nor typography (curly quotes and dashes, which
Sphinx's SmartQuotes makes in some builds and not others). Hazards and controls are put in ID
order, then written as canonical JSON (keys sorted, no whitespace, UTF-8 characters kept) and
hashed with SHA-256. So the digest is the same on every machine, with every builder, in every
build of the same content.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Mapping
from typing import Final, cast

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.ids import sort_key

#: How a digest is written.
DIGEST_PATTERN: Final = re.compile(r"sha256:[0-9a-fA-F]{64}")

#: What Sphinx's SmartQuotes makes of quotes, dashes and ellipses as a page is read by an HTML
#: or LaTeX build, but not by a text or man build: the digest reads each as typed, so that every
#: builder gives the same digest of the same sources.
_TYPOGRAPHY: Final = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2013": "--",
        "\u2014": "---",
        "\u2026": "...",
    }
)

#: The keys of an exported hazard or control that are not safety content.
HAZARD_KEYS_LEFT_OUT: Final = frozenset({"page", "anchor"})
CONTROL_KEYS_LEFT_OUT: Final = frozenset({"page", "anchor", "verification"})


def entry_sort_key(entry: Mapping[str, object]) -> tuple[str, int, str, str]:
    """Where an exported hazard or control stands: by ID, HAZ-2 before HAZ-10."""
    entry_id = entry.get("id")
    return sort_key(entry_id.upper() if isinstance(entry_id, str) else "")


def without(entry: Mapping[str, object], keys: frozenset[str]) -> dict[str, object]:
    """*entry* without *keys*."""
    return {key: value for key, value in entry.items() if key not in keys}


def plain_typography(value: object) -> object:
    """*value* (exported JSON) with curly quotes, en and em dashes and ellipses in its texts
    written as typed (``'``, ``"``, ``--``, ``---``, ``...``): what SmartQuotes does or not,
    depending on the builder, is not safety content."""
    if isinstance(value, str):
        return value.translate(_TYPOGRAPHY)
    if isinstance(value, dict):
        return {key: plain_typography(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain_typography(item) for item in value]
    return value


def safety_content(
    hazards: Iterable[Mapping[str, object]], controls: Iterable[Mapping[str, object]]
) -> dict[str, list[dict[str, object]]]:
    """What the digest covers: the hazards and the controls, in ID order, without pages,
    anchors or verification states, their typography as typed (`plain_typography`)."""
    content = {
        "hazards": [
            without(hazard, HAZARD_KEYS_LEFT_OUT) for hazard in sorted(hazards, key=entry_sort_key)
        ],
        "controls": [
            without(control, CONTROL_KEYS_LEFT_OUT)
            for control in sorted(controls, key=entry_sort_key)
        ],
    }
    return cast("dict[str, list[dict[str, object]]]", plain_typography(content))


def canonical_json(value: object) -> bytes:
    """*value* as canonical JSON: keys sorted, no whitespace, UTF-8, no NaN or infinity."""
    text = json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )
    return text.encode("utf-8")


def safety_digest(
    hazards: Iterable[Mapping[str, object]], controls: Iterable[Mapping[str, object]]
) -> str:
    """The digest of the safety content: ``sha256:`` and 64 lower-case hex digits."""
    content = canonical_json(safety_content(hazards, controls))
    return "sha256:" + hashlib.sha256(content).hexdigest()


def document_digest(document: Mapping[str, object]) -> str:
    """The digest of a ``hazards.json`` document's safety content (schema version 1 or 2: a
    version 1 document has no controls)."""
    hazards = document.get("hazards")
    controls = document.get("controls")
    return safety_digest(
        [h for h in hazards if isinstance(h, Mapping)] if isinstance(hazards, list) else [],
        [c for c in controls if isinstance(c, Mapping)] if isinstance(controls, list) else [],
    )


def parse_digest(text: str) -> str | None:
    """The digest *text* holds, in lower case (spaces around it ignored); ``None`` when it is
    not ``sha256:`` and 64 hex digits."""
    stripped = text.strip()
    if DIGEST_PATTERN.fullmatch(stripped) is None:
        return None
    return "sha256:" + stripped[len("sha256:") :].lower()


def digest_error(text: str) -> str | None:
    """Why *text* is not a digest (a sentence), or ``None`` when it is one."""
    if parse_digest(text) is not None:
        return None
    return f"{excerpt(text.strip())} is not a digest: expected 'sha256:' and 64 hex digits"
