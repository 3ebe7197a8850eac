"""Pydantic models: the data contracts of DESIGN.md.

Input models (Scenario, Exercise, Catalog, RuleSet) forbid unknown keys, so a typo in a
scenario file is an error instead of a silently ignored setting. Every size a user controls
is bounded (see the ``MAX_*`` constants) so no input can make the solver hang.
"""

from __future__ import annotations

import re
from enum import StrEnum
from typing import Annotated, Any, ClassVar, Literal, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    SerializationInfo,
    SerializerFunctionWrapHandler,
    ValidationError,
    ValidatorFunctionWrapHandler,
    field_validator,
    model_serializer,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import InitErrorDetails, core_schema

from hamopt.domain import fields as rule_fields

# Bounds on user-controlled sizes. Past these the model raises a clear validation error.
MAX_SLOTS = 21  # three a day, every day
MAX_WEEKS = 104
# A catalog file (`--catalog`, a scenario's `catalog:`) may hold a gym's whole library. 2,000
# is the largest size the growth benchmark measures (benchmarks/bench_growth.py), and every
# solve of it is bounded by --time-limit in deterministic seconds; a larger limit waits for
# the model reduction that makes such catalogs fast (issue 23, item 2).
MAX_CATALOG = 2000
# Inline in a scenario (and in an HTTP request, which has no catalog file): kept at 200, as a
# request's body is bounded too; a larger library belongs in a catalog file.
MAX_SCENARIO_EXERCISES = 200

HEADS: tuple[str, ...] = ("bf_long", "bf_short", "semitendinosus", "semimembranosus")
Day = Literal["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
DAYS: tuple[Day, ...] = get_args(Day)

Identifier = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]{0,63}$")]


class Strict(BaseModel):
    """Base for input models: unknown keys are errors, values are validated on assignment."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# --- vocabularies -----------------------------------------------------------------------


class Region(StrEnum):
    hamstrings = "hamstrings"
    quads = "quads"


class Action(StrEnum):
    knee_flexion = "knee_flexion"
    hip_extension = "hip_extension"
    knee_extension = "knee_extension"
    squat = "squat"


class Equipment(StrEnum):
    """The fixed equipment vocabulary. An exercise needs all of its items."""

    barbell = "barbell"
    squat_rack = "squat_rack"
    dumbbell = "dumbbell"
    kettlebell = "kettlebell"
    bench = "bench"
    plyo_box = "plyo_box"
    seated_leg_curl_machine = "seated_leg_curl_machine"
    lying_leg_curl_machine = "lying_leg_curl_machine"
    standing_leg_curl_machine = "standing_leg_curl_machine"
    kneeling_leg_curl_machine = "kneeling_leg_curl_machine"
    back_extension_bench = "back_extension_bench"
    glute_ham_developer = "glute_ham_developer"
    reverse_hyper_machine = "reverse_hyper_machine"
    cable_station = "cable_station"
    leg_press_machine = "leg_press_machine"
    hack_squat_machine = "hack_squat_machine"
    leg_extension_machine = "leg_extension_machine"
    resistance_band = "resistance_band"
    stability_ball = "stability_ball"
    nordic_anchor = "nordic_anchor"
    sliders = "sliders"


EQUIPMENT_PROFILES: dict[str, tuple[Equipment, ...]] = {
    "full_gym": tuple(Equipment),
    "home_gym": (
        Equipment.barbell,
        Equipment.squat_rack,
        Equipment.dumbbell,
        Equipment.bench,
        Equipment.resistance_band,
        Equipment.stability_ball,
        Equipment.nordic_anchor,
        Equipment.plyo_box,
    ),
    "home_bands": (Equipment.resistance_band,),
    "home_dumbbells_kettlebell": (Equipment.dumbbell, Equipment.kettlebell, Equipment.bench),
    "bodyweight_only": (),
}


class Laterality(StrEnum):
    bilateral = "bilateral"
    unilateral = "unilateral"


class Level(StrEnum):
    beginner = "beginner"
    intermediate = "intermediate"
    advanced = "advanced"


# Experience and skill ratings in order, for "at or above this level" comparisons.
LEVEL_RANK: dict[Level, int] = {Level.beginner: 0, Level.intermediate: 1, Level.advanced: 2}


class BackLoad(StrEnum):
    low = "low"
    moderate = "moderate"
    high = "high"


class Loading(StrEnum):
    """How an exercise is loaded, and so how finely it progresses (machines and dumbbells in
    small steps; bands in coarse ones; bodyweight only by leverage or a harder variant)."""

    machine = "machine"
    barbell = "barbell"
    dumbbell = "dumbbell"
    kettlebell = "kettlebell"
    cable = "cable"
    band = "band"
    bodyweight = "bodyweight"


# Equipment that is itself the load (a weight stack or a plate-loaded sled). The GHD, the
# back-extension bench and the Nordic anchor only hold the body, so they are not here.
MACHINE_EQUIPMENT: frozenset[Equipment] = frozenset(
    {
        Equipment.seated_leg_curl_machine,
        Equipment.lying_leg_curl_machine,
        Equipment.standing_leg_curl_machine,
        Equipment.kneeling_leg_curl_machine,
        Equipment.reverse_hyper_machine,
        Equipment.leg_press_machine,
        Equipment.hack_squat_machine,
        Equipment.leg_extension_machine,
    }
)

# Precedence for a missing `loading`: the first kind of load the equipment holds wins, so a
# reverse-band hack squat is a machine lift and a band-assisted Nordic a band one.
LOADING_PRECEDENCE: tuple[tuple[frozenset[Equipment], Loading], ...] = (
    (MACHINE_EQUIPMENT, Loading.machine),
    (frozenset({Equipment.barbell}), Loading.barbell),
    (frozenset({Equipment.dumbbell}), Loading.dumbbell),
    (frozenset({Equipment.kettlebell}), Loading.kettlebell),
    (frozenset({Equipment.cable_station}), Loading.cable),
    (frozenset({Equipment.resistance_band}), Loading.band),
)


def derived_loading(equipment: list[Equipment]) -> Loading:
    """The loading an exercise gets when its entry does not say (LOADING_PRECEDENCE)."""
    have = set(equipment)
    for items, loading in LOADING_PRECEDENCE:
        if have & items:
            return loading
    return Loading.bodyweight


# The attributes an exercise's `sources` may cite: the three coaching attributes and the three
# joint/skill ratings the rules and the fit read. Each value names a study as
# research/evidence.md spells it, a seed id ("000") or "estimated".
SOURCED_ATTRIBUTES: tuple[str, ...] = (
    "family",
    "loading",
    "fatigue",
    "difficulty",
    "knee_stress",
    "lower_back_load",
)


class Goal(StrEnum):
    hypertrophy = "hypertrophy"
    strength = "strength"
    injury_prevention = "injury_prevention"


class Contraindication(StrEnum):
    low_back_pain = "low_back_pain"
    knee_pain = "knee_pain"
    cannot_kneel = "cannot_kneel"


class Side(StrEnum):
    left = "left"
    right = "right"


class Phase(StrEnum):
    correction = "correction"
    balanced = "balanced"


class Mode(StrEnum):
    hard = "hard"
    soft = "soft"
    off = "off"


def yaml_mode(value: Any) -> Any:
    """A rule's mode as a rule set or scenario writes it.

    PyYAML reads YAML 1.1, where an unquoted ``off`` is the boolean false, so ``mode: off``
    (the natural way to switch a rule off) arrives as False.
    """
    return Mode.off if value is False else value


# --- exercises and the catalog ----------------------------------------------------------


class Stimulus(Strict):
    """Share of a set that trains each head, 0..1 (1 = a full set for that head)."""

    bf_long: float = Field(ge=0.0, le=1.0)
    bf_short: float = Field(ge=0.0, le=1.0)
    semitendinosus: float = Field(ge=0.0, le=1.0)
    semimembranosus: float = Field(ge=0.0, le=1.0)

    def get(self, head: str) -> float:
        return float(getattr(self, head))

    def total(self) -> float:
        return sum(self.get(h) for h in HEADS)


class Exercise(Strict):
    id: Identifier
    name: str = Field(min_length=1, max_length=120)
    region: Region
    actions: list[Action] = Field(min_length=1, max_length=4)
    stimulus: Stimulus
    equipment: list[Equipment] = Field(default_factory=list, max_length=8)
    laterality: Laterality = Laterality.bilateral
    long_length_bias: float = Field(default=0.5, ge=0.0, le=1.0)
    difficulty: Level = Level.intermediate
    lower_back_load: BackLoad = BackLoad.low
    rep_range: tuple[int, int] = (6, 20)
    source: str = Field(min_length=1, max_length=400)
    progresses_to: Identifier | None = None
    # How to do it and what it asks of the joints (hamopt/domain/prescribe.py and the rules
    # contraindications and nordic_for_prevention read these).
    cue: str | None = Field(default=None, min_length=1, max_length=300)
    # 4-digit tempo (eccentric, bottom pause, concentric, top pause; X = explosive) that
    # overrides the rep zone's default, e.g. 6110 for an accentuated-eccentric curl.
    tempo: str | None = Field(default=None, pattern=r"^[0-9X]{4}$")
    kneeling: bool = False  # done on the knees (Nordic family, kneeling curl)
    knee_stress: BackLoad = BackLoad.low  # knee-joint load, same low/moderate/high scale
    # Coaching attributes (hamopt/domain/fit.py reads them). All optional so a scenario's own
    # exercise stays valid without them: `family` (variants of one movement share it, so a
    # coach puts one per session) defaults to the id; `loading` to derived_loading(equipment).
    # Both are None only before validation; _derive fills them.
    family: Identifier | None = None
    loading: Loading | None = None
    fatigue: BackLoad = BackLoad.moderate  # systemic fatigue / recovery cost
    seeds: list[Annotated[str, Field(pattern=r"^[0-9]{3}$")]] = Field(
        default_factory=list, max_length=10
    )  # the seed articles (seeds/NNN_*.txt) that program or recommend it
    sources: dict[str, Annotated[str, Field(min_length=1, max_length=200)]] = Field(
        default_factory=dict
    )  # per SOURCED_ATTRIBUTES key: a study, a seed id or "estimated"

    @field_validator("rep_range")
    @classmethod
    def _rep_range_ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        lo, hi = value
        if not 1 <= lo <= hi <= 50:
            raise ValueError(
                f"rep_range must be [lo, hi] with 1 <= lo <= hi <= 50, got {list(value)}"
            )
        return value

    @field_validator("sources")
    @classmethod
    def _known_attributes(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(SOURCED_ATTRIBUTES))
        if unknown:
            raise ValueError(
                f"sources names unknown attribute {unknown[0]!r}; use "
                f"{', '.join(SOURCED_ATTRIBUTES)}"
            )
        return value

    @field_validator("actions", "equipment", "seeds")
    @classmethod
    def _no_repeats(cls, value: list[Any]) -> list[Any]:
        if len(set(value)) != len(value):
            raise ValueError("lists each item once")
        return value

    @model_validator(mode="after")
    def _anatomy(self) -> Exercise:
        # bf_short does not cross the hip: without knee flexion it cannot be trained.
        if Action.knee_flexion not in self.actions and self.stimulus.bf_short > 0:
            raise ValueError(
                "stimulus.bf_short must be 0 for an exercise without knee_flexion: "
                "the short head of biceps femoris only flexes the knee"
            )
        if self.region is Region.hamstrings and not (
            {Action.knee_flexion, Action.hip_extension} & set(self.actions)
        ):
            raise ValueError("a hamstrings exercise needs knee_flexion or hip_extension in actions")
        return self

    @model_validator(mode="after")
    def _derive(self) -> Exercise:
        # Derived defaults, set past validate_assignment (re-validating here would recurse),
        # as Scenario._phases_agree does.
        if self.family is None:
            object.__setattr__(self, "family", self.id)
        if self.loading is None:
            object.__setattr__(self, "loading", derived_loading(self.equipment))
        return self

    # Convenience predicates used by rules and checkers alike.
    @property
    def is_knee_flexion(self) -> bool:
        return Action.knee_flexion in self.actions

    @property
    def is_hip_extension(self) -> bool:
        return Action.hip_extension in self.actions

    @property
    def is_hamstring(self) -> bool:
        return self.region is Region.hamstrings

    @property
    def is_quad(self) -> bool:
        return self.region is Region.quads

    @property
    def is_squat_pattern(self) -> bool:
        return Action.squat in self.actions


class Catalog(Strict):
    # A catalog file with `extends: default` adds its exercises to the shipped ones; without
    # it, the file is the whole catalog (hamopt/inputs/catalog_files.py merges them).
    extends: Literal["default"] | None = Field(
        default=None,
        description="`default`: these exercises are added to the shipped catalog; absent: "
        "they replace it.",
    )
    exercises: list[Exercise] = Field(min_length=1, max_length=MAX_CATALOG)

    @model_validator(mode="after")
    def _unique_ids(self) -> Catalog:
        seen: set[str] = set()
        for i, exercise in enumerate(self.exercises):
            if exercise.id in seen:
                raise ValueError(f"duplicate exercise id {exercise.id!r} (entry {i})")
            seen.add(exercise.id)
        if self.extends is not None:
            return self  # may progress to a shipped exercise: checked once merged
        for exercise in self.exercises:
            if exercise.progresses_to is not None and exercise.progresses_to not in seen:
                raise ValueError(
                    f"exercise {exercise.id!r}: progresses_to {exercise.progresses_to!r} "
                    "is not in the catalog"
                )
        return self

    def by_id(self) -> dict[str, Exercise]:
        return {e.id: e for e in self.exercises}


# --- scenarios --------------------------------------------------------------------------

_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def check_hhmm(value: str | None) -> str | None:
    """A clock time as HH:MM on a 24-hour clock (slots and program sessions alike)."""
    if value is not None and not _TIME.match(value):
        raise ValueError(f"time must be HH:MM on a 24-hour clock, got {value!r}")
    return value


class Slot(Strict):
    """A time this person can train. Without a time the day counts from 12:00."""

    day: Day
    time: str | None = None

    @field_validator("day", mode="before")
    @classmethod
    def _lower_day(cls, value: Any) -> Any:
        return value.lower() if isinstance(value, str) else value

    _hhmm = field_validator("time")(check_hhmm)

    @property
    def hour_of_week(self) -> float:
        """Hours since Monday 00:00, for clock-time spacing."""
        hh, mm = (self.time or "12:00").split(":")
        return DAYS.index(self.day) * 24 + int(hh) + int(mm) / 60

    @property
    def label(self) -> str:
        return f"{self.day.capitalize()} {self.time}" if self.time else self.day.capitalize()


class Schedule(Strict):
    sessions_per_week: int = Field(ge=1, le=7)
    minutes_per_session: int = Field(default=60, ge=10, le=240)
    slots: list[Slot] = Field(min_length=1, max_length=MAX_SLOTS)
    # The week's matches or races (day, and kick-off time; without one, 12:00): heavy
    # eccentric and heavy barbell work keeps its distance from them (match_proximity).
    matches: list[Slot] = Field(default_factory=list, max_length=7)

    @model_validator(mode="after")
    def _distinct_slots(self) -> Schedule:
        keys = [(s.day, s.time) for s in self.slots]
        if len(set(keys)) != len(keys):
            raise ValueError("slots lists the same day and time twice")
        return self


class Athlete(Strict):
    experience: Level = Level.intermediate
    goals: list[Goal] = Field(default_factory=lambda: [Goal.hypertrophy], max_length=3)
    sport: str | None = Field(default=None, max_length=60)
    contraindications: list[Contraindication] = Field(default_factory=list, max_length=10)
    weaker_side: Side | None = None
    # Years; the exercise fit treats 50 and over as masters (more care with knee stress).
    age: int | None = Field(default=None, ge=12, le=100)


class Preferences(Strict):
    include: list[Identifier] = Field(default_factory=list, max_length=50)
    exclude: list[Identifier] = Field(default_factory=list, max_length=200)
    favour: list[Identifier] = Field(default_factory=list, max_length=50)
    avoid: list[Identifier] = Field(default_factory=list, max_length=200)

    @model_validator(mode="after")
    def _no_contradiction(self) -> Preferences:
        # Asking for an exercise and ruling it out at once is a typo, not a scenario to solve.
        wanted = {"include": self.include, "favour": self.favour}
        unwanted = {"exclude": self.exclude, "avoid": self.avoid}
        for want, want_ids in wanted.items():
            for unwant, unwant_ids in unwanted.items():
                both = sorted(set(want_ids) & set(unwant_ids))
                if both:
                    raise ValueError(f"{both[0]!r} is under both {want} and {unwant}")
        return self

    def all_ids(self) -> list[tuple[str, str]]:
        return [
            (field, ex_id)
            for field in ("include", "exclude", "favour", "avoid")
            for ex_id in getattr(self, field)
        ]


class RuleOverride(Strict):
    mode: Mode | None = None
    weight: int | None = Field(default=None, ge=0, le=1_000_000)
    params: dict[str, Any] = Field(default_factory=dict)

    _off = field_validator("mode", mode="before")(yaml_mode)


class PhaseBlock(Strict):
    """One phase of a multi-week plan: which phase, for how many weeks."""

    phase: Phase
    weeks: int = Field(ge=1, le=MAX_WEEKS)


class Scenario(Strict):
    name: str = Field(min_length=1, max_length=200)
    athlete: Athlete = Field(default_factory=Athlete)
    phase: Phase = Phase.balanced
    schedule: Schedule
    equipment: str | list[Equipment] = "full_gym"
    preferences: Preferences = Field(default_factory=Preferences)
    weeks: int = Field(default=1, ge=1, le=MAX_WEEKS)
    # The phases in order (issue 8); `phase:` alone is the one-phase shorthand. Without
    # `weeks:` the horizon is the phases' sum; with it, the two must agree.
    phases: list[PhaseBlock] | None = Field(default=None, min_length=1, max_length=MAX_WEEKS)
    rules: str = Field(default="default", min_length=1, max_length=500)
    # A catalog file, relative to the scenario's file, used instead of the shipped catalog
    # (`hamopt solve --catalog` overrides it); `exercises` are added to it.
    catalog: str | None = Field(
        default=None,
        min_length=1,
        max_length=500,
        description="An exercise catalog file (relative to this file) used instead of the "
        "shipped one; `--catalog` wins over it.",
    )
    overrides: dict[Identifier, RuleOverride] = Field(default_factory=dict)
    exercises: list[Exercise] = Field(default_factory=list, max_length=MAX_SCENARIO_EXERCISES)

    @field_validator("equipment")
    @classmethod
    def _known_profile(cls, value: str | list[Equipment]) -> str | list[Equipment]:
        if isinstance(value, str) and value not in EQUIPMENT_PROFILES:
            raise ValueError(
                f"unknown equipment profile {value!r}; use one of "
                f"{', '.join(EQUIPMENT_PROFILES)} or a list of equipment ids"
            )
        if isinstance(value, list) and len(set(value)) != len(value):
            raise ValueError("equipment lists an item twice")
        return value

    @model_validator(mode="after")
    def _phases_agree(self) -> Scenario:
        if self.phases is None:
            return self
        total = sum(p.weeks for p in self.phases)
        if total > MAX_WEEKS:
            raise ValueError(f"phases add up to {total} weeks; at most {MAX_WEEKS}")
        if "weeks" in self.model_fields_set and self.weeks != total:
            raise ValueError(
                f"weeks is {self.weeks} but the phases add up to {total}; "
                "give one, or make them agree"
            )
        first = self.phases[0].phase
        if "phase" in self.model_fields_set and self.phase is not first:
            raise ValueError(
                f"phase is {self.phase} but the phases start with {first}; "
                "phase is the one-phase shorthand: drop it, or make it the first phase"
            )
        # Derived, so code that reads `weeks` and `phase` (week 1's phase) stays right.
        # Bypassing validate_assignment: re-validating here would recurse.
        object.__setattr__(self, "weeks", total)
        object.__setattr__(self, "phase", first)
        return self

    def phase_plan(self) -> list[tuple[Phase, int]]:
        """(phase, weeks) in order: the phases, or `phase` for the whole horizon."""
        if self.phases is None:
            return [(self.phase, self.weeks)]
        return [(p.phase, p.weeks) for p in self.phases]

    # Not checked here, on purpose: too few slots is an infeasible scenario (explained, exit
    # 1), and duplicate exercise ids are reported by hamopt.inputs.loading at the id's own line (and
    # by Catalog when catalog_for merges them).

    def equipment_set(self) -> frozenset[Equipment]:
        if isinstance(self.equipment, str):
            return frozenset(EQUIPMENT_PROFILES[self.equipment])
        return frozenset(self.equipment)


# --- rule sets --------------------------------------------------------------------------


class RuleConfig(Strict):
    # None: the rule's own default mode (a rule set that lists a rule without a mode).
    mode: Mode | None = None
    weight: int = Field(default=1, ge=0, le=1_000_000)
    params: dict[str, Any] = Field(default_factory=dict)

    _off = field_validator("mode", mode="before")(yaml_mode)


class RuleSet(Strict):
    name: str = Field(min_length=1, max_length=120)
    description: str = ""
    extends: str | None = None
    rules: dict[Identifier, RuleConfig] = Field(default_factory=dict)


# --- programs (the output contract; also what `hamopt check` reads) ---------------------


class Extensible(Strict):
    """A program part rules may add fields to (hamopt/domain/fields.py): a line or a week.

    The rules' fields live in ``extras`` and read and write as if they were the model's own:
    ``ProgramExercise(rotation="toes_in")`` and a file's ``rotation:`` land in ``extras``,
    validated against the declared type; the JSON has them at their declared place.
    """

    LEVEL: ClassVar[rule_fields.Level]
    # The rules' fields by name (see OutputField); read with `extra`, set with `set_extra`.
    extras: dict[str, Any] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _gather_extras(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        names = {f.name for f in rule_fields.declared(cls.LEVEL)}
        moved = {k: v for k, v in data.items() if k in names}
        if not moved:
            return data
        rest = {k: v for k, v in data.items() if k not in names}
        given = rest.get("extras")
        rest["extras"] = {**(given if isinstance(given, dict) else {}), **moved}
        return rest

    @field_validator("extras", mode="wrap")
    @classmethod
    def _typed_extras(cls, value: Any, handler: ValidatorFunctionWrapHandler) -> dict[str, Any]:
        value = handler(value)
        out: dict[str, Any] = {}
        errors: list[InitErrorDetails] = []
        for name, item in value.items():
            spec = rule_fields.declared_field(cls.LEVEL, name)
            if spec is None:
                out[name] = item  # set by a rule the registry does not know; kept as is
                continue
            try:
                checked = spec.adapter().validate_python(item)
            except ValidationError as exc:
                errors += [
                    InitErrorDetails(
                        type=e["type"],  # type: ignore[typeddict-item]
                        loc=(name, *e["loc"]),
                        input=e["input"],
                        ctx=e.get("ctx", {}),
                    )
                    for e in exc.errors()
                ]
                continue
            if checked != spec.default:  # a default is not kept: unset and default are equal
                out[name] = checked
        if errors:
            raise ValidationError.from_exception_data(cls.__name__, errors)
        return out

    @classmethod
    def known_keys(cls) -> list[str]:
        """The keys a file may give: the model's own and the declared fields, in output
        order (what an "unknown key" error lists)."""
        own = [name for name in cls.model_fields if name != "extras"]
        return [x if isinstance(x, str) else x.name for x in rule_fields.placed(own, cls.LEVEL)]

    def extra(self, name: str) -> Any:
        """A rule's field: its value, or its declared default when unset."""
        if name in self.extras:
            return self.extras[name]
        spec = rule_fields.declared_field(self.LEVEL, name)
        return None if spec is None else spec.default

    def set_extra(self, name: str, value: Any) -> None:
        """Set a rule's field (validated when the field is declared)."""
        spec = rule_fields.declared_field(self.LEVEL, name)
        checked = value if spec is None else spec.adapter().validate_python(value)
        self.extras = {**self.extras, name: checked}

    def shown_extras(self) -> list[str]:
        """The rules' fields in words, where they say something ("toes in", "deload")."""
        shown = (f.shown(self.extra(f.name)) for f in rule_fields.declared(self.LEVEL))
        return [text for text in shown if text]

    @model_serializer(mode="wrap")
    def _place_extras(
        self, handler: SerializerFunctionWrapHandler, info: SerializationInfo
    ) -> dict[str, Any]:
        data = handler(self)
        if not isinstance(data, dict):
            return data  # type: ignore[no-any-return]
        extras = dict(self.extras)
        data.pop("extras", None)
        out: dict[str, Any] = {}
        for item in rule_fields.placed(data, self.LEVEL):
            if isinstance(item, str):
                out[item] = data[item]
                continue
            value = extras.pop(item.name, item.default)
            if info.exclude_none and value is None:
                continue
            out[item.name] = item.adapter().dump_python(
                value, mode="json" if info.mode_is_json() else "python"
            )
        out.update(extras)  # undeclared (a rule the registry does not know): last
        return out

    @classmethod
    def __get_pydantic_json_schema__(
        cls, schema: core_schema.CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        target = handler.resolve_ref_schema(json_schema)
        props = target.get("properties", {})
        props.pop("extras", None)
        placed: dict[str, Any] = {}
        for item in rule_fields.placed(props, cls.LEVEL):
            if isinstance(item, str):
                placed[item] = props[item]
                continue
            field_schema = dict(item.adapter().json_schema())
            field_schema.setdefault("title", item.name.replace("_", " ").title())
            if item.description:
                field_schema["description"] = item.description
            field_schema["default"] = item.adapter().dump_python(item.default, mode="json")
            placed[item.name] = field_schema
        target["properties"] = placed
        return json_schema


class ProgramExercise(Extensible):
    LEVEL: ClassVar[rule_fields.Level] = "line"

    id: Identifier
    name: str | None = None
    sets: int = Field(ge=1, le=20)
    reps: tuple[int, int]
    # Effort target in reps in reserve, [fewest, most] (seed 000: "Glute-Ham Raise 2-3 x 1-2
    # RIR"; Zourdos et al. 2016). Filled by goal, phase and exercise in domain/prescribe.py.
    rir: tuple[int, int] | None = None
    order: int | None = Field(default=None, ge=1)
    region: Region | None = None
    actions: list[Action] = Field(default_factory=list)
    heads: list[str] = Field(default_factory=list)
    tempo: str | None = None
    rest: str | None = None
    cue: str | None = None
    notes: str | None = None
    # Multi-week plans (rule `progression`): this week's rep target within `reps`, and the
    # load change from the week before ("+2.5 kg", "+1 step", "-10 %" in a deload week).
    target_reps: int | None = Field(default=None, ge=1, le=100)
    load_change: str | None = Field(default=None, max_length=40)

    @field_validator("reps")
    @classmethod
    def _reps_ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        if not 1 <= value[0] <= value[1] <= 100:
            raise ValueError(f"reps must be [lo, hi] with 1 <= lo <= hi, got {list(value)}")
        return value

    @field_validator("rir")
    @classmethod
    def _rir_ordered(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and not 0 <= value[0] <= value[1] <= 10:
            raise ValueError(f"rir must be [lo, hi] with 0 <= lo <= hi <= 10, got {list(value)}")
        return value


class ProgramSession(Strict):
    day: Day
    time: str | None = None
    minutes: int | None = None
    exercises: list[ProgramExercise] = Field(default_factory=list, max_length=20)

    _hhmm = field_validator("time")(check_hhmm)

    @property
    def slot(self) -> Slot:
        return Slot(day=self.day, time=self.time)

    def ordered(self) -> list[ProgramExercise]:
        """Exercises in training order: by `order` where given, else as listed."""
        indexed = list(enumerate(self.exercises))
        indexed.sort(
            key=lambda pair: (pair[1].order if pair[1].order is not None else pair[0] + 1, pair[0])
        )
        return [e for _, e in indexed]


class ProgramWeek(Extensible):
    LEVEL: ClassVar[rule_fields.Level] = "week"

    week: int = Field(ge=1, le=MAX_WEEKS)
    phase: Phase | None = None
    sessions: list[ProgramSession] = Field(default_factory=list, max_length=MAX_SLOTS)


RuleStatus = Literal["kept", "broken", "not applicable", "off"]


class RuleReport(Strict):
    id: str
    mode: Mode
    satisfied: bool
    # "not applicable": the rule has nothing to act on for this scenario (the message says
    # why); "off": the rule set switches it off. None only in reports written before it.
    status: RuleStatus | None = None
    penalty: float = 0.0
    message: str = ""
    share: float = 0.0  # this rule's part of the program's total penalty, 0..1
    justification: str = ""  # one line with the numbers behind the verdict
    # A quality rule's term (weight x its goal): ranks programs that keep the rules equally
    # well; never part of ``penalty`` (hamopt/engine/compile.py, the objective's tiers).
    quality: float = 0.0


class ConflictItem(Strict):
    id: str
    instance: str | None = None
    message: str
    # Exercises this instance rules out on its own (named data behind an impossible input).
    excludes: list[str] = Field(default_factory=list)


class RelaxationItem(Strict):
    """One change of the cheapest relaxation: a rule's parameter or mode, or scenario data."""

    model_config = ConfigDict(
        extra="forbid", validate_by_name=True, validate_by_alias=True, serialize_by_alias=True
    )

    change: str  # in words: "allow 36 h between sessions"
    rule: str | None = None  # the rule (or `sessions_per_week`) it loosens
    param: str | None = None
    where: str | None = None  # the scenario field to edit: "schedule.slots", "equipment" ...
    from_: Any = Field(default=None, alias="from")
    to: Any = None
    cost: int = 0


class SolverInfo(Strict):
    status: str
    objective: float | None = None
    bound: float | None = None
    wall_time: float | None = None
    deterministic_time: float | None = None
    # (objective - bound) / objective on the penalty tier; 0 when proven optimal.
    gap: float | None = None
    # The quality tier of the solution (the sum of the quality rules' terms), below every
    # rule penalty: how good the program is among those that keep the rules as well.
    quality: float | None = None
    # (quality - its bound) / quality on the quality tier (its one-unit-a-set tie-break
    # included), where the bound proves the penalty tier: 0 when proven optimal; a program
    # returned out of time with no rule broken has `gap` 0 and this one above 0. None where
    # the penalty tier itself is not proven (then `gap` says how far).
    quality_gap: float | None = None
    build_time: float | None = None
    seed: int = 0
    workers: int = 1
    version: str = ""


class Program(Strict):
    status: Literal["optimal", "feasible", "infeasible", "invalid", "unknown", "manual"] = "manual"
    scenario: str | None = None
    weeks: list[ProgramWeek] = Field(default_factory=list, max_length=MAX_WEEKS)
    totals: dict[str, Any] = Field(default_factory=dict)
    rules: list[RuleReport] = Field(default_factory=list)
    conflict: list[ConflictItem] = Field(default_factory=list)
    # When infeasible: sentences on the data behind the conflict ("no knee-flexion exercise
    # is left: ..."), and the cheapest change that makes it feasible, verified by re-solving.
    diagnosis: list[str] = Field(default_factory=list)
    relaxation: list[RelaxationItem] = Field(default_factory=list)
    solver: SolverInfo | None = None
