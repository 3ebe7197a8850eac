"""The registry that names every rule: built-in modules plus the ``hamopt.rules`` entry points.

Third-party packages add rules by declaring, in their own pyproject.toml::

    [project.entry-points."hamopt.rules"]
    my_rule = "my_package.my_module:RULE"

where ``RULE`` is a :class:`hamopt.rules.contract.Rule`. A rule that never looks at a
slot's day or time should say so with ``slot_use=SlotUse.none``: left at the default
(``any``), every solve it takes part in keeps all offered slots in the model, which is exact
but slower (hamopt/engine/slot_choice.py).
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from importlib.metadata import entry_points
from importlib.resources import files

from hamopt.domain import fields as output_fields
from hamopt.domain.models import ProgramExercise, ProgramWeek
from hamopt.rules.contract import ActiveRule, Rule


def _builtin_module_names() -> tuple[str, ...]:
    """Every module of hamopt/rules/builtin/ that defines a rule, in the order the default
    rule set lists them (display order: `hamopt rules`, a program's `rules` block), then any
    the default set leaves out, by name. A new built-in rule is its module: nothing to add
    here."""
    import pkgutil

    import yaml

    from hamopt.rules import builtin

    names = {m.name for m in pkgutil.iter_modules(builtin.__path__)} - NOT_RULES
    default = files("hamopt") / "data" / "rulesets" / "default.yaml"
    listed = list(yaml.safe_load(default.read_text(encoding="utf-8"))["rules"])
    return (*[n for n in listed if n in names], *sorted(names - set(listed)))


# Modules of hamopt/rules/builtin/ that are not rules of a rule set: the schedule is checked
# always (checked_always), whatever the rule set says.
NOT_RULES = frozenset({"schedule"})
BUILTIN_MODULES: tuple[str, ...] = _builtin_module_names()

ENTRY_POINT_GROUP = "hamopt.rules"


class RegistryError(Exception):
    """A plugin rule could not be loaded or clashes with another rule's id."""


def _builtin_rules() -> list[Rule]:
    return [
        importlib.import_module(f"hamopt.rules.builtin.{name}").RULE for name in BUILTIN_MODULES
    ]


def _plugin_rules() -> list[Rule]:
    rules = []
    for ep in sorted(entry_points(group=ENTRY_POINT_GROUP), key=lambda e: e.name):
        try:
            rule = ep.load()
        except Exception as exc:  # a broken plugin must not take the CLI down silently
            raise RegistryError(
                f"rule plugin {ep.name!r} ({ep.value}) failed to load: {exc}"
            ) from exc
        if not isinstance(rule, Rule):
            raise RegistryError(f"rule plugin {ep.name!r} ({ep.value}) is not a hamopt Rule")
        rules.append(rule)
    return rules


def checked_always() -> list[ActiveRule]:
    """Requirements every program is checked against whatever the rule set says: the
    schedule (sessions on the scenario's slots, each with hamstring work), which the core
    model builds in and hand-written programs can still break."""
    from hamopt.rules.builtin.schedule import ACTIVE_SCHEDULE

    return [ACTIVE_SCHEDULE]


@lru_cache(maxsize=1)
def all_rules() -> dict[str, Rule]:
    """Every known rule by id, built-ins first, then plugins sorted by entry-point name.

    Loading them declares the fields they write onto programs (``Rule.fields``)."""
    registry: dict[str, Rule] = {}
    for rule in [*_builtin_rules(), *_plugin_rules()]:
        if rule.id in registry:
            raise RegistryError(f"two rules share the id {rule.id!r}")
        registry[rule.id] = rule
    _declare_fields(registry)
    return registry


def _declare_fields(registry: dict[str, Rule]) -> None:
    """The rules' program fields (``Rule.fields``), checked against the models' own."""
    own = {"line": set(ProgramExercise.model_fields), "week": set(ProgramWeek.model_fields)}
    for rule in registry.values():
        for f in rule.fields:
            if f.name in own.get(f.on, set()):
                raise RegistryError(
                    f"rule {rule.id!r} declares the {f.on} field {f.name!r}, which programs "
                    "already have"
                )
    try:
        output_fields.declare(f for rule in registry.values() for f in rule.fields)
    except ValueError as exc:
        raise RegistryError(str(exc)) from exc


def get_rule(rule_id: str) -> Rule:
    rules = all_rules()
    if rule_id not in rules:
        raise KeyError(f"unknown rule {rule_id!r}; known rules: {', '.join(rules)}")
    return rules[rule_id]
