"""Changing a user's YAML file the way a person would: only what changed, comments kept.

`hamopt explain --fixed` writes the scenario with the cheapest fix made. Dumping the changed
model lost every comment the author wrote and printed times as PyYAML pleased ('18:00' in one
place, a bare value in another). Here the original file is read with ruamel.yaml's
round-trip loader, the paths whose values differ between ``before`` and ``after`` (the
scenario as loaded, and as changed) are written into it, and everything else, comments and
quoting included, stays as the author wrote it.

New strings are written the way hamopt's own files are: double-quoted when PyYAML (YAML 1.1,
what the loader uses) would read them as something else, so a time "07:00" never comes back
as the number 420 and `off` never as false.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

# Strings YAML 1.1 reads as something else when unquoted: clock times (sexagesimal numbers),
# booleans, null, numbers.
_AMBIGUOUS = re.compile(
    r"^(?:[0-9]+(?::[0-5]?[0-9])+|y|n|yes|no|on|off|true|false|null|~|[-+]?[0-9._]+)$",
    re.IGNORECASE,
)


def _quoted(value: Any) -> Any:
    """``value`` ready for ruamel: mappings and lists as its types, ambiguous strings quoted."""
    if isinstance(value, dict):
        out = CommentedMap()
        for key, item in value.items():
            out[key] = _quoted(item)
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_quoted(item) for item in value)
        if value and all(isinstance(item, dict) for item in value):
            for index in range(len(seq)):
                seq[index].fa.set_flow_style()  # `- {day: mon, time: "18:00"}`, one a line
        return seq
    if isinstance(value, str) and _AMBIGUOUS.match(value):
        return DoubleQuotedScalarString(value)
    return value


def _like(item: Any, siblings: list[Any]) -> Any:
    """A new list item in its siblings' style: `{day: fri, time: "07:00"}` among flow maps."""
    first = siblings[0] if siblings else None
    if isinstance(item, CommentedMap) and isinstance(first, CommentedMap):
        if first.fa.flow_style():
            item.fa.set_flow_style()
    return item


def _apply(node: Any, before: Any, after: Any) -> Any:
    """``node`` (the file's own data) changed where ``before`` and ``after`` differ."""
    if before == after:
        return node
    if isinstance(node, dict) and isinstance(before, dict) and isinstance(after, dict):
        for key in [k for k in node if k in before and k not in after]:
            del node[key]
        for key, value in after.items():
            if key in node and key in before:
                node[key] = _apply(node[key], before[key], value)
            elif key not in before or key not in node:
                node[key] = _quoted(value)
        return node
    if (
        isinstance(node, list)
        and isinstance(before, list)
        and isinstance(after, list)
        and len(node) == len(before)
        and after[: len(before)] == before
    ):  # items added at the end (a slot): the file's own items and their comments stay
        for item in after[len(before) :]:
            node.append(_like(_quoted(item), node))
        return node
    return _quoted(after)


def rewrite(path: str | Path, before: Any, after: Any, header: str) -> str:
    """The YAML text of ``path`` with ``after``'s changes from ``before`` made, and
    ``header`` (one comment line) on top."""
    yaml = YAML()  # round trip: comments, order and quoting kept
    yaml.preserve_quotes = True
    yaml.width = 100
    yaml.indent(mapping=2, sequence=4, offset=2)
    with open(path, encoding="utf-8") as handle:
        data = yaml.load(handle)
    data = _apply(data, before, after)
    out = io.StringIO()
    yaml.dump(data, out)
    return f"# {header}\n{out.getvalue()}"
