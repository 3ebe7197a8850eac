"""The coach benchmark: a rubric of cited coaching norms and the runner that scores programs.

`rubric.py` holds the norms (data: a tuple of `Norm`), `personas/` the scenario files a coach
would meet, and `benchmarks/bench_coach.py` solves them and counts the violations.
"""
