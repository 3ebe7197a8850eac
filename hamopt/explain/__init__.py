"""Why a scenario has no program: minimal conflicts, the cheapest relaxation, their wording."""
