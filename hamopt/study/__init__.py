"""Researchers' comparisons: scenarios x rule sets x swept values x seeds, reports, plots."""
