"""`hamopt rules` output: the documented rules as text, Markdown or JSON."""

from __future__ import annotations

import json
import textwrap
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # annotations only: `hamopt rules --format` reads RULE_FORMATS at start-up
    from hamopt.rules.docs import ParamDoc, RuleDoc, RuleSetDoc

RULE_FORMATS = ("table", "json", "markdown")


def render_rules(doc: RuleSetDoc, fmt: str, width: int = 100) -> str:
    """``width``: where the text format wraps (a terminal's columns)."""
    if fmt == "json":
        return json.dumps(doc.as_dict(), indent=2) + "\n"
    if fmt == "markdown":
        return rules_markdown(doc)
    return rules_text(doc, width)


def value_text(value: Any) -> str:
    """A parameter value as a rule set file would spell it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list):
        return "[" + ", ".join(value_text(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {value_text(v)}" for k, v in value.items()) + "}"
    return str(value)


def _header(doc: RuleSetDoc) -> str:
    chain = f", extends {' -> '.join(doc.chain[1:])}" if len(doc.chain) > 1 else ""
    about = f": {doc.description}" if doc.description else ""
    return f"rule set {doc.name} ({doc.file}{chain}){about}"


def _mode_text(rule: RuleDoc) -> str:
    if not rule.listed:
        return "off (not in this rule set)"
    return "off" if rule.mode == "off" else f"{rule.mode}, weight {rule.weight}"


def _param_value(param: ParamDoc) -> str:
    default = value_text(param.default)
    return f"{value_text(param.value)} (default {default})" if param.changed else default


# --- plain text --------------------------------------------------------------------------


def rules_text(doc: RuleSetDoc, width: int = 100) -> str:
    from hamopt.domain.sources import cited

    out = [_header(doc), ""]
    for rule in doc.rules:
        origin = "" if rule.origin == "built-in" else f"  [{rule.origin}]"
        out.append(f"{rule.id}: {_mode_text(rule)}{origin}")
        out += textwrap.wrap(rule.description, width, initial_indent="  ",
                             subsequent_indent="  ")
        if rule.params:
            name_w = max(len(p.name) for p in rule.params)
            for p in rule.params:
                lead = f"  - {p.name.ljust(name_w)} = {_param_value(p)}  [{p.type}]"
                out.append(lead)
                if p.description:
                    out += textwrap.wrap(p.description, width, initial_indent="      ",
                                         subsequent_indent="      ")
        else:
            out.append("  (no parameters)")
        if rule.sources:
            out += textwrap.wrap("sources: " + "; ".join(map(cited, rule.sources)), width,
                                 initial_indent="  ", subsequent_indent="    ",
                                 break_on_hyphens=False, break_long_words=False)
        out.append("")
    return "\n".join(out)


# --- Markdown ---------------------------------------------------------------------------


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rules_markdown(doc: RuleSetDoc) -> str:
    from hamopt.domain.sources import cited

    out = [f"# Rules: {doc.name}", "", _cell(_header(doc)), ""]
    out += ["| Rule | Mode | Description |", "|---|---|---|"]
    for rule in doc.rules:
        out.append(f"| `{rule.id}` | {_cell(_mode_text(rule))} | {_cell(rule.description)} |")
    for rule in doc.rules:
        out += ["", f"## `{rule.id}`", "", rule.description, ""]
        out.append(f"Mode: **{_cell(_mode_text(rule))}**. Default: {rule.default_mode}, "
                   f"weight {rule.default_weight}. Origin: {rule.origin}.")
        if rule.params:
            out += ["", "| Parameter | Type | Default | In force | About |",
                    "|---|---|---|---|---|"]
            for p in rule.params:
                value = value_text(p.value)
                shown = f"**{value}**" if p.changed else value
                out.append(
                    f"| `{p.name}` | {_cell(p.type)} | {_cell(value_text(p.default))} | "
                    f"{_cell(shown)} | {_cell(p.description)} |"
                )
        if rule.sources:
            linked = (cited(x, markdown=True) for x in rule.sources)
            out += ["", "Sources: " + "; ".join(linked) + "."]
    return "\n".join(out) + "\n"
