"""xl-lkip: kalkulator LKjIP/LAKIP untuk Excel dan baris perintah."""

__version__ = "0.1.0"
