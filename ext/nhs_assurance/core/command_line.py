"""What the extension's commands share: exit statuses that carry their meaning, and the list of
them that ``--help`` prints.

Each command (``nhs-assurance new``, ``nhs-assurance import-jekyll`` and its older name
``nhs-import-jekyll``) declares its statuses as a :class:`DescribedStatus`; its ``--help`` and
the handbook's command-line reference (``handbook/_ext/references.py``) list them from there.
"""

from __future__ import annotations

import enum
import textwrap


class DescribedStatus(enum.IntEnum):
    """An exit status with a description: members are written ``NAME = value, "description"``."""

    description: str

    def __new__(cls, value: int, description: str) -> DescribedStatus:
        member = int.__new__(cls, value)
        member._value_ = value
        member.description = description
        return member


def status_help(statuses: type[DescribedStatus], width: int = 86) -> str:
    """Each status of *statuses* and its description, as ``--help`` lists them, wrapped at
    *width* and indented under the value."""
    lines = []
    for status in statuses:
        wrapped = textwrap.wrap(status.description, width=width)
        lines.append(f"  {status.value}  {wrapped[0]}")
        lines += [f"     {line}" for line in wrapped[1:]]
    return "\n".join(lines)
