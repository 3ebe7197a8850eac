"""Scenario + rules -> CP-SAT model -> program: compile, solve, horizon, slot choice, check."""
