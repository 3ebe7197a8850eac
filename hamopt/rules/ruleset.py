"""Rule sets as data: find a rule set, follow `extends`, apply overrides, validate params.

Resolution order, later wins: the rule's own defaults < the `extends` chain (base first) <
the rule set itself < the scenario's `overrides`. A rule set without `extends` switches on
only the rules it lists; `extends: default` inherits the seeds' rules.
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from hamopt.domain.models import Mode, RuleOverride, RuleSet, Scenario
from hamopt.io.errors import InputError, RuleSetError, clip, raise_all
from hamopt.io.files import regular_file
from hamopt.io.yaml_files import (
    LineMap,
    PathT,
    data_path,
    did_you_mean,
    error_message,
    load_yaml,
    require_mapping,
    validate,
)
from hamopt.rules.contract import ActiveRule, Params
from hamopt.rules.registry import all_rules

MAX_EXTENDS_DEPTH = 8


def packaged_names() -> list[str]:
    folder = files("hamopt") / "data" / "rulesets"
    return sorted(
        p.name.removesuffix(".yaml") for p in folder.iterdir() if p.name.endswith(".yaml")
    )


@cache
def _packaged(ref: str) -> tuple[RuleSet, str]:
    """A packaged rule set, parsed once per process: it cannot change while hamopt runs, and
    parsing default.yaml cost every solve ~18 ms, twice (the scenario's check, then the solve);
    a batch worker paid it for every client."""
    resource = files("hamopt") / "data" / "rulesets" / f"{ref}.yaml"
    return load_ruleset_file(Path(str(resource))), str(resource)


def find_ruleset(ref: str, base_dir: Path | None = None) -> tuple[RuleSet, str]:
    """A packaged rule set by name, or a YAML file by path (relative to base_dir first)."""
    if ref in packaged_names():
        ruleset, resource = _packaged(ref)
        return ruleset.model_copy(deep=True), resource  # a copy: callers may change theirs
    candidates = [Path(ref)] if Path(ref).is_absolute() else []
    if base_dir is not None and not Path(ref).is_absolute():
        candidates.append(base_dir / ref)
    candidates.append(Path(ref))
    for path in candidates:
        try:
            is_file, exists = path.is_file(), path.exists()
        except OSError:  # a name too long for the file system, say: no such file
            continue
        if is_file:
            return load_ruleset_file(path), str(path)
        if exists:  # a FIFO, a device, a folder: refused, with what it is
            try:
                regular_file(path)
            except InputError as exc:  # said of the reference, where the caller names it
                raise RuleSetError(f"rule set {ref!r} {exc.message}", path=("rules",)) from None
    raise RuleSetError(
        f"no rule set {ref!r}: not a packaged rule set ({', '.join(packaged_names())}) "
        "and no such file",
        path=("rules",),
    )


def _params_for(
    rule_id: str, params: dict[str, Any], where: tuple[str | int, ...], file: str | None
) -> Params:
    """The rule's merged params, validated whole (the resolve path): raises what is wrong."""
    checked, errors = check_params(rule_id, params, where, file)
    raise_all(errors)
    assert checked is not None
    return checked


def _check_rule_id(rule_id: str, where: tuple[str | int, ...], file: str | None) -> None:
    if rule_id not in all_rules():
        raise RuleSetError(
            f"unknown rule {clip(rule_id)!r}; known rules: {', '.join(all_rules())}",
            path=where,
            file=file,
            line=_line_of(file, where),
        )


def _line_of(file: str | None, path: tuple[str | int, ...]) -> int | None:
    """The YAML line of ``path`` in ``file``, for errors raised after the file was loaded."""
    if file is None:
        return None
    try:
        return load_yaml(file)[1].line(path)
    except Exception:  # only a line for a message: never a traceback instead of the message
        return None


def _same_file(file: str | None) -> str | None:
    return str(Path(file).resolve()) if file is not None else None


def _layers(
    ruleset: RuleSet,
    file: str | None,
    base_dir: Path | None,
    seen: tuple[tuple[str, str | None], ...] = (),
) -> list[tuple[RuleSet, str | None]]:
    """The extends chain as (RuleSet, file) pairs, base first.

    ``seen`` is the chain walked so far, (name, file) from the top, so a cycle is reported
    with every file in it (a.yaml -> b.yaml -> a.yaml) at the `extends` line that closes it.
    """
    here = (*seen, (ruleset.name, file))
    if len(here) > MAX_EXTENDS_DEPTH + 1:
        raise RuleSetError(
            f"rule sets extend each other more than {MAX_EXTENDS_DEPTH} levels deep: "
            + " -> ".join(f or n for n, f in here),
            path=("extends",),
            file=file,
            line=_line_of(file, ("extends",)),
        )
    chain: list[tuple[RuleSet, str | None]] = []
    if ruleset.extends is not None:
        try:
            base, base_file = find_ruleset(ruleset.extends, base_dir)
        except RuleSetError as exc:
            if exc.file is None:  # not found: the mistake is this file's `extends`
                exc.file, exc.path = file, ("extends",)
                exc.line = _line_of(file, ("extends",))
            raise
        visited = [_same_file(f) for _, f in here]
        if _same_file(base_file) in visited:
            loop = [f or n for n, f in here[visited.index(_same_file(base_file)) :]]
            raise RuleSetError(
                "rule sets extend each other in a cycle: " + " -> ".join([*loop, base_file]),
                path=("extends",),
                file=file,
                line=_line_of(file, ("extends",)),
            )
        chain.extend(_layers(base, base_file, Path(base_file).parent, here))
    chain.append((ruleset, file))
    return chain


def resolve(
    ruleset: RuleSet,
    overrides: dict[str, RuleOverride] | None = None,
    *,
    file: str | None = None,
    base_dir: Path | None = None,
    overrides_file: str | None = None,
) -> list[ActiveRule]:
    """The active rules, in registry order, with validated params."""
    config: dict[str, dict[str, Any]] = {}
    for layer, layer_file in _layers(ruleset, file, base_dir):
        for rule_id, rc in layer.rules.items():
            _check_rule_id(rule_id, ("rules", rule_id), layer_file)
            entry = config.setdefault(rule_id, {"params": {}})
            # Only what this layer writes overrides the layers below: a rule set that tunes
            # head_coverage's params must not reset its weight (10) to RuleConfig's default.
            written = rc.model_fields_set
            if rc.mode is not None:
                entry["mode"] = rc.mode
            if "weight" in written:
                entry["weight"] = rc.weight
            entry["params"] = {**entry["params"], **rc.params}
            entry["file"] = layer_file
    for rule_id, ov in (overrides or {}).items():
        _check_rule_id(rule_id, ("overrides", rule_id), overrides_file)
        entry = config.setdefault(rule_id, {"params": {}, "mode": None, "weight": None})
        if ov.mode is not None:
            entry["mode"] = ov.mode
        if ov.weight is not None:
            entry["weight"] = ov.weight
        entry["params"] = {**entry["params"], **ov.params}
        entry["file"] = overrides_file
        entry["where"] = ("overrides", rule_id, "params")
    active = []
    for rule_id, rule in all_rules().items():
        if rule_id not in config:
            continue
        entry = config[rule_id]
        where = entry.get("where", ("rules", rule_id, "params"))
        params = _params_for(rule_id, entry["params"], where, entry.get("file"))
        mode = entry.get("mode") or rule.default_mode
        weight = entry.get("weight")
        active.append(
            ActiveRule(rule, Mode(mode), rule.default_weight if weight is None else weight, params)
        )
    return active


def default_rules() -> list[ActiveRule]:
    ruleset, file = find_ruleset("default")
    return resolve(ruleset, file=file)


def active_rules(
    scenario: Scenario,
    ruleset: RuleSet | str | None = None,
    *,
    base_dir: Path | None = None,
    ruleset_file: str | None = None,
) -> list[ActiveRule]:
    """The scenario's rules: the given rule set (or the scenario's `rules:`) + its overrides."""
    if ruleset is None or isinstance(ruleset, str):
        ruleset, ruleset_file = find_ruleset(ruleset or scenario.rules, base_dir)
    parent = Path(ruleset_file).parent if ruleset_file else base_dir
    return resolve(ruleset, scenario.overrides, file=ruleset_file, base_dir=parent)


# --- rule set files ------------------------------------------------------------------


def check_params(
    rule_id: str,
    params: Any,
    base: PathT,
    file: str | None,
    linemap: LineMap | None = None,
    *,
    whole: bool = True,
) -> tuple[Params | None, list[InputError]]:
    """The one parameter check: the rule's Params from ``params``, or what is wrong with them.

    Unknown parameter names first (each with a "did you mean"), then the values the rule's
    Params model rejects, field by field. ``whole`` False leaves whole-model checks (e.g.
    "min <= max") aside: a rule set file's block is judged on its own that way, the params
    merged across the ``extends`` chain and the overrides are judged whole by :func:`resolve`.
    Lines come from ``linemap`` when given, else from ``file``.
    """

    def error(message: str, path: PathT) -> RuleSetError:
        line = linemap.line(path) if linemap is not None else _line_of(file, path)
        return RuleSetError(message, file=file, path=path, line=line)

    if not isinstance(params, dict):
        return None, []  # the file's own model reports a params block that is not a mapping
    model = all_rules()[rule_id].params
    valid = list(model.model_fields)
    unknown = [
        error(
            f"unknown parameter {clip(str(key))!r} for rule {rule_id}"
            f"{did_you_mean(str(key), valid)}; "
            f"valid parameters: {', '.join(valid) or 'none'}",
            (*base, key),
        )
        for key in params
        if key not in model.model_fields
    ]
    if unknown:
        return None, list(unknown)
    try:
        return model.model_validate(params), []
    except ValidationError as exc:
        errors: list[InputError] = []
        for err in exc.errors():
            if not err["loc"] and not whole:
                continue  # a whole-model check: judged on the merged params by resolve()
            rel = data_path(err["loc"], params, err["type"])
            errors.append(error(f"rule {rule_id}: {error_message(err, rel, model)}", (*base, *rel)))
        return None, errors


def params_errors(
    rule_id: str, params: Any, base: PathT, file: str, linemap: LineMap
) -> list[InputError]:
    """What is wrong with one rule set block's params (:func:`check_params`, whole-model
    checks left to :func:`resolve`)."""
    return check_params(rule_id, params, base, file, linemap, whole=False)[1]


def rule_errors(
    rules: dict[str, Any], base: PathT, file: str, linemap: LineMap
) -> list[InputError]:
    """Each key of ``rules`` / ``overrides`` a known rule, each params block valid for it."""
    known = all_rules()
    errors: list[InputError] = []
    for rule_id, config in rules.items():
        path = (*base, rule_id)
        if rule_id not in known:
            errors.append(
                RuleSetError(
                    f"unknown rule {clip(rule_id)!r}{did_you_mean(rule_id, known)}; known rules: "
                    f"{', '.join(known)}",
                    file=file,
                    path=path,
                    line=linemap.line(path),
                )
            )
            continue
        errors.extend(params_errors(rule_id, config.params, (*path, "params"), file, linemap))
    return errors


def with_line(exc: InputError, file: str, linemap: LineMap) -> InputError:
    """Fill in the file and line of an error raised about this file without them."""
    if exc.file is None:
        exc.file = file
    exc.message = exc.message.replace("Value error, ", "")
    if exc.file == file and exc.line is None:
        exc.line = linemap.line(exc.path)
    return exc


def load_ruleset_data(data: Any, file: str, linemap: LineMap) -> RuleSet:
    """A rule set's data checked in full. `name` and `rules` are both required: they are
    what `hamopt validate` knows a rule set by, so every command refuses what it refuses."""
    data = require_mapping(data, file, "`name` and `rules`")
    for key in ("name", "rules"):
        if key not in data:
            raise InputError(
                f"missing required key {key!r}: a rule set has `name` and `rules` (a "
                "mapping of rule ids; `rules: {}` for none)",
                file=file,
                line=1,
            )
    ruleset = validate(RuleSet, data, file, linemap)
    raise_all(rule_errors(ruleset.rules, ("rules",), file, linemap))
    return ruleset


def load_ruleset_file(path: str | Path) -> RuleSet:
    """A rule set file: every rule id known, every params key a field of that rule's Params.

    ``extends`` is not followed here (``hamopt.rules.ruleset`` does that, and calls this for each
    file of the chain); :func:`load_any` follows it too.
    """
    data, linemap = load_yaml(path)
    return load_ruleset_data(data, str(path), linemap)
