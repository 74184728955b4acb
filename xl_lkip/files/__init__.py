"""File adapter: reading and writing .xlsx/.xlsm workbooks without Excel."""
