"""The classic Excel add-in (xl_lkip.xlam): putting it and its configuration in place.

Kept apart from xl_lkip.excel (the xlwings adapter that runs inside Excel) and from core:
installing is file and configuration work for the command line, and needs no xlwings until
it asks a running Excel for its start-up folder.
"""

from __future__ import annotations

import argparse

ACTIONS = ("install", "status")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `xl-lkip addin`, defined once for this module and the main CLI."""
    parser.add_argument("aksi", choices=ACTIONS, metavar="AKSI",
                        help="install (pasang) atau status (periksa setiap langkah)")
    parser.add_argument("--xlstart", metavar="FOLDER",
                        help="folder XLSTART Excel (bawaan: tanya Excel)")
    parser.add_argument("--home", metavar="FOLDER",
                        help="folder profil pengguna (bawaan: folder rumah Anda)")
    parser.add_argument("--interpreter", metavar="PYTHON",
                        help="install: python(w).exe yang dipakai Excel (bawaan: Python ini)")
    parser.add_argument("--tanpa-server-udf", action="store_true",
                        help="install: setiap klik tombol memulai Python baru (lebih lambat, "
                             "tetapi selalu memakai kode terbaru)")
    parser.add_argument("--izinkan-akses-vba", action="store_true",
                        help="install: centangkan 'Percayai akses ke model objek proyek VBA' "
                             "untuk pengguna ini (diperlukan untuk mengimpor fungsi)")
