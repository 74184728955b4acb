"""Excel adapter: xlwings UDFs and the ribbon button."""
