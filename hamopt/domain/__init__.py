"""The data contracts (pydantic models), the exercise catalog, program metrics, prescriptions."""
