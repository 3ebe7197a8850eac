"""Reading a user's YAML (or JSON) file safely, with the line of every field.

The promise (DESIGN.md, "Behaviour every command keeps"): bad input becomes an
:class:`~hamopt.io.errors.InputError` naming the file, the field path and the line, with what was
expected, never a Python traceback. YAML is parsed with ``yaml.SafeLoader`` only, so a
``!!python/...`` tag is refused instead of run; JSON is YAML, so JSON files load too.

The node tree that PyYAML composes keeps the line of every key and item. :class:`LineMap` keeps
those lines by field path, so a pydantic error at ``("schedule", "slots", 1, "time")`` can say
"line 14". A plain document is built in one pass over that tree (yaml_plain.py); one holding
what must be refused (a duplicate mapping key, which PyYAML silently keeps the last of; a
Python tag; aliases expanding past a bound) or what PyYAML builds its own way (merge keys,
sets) goes to the general path, whose walk reports each problem with its line and records
every line. After the one pass the lines are read again from the text only when an error
asks for one.
"""

from __future__ import annotations

import difflib
import gc
import json
import re
import typing
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from types import UnionType
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from hamopt.io.errors import InputError, clip, raise_all
from hamopt.io.files import regular_file
from hamopt.io.yaml_plain import plain_data

M = TypeVar("M", bound=BaseModel)

MAX_FILE_BYTES = 1_048_576  # a user's file past this is refused before parsing
# A catalog file may hold a gym's whole library (models.MAX_CATALOG exercises at ~1 KB each,
# sources included), so it gets its own, larger bound.
MAX_CATALOG_FILE_BYTES = 4 * MAX_FILE_BYTES
PathT = tuple[str | int, ...]

# A YAML file may share nodes through anchors and aliases; this bounds how large the data
# can grow once every alias is expanded (the "billion laughs" file).
MAX_EXPANDED_NODES = 200_000

_PYTHON_TAG = "tag:yaml.org,2002:python/"
_MERGE_TAG = "tag:yaml.org,2002:merge"


# --- line numbers ---------------------------------------------------------------------


class LineMap:
    """1-based YAML line of each field path, e.g. ``("schedule", "slots", 1, "time") -> 14``.

    A mapping key's path points at the key's line; a sequence item's at the item's first line.
    A path that is not in the file (a missing required key, a pydantic-internal location)
    falls back to its nearest existing parent.
    """

    def __init__(self, lines: dict[PathT, int] | None = None) -> None:
        self._lines: dict[tuple[str, ...], int] = {}
        for path, line in (lines or {}).items():
            self.add(path, line)

    @staticmethod
    def _key(path: Iterable[str | int]) -> tuple[str, ...]:
        # A node is a mapping or a sequence, never both, so "1" and 1 cannot collide.
        return tuple(str(p) for p in path)

    def add(self, path: Iterable[str | int], line: int) -> None:
        self._lines.setdefault(self._key(path), line)

    def exact(self, path: Iterable[str | int]) -> int | None:
        return self._lines.get(self._key(path))

    def line(self, path: Iterable[str | int]) -> int | None:
        key = self._key(path)
        while True:
            if key in self._lines:
                return self._lines[key]
            if not key:
                return None
            key = key[:-1]

    def __contains__(self, path: object) -> bool:
        return isinstance(path, tuple) and self._key(path) in self._lines

    def __len__(self) -> int:
        return len(self._lines)


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _expanded_size(root: Node, file: str) -> None:
    """Refuse alias cycles and files whose aliases expand past MAX_EXPANDED_NODES."""
    sizes: dict[int, int] = {}
    in_progress: set[int] = set()

    def size(node: Node) -> int:
        ident = id(node)
        if ident in sizes:
            return sizes[ident]
        if ident in in_progress:
            raise InputError(
                "an alias refers to its own anchor (a recursive structure)",
                file=file,
                line=_line(node),
            )
        in_progress.add(ident)
        total = 1
        if isinstance(node, MappingNode):
            for key, value in node.value:
                total += size(key) + size(value)
                if total > MAX_EXPANDED_NODES:
                    break
        elif isinstance(node, SequenceNode):
            for item in node.value:
                total += size(item)
                if total > MAX_EXPANDED_NODES:
                    break
        in_progress.discard(ident)
        if total > MAX_EXPANDED_NODES:
            raise InputError(
                f"anchors and aliases expand to more than {MAX_EXPANDED_NODES} values",
                file=file,
                line=_line(node),
            )
        sizes[ident] = total
        return total

    size(root)


def _walk(root: Node, file: str) -> tuple[LineMap, list[InputError]]:
    """Lines of every path, plus duplicate keys and Python tags found on the way."""
    linemap = LineMap()
    errors: list[InputError] = []
    stack: list[tuple[Node, PathT]] = [(root, ())]
    while stack:
        node, path = stack.pop()
        linemap.add(path, _line(node))
        if node.tag.startswith(_PYTHON_TAG):
            errors.append(_tag_error(node.tag, file, path, _line(node)))
            continue
        if isinstance(node, MappingNode):
            seen: dict[str, int] = {}
            children: list[tuple[Node, PathT]] = []
            for key, value in node.value:
                if not isinstance(key, ScalarNode):
                    errors.append(
                        InputError(
                            "a mapping key must be a plain value, not a list or mapping",
                            file=file,
                            path=path,
                            line=_line(key),
                        )
                    )
                    continue
                if key.tag == _MERGE_TAG:
                    children.append((value, path))
                    continue
                name = key.value
                if name in seen:
                    errors.append(
                        InputError(
                            f"duplicate key {name!r} (first given on line {seen[name]}); "
                            "each key may appear once",
                            file=file,
                            path=(*path, name),
                            line=_line(key),
                        )
                    )
                    continue
                seen[name] = _line(key)
                linemap.add((*path, name), _line(key))
                children.append((value, (*path, name)))
            stack.extend(reversed(children))
        elif isinstance(node, SequenceNode):
            stack.extend((item, (*path, i)) for i, item in reversed(list(enumerate(node.value))))
    return linemap, errors


def _tag_error(tag: str, file: str, path: PathT, line: int | None) -> InputError:
    short = tag.replace("tag:yaml.org,2002:", "!!")
    return InputError(
        f"unsupported YAML tag {short!r}: hamopt reads plain data only "
        "(mappings, lists, strings, numbers), never Python objects",
        file=file,
        path=path,
        line=line,
    )


# --- reading and parsing ----------------------------------------------------------------


def _read_text(path: Path, file: str, max_bytes: int = MAX_FILE_BYTES) -> str:
    regular_file(path, file)  # a FIFO would block the read forever, a device never end
    try:
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except InputError:
        raise
    except FileNotFoundError:
        raise InputError("no such file", file=file) from None
    except OSError as exc:
        raise InputError(f"cannot read the file: {exc.strerror or exc}", file=file) from None
    if len(raw) > max_bytes:
        raise InputError(too_large(max_bytes), file=file)
    if b"\x00" in raw:
        raise InputError("binary file (contains NUL bytes); expected YAML or JSON text", file=file)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            "not UTF-8 text (a binary file?); expected YAML or JSON text", file=file, line=line
        ) from None
    bad = _NOT_PRINTABLE.search(text)
    if bad is not None:
        line = text.count("\n", 0, bad.start()) + 1
        column = bad.start() - (text.rfind("\n", 0, bad.start()) + 1) + 1
        raise InputError(
            f"column {column}: control character U+{ord(bad.group()):04X} is not allowed in "
            "YAML (write it as an escape, e.g. \"\\t\", inside double quotes, or remove it)",
            file=file,
            line=line,
        )
    return text


# What YAML 1.1 calls printable (PyYAML's reader refuses the rest, with no line).
_NOT_PRINTABLE = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)


# libyaml's safe loader when PyYAML has it: the same nodes with the same marks, composed in C.
# The pure-Python one took 12 s on a 2,000-exercise catalog file (1.7 MB) and most of the
# YAML time of a scenario's start-up.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off while a document is composed and constructed.

    Every node, key and value is a new object, so a large file sets off a collection every
    few hundred of them, and each older-generation pass walks the whole growing tree (and
    everything imported before it) to find cycles a parse does not make: a recursive alias
    is refused (_expanded_size) and the rest is a tree. For a 1,000-exercise catalog (0.8 MB)
    that was half of parse_yaml's time (0.63 -> 0.32 s). The collector is turned back on
    only if it was on: another thread's pause, or a caller's own, is left as it was.
    """
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def _compose(text: str, file: str) -> tuple[Any, LineMap] | None:
    """Data and lines of the single document in ``text``; None when it holds none. The lines
    are read when first asked for (an error message): a plain document is built in one pass
    (yaml_plain.py) that records none."""
    with _collector_paused():
        return _compose_now(text, file)


def _compose_now(text: str, file: str) -> tuple[Any, LineMap] | None:
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return None
        data = plain_data(node, loader, MAX_EXPANDED_NODES)
        if data is not None:
            return data, _LinesOnDemand(text, file)
        # The general path: whatever is not plain is refused here with its line, or built by
        # PyYAML's constructor (merge keys, sets, ...).
        _expanded_size(node, file)
        linemap, errors = _walk(node, file)
        raise_all(errors)
        return loader.construct_document(node), linemap
    finally:
        loader.dispose()


def _lines_of(text: str, file: str) -> LineMap | None:
    """The lines of every field path of the document in ``text``, whatever its checks find;
    None when it cannot be read."""
    with _collector_paused():
        loader = _LOADER(text)
        try:
            node = loader.get_single_node()
        except yaml.YAMLError:
            return None
        finally:
            loader.dispose()
    return None if node is None else _walk(node, file)[0]


def _yaml_error(exc: yaml.YAMLError, file: str) -> InputError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    if isinstance(exc, yaml.constructor.ConstructorError) and "constructor for the tag" in problem:
        tag = problem.split("'")[1] if "'" in problem else "?"
        return _tag_error(tag, file, (), line)
    context = getattr(exc, "context", None)
    detail = f"{context}, {problem}" if context else problem
    if "expected a single document" in detail:
        return InputError(
            "the file holds several YAML documents; expected exactly one", file=file, line=line
        )
    return InputError(f"not valid YAML: {detail}", file=file, line=line)


# Flow collections ([...], {...}) nested deeper than this are refused before parsing: PyYAML's
# scanner re-checks every open level at each token, so 400 levels times a few hundred
# thousand tokens ran for minutes (found by the fuzzer). hamopt's files nest 6 deep at most.
MAX_FLOW_DEPTH = 64
_FLOW_EVENTS = re.compile(r"""[\[\]{}"'#\n\\]""")


def _too_deep(text: str) -> int | None:
    """The line where flow nesting first passes MAX_FLOW_DEPTH, or None. Quoted strings and
    comments are skipped; a best effort (an unbalanced file is PyYAML's to report)."""
    depth, line, quote, comment = 0, 1, "", False
    for match in _FLOW_EVENTS.finditer(text):
        char, at = match.group(), match.start()
        if char == "\n":
            line += 1
            comment = False
        elif comment or char == "\\":
            continue
        elif quote == '"':
            if char == '"' and _backslashes_before(text, at) % 2 == 0:
                quote = ""
        elif quote == "'":
            if char == "'":
                quote = ""  # '' inside a single-quoted string reopens at once: same depth
        elif char in "\"'":
            quote = char
        elif char == "#":
            comment = at == 0 or text[at - 1] in " \t\n"
        elif char in "[{":
            depth += 1
            if depth > MAX_FLOW_DEPTH:
                return line
        elif char in "]}":
            depth = max(0, depth - 1)
    return None


def _backslashes_before(text: str, at: int) -> int:
    n = 0
    while at - n - 1 >= 0 and text[at - n - 1] == "\\":
        n += 1
    return n


def too_large(max_bytes: int) -> str:
    """The message for a file past its size bound."""
    return (
        f"file is larger than {max_bytes} bytes ({max_bytes // 1024} KiB); "
        "hamopt input files are small YAML or JSON documents"
    )


def load_yaml(path: str | Path, max_bytes: int = MAX_FILE_BYTES) -> tuple[Any, LineMap]:
    """Read one YAML (or JSON) file into plain data plus the line of each field path
    (``max_bytes``: MAX_CATALOG_FILE_BYTES for a file that may be a catalog)."""
    file = str(path)
    return parse_yaml(_read_text(Path(path), file, max_bytes), file, max_bytes)


def parse_yaml(text: str, file: str, max_bytes: int = MAX_FILE_BYTES) -> tuple[Any, LineMap]:
    """YAML (or JSON) text that did not come from a file (a request body), read exactly as
    :func:`load_yaml` reads a file's; ``file`` is the name its errors give."""
    if len(text.encode("utf-8")) > max_bytes:
        raise InputError(
            f"larger than {max_bytes} bytes ({max_bytes // 1024} KiB); "
            "hamopt inputs are small YAML or JSON documents",
            file=file,
        )
    if "\x00" in text:
        raise InputError("contains NUL characters; expected YAML or JSON text", file=file)
    if not text.strip():
        raise InputError("empty file; expected a YAML or JSON mapping", file=file)
    # Before the nesting check, which guards PyYAML's scanner: json reads in C and refuses
    # deep nesting itself (RecursionError, then the YAML path and its check).
    fast = _json_document(text, file)
    if fast is not None:
        return fast
    deep = _too_deep(text)
    if deep is not None:
        raise InputError(
            f"the file is nested too deeply (over {MAX_FLOW_DEPTH} levels of [...] or {{...}})",
            file=file,
            line=deep,
        )
    try:
        try:
            parsed = _compose(text, file)
        except yaml.YAMLError:
            # JSON is YAML, except that YAML refuses tabs as indentation. A literal tab can
            # only be whitespace in valid JSON, so JSON with tabs loads once they are spaces.
            if "\t" not in text or not _is_json(text):
                raise
            parsed = _compose(text.replace("\t", " "), file)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, file) from None
    except RecursionError:
        raise InputError("the file is nested too deeply", file=file) from None
    if parsed is None:
        raise InputError(
            "empty file (only comments or an empty document); expected a YAML or JSON mapping",
            file=file,
        )
    return parsed


# --- JSON, read as JSON ------------------------------------------------------------------
#
# A gym's library exported from a database is JSON. PyYAML reads it too, but composes a
# Python node for every value and constructs the data from those in Python: 0.24 CPU s for a
# 1,000-exercise catalog (0.8 MB), where json.loads takes 0.004 (and the whole catalog
# load, checks included, 0.47 against 0.03). So a document that is a
# JSON object is read by json, with YAML's meaning kept: a number YAML 1.1 would read as a
# string (1e5, 1.5e5: its floats need a dot and a signed exponent) stays a string. A file
# json refuses (not JSON, a repeated key, NaN) takes the YAML path, whose errors name the
# line. The lines of the fields are only needed for an error message, so they are read from
# the YAML text then (_LinesOnDemand).

_YAML_FLOAT = next(
    regex
    for tag, regex in yaml.resolver.Resolver.yaml_implicit_resolvers["1"]
    if tag == "tag:yaml.org,2002:float"
)


class _RepeatedKey(ValueError):
    pass


def _object(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out = dict(pairs)
    if len(out) != len(pairs):
        raise _RepeatedKey  # the YAML path names the key and its lines
    return out


def _number(literal: str) -> float | str:
    return float(literal) if _YAML_FLOAT.match(literal) else literal


def _no_constant(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity: not JSON; YAML reads them as strings


def _json_document(text: str, file: str) -> tuple[Any, LineMap] | None:
    """The data of a JSON object document and its lines on demand; None when ``text`` is not
    one (the caller reads it as YAML)."""
    if not text.lstrip("\ufeff \t\r\n").startswith("{"):
        return None
    try:
        data = json.loads(
            text, object_pairs_hook=_object, parse_float=_number, parse_constant=_no_constant
        )
    except (ValueError, RecursionError):
        return None
    if _deeper_than(data, MAX_FLOW_DEPTH):
        return None  # the YAML path refuses it in the words every file gets
    return data, _LinesOnDemand(text.replace("\t", " "), file)


def _deeper_than(data: Any, limit: int) -> bool:
    """Whether lists and mappings nest more than ``limit`` levels (json's data, no cycles)."""
    level: list[Any] = [data] if isinstance(data, dict | list) else []
    for _ in range(limit):  # after k steps, ``level`` holds the containers k + 1 deep
        if not level:
            return False
        level = [
            child
            for node in level
            if isinstance(node, dict | list)
            for child in (node.values() if isinstance(node, dict) else node)
            if isinstance(child, dict | list)
        ]
    return bool(level)


class _LinesOnDemand(LineMap):
    """A LineMap read from the YAML text (the text that was parsed; for JSON, that text with
    its tabs as spaces, which YAML refuses as indentation) the first time a line is asked for."""

    def __init__(self, text: str, file: str) -> None:
        super().__init__()
        self._text: str | None = text
        self._file = file

    def _read(self) -> None:
        if self._text is None:
            return
        text, self._text = self._text, None
        try:
            lines = _lines_of(text, self._file)
        except RecursionError:
            return  # JSON that YAML cannot read: the error goes without a line
        if lines is not None:
            self._lines.update(lines._lines)

    def add(self, path: Iterable[str | int], line: int) -> None:
        self._read()
        super().add(path, line)

    def exact(self, path: Iterable[str | int]) -> int | None:
        self._read()
        return super().exact(path)

    def line(self, path: Iterable[str | int]) -> int | None:
        self._read()
        return super().line(path)

    def __contains__(self, path: object) -> bool:
        self._read()
        return super().__contains__(path)

    def __len__(self) -> int:
        self._read()
        return super().__len__()


def _is_json(text: str) -> bool:
    try:
        json.loads(text)
    except ValueError:
        return False
    return True


# --- pydantic errors -> InputError ------------------------------------------------------


def data_path(loc: Sequence[str | int], data: Any, kind: str) -> PathT:
    """The path of a pydantic error in the user's data, without pydantic's internal steps.

    pydantic puts union members (``"str"``, ``"list[enum[Equipment]]"``), dict-key markers
    (``"[key]"``) and validator names into ``loc``; those are not in the file and are dropped.
    """
    path: list[str | int] = []
    current = data
    for i, part in enumerate(loc):
        last = i == len(loc) - 1
        if isinstance(current, dict) and part in current:
            path.append(part)
            current = current[part]
        elif (
            isinstance(current, list | tuple) and isinstance(part, int) and 0 <= part < len(current)
        ):
            path.append(part)
            current = current[part]
        elif last and kind == "missing" and isinstance(current, dict):
            path.append(part)
    return tuple(path)


def _union_members(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _union_members(typing.get_args(tp)[0])
    if origin is typing.Union or origin is UnionType:
        return [m for arg in typing.get_args(tp) for m in _union_members(arg)]
    return [] if tp is type(None) else [tp]


def _model_at(model_cls: type[BaseModel], path: Sequence[str | int]) -> type[BaseModel] | None:
    """The pydantic model that validates the mapping at ``path``, if one does."""
    candidates: list[Any] = [model_cls]
    for part in path:
        following: list[Any] = []
        for tp in candidates:
            for member in _union_members(tp):
                origin = typing.get_origin(member)
                if isinstance(member, type) and issubclass(member, BaseModel):
                    field = member.model_fields.get(str(part))
                    if field is not None:
                        following.append(field.annotation)
                elif origin in (list, tuple, set, frozenset) and isinstance(part, int):
                    following.extend(typing.get_args(member)[:1])
                elif origin is dict:
                    args = typing.get_args(member)
                    if len(args) == 2:
                        following.append(args[1])
        candidates = following
    for tp in candidates:
        for member in _union_members(tp):
            if isinstance(member, type) and issubclass(member, BaseModel):
                return member
    return None


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def error_message(err: ErrorDetails, path: PathT, model_cls: type[BaseModel]) -> str:
    kind = err["type"]
    value = err.get("input")
    if kind == "extra_forbidden":
        key = path[-1] if path else err["loc"][-1] if err["loc"] else "?"
        owner = _model_at(model_cls, path[:-1])
        message = f"unknown key {clip(key)!r}"
        if owner is not None:
            # A model may say its keys itself (a program line's include the rules' fields).
            known = getattr(owner, "known_keys", None)
            valid = list(known()) if callable(known) else list(owner.model_fields)
            close = difflib.get_close_matches(str(key), valid, n=1) if len(str(key)) < 200 else []
            if close:
                message += f" (did you mean {close[0]!r}?)"
            message += f"; expected one of: {', '.join(valid)}"
        return message
    if kind == "missing":
        key = path[-1] if path else err["loc"][-1] if err["loc"] else "?"
        return f"missing required key {clip(key)!r}"
    msg = err["msg"]
    if kind == "value_error":
        msg = msg.removeprefix("Value error, ")
    if kind == "string_type" and path and path[-1] == "time" and isinstance(value, int):
        hours, minutes = divmod(value, 60)
        return (
            f'time must be a quoted "HH:MM" string: write "{hours:02d}:{minutes:02d}" '
            f"in quotes (YAML reads an unquoted {hours}:{minutes:02d} as the number {value})"
        )
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        msg = f"expected a mapping (key: value pairs), got {type(value).__name__}"
        return msg
    if kind in {"list_type", "tuple_type"}:
        return f"expected a list, got {type(value).__name__} {_short(value)}"
    if isinstance(value, str | int | float | bool) or value is None:
        if kind != "value_error" or _short(value) not in msg:
            msg += f" (got {_short(value)})"
    return msg


def _pydantic_errors(
    model_cls: type[BaseModel], data: Any, exc: ValidationError, file: str, linemap: LineMap
) -> list[InputError]:
    raw = [(data_path(err["loc"], data, err["type"]), err) for err in exc.errors()]
    # A value that fails every member of a union is reported once per member. Drop the
    # "wrong type" complaints about a value that has a more precise error inside it
    # (``equipment: [laser]`` is a list with a bad item, not "not a string").
    paths = {path for path, _ in raw}
    kept = [
        (path, err)
        for path, err in raw
        if not (
            err["type"].endswith("_type")
            and any(len(p) > len(path) and p[: len(path)] == path for p in paths)
        )
    ]
    merged: dict[PathT, list[str]] = {}
    for path, err in kept:
        message = error_message(err, path, model_cls)
        bucket = merged.setdefault(path, [])
        if message not in bucket:
            bucket.append(message)
    return [
        InputError(" or ".join(messages), file=file, path=path, line=linemap.line(path))
        for path, messages in merged.items()
    ]


def validate_all(
    model_cls: type[M], data: Any, file: str, linemap: LineMap
) -> tuple[M | None, list[InputError]]:
    try:
        return model_cls.model_validate(data), []
    except ValidationError as exc:
        return None, _pydantic_errors(model_cls, data, exc, file, linemap)


def validate(model_cls: type[M], data: Any, file: str | Path, linemap: LineMap) -> M:
    """Validate ``data`` as ``model_cls``; every pydantic error becomes an InputError line."""
    model, errors = validate_all(model_cls, data, str(file), linemap)
    raise_all(errors)
    assert model is not None
    return model


def require_mapping(data: Any, file: str, expected: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise InputError(
            f"expected a mapping with {expected} at the top level, got "
            f"{'a list' if isinstance(data, list) else type(data).__name__ + ' ' + _short(data)}",
            file=file,
            line=1,
        )
    return data


def did_you_mean(word: str, options: Iterable[str]) -> str:
    if len(word) > 200:  # difflib is quadratic: a huge word is no typo
        return ""
    close = difflib.get_close_matches(word, sorted(options), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
