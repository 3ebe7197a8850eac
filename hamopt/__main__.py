"""`python -m hamopt ...`: the same command as `hamopt ...` (where the script is not on PATH)."""

from hamopt.cli import main

if __name__ == "__main__":
    main(prog_name="hamopt")
