"""Reading user files: scenarios, catalogs, rule sets, programs, gym rosters."""
