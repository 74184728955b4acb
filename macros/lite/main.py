"""xl-lkip untuk xlwings Lite: fungsi lembar kerja dan tombol Perbarui Laporan tanpa Python lokal.

Salin seluruh berkas ini ke tab main.py di editor xlwings Lite, dan isi tab requirements.txt
dengan isi macros/lite/requirements.txt. Semua perhitungan ada di paket xl-lkip; berkas ini hanya
mendaftarkan fungsi dan skripnya pada xlwings Lite (petunjuk: macros/README.md, bagian
"xlwings Lite").
"""

import xlwings as xw
from xlwings import func, script

import xl_lkip
from xl_lkip.excel import udfs
from xl_lkip.excel.button import main_dokumen

# Folder Import/Export xlwings Lite: berkas yang ditulis Python ke sini muncul di menu
# xlwings Lite > Files > Import/Export untuk diunduh.
FOLDER_UNDUHAN = "/data"

# Fungsi lembar kerja: fungsi paket xl-lkip itu sendiri, dengan bantuan berbahasa Indonesia.
CAPAIAN = func(udfs.CAPAIAN)
CAPAIAN_ALASAN = func(udfs.CAPAIAN_ALASAN)
KATEGORI = func(udfs.KATEGORI)
KATEGORI_ALASAN = func(udfs.KATEGORI_ALASAN)
MASALAH_SKALA = func(udfs.MASALAH_SKALA)
SERAPAN = func(udfs.SERAPAN)
SERAPAN_ALASAN = func(udfs.SERAPAN_ALASAN)
EFISIENSI = func(udfs.EFISIENSI)
EFISIENSI_ALASAN = func(udfs.EFISIENSI_ALASAN)
ANGKA = func(udfs.ANGKA)
ANGKA_ALASAN = func(udfs.ANGKA_ALASAN)
RATA_CAPAIAN = func(udfs.RATA_CAPAIAN)
RATA_CAPAIAN_ALASAN = func(udfs.RATA_CAPAIAN_ALASAN)


@script
def perbarui_laporan(book: xw.Book):
    """Perbarui semua lembar laporan dan lembar Pemeriksaan buku kerja ini (tombol Perbarui
    Laporan); lembar isian tidak diubah."""
    xl_lkip.main(book)


@script
def buat_draf_word(book: xw.Book):
    """Tulis draf Word LKjIP (BAB II, BAB III, Lampiran) buku kerja ini sebagai NAMA.docx di
    folder unduhan xlwings Lite (menu Files > Import/Export); draf lama disalin dulu ke
    NAMA.cadangan-N.docx."""
    main_dokumen(book, folder=FOLDER_UNDUHAN)
