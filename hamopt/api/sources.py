"""What the Python API takes as a scenario: a Scenario, a file's path, or a file's content.

A notebook has a dict at hand (built in code, read from JSON) or a path as often as a
Scenario model; each is checked exactly as `hamopt validate` checks a file
(:mod:`hamopt.inputs.loading`), so a mistake is the same InputError naming the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from os import PathLike
from pathlib import Path
from typing import Any, TypeAlias

from hamopt.domain.models import Scenario
from hamopt.io.yaml_files import LineMap

ScenarioSource: TypeAlias = Scenario | Mapping[str, Any] | str | PathLike[str]
# The "file" a dict's errors name: there is no file, and no lines.
DICT_LABEL = "<scenario dict>"


def as_scenario(
    source: ScenarioSource, base_dir: Path | None = None
) -> tuple[Scenario, Path | None]:
    """The checked Scenario, and the folder a rule set path is found from (``base_dir``,
    else a scenario file's own folder)."""
    from hamopt.inputs.loading import load_scenario, scenario_from_data

    if isinstance(source, Scenario):
        return source, base_dir
    if isinstance(source, Mapping):
        return scenario_from_data(dict(source), DICT_LABEL, LineMap()), base_dir
    if isinstance(source, str | PathLike):
        path = Path(source)
        return load_scenario(path), base_dir if base_dir is not None else path.parent
    raise TypeError(
        "a scenario is a hamopt Scenario, a scenario file's path or its content as a dict, "
        f"not {type(source).__name__}"
    )
