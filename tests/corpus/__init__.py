"""The bad-input corpus (issue 6): cases.py says what, generate.py builds the files."""
