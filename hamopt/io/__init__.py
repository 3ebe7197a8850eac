"""Reading input safely: YAML with line numbers, pydantic errors as InputError. The bottom layer."""
