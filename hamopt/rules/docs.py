"""What `hamopt rules` shows: every registered rule, its parameters and where they come from.

A rule's parameters are documented where they are defined: ``Field(description=...)`` when a
module gives one, otherwise the comment on the field's line or the comment block right above
it (the rule modules cite their sources that way: ``# 003_95a5fdc3819596de.txt``). Reading
the comments means a rule written to the contract is documented here without extra work, and
the text can never drift from the code.

With a rule set, each rule also shows what is in force: its mode, weight and every parameter
value after the ``extends`` chain (a rule the rule set does not list is off).
"""

from __future__ import annotations

import ast
import inspect
import io
import textwrap
import threading
import tokenize
import types
import typing
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from hamopt.domain.models import Mode, RuleSet
from hamopt.domain.sources import seeds_in
from hamopt.rules.contract import ActiveRule, Params, Rule
from hamopt.rules.registry import BUILTIN_MODULES, all_rules
from hamopt.rules.ruleset import find_ruleset, resolve


@dataclass(frozen=True)
class ParamDoc:
    name: str
    type: str  # "float (0.1..10)", "sets | exercises", ...
    default: Any  # JSON-ready
    value: Any  # in force under the rule set shown (the default when none is)
    description: str

    @property
    def changed(self) -> bool:
        return self.value != self.default


@dataclass(frozen=True)
class RuleDoc:
    id: str
    description: str
    origin: str  # "built-in", or the plugin's module
    mode: str  # in force: hard | soft | off
    weight: int
    default_mode: str
    default_weight: int
    listed: bool  # does the rule set name the rule (or inherit it)?
    sources: tuple[str, ...]
    params: tuple[ParamDoc, ...] = field(default_factory=tuple)

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "description": self.description,
            "origin": self.origin,
            "mode": self.mode,
            "weight": self.weight,
            "default_mode": self.default_mode,
            "default_weight": self.default_weight,
            "in_ruleset": self.listed,
            "sources": list(self.sources),
            # The seed articles the sources cite, by title and link (hamopt/data/sources.yaml).
            "references": [
                {"seed": s.id, "file": s.file, "title": s.title, "link": s.link}
                for s in seeds_in(self.sources)
            ],
            "params": [
                {
                    "name": p.name,
                    "type": p.type,
                    "default": p.default,
                    "value": p.value,
                    "changed": p.changed,
                    "description": p.description,
                }
                for p in self.params
            ],
        }


@dataclass(frozen=True)
class RuleSetDoc:
    name: str
    description: str
    file: str
    chain: tuple[str, ...]  # the extends chain, this rule set first
    rules: tuple[RuleDoc, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "ruleset": {
                "name": self.name,
                "description": self.description,
                "file": self.file,
                "extends": list(self.chain[1:]),
            },
            "rules": [r.as_dict() for r in self.rules],
        }


def document(ref: str = "default", base_dir: Path | None = None) -> RuleSetDoc:
    """Every registered rule as the rule set ``ref`` (a packaged name or a file) has it."""
    ruleset, file = find_ruleset(ref, base_dir)
    active = {a.id: a for a in resolve(ruleset, file=file, base_dir=Path(file).parent)}
    rules = tuple(_rule_doc(rule, active.get(rule.id)) for rule in all_rules().values())
    return RuleSetDoc(
        ruleset.name, ruleset.description, _shown(file), _chain(ruleset, file), rules
    )


def _shown(file: str) -> str:
    """A packaged rule set by name, not by the site-packages path it happens to live at."""
    path = Path(file)
    packaged = Path(__file__).parents[1] / "data" / "rulesets"
    return path.stem if path.parent.resolve() == packaged.resolve() else file


def _chain(ruleset: RuleSet, file: str) -> tuple[str, ...]:
    names = [ruleset.name]
    current, current_file = ruleset, file
    while current.extends is not None and len(names) < 20:  # resolve() has bounded it
        current, current_file = find_ruleset(current.extends, Path(current_file).parent)
        names.append(current.name)
    return tuple(names)


def _rule_doc(rule: Rule, active: ActiveRule | None) -> RuleDoc:
    defaults = _defaults(rule.params)
    values = active.params.model_dump(mode="json") if active is not None else defaults
    params = tuple(
        ParamDoc(
            name,
            _type_text(info.annotation, info.metadata),
            defaults.get(name, "(required)"),
            values.get(name),
            " ".join(filter(None, (info.description, _comments(rule.params).get(name)))),
        )
        for name, info in rule.params.model_fields.items()
    )
    return RuleDoc(
        id=rule.id,
        description=rule.summary(active.params if active is not None else None),
        origin=_origin(rule),
        mode=str(active.mode if active is not None else Mode.off),
        weight=active.weight if active is not None else rule.default_weight,
        default_mode=str(rule.default_mode),
        default_weight=rule.default_weight,
        listed=active is not None,
        sources=tuple(rule.sources),
        params=params,
    )


def _defaults(params: type[Params]) -> dict[str, Any]:
    try:
        return params().model_dump(mode="json")
    except Exception:  # a plugin's Params with a required field has no complete default
        return {
            name: _json(info.get_default(call_default_factory=True))
            for name, info in params.model_fields.items()
            if not info.is_required()
        }


def _json(value: Any) -> Any:
    if isinstance(value, tuple | list):
        return [_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _json(v) for k, v in value.items()}
    return value


def _origin(rule: Rule) -> str:
    module = getattr(rule.encode, "__module__", "") or ""
    builtin = {f"hamopt.rules.builtin.{name}" for name in BUILTIN_MODULES}
    return "built-in" if module in builtin else f"plugin ({module})"


# --- types --------------------------------------------------------------------------------


def _type_text(annotation: Any, metadata: list[Any]) -> str:
    text = _annotation_text(annotation)
    bounds = _bounds(metadata)
    return f"{text} ({bounds})" if bounds else text


def _annotation_text(annotation: Any) -> str:
    origin = typing.get_origin(annotation)
    args = typing.get_args(annotation)
    if origin is typing.Literal:
        return " | ".join(str(a) for a in args)
    if origin in (typing.Union, types.UnionType):
        return " | ".join(_annotation_text(a) for a in args)
    if origin is tuple:
        inner = args[0] if args and (len(args) == 1 or args[-1] is Ellipsis) else None
        if inner is not None:
            return f"list of {_annotation_text(inner)}"
        return "[" + ", ".join(_annotation_text(a) for a in args) + "]"
    if origin in (list, set, frozenset):
        return f"list of {_annotation_text(args[0])}" if args else "list"
    if origin is dict:
        return f"map {_annotation_text(args[0])} -> {_annotation_text(args[1])}"
    if annotation is type(None):
        return "null"
    if isinstance(annotation, type) and issubclass(annotation, str) and annotation is not str:
        members = getattr(annotation, "__members__", None)  # a StrEnum: its values
        if members:
            return " | ".join(str(m.value) for m in members.values())
    return getattr(annotation, "__name__", str(annotation))


def _bounds(metadata: list[Any]) -> str:
    """The constraints pydantic keeps in a field's metadata (annotated-types' Ge, Le, ...)."""
    lo = hi = None
    parts = []
    for item in metadata:
        for name in ("ge", "gt"):
            lo = lo if getattr(item, name, None) is None else getattr(item, name)
        for name in ("le", "lt"):
            hi = hi if getattr(item, name, None) is None else getattr(item, name)
        if getattr(item, "min_length", None):
            parts.append(f"at least {item.min_length} items")
        if getattr(item, "max_length", None) is not None:
            parts.append(f"at most {item.max_length} items")
    if lo is not None and hi is not None:
        parts.insert(0, f"{lo:g}..{hi:g}")
    elif lo is not None:
        parts.insert(0, f">= {lo:g}")
    elif hi is not None:
        parts.insert(0, f"<= {hi:g}")
    return ", ".join(parts)


# --- comments as descriptions ---------------------------------------------------------------


# One thread at a time parses: CPython 3.11's AST constructor keeps its recursion depth in
# state the threads share, and two parses at once can fail with "SystemError: AST constructor
# recursion depth mismatch" (python/cpython#106905). `hamopt serve` answers the coach's page's
# first four requests (rules, catalog, schema, scenarios) on four threads at once, and all of
# them read these comments: found by `make test-lowest`, a 500 in the server's log.
_PARSING = threading.Lock()


@cache
def _comments(params: type[Params]) -> dict[str, str]:
    """Each field's comment: on its own lines, else the comment block right above it."""
    with _PARSING:
        return _parse_comments(params)


def _parse_comments(params: type[Params]) -> dict[str, str]:
    try:
        source = textwrap.dedent(inspect.getsource(params))
    except (OSError, TypeError):  # defined in a REPL or a zip without sources
        return {}
    comments: dict[int, str] = {}
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.COMMENT:
            text = tok.string.lstrip("#").strip()
            if text and not text.startswith(("fmt:", "noqa", "type:")):
                comments[tok.start[0]] = text
    lines = source.splitlines()
    found: dict[str, str] = {}
    for node in ast.parse(source).body[0].body:  # type: ignore[attr-defined]
        if not (isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name)):
            continue
        own = [comments[n] for n in range(node.lineno, (node.end_lineno or node.lineno) + 1)
               if n in comments]
        above: list[str] = []
        n = node.lineno - 1
        while n >= 1 and lines[n - 1].strip().startswith("#"):
            if n in comments:
                above.insert(0, comments[n])
            n -= 1
        found[node.target.id] = " ".join(above + own)
    return found


def param_descriptions(rule: Rule) -> dict[str, str]:
    """Each parameter's description as `hamopt rules` prints it (``Field(description=...)``
    and the field's comment); a parameter with neither is left out. The JSON Schemas of
    rule sets and overrides read it (hamopt/inputs/schemas.py)."""
    found = {}
    for name, info in rule.params.model_fields.items():
        text = " ".join(filter(None, (info.description, _comments(rule.params).get(name))))
        if text:
            found[name] = text
    return found
