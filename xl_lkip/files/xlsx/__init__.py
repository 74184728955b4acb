"""Write report sheets into a workbook by patching only their parts inside the zip.

Why not openpyxl: its load-and-save drops shapes, images, form controls, x14 extensions and
cached values, and rewrites every part. Split as XlsxWriter splits its writer, one module per
part it changes: styles.py (styles.xml), worksheet.py (a report sheet), workbook.py
(workbook.xml, its relationships, [Content_Types].xml), over packager.py (the zip, the atomic
save, the backup) and verify.py (the new file re-opened before it replaces anything).
"""

from __future__ import annotations

from .errors import TulisError
from .packager import (
    TEMP_PREFIX,
    TEMP_SUFFIX,
    backup_path,
    check_writable,
    make_backup,
    write_reports,
)

__all__ = ["TEMP_PREFIX", "TEMP_SUFFIX", "TulisError", "backup_path", "check_writable", "make_backup",
           "write_reports"]
