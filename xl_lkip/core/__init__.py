"""Engine-independent core: arithmetic, template schema, reading, reports, checks.

Nothing in this package may import xlwings or openpyxl: the Excel button and the
command line are thin adapters over it.
"""
