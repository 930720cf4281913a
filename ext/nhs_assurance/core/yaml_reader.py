"""THE YAML reader: safe values, the source line of each, and limits checked before building.

Front matter, ``_config.yml``, ``_data/`` files and sidebars are written by people the build
does not control. PyYAML's safe loader builds no arbitrary objects, but it still expands
aliases (a few hundred bytes can stand for a billion strings, and anything that then prints
or walks the value takes the machine) and builds nested values recursively (YAML nested a few
thousand levels deep ends in ``RecursionError``). :func:`read_yaml` therefore reads the parser's
events first, iteratively, and stops at the first limit passed (:class:`Limits`: the length
of the text, the nesting depth, the number of aliases, and the number of values the document
stands for once its aliases are expanded, which also refuses an alias inside the value it
names); only a document within every limit is composed and built into Python values. The same
pass records the source line of every value, every mapping key and every list item
(:class:`Position`), which messages need to point at.

Over a limit, on a YAML syntax error or on a value YAML cannot build (a date such as
2024-02-30, an integer of thousands of digits), :func:`read_yaml` raises :class:`YamlError`,
with a short reason that quotes no more than an excerpt of the text, and the line.

Values are those of ``yaml.safe_load`` (YAML 1.1's types: ``yes`` is ``True``, dates are
dates). This module only needs PyYAML: it never imports Sphinx, docutils or the rest of the
extension.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.events import (
    AliasEvent,
    CollectionEndEvent,
    CollectionStartEvent,
    Event,
    MappingStartEvent,
    NodeEvent,
    ScalarEvent,
)
from yaml.resolver import Resolver

# Relative: core/ is read the same whether or not it is a regular package yet.
from nhs_assurance.core.excerpt import visible
from nhs_assurance.core.text import whole_characters

#: The most digits an integer may have: Python refuses to read more (``int`` of a longer string
#: raises), and YAML's base-60 integers (``1:2:3``) take time that grows with the square of it.
MAX_INTEGER_LENGTH = 4300
#: The longest reason a :class:`YamlError` gives, in characters.
MAX_REASON = 120


@dataclass(frozen=True)
class Limits:
    """How much YAML :func:`read_yaml` reads before refusing it."""

    #: The length of the text, in characters.
    max_chars: int = 1_000_000
    #: How deep lists and mappings may nest (a top-level mapping is level 1).
    max_depth: int = 50
    #: How many aliases (``*name``) the document may use.
    max_aliases: int = 1_000
    #: How many values (scalars, lists, mappings) the document stands for, aliases expanded.
    max_values: int = 100_000


#: The limits every reader of the extension and the importer uses unless told otherwise.
DEFAULT_LIMITS = Limits()


class YamlError(Exception):
    """YAML that cannot be read: a short ``reason`` (escaped, bounded) and its 1-based ``line``."""

    def __init__(self, reason: str, line: int) -> None:
        reason = visible(" ".join(reason.split()))
        if len(reason) > MAX_REASON:
            reason = reason[: MAX_REASON - 3] + "..."
        super().__init__(f"{reason} (line {line})")
        self.reason = reason
        self.line = line


@dataclass(frozen=True)
class Entry:
    """One ``key: value`` of a mapping, where it was written."""

    #: The key as written (a scalar's text; ``""`` for a key that is a list, mapping or alias).
    key: str
    #: The 1-based line of the key.
    line: int
    value: Position


@dataclass(frozen=True)
class Position:
    """Where a value was written: its line and, for a mapping or a list, those of its parts.

    An alias's position has the alias's line and the parts of the value it names.
    """

    #: The 1-based line the value starts on.
    line: int
    #: A mapping's entries in source order, a key written twice included (YAML keeps the last).
    entries: tuple[Entry, ...] = ()
    #: A list's items, in order.
    items: tuple[Position, ...] = ()

    def entry(self, key: str) -> Entry | None:
        """The entry of *key* that YAML keeps (the last one written), or ``None``."""
        return next((entry for entry in reversed(self.entries) if entry.key == key), None)

    def key_line(self, key: str, default: int = 0) -> int:
        """The line of *key* (its last occurrence), or *default* when it is not there."""
        found = self.entry(key)
        return found.line if found is not None else default

    def item_lines(self, key: str) -> list[int]:
        """The line of each item of the list under *key* (``[]`` when it is not a list)."""
        found = self.entry(key)
        return [item.line for item in found.value.items] if found is not None else []


@dataclass(frozen=True)
class YamlDocument:
    """A YAML document read: its value and where each part of it was written."""

    value: Any
    #: ``None`` for an empty document (whose value is ``None``).
    position: Position | None


def read_yaml(text: str, *, first_line: int = 1, limits: Limits = DEFAULT_LIMITS) -> YamlDocument:
    """Read one YAML document from *text*, within *limits*.

    *first_line* is the line number of the text's first line in its file (2 for front matter
    after its opening ``---``), so that every line this returns or raises is a line of the file.
    Raises :class:`YamlError` on a syntax error, over a limit, or on a value YAML cannot build.
    """
    if len(text) > limits.max_chars:
        raise YamlError(
            f"{len(text)} characters, more than the {limits.max_chars} read", first_line
        )
    events, position = _scan(text, first_line, limits)
    loader = _Replay(events)
    try:
        node = loader.get_single_node()
        value = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        raise _marked(exc, first_line) from None
    except _ValueProblem as problem:
        raise YamlError(problem.reason, problem.line + first_line) from None
    return YamlDocument(value, position if node is not None else None)


@dataclass
class _Open:
    """A list or mapping whose end the scan has not reached yet."""

    line: int
    anchor: str | None
    mapping: bool
    #: How many values the document stood for when it opened.
    start: int
    entries: list[Entry] = field(default_factory=list)
    items: list[Position] = field(default_factory=list)
    key: tuple[str, int] | None = None


def _scan(text: str, first_line: int, limits: Limits) -> tuple[list[Event], Position | None]:
    """The parser's events and the document's positions, refusing what passes a limit."""
    events: list[Event] = []
    stack: list[_Open] = []
    sizes: dict[str, int] = {}  # anchor -> how many values it stands for
    anchored: dict[str, Position] = {}
    root: list[Position] = []
    values = aliases = 0

    def place(position: Position, key_text: str) -> None:
        if not stack:
            root.append(position)
        elif not stack[-1].mapping:
            stack[-1].items.append(position)
        elif stack[-1].key is None:
            stack[-1].key = (key_text, position.line)
        else:
            key, line = stack[-1].key
            stack[-1].entries.append(Entry(key, line, position))
            stack[-1].key = None

    try:
        parser = yaml.SafeLoader(text)  # checks every character of the text first
    except yaml.reader.ReaderError as exc:
        line = text.count("\n", 0, exc.position) + first_line
        raise YamlError(f"the character {chr(exc.character)!r} cannot be in YAML", line) from None
    try:
        while parser.check_event():
            event: Event = parser.get_event()  # type: ignore[no-untyped-call]  # untyped in PyYAML's stubs
            events.append(event)
            if not isinstance(event, NodeEvent | CollectionEndEvent):
                continue  # the stream's and documents' starts and ends
            # Every event the parser gives has its marks (typed optional).
            line = (event.start_mark.line if event.start_mark else 0) + first_line
            if isinstance(event, AliasEvent):
                aliases += 1
                if aliases > limits.max_aliases:
                    raise YamlError(f"more than {limits.max_aliases} aliases", line)
                if any(item.anchor == event.anchor for item in stack):
                    raise YamlError(
                        f"the alias *{event.anchor} inside the value it names, which never ends",
                        line,
                    )
                values += sizes.get(event.anchor or "", 1)  # an unknown alias: the composer says so
                target = anchored.get(event.anchor or "")
                place(
                    Position(line, target.entries, target.items) if target else Position(line), ""
                )
            elif isinstance(event, ScalarEvent):
                values += 1
                position = Position(line)
                if event.anchor is not None:
                    sizes[event.anchor], anchored[event.anchor] = 1, position
                place(position, event.value)
            elif isinstance(event, CollectionStartEvent):
                values += 1
                if len(stack) >= limits.max_depth:
                    raise YamlError(f"nesting deeper than {limits.max_depth} levels", line)
                mapping = isinstance(event, MappingStartEvent)
                stack.append(_Open(line, event.anchor, mapping, values - 1))
            if isinstance(event, CollectionEndEvent):
                done = stack.pop()
                position = Position(done.line, tuple(done.entries), tuple(done.items))
                if done.anchor is not None:
                    sizes[done.anchor], anchored[done.anchor] = values - done.start, position
                place(position, "")
            if values > limits.max_values:
                raise YamlError(
                    f"more than {limits.max_values} values once its aliases are expanded", line
                )
    except yaml.MarkedYAMLError as exc:
        raise _marked(exc, first_line) from None
    finally:
        parser.dispose()
    return events, (root[0] if root else None)


def _marked(exc: yaml.MarkedYAMLError, first_line: int) -> YamlError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "it is not valid YAML"
    if exc.context and problem.startswith("but "):  # "expected a single document, but found ..."
        problem = f"{exc.context}, {problem}"
    return YamlError(problem, (mark.line if mark is not None else 0) + first_line)


class _ValueProblem(Exception):
    """A value YAML cannot build, at a node's (0-based) line."""

    def __init__(self, reason: str, line: int) -> None:
        super().__init__(reason)
        self.reason, self.line = reason, line


class _Replay(Composer, SafeConstructor, Resolver):
    """PyYAML's safe composer and constructor, fed with events already read and checked."""

    def __init__(self, events: list[Event]) -> None:
        self._events = events
        self._next = 0
        Composer.__init__(self)
        SafeConstructor.__init__(self)
        Resolver.__init__(self)

    def check_event(self, *choices: type) -> bool:
        if self._next >= len(self._events):
            return False
        return not choices or isinstance(self._events[self._next], choices)

    def peek_event(self) -> Event:
        return self._events[self._next]

    def get_event(self) -> Event:
        self._next += 1
        return self._events[self._next - 1]

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            value = super().construct_object(node, deep)
            # Text, keys included, as whole characters: "\ud83d\ude42" is one (core.text).
            return whole_characters(value) if isinstance(value, str) else value
        except (yaml.YAMLError, _ValueProblem):
            raise
        except (ValueError, OverflowError, TypeError) as exc:
            # A date that is no date (2024-02-30), say: PyYAML lets Python's error through.
            raise _ValueProblem(f"{str(exc) or type(exc).__name__}", node.start_mark.line) from exc

    def construct_yaml_int(self, node: yaml.ScalarNode) -> int:
        if len(node.value) > MAX_INTEGER_LENGTH:
            raise ConstructorError(
                None,
                None,
                f"an integer of {len(node.value)} characters (at most {MAX_INTEGER_LENGTH})",
                node.start_mark,
            )
        return super().construct_yaml_int(node)


# PyYAML's stubs type add_constructor for loaders only, which _Replay (fed events) is not.
_Replay.add_constructor("tag:yaml.org,2002:int", _Replay.construct_yaml_int)  # type: ignore[type-var]
