"""The standard, as a kind of entry: its IDs (``DCB0129``, ``DCB0129 Amd 24/2018``), its
statuses, the record the registry keeps of it, and ``standards.json``: pure functions, no
Sphinx or docutils."""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from importlib.resources import files
from typing import Any, Final, NamedTuple

from nhs_assurance.core.entry import EntryKind
from nhs_assurance.core.ids import IdScheme, display_id

#: A standard ID: letters then digits, optionally followed by an amendment such as
#: ``Amd 24/2018``.
STANDARD_IDS: Final = IdScheme(
    kind="standard",
    pattern=re.compile(r"(?P<id>[A-Za-z]+[0-9]+)(?: (?P<amendment>Amd [0-9]+/[0-9]{4}))?"),
    expected="letters then digits, optionally followed by an amendment",
    examples=("DCB0129", "DCB0129 Amd 24/2018"),
)

#: The statuses a standard may have, with the label a reader sees. A standard has no status
#: unless its author gives one.
STATUSES: Final[Mapping[str, str]] = {
    "mandatory": "Mandatory",
    "recommended": "Recommended",
    "retired": "Retired",
}

#: The standard as a kind of entry.
STANDARD: Final = EntryKind("standard", STANDARD_IDS, STATUSES)

JSON_FILENAME: Final = "standards.json"
SCHEMA_VERSION: Final = 1


class StandardRecord(NamedTuple):
    """A declared standard, as the registry keeps it."""

    key: str  # the ID in upper case: what references match
    id: str  # the ID as the author wrote it
    amendment: str
    title: str
    url: str
    status: str
    applies_to: str
    description: str  # the body as plain text
    docname: str
    anchor: str
    lineno: int

    @property
    def display(self) -> str:
        """The ID as readers see it, with its amendment."""
        return display_id(self.id, self.amendment)


def schema() -> dict[str, Any]:
    """The JSON Schema that ``standards.json`` follows."""
    text = files("nhs_assurance").joinpath("schemas", "standards.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def standards_document(
    records: Iterable[StandardRecord], page_uri: Callable[[str], str], project: str, version: str
) -> dict[str, Any]:
    """The register as the JSON document written to ``standards.json``: *records* in the
    order of the lists, each page's URL given by *page_uri*."""
    standards = []
    for record in records:
        page = page_uri(record.docname)
        standards.append(
            {
                "id": record.id,
                "amendment": record.amendment or None,
                "title": record.title,
                "url": record.url or None,
                "status": record.status or None,
                "applies_to": record.applies_to or None,
                "page": f"{page}#{record.anchor}" if record.anchor else page,
                "description": record.description,
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "project": project,
        "version": version,
        "standards": standards,
    }


def standards_json(
    records: Iterable[StandardRecord], page_uri: Callable[[str], str], project: str, version: str
) -> str:
    """The text of ``standards.json``: indented, UTF-8 characters kept, with a final newline."""
    document = standards_document(records, page_uri, project, version)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
