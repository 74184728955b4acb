"""Every rule of the checker, once: id, severity, description, tolerance, example and messages.

The reader and the checks build their findings from these message templates (`message`), and
docs/PEMERIKSAAN.md is generated from this registry (scripts/pemeriksaan_doc.py), so what the
documentation says and what the checker prints cannot drift apart.

Message fields are formatted by type: a float is an amount or a measured value (106,79;
1.914.251.000), an int is a year, a count or a row number and is never grouped (2019, not
2.019,00), `Rp` marks a rupiah amount, None reads "kosong".
"""

from __future__ import annotations

import string

from .angka import format_angka
from .findings import CATATAN, GALAT, PERINGATAN, format_value
from .record import field, record

TYPE_CHECKING = False  # typing is not imported when the program runs: a faster start
if TYPE_CHECKING:
    from typing import Any

VALUE_TOL = 0.005  # two typed numbers (targets, realisasi) are equal when printed alike
MONEY_TOL = 0.01  # rupiah: amounts are compared to the cent


class Rp(float):
    """A rupiah amount in a message: "Rp 1.914.251.000"."""


@record(frozen=True)
class Pesan:
    """One message of a rule: its severity and its template."""

    tingkat: str
    teks: str


@record(frozen=True)
class Rule:
    """One rule of the registry: its id, title, tolerance, example and messages."""

    id: str
    judul: str  # one line, Bahasa Indonesia
    toleransi: str
    contoh: str
    pesan: dict[str, Pesan]
    contoh_nilai: dict[str, Any] = field(default_factory=dict)  # example values for `pesan`

    @property
    def tingkat(self) -> str:
        """The severities this rule can give, most serious first."""
        found = {p.tingkat for p in self.pesan.values()}
        return ", ".join(t for t in (GALAT, PERINGATAN, CATATAN) if t in found)


class _Formatter(string.Formatter):
    def format_field(self, value: Any, format_spec: str) -> str:
        return show(value)


def show(value: Any) -> str:
    """A value inside a message (see the module docstring)."""
    if isinstance(value, Rp):
        return "Rp " + format_angka(float(value))
    return format_value(value, format_angka)


_FORMATTER = _Formatter()

# How to put a column's formula back in one step (Excel Tables fill a column from one entry).
CARA_PULIHKAN = ("Cara memulihkan rumus: klik satu sel di kolom {kolom}, tekan Ctrl+Spasi "
                 "(memilih seluruh kolom tabel), ketik {rumus} lalu tekan Ctrl+Enter; Excel "
                 "mengisi rumus itu ke semua baris kolom ini (di Excel berpengaturan Indonesia, "
                 "pisahkan argumen dengan titik koma).")

# A formula too long to type (Mode Rumus excel: thousands of characters): copy a neighbour's.
CARA_PULIHKAN_SALIN = ("Cara memulihkan rumus (rumusnya terlalu panjang untuk diketik): klik "
                       "sel kolom {kolom} yang masih berumus di atas atau di bawah "
                       "sel ini, tekan Ctrl+C, pilih sel yang rumusnya hilang, lalu tekan Ctrl+V "
                       "(atau pilih dari sel berumus di atasnya sampai sel ini lalu tekan Ctrl+D). "
                       "Untuk seluruh kolom sekaligus, klik sel berumus itu lalu tekan "
                       "Ctrl+Spasi, F2, dan Ctrl+Enter. "
                       "Bila tidak ada lagi sel berumus di kolom ini, buat templat baru dengan "
                       "xl-lkip templat --rumus {mode} BARU.xlsx dan salin satu sel kolom {kolom} "
                       "dari sana.")

# the Capaian formula looks up Renstra's polaritas: too long to type, so the example copies it
_EX_CARA = CARA_PULIHKAN_SALIN.format(kolom="Capaian (%)", mode="python")

# a computed value typed over (K01, K06) and quarters against the year (K10a, K10b)
_COMPUTED_DIFFERS = {
    "berbeda": Pesan(GALAT, "{kolom} diketik {nilai}, padahal {apa} adalah {harapan}. {cara}"),
    "basi": Pesan(GALAT, "nilai rumus {kolom} yang tersimpan ({nilai}) berbeda dari {apa} "
                         "({harapan}): rumusnya diganti atau belum dihitung ulang. Tekan "
                         "Ctrl+Alt+F9 untuk menghitung ulang lalu simpan; bila tetap berbeda, "
                         "pulihkan rumusnya. {cara}"),
}
_QUARTERS = {
    "berbeda": Pesan(GALAT, "{apa} triwulan digabung menurut cara '{gabung}' (Renstra) "
                            "menghasilkan {harapan}, bukan {apa} tahun {nilai}. Periksa angka "
                            "triwulan atau angka tahunannya."),
    "tanpa_cara": Pesan(PERINGATAN, "{apa} tahun ({nilai}) tidak sesuai dengan {apa} triwulan "
                                    "menurut cara gabung mana pun ({daftar}). Isi Cara Gabung "
                                    "Triwulan di Renstra dan periksa angkanya."),
}

_RULES = (
    Rule("K00", "Susunan lembar dan judul kolom sesuai templat",
         "judul kolom dibandingkan tanpa beda huruf besar/kecil, spasi ganda, titik dua dan "
         "tanda bintang; satuan dalam kurung ((Rp), (%)) boleh ditambah atau dihilangkan; judul "
         "lain yang mirip disebutkan",
         "judul \"Pagu APBD Perubahan\" di lembar Anggaran: kolom Pagu Perubahan tidak terbaca "
         "dan judul yang paling mirip disebutkan; \"Pagu Perubahan (Rp)\" dibaca sebagai Pagu "
         "Perubahan (catatan)",
         {
             "lembar_tidak_ada": Pesan(GALAT, "lembar '{lembar}' tidak ada; salin lembar ini dari "
                                              "templat xl-lkip (xl-lkip templat) lalu isi datanya"),
             "judul_tidak_ditemukan": Pesan(GALAT, "baris judul tabel {tabel} tidak ditemukan di "
                                                   "lembar '{lembar}'; baris judul harus memuat: "
                                                   "{kolom}"),
             "kolom_tidak_ada": Pesan(GALAT, "kolom '{kolom}' tidak ditemukan pada baris judul "
                                             "{baris}; tambahkan kolom itu dengan judul persis "
                                             "seperti templat"),
             "kolom_hitung_tidak_ada": Pesan(PERINGATAN, "kolom '{kolom}' tidak ditemukan pada "
                                                         "baris judul {baris}; tambahkan kolom itu "
                                                         "dengan judul persis seperti templat"),
             "judul_mirip": Pesan(PERINGATAN, "kolom '{kolom}' tidak terbaca karena judulnya "
                                              "ditulis '{mirip}' (sel {sel_mirip}); ganti "
                                              "judulnya menjadi '{kolom}' agar isinya ikut "
                                              "diperiksa dan dilaporkan"),
             "judul_mirip_wajib": Pesan(GALAT, "kolom wajib '{kolom}' tidak terbaca karena "
                                               "judulnya ditulis '{mirip}' (sel {sel_mirip}); "
                                               "ganti judulnya menjadi '{kolom}'"),
             "judul_satuan": Pesan(CATATAN, "kolom '{kolom}' dibaca dari judul '{mirip}' (sel "
                                             "{sel_mirip}); satuan dalam kurung tidak mengubah "
                                             "isinya"),
             "kolom_opsional": Pesan(CATATAN, "kolom yang tidak ada di lembar ini (tidak wajib; "
                                              "isinya tidak ikut diperiksa): {daftar}"),
         },
         {"lembar": "PK Program", "tabel": "Perjanjian Kinerja", "kolom": "Pagu Perubahan",
          "baris": 3, "mirip": "Pagu Perubahan APBD", "sel_mirip": "F3",
          "daftar": "Realisasi N-3, Rencana N+1"}),
    Rule("K01", "Kolom hitungan (Capaian, Kategori, Serapan) berisi angka ketikan, bukan rumus",
         "capaian dan serapan dibandingkan pada ketelitian yang ditampilkan sel (format angka): "
         "dibulatkan atau dipotong pada desimal terakhir yang tampak; tanpa format, selisih "
         "sampai 0,005 atau pembulatan ke 0, 1 atau 2 desimal diterima",
         "Capaian diketik 117,8 padahal 80,09 / 75 × 100 = 106,79 (kesalahan); diketik 106,79 "
         "(catatan: sesuai, tetapi tidak ikut berubah)",
         {
             **_COMPUTED_DIFFERS,
             "rumus_negatif": Pesan(PERINGATAN, "capaian indikator berpolaritas negatif yang "
                                                "diketik ({sel}) dihitung dengan rumus {rumus}, "
                                                "sedangkan Rumus Polaritas Negatif di Identitas "
                                                "berisi {pilihan}; laporan memakai {pilihan}. "
                                                "Pilih {rumus} di Identitas bila itu rumus "
                                                "instansi Anda."),
             "tidak_dapat_diperiksa": Pesan(PERINGATAN, "{kolom} diketik sebagai angka tetap "
                                                        "({nilai}), bukan rumus, dan belum bisa "
                                                        "diperiksa karena {alasan}. {cara}"),
             "sesuai": Pesan(CATATAN, "{jumlah} sel {kolom} diketik, bukan rumus; nilainya sesuai "
                                      "hitungan, tetapi tidak ikut berubah bila datanya diubah. "
                                      "{cara}"),
         },
         {"kolom": "Capaian (%)", "nilai": 117.8, "apa": "capaian dari target dan realisasi",
          "harapan": 106.79, "alasan": "target 0 tidak dapat dipakai untuk menghitung capaian",
          "jumlah": 9, "cara": _EX_CARA, "sel": "K5, K7", "rumus": "T/R", "pilihan": "2T-R"}),
    Rule("K02", "Kategori sesuai skala, dan skala tanpa celah atau tumpang tindih",
         "kategori dibandingkan tanpa beda huruf besar/kecil; label atau kodenya (mis. B untuk "
         "Baik) sama-sama diterima",
         "capaian 108,33 pada skala 90–110 = Baik, tetapi Kategori berisi \"Sangat Baik\"",
         {
             "berbeda": Pesan(GALAT, "Kategori diketik '{nilai}', padahal capaian {capaian} "
                                     "termasuk kategori '{harapan}' menurut skala. {cara}"),
             "basi": Pesan(GALAT, "Kategori yang tersimpan ('{nilai}') tidak sesuai skala: capaian "
                                  "{capaian} termasuk kategori '{harapan}'. Tekan Ctrl+Alt+F9 "
                                  "untuk menghitung ulang lalu simpan; bila tetap berbeda, "
                                  "pulihkan rumusnya. {cara}"),
             "celah": Pesan(CATATAN, "skala kategori punya {jumlah} celah yang tidak masuk "
                                     "kategori mana pun ({rentang}); tidak ada capaian di buku "
                                     "kerja ini yang jatuh di sana. Bila perlu, rapatkan batas "
                                     "bawah/atas di lembar Skala (mis. >75 alih-alih 76)."),
             "celah_terpakai": Pesan(PERINGATAN, "capaian {capaian} tidak masuk kategori mana "
                                                 "pun: {alasan}. Perbaiki batas bawah/atas di "
                                                 "lembar Skala agar setiap capaian masuk tepat "
                                                 "satu kategori."),
             "tumpang_tindih": Pesan(GALAT, "skala kategori tumpang tindih: nilai {rentang} masuk "
                                            "{daftar}. Perbaiki batas bawah/atas di lembar Skala "
                                            "agar setiap capaian masuk tepat satu kategori."),
             "tidak_terpakai": Pesan(GALAT, "skala kategori tidak dapat dipakai ({alasan}); "
                                            "perbaiki lembar Skala"),
             "kosong": Pesan(GALAT, "skala kategori kosong; isi lembar Skala atau pilih skala baku "
                                    "di Identitas"),
         },
         {"nilai": "Sangat Baik", "capaian": 108.33, "harapan": "Baik", "rentang": "55 sampai 56",
          "contoh": " (mis. 55,5)", "daftar": "Baik (90–110) dan Sangat Baik (>100)",
          "jumlah": 2,
          "alasan": "batas bawah '>x' tidak terbaca", "cara": CARA_PULIHKAN.format(
              kolom="Kategori", rumus="=KATEGORI([@[Capaian (%)]],tblSkala[[Batas Bawah]:[Kode]])")}),
    Rule("K03a", "Baris Subtotal/JUMLAH di Anggaran sama dengan jumlah baris yang dijumlahkannya",
         "Rp 0,01", "JUMLAH realisasi Rp 760.000.000 padahal baris program di atasnya berjumlah "
                    "Rp 770.000.000",
         {"berbeda": Pesan(GALAT, "{uraian} {kolom} ({nilai}) berbeda dari jumlah baris program di "
                                  "atasnya, baris {awal}–{akhir} ({harapan}){tafsir}. Perbaiki "
                                  "angka jumlah ini atau baris-barisnya."),
          "berbeda_bawah": Pesan(GALAT, "{uraian} {kolom} ({nilai}) berbeda dari jumlah baris "
                                        "program di bawahnya, baris {awal}–{akhir} ({harapan})"
                                        "{tafsir}. Perbaiki angka jumlah ini atau "
                                        "baris-barisnya.")},
         {"uraian": "JUMLAH", "kolom": "realisasi", "nilai": Rp(760e6), "awal": 4, "akhir": 9,
          "harapan": Rp(770e6), "tafsir": "; sel E5 '100.000.00' dihitung sebagai Rp 100.000.000"}),
    Rule("K03b", "JUMLAH tidak menghitung program dan kegiatannya dua kali", "Rp 0,01",
         "JUMLAH pagu Rp 1.600.000.000 = program (800 juta) + kegiatannya (800 juta)",
         {"dua_kali": Pesan(GALAT, "{uraian} {kolom} ({nilai}) menjumlahkan program dan "
                                   "kegiatannya dua kali (baris {awal}–{akhir}); jumlah yang benar "
                                   "adalah jumlah baris program saja ({harapan}).")},
         {"uraian": "JUMLAH", "kolom": "pagu murni", "nilai": Rp(1.6e9), "awal": 4, "akhir": 9,
          "harapan": Rp(8e8)}),
    Rule("K03c", "Program/kegiatan yang berisi angka sama dengan jumlah rinciannya", "Rp 0,01",
         "program Rp 310.000.000, kegiatannya Rp 100.000.000 + Rp 200.000.000 = Rp 300.000.000",
         {"berbeda": Pesan(GALAT, "{kolom} {level} '{uraian}' ({nilai}) berbeda dari jumlah "
                                  "{kolom} baris-baris di bawahnya ({harapan}){tafsir}. Perbaiki "
                                  "angka baris ini atau baris rinciannya.")},
         {"kolom": "Pagu Murni", "level": "program", "uraian": "Program Pendidikan Politik",
          "nilai": Rp(3.1e8), "harapan": Rp(3e8), "tafsir": ""}),
    Rule("K03d", "Baris JUMLAH di PK Program sama dengan jumlah anggaran programnya", "Rp 0,01",
         "JUMLAH Anggaran Rp 900.000.000, program-programnya berjumlah Rp 800.000.000",
         {"berbeda": Pesan(GALAT, "baris {uraian} di PK Program: {kolom} {nilai} berbeda dari "
                                  "jumlah program di atasnya ({harapan}). Perbaiki angka jumlah "
                                  "ini atau angka programnya.")},
         {"uraian": "JUMLAH", "kolom": "Anggaran", "nilai": Rp(9e8), "harapan": Rp(8e8)}),
    Rule("K04a", "Anggaran program di PK Program sama dengan pagu program di Anggaran", "Rp 0,01",
         "PK Program Rp 350.000.000, Anggaran!E4 Rp 300.000.000",
         {"berbeda": Pesan(GALAT, "anggaran program '{program}' di PK ({nilai}) berbeda dari "
                                  "{apa} di {sel_anggaran} ({harapan}){keterangan}. Samakan kedua "
                                  "tabel.")},
         {"program": "Program Kewaspadaan Nasional", "nilai": Rp(3.5e8), "apa": "pagu murni",
          "sel_anggaran": "Anggaran!E4", "harapan": Rp(3e8), "keterangan": ""}),
    Rule("K04b", "Anggaran Perubahan di PK Program sama dengan pagu perubahan di Anggaran",
         "Rp 0,01", "PK Perubahan Rp 600.000.000, pagu perubahan Rp 550.000.000",
         {"berbeda": Pesan(GALAT, "anggaran program '{program}' di PK ({nilai}) berbeda dari "
                                  "{apa} di {sel_anggaran} ({harapan}){keterangan}. Samakan kedua "
                                  "tabel."),
          "kosong": Pesan(PERINGATAN, "pagu program '{program}' diubah di Anggaran ({murni} "
                                      "menjadi {harapan}) tetapi Anggaran Perubahan di PK kosong. "
                                      "Isi dari PK Perubahan.")},
         {"program": "Program Kewaspadaan Nasional", "nilai": Rp(6e8), "apa": "pagu perubahan",
          "sel_anggaran": "Anggaran!F7", "harapan": Rp(5.5e8), "keterangan": "",
          "murni": Rp(5e8)}),
    Rule("K04c", "Pagu perubahan diisi pada program dan juga pada rinciannya", "Rp 0,01",
         "kegiatan punya pagu perubahan (jumlah Rp 550.000.000) tetapi programnya tidak",
         {"kosong_di_induk": Pesan(GALAT, "pagu perubahan diisi pada rincian {level} '{uraian}' "
                                          "(jumlahnya {total}) tetapi kosong pada baris ini, "
                                          "sehingga serapannya dihitung dengan pagu murni "
                                          "{murni}. Isi Pagu Perubahan baris ini."),
          "kosong_di_induk_sama": Pesan(PERINGATAN, "pagu perubahan diisi pada rincian {level} "
                                                    "'{uraian}' (jumlahnya {total}) tetapi kosong "
                                                    "pada baris ini. Isi Pagu Perubahan baris "
                                                    "ini."),
          "kosong_di_rincian": Pesan(GALAT, "pagu perubahan {level} '{uraian}' ({nilai}) diisi, "
                                            "tetapi rinciannya tidak punya pagu perubahan (pagu "
                                            "murninya berjumlah {total}). Isi Pagu Perubahan pada "
                                            "baris-baris rinciannya.")},
         {"level": "program", "uraian": "Program Kewaspadaan Nasional", "total": Rp(5.5e8),
          "murni": Rp(5e8), "nilai": Rp(5.5e8)}),
    Rule("K04d", "Kegiatan yang diikat ke program (kolom Kode Program) tidak melebihi anggaran "
                 "program di PK",
         "Rp 0,01; bila baris Program ikut diisi, berlaku K04a (harus sama)",
         "kegiatan berkode program 1.02 berjumlah Rp 620.000.000, PK Program 1.02 Rp 550.000.000",
         {"melebihi": Pesan(GALAT, "pagu kegiatan program {kode} di Anggaran berjumlah {nilai} "
                                   "({jumlah} baris), melebihi anggaran program '{program}' di PK "
                                   "({harapan}). Periksa pagu kegiatannya atau anggaran di PK.")},
         {"kode": "1.02", "nilai": Rp(6.2e8), "jumlah": 3, "program": "Program Kewaspadaan "
                                                                     "Nasional",
          "harapan": Rp(5.5e8)}),
    Rule("K05a", "Target PK sama dengan target Renstra tahun laporan", "0,005; rentang sama bila "
                                                                       "kedua batasnya sama",
         "PK 12, Renstra Target Th-2 (2020) 13",
         {"berbeda": Pesan(PERINGATAN, "target PK ({nilai}) berbeda dari target Renstra tahun "
                                       "{tahun} ({harapan}) untuk indikator {kode}. Samakan, atau "
                                       "jelaskan perubahan targetnya.")},
         {"nilai": 12.0, "tahun": 2020, "harapan": 13.0, "kode": "IK-01"}),
    Rule("K05b", "Target RKT sama dengan target PK", "0,005", "RKT 57,14, PK 85,71",
         {"berbeda": Pesan(GALAT, "target RKT ({nilai}) berbeda dari target PK ({harapan}) untuk "
                                  "indikator {kode}; RKT dan PK tahun yang sama harus bertarget "
                                  "sama. Samakan keduanya.")},
         {"nilai": 57.14, "harapan": 85.71, "kode": "IK-02"}),
    Rule("K05c", "Target di Realisasi sama dengan target PK yang berlaku (PK Perubahan bila ada)",
         "0,005", "Realisasi 4, Target PK Perubahan 3",
         {"berbeda": Pesan(GALAT, "target di Realisasi ({nilai}) berbeda dari {apa} yang berlaku "
                                  "({harapan}); capaian harus diukur terhadap target PK. Samakan "
                                  "targetnya."),
          "berbeda_renstra": Pesan(PERINGATAN, "target di Realisasi ({nilai}) berbeda dari target "
                                          "Renstra tahun {tahun} ({harapan}) untuk indikator "
                                          "{kode}, yang tidak ada di PK. Samakan targetnya.")},
         {"nilai": 4.0, "apa": "Target PK Perubahan", "harapan": 3.0, "tahun": 2020,
          "kode": "IK-03"}),
    Rule("K05d", "Target tahun di Rencana Aksi sama dengan target PK", "0,005",
         "Rencana Aksi 10, PK 12",
         {"berbeda": Pesan(GALAT, "target tahun di Rencana Aksi ({nilai}) berbeda dari target PK "
                                  "({harapan}) untuk indikator {kode}. Samakan targetnya.")},
         {"nilai": 10.0, "harapan": 12.0, "kode": "IK-01"}),
    Rule("K05e", "Polaritas di Realisasi sama dengan Renstra", "sama persis (positif/negatif)",
         "Renstra negatif, Realisasi positif: capaian dihitung terbalik",
         {"berbeda": Pesan(GALAT, "polaritas di Realisasi ({nilai}) berbeda dari Renstra "
                                  "({harapan}); capaian dihitung dengan rumus yang salah. Samakan "
                                  "polaritasnya."),
          "kosong": Pesan(GALAT, "polaritas kosong di Realisasi padahal Renstra menyebut "
                                 "indikator ini negatif; rumus Capaian di baris ini (dari templat "
                                 "lama) menganggap kosong = positif. Isi 'negatif', atau salin "
                                 "rumus Capaian dari templat baru, yang mengambil polaritas dari "
                                 "Renstra."),
          "kosong_tanpa_rumus": Pesan(PERINGATAN, "polaritas kosong di Realisasi dan di Renstra, "
                                                  "sedangkan Capaian baris ini diketik, jadi "
                                                  "diperiksa sebagai indikator positif. Isi "
                                                  "polaritasnya (positif atau negatif) di "
                                                  "Renstra.")},
         {"nilai": "positif", "harapan": "negatif"}),
    Rule("K05f", "Rencana N+1 di Realisasi sama dengan target Renstra tahun berikutnya",
         "0,005", "Rencana 2021 69, Renstra Target Th-3 (2021) 75",
         {"berbeda": Pesan(PERINGATAN, "Rencana N+1 ({nilai}) berbeda dari target Renstra tahun "
                                       "{tahun} ({harapan}) untuk indikator {kode}. Samakan, atau "
                                       "jelaskan perubahan targetnya.")},
         {"nilai": 69.0, "tahun": 2021, "harapan": 75.0, "kode": "IK-01"}),
    Rule("K06", "Serapan sesuai pagu dan realisasi anggaran (realisasi / pagu × 100)",
         "seperti K01; pagu 0 dengan serapan 0 atau kosong tidak dilaporkan",
         "realisasi Rp 90.000.000 / pagu Rp 100.000.000 = 90, tetapi Serapan berisi 80",
         _COMPUTED_DIFFERS,
         {"kolom": "Serapan (%)", "nilai": 80.0, "apa": "serapan dari pagu dan realisasi",
          "harapan": 90.0, "cara": CARA_PULIHKAN.format(
              kolom="Serapan (%)", rumus="=SERAPAN(...)")}),
    Rule("K07", "Angka yang tidak terbaca", "tidak ada: teks yang bukan angka yang jelas dilaporkan",
         "\"1.500.000.00\" (dua pemisah ribuan dan desimal bercampur) dibaca sebagai 1.500.000 "
         "untuk jumlah dan laporan",
         {"bukan_angka": Pesan(GALAT, "isian kolom {kolom} ('{nilai}') bukan angka yang jelas "
                                      "({alasan}); ketik ulang angkanya"),
          "tafsir": Pesan(GALAT, "isian kolom {kolom} ('{nilai}') bukan angka yang jelas "
                                 "({alasan}); untuk jumlah dan laporan dibaca sebagai {tafsir}. "
                                 "Ketik ulang angkanya."),
          "lain": Pesan(GALAT, "kolom {kolom}: {alasan}"),
          "nilai_excel": Pesan(GALAT, "kolom {kolom} berisi nilai kesalahan Excel {nilai}; "
                                      "perbaiki rumus atau isian sel ini"),
          "logika": Pesan(GALAT, "kolom {kolom} berisi nilai logika (benar/salah), bukan "
                                 "angka"),
          "terlalu_besar": Pesan(GALAT, "kolom {kolom}: angka {nilai} terlalu besar untuk laporan "
                                        "kinerja atau anggaran; periksa isian sel ini"),
          "bukan_tahun": Pesan(GALAT, "kolom {kolom}: {nilai} bukan tahun"),
          "pilihan": Pesan(GALAT, "kolom {kolom}: '{nilai}' tidak dikenal; pilih salah satu: "
                                  "{pilihan}"),
          "polaritas": Pesan(GALAT, "kolom {kolom}: {alasan}"),
          "capaian_mustahil": Pesan(GALAT, "capaian tidak dapat dihitung: {alasan}. Periksa "
                                           "target dan realisasi indikator ini."),
          "nol_semua": Pesan(CATATAN, "kolom {kolom} berisi 0 di setiap baris yang terisi: "
                                      "dibaca sebagai tidak ada perubahan, jadi angka murni yang "
                                      "berlaku. Kosongkan kolom itu bila memang tidak ada "
                                      "perubahan."),
          "kode_angka": Pesan(GALAT, "{kolom} diketik sebagai angka ({nilai}); Excel hanya "
                                     "menyimpan 15 angka pertama, jadi angka terakhirnya sudah "
                                     "berubah. Ketik ulang sebagai teks: awali dengan tanda "
                                     "petik (')."),
          "batas": Pesan(CATATAN, "{jumlah} target ditulis dengan tanda batas (misalnya "
                                  "'≥ 95%', 'maks. 5'): {daftar}. Angkanya dipakai sebagai "
                                  "target; arah baik-buruknya mengikuti kolom Polaritas."),
          "predikat": Pesan(CATATAN, "{jumlah} sel berisi predikat atau opini (misalnya BB, "
                                     "WTP), bukan angka: {daftar}. Isinya dilaporkan apa adanya; "
                                     "capaian dan kategorinya tidak dihitung. Bila ada nilai "
                                     "angkanya (misalnya nilai SAKIP 65,3), ketik nilai itu agar "
                                     "capaian dihitung.")},
         {"kolom": "Pagu Murni", "alasan": "titik dan koma bercampur tidak beraturan",
          "tafsir": Rp(1.5e6), "nilai": "1.500.000.00", "pilihan": "positif, negatif",
          "jumlah": 2, "daftar": "E5, J5"}),
    Rule("K08", "Isian wajib terisi", "tidak ada",
         "Target PK kosong (dan Target PK Perubahan juga kosong)",
         {"kosong": Pesan(GALAT, "kolom {kolom} wajib diisi"),
          "salah_satu": Pesan(GALAT, "kolom {kolom} atau {lain} wajib diisi (salah satu)"),
          "identitas": Pesan(GALAT, "{kolom} wajib diisi"),
          "rumus_belum_dihitung": Pesan(GALAT, "kolom {kolom} berisi rumus {rumus} yang hasilnya "
                                               "belum tersimpan di berkas; buka berkas di Excel "
                                               "lalu simpan, atau ketik nilainya"),
          "tanpa_realisasi": Pesan(GALAT, "indikator PK {kode} tidak punya baris di lembar "
                                          "Realisasi; realisasinya wajib dilaporkan. Tambahkan "
                                          "barisnya."),
          "program_tanpa_pagu": Pesan(GALAT, "program '{program}' ada di PK Program tetapi pagunya "
                                             "kosong di Anggaran (juga pada rinciannya). Isi pagu "
                                             "program atau kegiatannya.")},
         {"kolom": "Target PK", "lain": "Target PK Perubahan", "rumus": "=CAPAIAN(...)",
          "kode": "IK-03", "program": "Program Pelayanan Prima"}),
    Rule("K09a", "Realisasi anggaran tidak melebihi pagu", "Rp 0,01",
         "pagu Rp 100.000.000, realisasi Rp 110.000.000",
         {"melebihi": Pesan(GALAT, "realisasi anggaran ({nilai}) melebihi pagu ({harapan}). "
                                   "Periksa realisasi atau pagu (murni/perubahan) baris ini.")},
         {"nilai": Rp(1.1e8), "harapan": Rp(1e8)}),
    Rule("K09b", "Anggaran dan realisasi tidak negatif", "tidak ada", "realisasi -5.000.000",
         {"negatif": Pesan(GALAT, "{kolom} bernilai negatif ({nilai}); anggaran dan realisasi "
                                  "tidak boleh negatif. Periksa tanda minus atau tanda kurung pada "
                                  "angka ini.")},
         {"kolom": "Realisasi", "nilai": Rp(-5e6)}),
    Rule("K09c", "Tidak ada realisasi pada pagu 0", "Rp 0,01", "pagu 0, realisasi Rp 90.000.000",
         {"tanpa_pagu": Pesan(GALAT, "pagu baris ini 0 tetapi realisasinya {nilai}: belanja tanpa "
                                     "anggaran. Isi pagunya atau periksa realisasinya.")},
         {"nilai": Rp(9e7)}),
    Rule("K10a", "Realisasi triwulan sesuai realisasi tahun (menurut Cara Gabung Triwulan)",
         "seperti K01 (pembulatan ke 0, 1 atau 2 desimal diterima)",
         "jumlah: 3 + 3 + 3 + 5 = 14, tetapi realisasi tahun 13",
         _QUARTERS,
         {"apa": "realisasi", "gabung": "jumlah", "harapan": 14.0, "nilai": 13.0,
          "daftar": "jumlah 14; terakhir 5; rata-rata 3,5"}),
    Rule("K10b", "Target triwulan di Rencana Aksi sesuai target tahun", "seperti K10a",
         "3 + 3 + 3 + 4 = 13, target tahun 12",
         _QUARTERS,
         {"apa": "target", "gabung": "jumlah", "harapan": 13.0, "nilai": 12.0,
          "daftar": "jumlah 13; terakhir 4; rata-rata 3,25"}),
    Rule("K11a", "Kode tidak dipakai dua kali dalam satu tabel", "kode dibandingkan tanpa spasi, "
                                                                  "titik di ujung dan beda huruf",
         "IK-01 di baris 4 dan baris 7 lembar PK",
         {"ganda": Pesan(GALAT, "{kolom} '{kode}' dipakai dua kali (juga di baris {baris}); setiap "
                                "baris harus punya {kolom} sendiri. Hapus baris ganda atau "
                                "perbaiki kodenya.")},
         {"kolom": "Kode Indikator", "kode": "IK-01", "baris": 4}),
    Rule("K11b", "Indikator yang sama di Renstra, PK, Realisasi dan Rencana Aksi", "seperti K11a",
         "IK-09 ada di Realisasi tetapi tidak di PK",
         {"renstra_kosong": Pesan(PERINGATAN, "lembar Renstra kosong, sehingga target PK tidak "
                                              "dapat dibandingkan dengan target Renstra. Isi "
                                              "indikator dan target Renstra."),
          "pk_bukan_renstra": Pesan(PERINGATAN, "indikator PK {kode} tidak ada di Renstra. Periksa "
                                                "kode indikatornya atau tambahkan ke Renstra."),
          "realisasi_bukan_pk": Pesan(PERINGATAN, "indikator {kode} di Realisasi tidak ada di "
                                                  "PK{juga}. Periksa kode indikatornya atau "
                                                  "tambahkan ke PK."),
          "renstra_bukan_pk": Pesan(CATATAN, "{jumlah} indikator di Realisasi tidak ada di PK "
                                             "tetapi ada di Renstra ({daftar}); targetnya "
                                             "dibandingkan dengan target Renstra tahun ini."),
          "rencana_aksi": Pesan(PERINGATAN, "indikator {kode} di Rencana Aksi tidak ada di PK, "
                                            "Realisasi maupun Renstra. Periksa kode "
                                            "indikatornya.")},
         {"kode": "IK-09", "juga": " maupun di Renstra", "jumlah": 3,
          "daftar": "IK-03, IK-04, IK-05"}),
    Rule("K11c", "Program di PK Program ada di Anggaran", "nama dicocokkan tanpa beda huruf, "
                                                         "tanda baca dan kata 'Program'; nama yang "
                                                         "berbagi separuh kata dianggap sama",
         "program 9.99 di PK Program tidak ditemukan di lembar Anggaran",
         {"tidak_di_anggaran": Pesan(PERINGATAN, "program '{program}' di PK Program tidak "
                                                 "ditemukan di lembar Anggaran (dicari menurut "
                                                 "kode, lalu menurut nama). Samakan kode atau nama "
                                                 "programnya, atau tambahkan baris program di "
                                                 "Anggaran."),
          "tanpa_baris_program": Pesan(PERINGATAN, "lembar Anggaran tidak memuat baris Program "
                                                   "dan kolom Kode Program kosong, sehingga "
                                                   "anggaran di PK Program tidak dapat "
                                                   "dicocokkan. Tambahkan baris Program (Level = "
                                                   "Program) atau isi Kode Program pada "
                                                   "kegiatannya."),
          "tanpa_kegiatan": Pesan(CATATAN, "{jumlah} program di PK Program tidak punya kegiatan "
                                           "di lembar Anggaran (kolom Kode Program): {daftar}; "
                                           "anggarannya tidak dibandingkan."),
          "pendukung": Pesan(CATATAN, "{jumlah} program di Anggaran tidak tercantum di PK Program "
                                      "(biasanya program pendukung seperti administrasi "
                                      "perkantoran): {daftar}")},
         {"program": "Program Lain-lain", "jumlah": 2,
          "daftar": "Program Pelayanan Administrasi Perkantoran (C4), Program Peningkatan "
                    "Sarana dan Prasarana Aparatur (C9)"}),
    Rule("K11d", "Kode di Anggaran dan PK Program menunjuk indikator atau sasaran yang ada",
         "seperti K11a", "Kode Indikator IK-99 di Anggaran tidak ada di mana pun",
         {"indikator": Pesan(PERINGATAN, "kode indikator {kode} di Anggaran bukan kode indikator "
                                         "atau sasaran di PK, Realisasi maupun Renstra; baris ini "
                                         "tidak ikut tabel efisiensi. Perbaiki kodenya."),
          "sasaran": Pesan(PERINGATAN, "kode sasaran {kode} di PK Program tidak ada di Renstra "
                                       "maupun PK. Perbaiki kodenya.")},
         {"kode": "IK-99"}),
    Rule("K12", "Tahun laporan dan periode Renstra cocok dengan kolom target Renstra", "tidak ada",
         "Tahun Laporan 2024 di luar periode Renstra 2019–2023",
         {"akhir_sebelum_awal": Pesan(GALAT, "Tahun Akhir Renstra ({akhir}) sebelum Tahun Awal "
                                             "Renstra ({awal}). Perbaiki periode Renstra."),
          "periode_panjang": Pesan(PERINGATAN, "periode Renstra {awal}–{akhir} lebih dari {n} "
                                               "tahun, padahal lembar Renstra hanya punya {n} "
                                               "kolom target (Th-1 = {awal}). Periksa tahun awal "
                                               "dan akhir Renstra."),
          "di_luar_periode": Pesan(GALAT, "Tahun Laporan {tahun} di luar periode Renstra "
                                          "{awal}–{akhir}. Perbaiki tahun laporan atau periode "
                                          "Renstra."),
          "tanpa_kolom": Pesan(PERINGATAN, "Tahun Laporan {tahun} adalah tahun ke-{ke} Renstra, "
                                           "tetapi lembar Renstra hanya punya {n} kolom target "
                                           "tahunan, sehingga target Renstra tahun ini tidak "
                                           "dapat dibandingkan. Periksa Tahun Awal Renstra."),
          "kolom_kosong": Pesan(PERINGATAN, "menurut Tahun Awal Renstra {awal}, tahun {tahun} "
                                            "adalah kolom {kolom}, tetapi kolom itu kosong di "
                                            "semua baris Renstra. Periksa tahun awal itu, atau isi "
                                            "target tahun ini.")},
         {"awal": 2019, "akhir": 2023, "n": 6, "tahun": 2024, "ke": 7, "kolom": "Target Th-2"}),
    Rule("K13", "Realisasi tahun-tahun lalu sama dengan laporan tahun lalu", "0,005",
         "Realisasi N-1 10, laporan 2019 mencatat 11",
         {"tahun_salah": Pesan(GALAT, "berkas tahun lalu ({berkas}) adalah laporan tahun {lalu}, "
                                      "bukan {harapan}. Pilih berkas LKjIP tahun {harapan}."),
          "kosong": Pesan(PERINGATAN, "{kolom} ({tahun}) kosong, padahal laporan tahun lalu "
                                      "mencatat {harapan} ({sumber}). Salin angkanya dari "
                                      "laporan itu."),
          "berbeda": Pesan(GALAT, "{kolom} ({tahun}) {nilai} berbeda dari yang dilaporkan pada "
                                  "laporan tahun lalu ({harapan}, {sumber}). Samakan, atau "
                                  "jelaskan koreksinya."),
          "kosong_tanpa_tahun": Pesan(PERINGATAN, "{kolom} kosong, padahal laporan tahun lalu "
                                                  "mencatat {harapan} ({sumber}). Salin angkanya "
                                                  "dari laporan itu."),
          "berbeda_tanpa_tahun": Pesan(GALAT, "{kolom} {nilai} berbeda dari yang dilaporkan pada "
                                              "laporan tahun lalu ({harapan}, {sumber}). Samakan, "
                                              "atau jelaskan koreksinya."),
          "tautan_ditolak": Pesan(PERINGATAN, "Berkas Tahun Lalu tidak dibuka: {alasan}. "
                                              "Realisasi tahun-tahun lalu tidak dibandingkan.")},
         {"berkas": "lkjip-2018.xlsx", "lalu": 2018, "harapan": 2019, "kolom": "Realisasi N-1",
          "tahun": 2019, "sumber": "lkjip-2019.xlsx Realisasi!J4", "nilai": 10.0,
          "alasan": "alamat di luar folder berkas ini tidak diikuti"}),
    Rule("K14", "Target akhir Renstra sesuai target tahunan", "0,005",
         "satuan kegiatan (kumulatif): 30 + 35 + 40 + 42 + 43 = 190, target akhir 38",
         {"berbeda": Pesan(GALAT, "target akhir Renstra ({nilai}) bukan target tahun terakhir "
                                  "({akhir}) dan bukan jumlah target tahunan ({kumulatif}) untuk "
                                  "indikator {kode}. Perbaiki target akhirnya, atau isi Sifat "
                                  "Target Akhir."),
          "bukan_sifatnya": Pesan(GALAT, "target akhir Renstra ({nilai}) untuk indikator {kode} "
                                         "bersifat {sifat}, jadi harus {harapan} ({uraian}). "
                                         "Perbaiki target akhir atau Sifat Target Akhir.")},
         {"nilai": 38.0, "akhir": 43.0, "kumulatif": 190.0, "kode": "IK-01", "sifat": "kumulatif",
          "harapan": 190.0, "uraian": "jumlah target tahunan"}),
    Rule("K15", "Kolom hitungan tidak dikosongkan", "tidak ada; satu temuan per kolom dan lembar",
         "Capaian kosong padahal Target dan Realisasi terisi: rumusnya terhapus",
         {"kosong": Pesan(PERINGATAN, "{kolom} kosong padahal {masukan} terisi: rumusnya "
                                      "terhapus. {cara}"),
          "kosong_banyak": Pesan(PERINGATAN, "{jumlah} sel {kolom} kosong padahal {masukan} "
                                             "terisi: rumusnya terhapus. {cara}")},
         {"kolom": "Capaian (%)", "masukan": "Target dan Realisasi", "jumlah": 12,
          "cara": _EX_CARA}),
    Rule("K16", "Nama indikator dan satuan sama dengan Renstra (ketik sekali)",
         "dibandingkan huruf dan angkanya saja (tanpa beda huruf besar/kecil, spasi dan tanda "
         "baca); satu catatan per indikator; sel kosong diambil dari Renstra",
         "Satuan \"Prosetase\" di PK, \"Prosentase\" di Renstra",
         {"berbeda": Pesan(CATATAN, "indikator {kode} ditulis berbeda dari Renstra ({renstra}): "
                                    "{rincian}. Kosongkan sel itu ({sel}) agar isinya diambil "
                                    "dari Renstra, atau samakan tulisannya.")},
         {"kode": "IK-01", "rincian": "Indikator 'Prosentase LSM' di PK",
          "renstra": "Indikator 'Prosetase LSM'", "sel": "PK!D4, Realisasi!B4"}),
    Rule("K17", "Kolom hitungan tidak menampilkan nilai kesalahan Excel (#VALUE!, #NAME?) "
                "padahal datanya dapat dihitung",
         "tidak ada; satu temuan per sel bila penyebabnya satu sel isian, selain itu satu per "
         "kolom; #NAME? satu temuan per buku kerja",
         "Mode Rumus excel, Target diketik sebagai teks '97,15 %': Capaian menampilkan #VALUE!, "
         "padahal xl-lkip membacanya sebagai 97,15",
         {"teks_angka": Pesan(PERINGATAN, "{kolom} berisi nilai kesalahan Excel karena sel {sel_masukan} "
                                          "({masukan}) berisi teks '{teks}', bukan angka biasa, "
                                          "dan rumus bawaan Excel (Mode Rumus excel) hanya "
                                          "menghitung angka. Ketik {angka} sebagai angka di sel "
                                          "itu, atau pakai Mode Rumus python dengan add-in "
                                          "xl-lkip. Laporan tetap memakai {harapan}."),
          "rentang": Pesan(PERINGATAN, "{kolom} berisi nilai kesalahan Excel karena {masukan} di sel "
                                       "{sel_masukan} berupa rentang ('{teks}'), yang tidak "
                                       "dihitung rumus bawaan Excel (Mode Rumus excel). Agar sel "
                                       "ini terhitung, pakai Mode Rumus python dengan add-in "
                                       "xl-lkip (templat baru dengan xl-lkip templat --rumus "
                                       "python); laporan tetap memakai {harapan}."),
          "ejaan": Pesan(PERINGATAN, "{kolom} berisi nilai kesalahan Excel karena {masukan} di sel "
                                     "{sel_masukan} ditulis '{teks}', sedangkan rumus bawaan "
                                     "Excel (Mode Rumus excel) hanya mengenal {pilihan}. Tulis "
                                     "salah satunya di sel itu, atau pakai Mode Rumus python "
                                     "dengan add-in xl-lkip. Laporan tetap memakai {harapan}."),
          "batas_skala": Pesan(PERINGATAN, "{jumlah} sel {kolom} berisi nilai kesalahan Excel karena batas "
                                           "skala di sel {sel_masukan} ditulis '{teks}', yang "
                                           "tidak dibaca rumus bawaan Excel (Mode Rumus excel); "
                                           "batas bertanda harus bilangan bulat dengan tanda yang "
                                           "sesuai sisinya, misalnya >=76 atau <55. Ketik batas "
                                           "berdesimal sebagai angka biasa, atau pakai Mode Rumus "
                                           "python dengan add-in xl-lkip."),
          "tidak_jelas": Pesan(PERINGATAN, "{jumlah} sel {kolom} berisi nilai kesalahan Excel "
                                           "padahal datanya dapat dihitung "
                                           "({harapan} untuk sel pertama).{periksa} Tekan "
                                           "Ctrl+Alt+F9 untuk menghitung ulang lalu simpan; bila "
                                           "tetap, pulihkan rumusnya. {cara}"),
          "fungsi_gagal": Pesan(PERINGATAN, "{jumlah} sel {kolom} berisi nilai kesalahan Excel padahal "
                                            "datanya dapat dihitung ({harapan} untuk sel "
                                            "pertama); fungsi xl-lkip gagal berjalan, biasanya "
                                            "karena add-in belum tersambung ke Python atau "
                                            "versinya lama. Jalankan xl-lkip addin status, lalu "
                                            "tekan Ctrl+Alt+F9 untuk menghitung ulang dan simpan. "
                                            "Laporan tetap dihitung dengan benar."),
          "addin": Pesan(PERINGATAN, "{jumlah} sel kolom hitungan, mulai {sel_pertama}, "
                                     "menampilkan #NAME? karena Excel tidak mengenal fungsi "
                                     "xl-lkip (CAPAIAN, KATEGORI, SERAPAN); add-in xl-lkip belum "
                                     "terpasang atau belum dimuat di komputer ini. Pasang dengan "
                                     "xl-lkip addin install lalu periksa dengan xl-lkip addin "
                                     "status, atau pakai templat Mode Rumus excel (xl-lkip "
                                     "templat --rumus excel) yang tidak memerlukan add-in. "
                                     "Laporan tetap dihitung dengan benar."),
          "libreoffice": Pesan(PERINGATAN, "{jumlah} sel kolom hitungan, mulai {sel_pertama}, "
                                           "menampilkan #NAME? karena buku kerja ini terakhir "
                                           "disimpan di LibreOffice, yang tidak mengenal fungsi "
                                           "xl-lkip (CAPAIAN, KATEGORI, SERAPAN) dan menyimpan "
                                           "#NAME? saat menghitung ulang. Fungsi itu hanya "
                                           "menghitung di Excel dengan add-in xl-lkip atau di "
                                           "xlwings Lite. Untuk bekerja di LibreOffice, buat "
                                           "templat dengan xl-lkip templat --rumus excel lalu "
                                           "salin datanya ke sana; atau buka berkas ini di Excel "
                                           "yang ber-add-in, tekan Ctrl+Alt+F9 dan simpan. "
                                           "Laporan tetap dihitung dengan benar.")},
         {"kolom": "Capaian (%)", "sel_masukan": "E5", "masukan": "Target",
          "teks": "97,15 %", "angka": 97.15, "harapan": 97.15, "pilihan": "positif dan negatif",
          "jumlah": 9, "sel_pertama": "K4",
          "periksa": " Periksa Rumus Polaritas Negatif di Identitas!B14; rumus bawaan Excel "
                     "hanya mengenal tulisan 2T-R dan T/R persis.",
          "cara": CARA_PULIHKAN_SALIN.format(kolom="Capaian (%)", mode="excel")}),
)

RULES: dict[str, Rule] = {r.id: r for r in _RULES}


def message(rule: str, variant: str, **values: Any) -> tuple[str, str]:
    """(severity, text) of one message of a rule, filled with `values`."""
    p = RULES[rule].pesan[variant]
    return p.tingkat, _FORMATTER.format(p.teks, **values)


def fields(rule: str, variant: str) -> list[str]:
    """The names a message template uses."""
    return [f for _t, f, _s, _c in string.Formatter().parse(RULES[rule].pesan[variant].teks) if f]


RUMUS_KETIK_MAKS = 120  # a longer formula is copied from a neighbouring cell, not typed


def cara_pulihkan(kolom: str, rumus: str, mode_rumus: str | None = None) -> str:
    """How to put a computed column's formula back, for the K01/K02/K06/K15 messages: type it
    when it is short (most xl-lkip functions), else copy it from a neighbouring cell (Mode Rumus
    excel, and Capaian with its Renstra polaritas look-up)."""
    if mode_rumus == "excel" or len(rumus) > RUMUS_KETIK_MAKS:
        return CARA_PULIHKAN_SALIN.format(kolom=kolom, mode=mode_rumus or "python")
    return CARA_PULIHKAN.format(kolom=kolom, rumus=rumus)


# --- docs/PEMERIKSAAN.md ------------------------------------------------------------------------

_DOC_HEAD = """# Aturan pemeriksaan (lembar Pemeriksaan)

<!-- Dibuat oleh docs/pemeriksaan.py dari xl_lkip/core/rules.py; jangan disunting langsung. -->

Setiap temuan memuat kode aturan, tingkat, lokasi (dapat diklik), pesan, nilai yang diharapkan
dan nilai yang ditemukan. Tingkatnya:

- **kesalahan** (`galat` di keluaran JSON): pasti salah, dapat dibuktikan dengan hitungan;
- **peringatan**: patut diperiksa;
- **catatan**: perlu diketahui, bukan kesalahan; tidak ikut dihitung sebagai kesalahan atau
  peringatan (misalnya 9 sel Capaian yang diketik tetapi nilainya sesuai rumus: satu catatan
  untuk seluruh kolom).

Urutannya: kesalahan, lalu peringatan, lalu catatan; masing-masing menurut urutan templat
(Identitas, Skala, Renstra, PK, PK Program, Realisasi, Rencana Aksi, Anggaran; lalu baris dan
kolom). Buku kerja yang benar menghasilkan lembar Pemeriksaan tanpa kesalahan dan peringatan.

Angka di tabel laporan selalu dihitung ulang dari isian. Angka rupiah yang salah tulis
(K07) dihitung dengan angka yang paling mungkin dimaksud, dan pesannya menyebut angka itu; bila
sebuah angka sama sekali tidak dapat dibaca, tabel menampilkan "-" dan alasannya ada di lembar
Pemeriksaan: xl-lkip tidak pernah menampilkan jumlah yang diam-diam kurang.

## Ringkasan

| Kode | Yang diperiksa | Tingkat |
|---|---|---|
"""

_DOC_NOTES = """
## Ketentuan yang dipakai beberapa aturan

**Ketelitian yang ditampilkan (K01, K06).** Angka ketikan di kolom hitungan dibandingkan pada
jumlah desimal yang ditampilkan sel menurut format angkanya. Capaian 99 yang tampil "99,00"
padahal datanya memberi 99,18 adalah kesalahan; tampilan tanpa desimal ("100 %") menerima
selisih sampai 0,5; angka yang dipotong (bukan dibulatkan) pada desimal terakhir yang tampak
diterima (99,72 untuk 99,7299). Bila berkas tidak menyimpan format, selisih sampai 0,005 atau
pembulatan ke 0, 1 atau 2 desimal diterima.

**Sifat Target Akhir (K14).** Target akhir Renstra adalah target tahun terakhir (untuk tingkat:
%, indeks, peringkat, nilai) atau jumlah target tahunan (untuk hitungan kejadian: kegiatan, orang,
dokumen). Kolom "Sifat Target Akhir" di lembar Renstra (akhir / kumulatif) menetapkannya; bila
kosong, xl-lkip menerima keduanya dan, untuk tabel laporan, memilih yang cocok dengan angkanya,
selain itu menurut satuan. Kolom target tahunan mengikuti periode di Identitas (5 atau 6 tahun:
Target Th-1 sampai Target Th-6).

**Kode Program di Anggaran (K04d).** Bila lembar Anggaran hanya memuat kegiatan (tanpa baris
Program), kolom "Kode Program" mengikat setiap kegiatan ke program di PK Program. Karena sering
hanya sebagian kegiatan sebuah program yang dicantumkan, pemeriksaannya "jumlah kegiatan ≤
anggaran program di PK"; harus sama hanya bila baris Program itu sendiri diisi (K04a).

**Kolom yang tidak ada atau berganti judul (K00).** Setiap kolom templat yang tidak ditemukan
dilaporkan: judul yang mirip disebutkan (mis. "Pagu APBD Perubahan"), kolom wajib sebagai
kesalahan, kolom hitungan sebagai peringatan, kolom pilihan lain dalam satu catatan per lembar.
Judul yang hanya berbeda satuan dalam kurung ("Pagu Perubahan (Rp)", "Capaian" untuk "Capaian
(%)") tetap dibaca sebagai kolom itu, dengan satu catatan; "(ribu rupiah)" tidak, karena
mengubah besarnya angka. Kolom target Renstra boleh berjudul tahunnya ("2019", "Target 2019").

**Tabel seperti tercetak di laporan.** Yang bukan data dilewati tanpa temuan: baris judul yang
terletak di baris lain (mis. baris 2 atau 5), kolom tambahan ("No", "Keterangan"), baris kosong,
baris nomor kolom di bawah judul ("1 2 3 …" atau "(1) (2) …"), judul yang terulang setelah
pergantian halaman, baris judul kelompok ("Sasaran 1: …") dan baris JUMLAH/TOTAL/Rata-rata di
bawah tabel indikator. Baris Subtotal/JUMLAH/TOTAL di Anggaran dan PK Program dikenali dari
tulisannya di kolom Uraian atau Kode dan diperiksa jumlahnya (K03a, K03d), tanpa meminta Uraian
atau rumus Serapan; baris judul kelompok "BELANJA LANGSUNG"/"BELANJA TIDAK LANGSUNG" yang berisi
total kelompoknya dibandingkan dengan jumlah baris program di bawahnya dan tidak dihitung dua
kali di laporan. Sasaran (dan tujuan) yang hanya ditulis di baris pertama kelompoknya, seperti
sel gabungan, berlaku untuk baris-baris di bawahnya. Angka yang diketik sebagai teks dengan
format Indonesia ("1.914.251.000", "Rp 1.234.567,00", "94,37 %") dibaca sebagai angka. Target
bertanda batas ("≥ 95%", "min. 80", "maks 5") dibaca sebagai angkanya (satu catatan). Predikat
atau opini ("BB", "WTP") dilaporkan apa adanya tanpa capaian (satu catatan per lembar). Kolom
perubahan (Pagu Perubahan, Anggaran Perubahan, Target PK Perubahan) yang berisi 0 di semua baris
dibaca sebagai tidak ada perubahan (satu catatan).

**Ketik sekali (K16).** Nama indikator, satuan dan polaritas yang dikosongkan di PK, Realisasi
dan Rencana Aksi diambil dari Renstra menurut Kode Indikator. Nama atau satuan yang diketik dan
berbeda dari Renstra disebut sekali per indikator (satu catatan menyebut semua selnya);
polaritas yang berbeda adalah K05e.

**Rumus di kolom hitungan (K01, K06, K15).** Pesannya menyebut cara memulihkan rumus dalam satu
langkah: klik satu sel di kolom itu, Ctrl+Spasi memilih seluruh kolom tabel, ketik rumus templat
lalu Ctrl+Enter mengisinya ke semua baris. Rumus yang terlalu panjang untuk diketik (semua rumus
Mode Rumus excel, misalnya rumus Kategori yang ribuan huruf, dan rumus Capaian yang mengambil
polaritas dari Renstra) tidak dikutip: pesannya meminta menyalin sel berumus di atas atau di
bawahnya (Ctrl+C lalu Ctrl+V, atau Ctrl+D), atau menyalinnya dari templat baru
(`xl-lkip templat --rumus excel` atau `--rumus python`, sesuai Mode Rumus di Identitas). Sel yang
diketik dan nilainya sesuai hitungan dikumpulkan menjadi satu catatan per kolom dan lembar.

**Nilai kesalahan Excel di kolom hitungan (K17).** Rumus bawaan Excel (Mode Rumus excel) hanya
membaca angka biasa: target berupa teks ("97,15 %") atau rentang ("80-90"), polaritas yang
ditulis lain ("turun") dan batas skala berdesimal yang ditulis sebagai teks membuat sel hitungan
menampilkan #VALUE!, padahal xl-lkip menghitungnya. Pesannya menyebut sel isian penyebabnya dan
apa yang harus diketik, atau menyarankan Mode Rumus python dengan add-in. Di Mode Rumus python,
#NAME? berarti add-in xl-lkip belum terpasang atau belum dimuat (satu temuan per buku kerja).
Nilai kesalahan yang penyebabnya ada di data (target 0, angka yang tidak terbaca) diterangkan
oleh aturan data itu (K07, K08), bukan oleh K17.

**Jenis Belanja.** Tulisan di DPA diterima apa adanya dan dikelompokkan untuk tabel laporan:

| Ditulis | Dikelompokkan sebagai |
|---|---|
"""


def document() -> str:
    """docs/PEMERIKSAAN.md: every rule with its tolerance, example and messages."""
    from .findings import LABEL
    from .model import JENIS_BELANJA_GROUPS

    out = [_DOC_HEAD]
    for r in _RULES:
        levels = ", ".join(LABEL[t.strip()] for t in r.tingkat.split(","))
        out.append(f"| {r.id} | {r.judul} | {levels} |\n")
    out.append(_DOC_NOTES)
    for written, group in JENIS_BELANJA_GROUPS.items():
        out.append(f"| {written} | {group} |\n")
    out.append("\nTulisan lain tetap ditampilkan seperti ditulis.\n\n## Aturan satu per satu\n")
    for r in _RULES:
        levels = ", ".join(LABEL[t.strip()] for t in r.tingkat.split(","))
        out.append(f"\n### {r.id}: {r.judul}\n\n- Tingkat: {levels}\n- Toleransi: {r.toleransi}\n"
                   f"- Contoh: {r.contoh}\n- Pesan:\n")
        for variant, p in r.pesan.items():
            text = _FORMATTER.format(p.teks, **r.contoh_nilai)
            out.append(f"  - ({LABEL[p.tingkat]}, `{variant}`) {text}\n")
    return "".join(out)
