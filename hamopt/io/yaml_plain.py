"""The data of a plain YAML document in one pass over its composed nodes.

hamopt's files are plain data: mappings, lists and scalars, without merge keys, duplicate
keys or Python tags, well within the alias-expansion bound. For such a tree,
:func:`plain_data` gives exactly what ``SafeConstructor.construct_document`` gives (each
scalar through the constructor PyYAML registers for its resolved tag; a node shared through an
alias built once, as PyYAML shares it) while checking on the way what the general path checks
in two more walks. It returns None at the first thing that is not plain, and the caller takes
the general path (yaml_files._compose_now), which reports it with its line.

Why: the general path walked the tree three times (the expansion bound, the lines and checks,
then PyYAML's constructor, which builds each collection through a generator). For a 1,000-
exercise catalog (0.8 MB) that was 0.30 CPU s of ``parse_yaml``'s, against 0.09 for libyaml's
composition; one pass brings the whole parse to 0.13. The lines of the fields are only needed
for an error message, so they are read again then (yaml_files._LinesOnDemand).
"""

from __future__ import annotations

from typing import Any

from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
# Scalars whose SafeConstructor constructor returns the value (the collection ones, set, omap
# and pairs, are generators that fill a container: the general path's to run).
_SCALAR_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}" for name in ("null", "bool", "int", "float", "binary", "timestamp")
)
_CONSTRUCTORS = SafeConstructor.yaml_constructors


class _NotPlain(Exception):
    """Something only the general path handles (or reports)."""


def plain_data(root: Node, constructor: SafeConstructor, max_expanded: int) -> Any | None:
    """``root``'s data, or None when the document is not plain data (see the module
    docstring). ``max_expanded``: the bound on values once every alias is expanded; a
    document past it, or with an alias inside its own anchor, is not plain."""
    try:
        return _Builder(constructor, max_expanded).build(root)[0]
    except _NotPlain:
        return None


class _Builder:
    """One document's walk. A class, not a recursive closure: a closure that calls itself
    is a reference cycle (the function and its own cell) holding every value it built until
    the garbage collector's next full pass; the service parses a scenario per request."""

    def __init__(self, constructor: SafeConstructor, max_expanded: int) -> None:
        self.constructor, self.max_expanded = constructor, max_expanded
        self.built: dict[int, tuple[Any, int]] = {}  # a collection node's data, expanded size
        self.open_nodes: set[int] = set()

    def build(self, node: Node) -> tuple[Any, int]:
        tag = node.tag
        if type(node) is ScalarNode:
            if tag == _STR:
                return node.value, 1
            if tag in _SCALAR_TAGS:
                return _CONSTRUCTORS[tag](self.constructor, node), 1
            raise _NotPlain
        ident = id(node)
        if ident in self.built:  # an alias: the same object, as PyYAML gives
            return self.built[ident]
        if ident in self.open_nodes:
            raise _NotPlain  # an alias inside its own anchor
        self.open_nodes.add(ident)
        total = 1
        data: dict[Any, Any] | list[Any]
        if type(node) is MappingNode and tag == _MAP:
            data = {}
            raw_keys: set[str] = set()
            for key_node, value_node in node.value:
                # A merge key, a list or mapping as a key, a key given twice: not plain.
                if type(key_node) is not ScalarNode or key_node.value in raw_keys:
                    raise _NotPlain
                raw_keys.add(key_node.value)
                key, _ = self.build(key_node)
                value, size = self.build(value_node)
                total += 1 + size
                if total > self.max_expanded:
                    raise _NotPlain
                data[key] = value
        elif type(node) is SequenceNode and tag == _SEQ:
            data = []
            for item in node.value:
                value, size = self.build(item)
                total += size
                if total > self.max_expanded:
                    raise _NotPlain
                data.append(value)
        else:
            raise _NotPlain
        self.open_nodes.discard(ident)
        self.built[ident] = (data, total)
        return data, total
