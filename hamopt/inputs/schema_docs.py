"""What each field of a file means, for the JSON Schemas (`hamopt schema KIND`).

Editors show these as hover text and completion hints. They live here, beside the schema
builder (:mod:`hamopt.inputs.schemas`), and not as ``Field(description=...)`` in the models,
so the models stay readable; a field the models already describe keeps its own text. A test
holds this table to the models both ways: every field of every schema has a description,
and every entry here names a field that exists (tests/inputs/test_schemas.py).
"""

from __future__ import annotations

# model name (the schema's $defs title) -> field -> description
FIELD_DOCS: dict[str, dict[str, str]] = {
    "Scenario": {
        "name": "The program's title: the person or case it is for.",
        "athlete": "Who trains: experience, goals, sport, what to spare, weaker side, age.",
        "phase": "correction (2:1 hamstring:quad sets, seed 000) or balanced (1:1). The "
        "one-phase shorthand of `phases`.",
        "schedule": "When the person can train and how often.",
        "equipment": "An equipment profile (full_gym, home_gym, home_bands, "
        "home_dumbbells_kettlebell, bodyweight_only) or a list of equipment ids.",
        "preferences": "Exercise ids to include, exclude, favour or avoid (the default "
        "catalog's ids, `hamopt catalog`, or this scenario's own `exercises`).",
        "weeks": "Program length in weeks, 1-104 (with `phases`: their sum).",
        "phases": "The phases in order, each with its weeks, for a multi-week plan.",
        "rules": "The rule set: a packaged one (default, coach_plus, seed_000, strengthlog) or a "
        "path to a rule set file, relative to this file.",
        "overrides": "Per rule id: mode, weight and params that change the rule set for this "
        "scenario only (`hamopt rules` lists the rules and their params).",
        "exercises": "Exercises this scenario adds to the default catalog (new ids only).",
    },
    "Athlete": {
        "experience": "Training age: beginner, intermediate or advanced.",
        "goals": "Up to three of hypertrophy, strength, injury_prevention.",
        "sport": "The sport trained for, if any (sprinting asks for Nordics).",
        "contraindications": "What to spare: low_back_pain, knee_pain, cannot_kneel.",
        "weaker_side": "left or right: more unilateral work for the weaker leg.",
        "age": "Years, 12-100; 50 and over is treated with more care for the knees.",
    },
    "Schedule": {
        "sessions_per_week": "Hamstring sessions a week, 1-7.",
        "minutes_per_session": "Minutes a session may last, 10-240 (default 60).",
        "slots": "The times the person can train; the solver picks sessions_per_week of them.",
        "matches": "The week's matches or races (day and kick-off time): no Nordic or heavy "
        "barbell work within 72 h before one (match_proximity).",
    },
    "Slot": {
        "day": "mon, tue, wed, thu, fri, sat or sun (any case: Mon reads as mon).",
        "time": "HH:MM on a 24-hour clock, quoted in YAML (\"18:00\"); without it the day "
        "counts from 12:00.",
    },
    "Preferences": {
        "include": "Exercise ids that must be in the program.",
        "exclude": "Exercise ids that must not be in the program.",
        "favour": "Exercise ids the person would like (rewarded, not forced).",
        "avoid": "Exercise ids the person would rather not do (priced, not forbidden).",
    },
    "RuleOverride": {
        "mode": "hard (must hold), soft (priced when broken) or off.",
        "weight": "The price of a soft rule's break, 0-1000000.",
        "params": "The rule's parameters to change; the others keep the rule set's values.",
    },
    "PhaseBlock": {
        "phase": "correction or balanced.",
        "weeks": "How many weeks this phase lasts, 1-104.",
    },
    "Exercise": {
        "id": "Unique id: lowercase letters, digits and _, starting with a letter.",
        "name": "The name a coach would write on the card.",
        "region": "hamstrings or quads.",
        "actions": "knee_flexion, hip_extension, knee_extension, squat (one or more).",
        "stimulus": "Share of one hard set that counts for each hamstring head, 0..1.",
        "equipment": "Every equipment id the exercise needs (none: bodyweight).",
        "laterality": "bilateral or unilateral.",
        "long_length_bias": "How much the exercise loads the hamstrings at long length, 0..1.",
        "difficulty": "The level it suits: beginner, intermediate or advanced.",
        "lower_back_load": "low, moderate or high.",
        "rep_range": "[fewest, most] reps a set, 1-50.",
        "source": "Where the numbers come from: a seed id, a study or 'estimated'.",
        "progresses_to": "The id of the harder variant a plan moves on to.",
        "cue": "How to do it, in one line for the card.",
        "tempo": "Four digits (eccentric, pause, concentric, pause; X = explosive), e.g. 3110.",
        "kneeling": "Whether it is done on the knees (a Nordic, a kneeling curl).",
        "knee_stress": "Knee-joint load: low, moderate or high.",
        "family": "Variants of one movement share a family (default: the id).",
        "loading": "How it is loaded (default: from the equipment): machine, barbell, "
        "dumbbell, kettlebell, cable, band, bodyweight.",
        "fatigue": "Systemic fatigue: low, moderate or high.",
        "seeds": "The seed articles (000-003) that program or recommend it.",
        "sources": "Per attribute (family, loading, fatigue, difficulty, knee_stress, "
        "lower_back_load): a study, a seed id or 'estimated'.",
    },
    "Stimulus": {
        "bf_long": "Biceps femoris long head, 0..1.",
        "bf_short": "Biceps femoris short head, 0..1 (0 without knee flexion).",
        "semitendinosus": "Semitendinosus, 0..1.",
        "semimembranosus": "Semimembranosus, 0..1.",
    },
    "Catalog": {
        "exercises": "The exercises, ids unique (`hamopt catalog --format yaml` writes one).",
    },
    "RuleSet": {
        "name": "The rule set's name.",
        "description": "What the rule set is for.",
        "extends": "A rule set this one builds on: a packaged name or a path.",
        "rules": "Per rule id: mode, weight and params (a rule not listed is off, unless "
        "`extends` brings it).",
    },
    "RuleConfig": {
        "mode": "hard, soft or off; left out, the rule's own default mode.",
        "weight": "The price of a soft rule's break, 0-1000000.",
        "params": "The rule's parameters; the others keep the rule's defaults.",
    },
    "GymProfile": {
        "name": "The gym's name.",
        "equipment": "An equipment profile or a list of equipment ids, for every client.",
        "opening_hours": "Per day (mon-sun): 'HH:MM-HH:MM' ranges separated by commas, or "
        "'closed'; a day not listed is closed. Left out: always open.",
        "rules": "The rule set every client gets: a packaged name or a path next to this "
        "file.",
        "overrides": "Gym-wide rule changes, as in a scenario.",
        "exercises": "The gym's own exercises, as in a scenario.",
        "defaults": "Values for a roster's empty cells.",
    },
    "GymDefaults": {
        "experience": "beginner, intermediate or advanced.",
        "goals": "hypertrophy, strength, injury_prevention.",
        "phase": "correction or balanced.",
        "sessions_per_week": "1-7.",
        "minutes": "Minutes per session, 10-240.",
        "weeks": "Program length in weeks.",
    },
    "Program": {
        "status": "optimal, feasible, infeasible, invalid, unknown, or manual (written by "
        "hand).",
        "scenario": "The scenario's name.",
        "weeks": "The weeks of the plan, each with its sessions.",
        "totals": "Week 1's sets, ratio, weighted sets per head and hours between sessions at "
        "the top level; every week's under `per_week` (a plan's later weeks differ).",
        "rules": "Each rule's verdict on this program.",
        "conflict": "When infeasible: the requirements that cannot hold together.",
        "diagnosis": "When infeasible: the data behind the conflict, in sentences.",
        "relaxation": "When infeasible: the cheapest verified change that gives a program.",
        "solver": "How the solver ran (timings live only here).",
    },
    "ProgramWeek": {
        "week": "The week's number, from 1.",
        "phase": "The week's phase: correction or balanced.",
        "sessions": "The week's sessions in order.",
    },
    "ProgramSession": {
        "day": "mon-sun.",
        "time": "HH:MM, or none for an untimed slot.",
        "minutes": "Estimated minutes the session takes.",
        "exercises": "The session's lines.",
    },
    "ProgramExercise": {
        "id": "The exercise id.",
        "name": "The exercise's name.",
        "sets": "Hard sets, 1-20.",
        "reps": "[fewest, most] reps a set.",
        "rir": "Effort target in reps in reserve, [fewest, most].",
        "order": "Position in the session, from 1.",
        "region": "hamstrings or quads.",
        "actions": "The exercise's actions.",
        "heads": "The hamstring heads it trains most.",
        "tempo": "Four-digit tempo, e.g. 3110.",
        "rest": "Rest between sets, e.g. '2-3 min'.",
        "cue": "How to do it.",
        "notes": "Anything else for the lifter.",
        "target_reps": "This week's rep target within reps (multi-week plans).",
        "load_change": "The load change from the week before: '+2.5 kg', '-10 %'.",
    },
    "RuleReport": {
        "id": "The rule id.",
        "mode": "hard, soft or off.",
        "satisfied": "Whether the program keeps the rule.",
        "status": "kept, broken, not applicable or off.",
        "penalty": "What breaking it costs in the objective.",
        "message": "The verdict in words.",
        "share": "This rule's part of the program's total penalty, 0..1.",
        "justification": "One line with the numbers behind the verdict.",
        "quality": "A quality rule's term in the objective (never part of penalty).",
    },
    "ConflictItem": {
        "id": "The rule (or scenario requirement) in the conflict.",
        "instance": "Which instance of the rule, if it has several.",
        "message": "The requirement in words, with its numbers.",
        "excludes": "Exercises this requirement rules out on its own.",
    },
    "RelaxationItem": {
        "change": "The change in words: 'allow 36 h between sessions'.",
        "rule": "The rule (or sessions_per_week) it loosens.",
        "param": "The parameter it changes.",
        "where": "The scenario field to edit: 'schedule.slots', 'equipment' ...",
        "from": "The value now.",
        "to": "The value that gives a program.",
        "cost": "What the change costs; the cheapest is chosen.",
    },
    "SolverInfo": {
        "status": "CP-SAT's status.",
        "objective": "The objective's value.",
        "bound": "The best bound CP-SAT proved.",
        "wall_time": "Seconds on the clock.",
        "deterministic_time": "CP-SAT's deterministic seconds (reproducible).",
        "gap": "(objective - bound) / objective on the penalty tier; 0 when proven optimal.",
        "quality": "The quality tier of the solution, below every rule penalty.",
        "quality_gap": "(quality - its bound) / quality on the quality tier, where the penalty "
        "tier is proven; 0 when proven optimal, None when the penalties are not proven.",
        "build_time": "Seconds to build the model.",
        "seed": "CP-SAT's random seed.",
        "workers": "CP-SAT's workers.",
        "version": "hamopt's version.",
    },
}
