"""Unit trees of the demo agencies (OPD → bidang/bagian → seksi) and their bulk insert.

A tree is a list of UnitSpec, parents before children. Each unit has one head post and staff
posts with a weight: the share of the agency's staff that the post gets (0 = left vacant).
"""

from collections import Counter
from dataclasses import dataclass, field

from kompeten.agencies.models import Agency, Unit
from kompeten.core.tenancy import scopes_disabled
from kompeten.employees.models import PositionKind as K

# The unit whose head (the sekda) heads the agency's civil service; heads of the other roots
# report to this head.
TOP_UNIT = "SETDA"


@dataclass(frozen=True)
class Post:
    name: str
    kind: str
    weight: float = 0.0
    profile: str = ""  # academic-title profile in people.TITLES; "" = by kind
    minimum: int = 0  # staff guaranteed whatever the agency's size


@dataclass
class UnitSpec:
    code: str
    name: str
    parent: str | None
    head: Post
    staff: list[Post] = field(default_factory=list)


def _staff(*posts: Post) -> list[Post]:
    return list(posts)


ADMIN = Post("Pengadministrasi Perkantoran", K.PELAKSANA, 1)
KEUANGAN = Post("Pengadministrasi Keuangan", K.PELAKSANA, 1.5)
DATA = Post("Pengolah Data", K.PELAKSANA, 1)


def _sekretariat(opd: str) -> list[UnitSpec]:
    return [
        UnitSpec(
            f"{opd}.SEKRE",
            "Sekretariat",
            opd,
            Post("Sekretaris Dinas", K.ADMINISTRATOR),
            _staff(KEUANGAN, Post("Perencana Ahli Pertama", K.AHLI_PERTAMA, 0.5, "perencana")),
        )
    ]


def setda(region_head: str) -> list[UnitSpec]:
    return [
        UnitSpec(
            "SETDA",
            "Sekretariat Daerah",
            None,
            Post("Sekretaris Daerah", K.JPT_PRATAMA),
            _staff(
                Post(
                    f"Staf Ahli {region_head} Bidang Pemerintahan, Hukum dan Politik",
                    K.JPT_PRATAMA,
                    0.3,
                ),
                ADMIN,
                # A regency or city has no JPT Madya/Utama posts; these two vacant examples let
                # the demo show every position kind (standards, filters) and are named so.
                Post("Jabatan Contoh JPT Madya (demo, lowong)", K.JPT_MADYA),
                Post("Jabatan Contoh JPT Utama (demo, lowong)", K.JPT_UTAMA),
            ),
        ),
        UnitSpec(
            "SETDA.ORG",
            "Bagian Organisasi",
            "SETDA",
            Post("Kepala Bagian Organisasi", K.ADMINISTRATOR),
            _staff(
                Post("Analis Kebijakan Ahli Madya", K.AHLI_MADYA, 0.4),
                Post("Analis Kebijakan Ahli Pertama", K.AHLI_PERTAMA, 0.6),
                DATA,
            ),
        ),
        UnitSpec(
            "SETDA.UMUM",
            "Bagian Umum",
            "SETDA",
            Post("Kepala Bagian Umum", K.ADMINISTRATOR),
            _staff(
                Post("Pengadministrasi Perkantoran", K.PELAKSANA, 2),
                Post("Arsiparis Terampil", K.TERAMPIL, 0.5, "d3"),
                Post("Pranata Komputer Penyelia", K.PENYELIA, 0.4, "it_d3"),
            ),
        ),
        UnitSpec(
            "SETDA.HUKUM",
            "Bagian Hukum",
            "SETDA",
            Post("Kepala Bagian Hukum", K.ADMINISTRATOR, profile="hukum"),
            _staff(
                Post("Perancang Peraturan Perundang-undangan Ahli Muda", K.AHLI_MUDA, 0.5, "hukum"),
                Post("Analis Hukum Ahli Pertama", K.AHLI_PERTAMA, 0.6, "hukum"),
                DATA,
            ),
        ),
    ]


def bkpsdm() -> list[UnitSpec]:
    return [
        UnitSpec(
            "BKPSDM",
            "Badan Kepegawaian dan Pengembangan Sumber Daya Manusia",
            None,
            Post("Kepala Badan Kepegawaian dan Pengembangan Sumber Daya Manusia", K.JPT_PRATAMA),
            _staff(
                Post("Widyaiswara Ahli Utama", K.AHLI_UTAMA, 0.3, "widyaiswara", minimum=1),
                Post("Asesor SDM Aparatur Ahli Muda", K.AHLI_MUDA, 0.5, "sdm", minimum=1),
                ADMIN,
            ),
        ),
        UnitSpec(
            "BKPSDM.MUTASI",
            "Bidang Mutasi dan Promosi",
            "BKPSDM",
            Post("Kepala Bidang Mutasi dan Promosi", K.ADMINISTRATOR),
            _staff(
                Post("Analis Kepegawaian Ahli Pertama", K.AHLI_PERTAMA, 1.2, "sdm"),
                Post("Analis Kepegawaian Ahli Muda", K.AHLI_MUDA, 0.6, "sdm"),
                Post("Pengolah Data Kepegawaian", K.PELAKSANA, 1),
                Post("Pranata Komputer Penyelia", K.PENYELIA, 0.4, "it_d3"),
            ),
        ),
        UnitSpec(
            "BKPSDM.PKA",
            "Bidang Pengembangan Kompetensi Aparatur",
            "BKPSDM",
            Post("Kepala Bidang Pengembangan Kompetensi Aparatur", K.ADMINISTRATOR),
            _staff(
                Post("Analis Kepegawaian Ahli Pertama", K.AHLI_PERTAMA, 0.8, "sdm"),
                Post("Asesor SDM Aparatur Ahli Pertama", K.AHLI_PERTAMA, 0.5, "sdm"),
                ADMIN,
            ),
        ),
    ]


def _seksi_dukcapil(code: str, name: str, parent: str, weight: float, minimum=0) -> UnitSpec:
    return UnitSpec(
        code,
        name,
        parent,
        Post(f"Kepala {name}", K.PENGAWAS),
        _staff(
            Post("Pengadministrasi Kependudukan", K.PELAKSANA, 2 * weight, minimum=minimum),
            Post("Pengolah Data Kependudukan", K.PELAKSANA, weight),
        ),
    )


def disdukcapil() -> list[UnitSpec]:
    return [
        UnitSpec(
            "DISDUKCAPIL",
            "Dinas Kependudukan dan Pencatatan Sipil",
            None,
            Post("Kepala Dinas Kependudukan dan Pencatatan Sipil", K.JPT_PRATAMA),
            _staff(ADMIN),
        ),
        *_sekretariat("DISDUKCAPIL"),
        UnitSpec(
            "DISDUKCAPIL.PDP",
            "Bidang Pelayanan Pendaftaran Penduduk",
            "DISDUKCAPIL",
            Post("Kepala Bidang Pelayanan Pendaftaran Penduduk", K.ADMINISTRATOR),
            _staff(Post("Administrator Database Kependudukan Ahli Pertama", K.AHLI_PERTAMA, 0.5)),
        ),
        # The demo login `employee.<slug>` is a staff member here: keep two at least.
        _seksi_dukcapil(
            "DISDUKCAPIL.PDP.IDP", "Seksi Identitas Penduduk", "DISDUKCAPIL.PDP", 1.5, minimum=2
        ),
        _seksi_dukcapil("DISDUKCAPIL.PDP.PDH", "Seksi Pindah Datang", "DISDUKCAPIL.PDP", 1),
        UnitSpec(
            "DISDUKCAPIL.PCS",
            "Bidang Pelayanan Pencatatan Sipil",
            "DISDUKCAPIL",
            Post("Kepala Bidang Pelayanan Pencatatan Sipil", K.ADMINISTRATOR),
            _staff(Post("Administrator Database Kependudukan Ahli Muda", K.AHLI_MUDA, 0.4)),
        ),
        _seksi_dukcapil(
            "DISDUKCAPIL.PCS.KLM", "Seksi Kelahiran dan Kematian", "DISDUKCAPIL.PCS", 1
        ),
        _seksi_dukcapil(
            "DISDUKCAPIL.PCS.PKW", "Seksi Perkawinan dan Perceraian", "DISDUKCAPIL.PCS", 0.7
        ),
        UnitSpec(
            "DISDUKCAPIL.PIAK",
            "Bidang Pengelolaan Informasi Administrasi Kependudukan",
            "DISDUKCAPIL",
            Post("Kepala Bidang Pengelolaan Informasi Administrasi Kependudukan", K.ADMINISTRATOR),
            _staff(
                Post("Pranata Komputer Penyelia", K.PENYELIA, 0.5, "it_d3"),
                Post("Pranata Komputer Terampil", K.TERAMPIL, 0.6, "it_d3"),
                Post("Pranata Komputer Ahli Pertama", K.AHLI_PERTAMA, 0.5, "it"),
            ),
        ),
    ]


def dinkes(districts: list[str]) -> list[UnitSpec]:
    units = [
        UnitSpec(
            "DINKES",
            "Dinas Kesehatan",
            None,
            Post("Kepala Dinas Kesehatan", K.JPT_PRATAMA, profile="kesehatan_struktural"),
            _staff(ADMIN),
        ),
        *_sekretariat("DINKES"),
        UnitSpec(
            "DINKES.YANKES",
            "Bidang Pelayanan Kesehatan",
            "DINKES",
            Post("Kepala Bidang Pelayanan Kesehatan", K.ADMINISTRATOR, profile="kesmas"),
            _staff(Post("Administrator Kesehatan Ahli Muda", K.AHLI_MUDA, 0.5, "kesmas")),
        ),
        UnitSpec(
            "DINKES.YANKES.PRIMER",
            "Seksi Pelayanan Kesehatan Primer",
            "DINKES.YANKES",
            Post("Kepala Seksi Pelayanan Kesehatan Primer", K.PENGAWAS, profile="kesmas"),
            _staff(Post("Pengolah Data Kesehatan", K.PELAKSANA, 0.8)),
        ),
        UnitSpec(
            "DINKES.YANKES.RUJUKAN",
            "Seksi Pelayanan Kesehatan Rujukan",
            "DINKES.YANKES",
            Post("Kepala Seksi Pelayanan Kesehatan Rujukan", K.PENGAWAS, profile="kesmas"),
            _staff(Post("Pengolah Data Kesehatan", K.PELAKSANA, 0.6)),
        ),
        UnitSpec(
            "DINKES.P2P",
            "Bidang Pencegahan dan Pengendalian Penyakit",
            "DINKES",
            Post(
                "Kepala Bidang Pencegahan dan Pengendalian Penyakit",
                K.ADMINISTRATOR,
                profile="kesmas",
            ),
            _staff(
                Post("Epidemiolog Kesehatan Ahli Pertama", K.AHLI_PERTAMA, 0.5, "kesmas"),
                Post("Sanitarian Terampil", K.TERAMPIL, 0.6, "sanitarian"),
            ),
        ),
    ]
    for i, district in enumerate(districts, 1):
        units.append(
            UnitSpec(
                f"DINKES.PKM{i:02d}",
                f"UPT Puskesmas {district}",
                "DINKES",
                Post("Kepala UPT Puskesmas", K.PENGAWAS, profile="dokter"),
                _staff(
                    Post("Dokter Ahli Muda", K.AHLI_MUDA, 0.7, "dokter"),
                    Post("Dokter Ahli Pertama", K.AHLI_PERTAMA, 0.5, "dokter"),
                    Post("Perawat Terampil", K.TERAMPIL, 1.6, "perawat_d3"),
                    Post("Perawat Ahli Pertama", K.AHLI_PERTAMA, 0.7, "perawat_ners"),
                    Post("Bidan Mahir", K.MAHIR, 1.2, "bidan"),
                    Post("Bidan Terampil", K.TERAMPIL, 0.8, "bidan"),
                    Post("Apoteker Ahli Pertama", K.AHLI_PERTAMA, 0.3, "apoteker"),
                    Post("Pranata Laboratorium Kesehatan Terampil", K.TERAMPIL, 0.3, "lab"),
                    ADMIN,
                ),
            )
        )
    return units


def _bidang_with_seksi(parent: str, key: str, name: str, seksi: list[tuple[str, str]], staff):
    code = f"{parent}.{key}"
    units = [UnitSpec(code, name, parent, Post(f"Kepala {name}", K.ADMINISTRATOR), _staff(*staff))]
    for seksi_key, seksi_name in seksi:
        units.append(
            UnitSpec(
                f"{code}.{seksi_key}",
                seksi_name,
                code,
                Post(f"Kepala {seksi_name}", K.PENGAWAS),
                _staff(DATA),
            )
        )
    return units


def disdik(city: str, districts: list[str]) -> list[UnitSpec]:
    data_pendidikan = Post("Pengolah Data Pendidikan", K.PELAKSANA, 0.8)
    units = [
        UnitSpec(
            "DISDIK",
            "Dinas Pendidikan",
            None,
            Post("Kepala Dinas Pendidikan", K.JPT_PRATAMA, profile="guru_senior"),
            _staff(ADMIN),
        ),
        *_sekretariat("DISDIK"),
        *_bidang_with_seksi(
            "DISDIK",
            "SD",
            "Bidang Pembinaan Sekolah Dasar",
            [("KUR", "Seksi Kurikulum dan Penilaian SD"), ("PD", "Seksi Peserta Didik SD")],
            [data_pendidikan],
        ),
        *_bidang_with_seksi(
            "DISDIK",
            "SMP",
            "Bidang Pembinaan Sekolah Menengah Pertama",
            [("KUR", "Seksi Kurikulum dan Penilaian SMP"), ("SARPRAS", "Seksi Sarana SMP")],
            [data_pendidikan],
        ),
        UnitSpec(
            "DISDIK.GTK",
            "Bidang Guru dan Tenaga Kependidikan",
            "DISDIK",
            Post("Kepala Bidang Guru dan Tenaga Kependidikan", K.ADMINISTRATOR),
            _staff(
                Post("Pengawas Sekolah Ahli Madya", K.AHLI_MADYA, 0.6, "guru_senior"),
                Post("Analis Kepegawaian Ahli Pertama", K.AHLI_PERTAMA, 0.4, "sdm"),
            ),
        ),
    ]
    teachers = (
        Post("Guru Ahli Madya", K.AHLI_MADYA, 0.8, "guru_senior"),
        Post("Guru Ahli Muda", K.AHLI_MUDA, 1.2, "guru"),
        Post("Guru Ahli Pertama", K.AHLI_PERTAMA, 1.5, "guru"),
    )
    for i in range(1, max(1, len(districts) // 2) + 1):
        units.append(
            UnitSpec(
                f"DISDIK.SMPN{i:02d}",
                f"UPT SMP Negeri {i} {city}",
                "DISDIK",
                Post("Guru Ahli Madya (Kepala Sekolah)", K.AHLI_MADYA, profile="guru_senior"),
                _staff(*teachers, Post("Pustakawan Terampil", K.TERAMPIL, 0.3, "d3"), ADMIN),
            )
        )
    for i, district in enumerate(districts, 1):
        units.append(
            UnitSpec(
                f"DISDIK.SDN{i:02d}",
                f"UPT SD Negeri {i} {district}",
                "DISDIK",
                Post("Guru Ahli Muda (Kepala Sekolah)", K.AHLI_MUDA, profile="guru"),
                _staff(*teachers[1:]),
            )
        )
    return units


def dpmptsp() -> list[UnitSpec]:
    return [
        UnitSpec(
            "DPMPTSP",
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
            None,
            Post("Kepala Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu", K.JPT_PRATAMA),
            _staff(ADMIN),
        ),
        UnitSpec(
            "DPMPTSP.YAN",
            "Bidang Pelayanan Perizinan dan Nonperizinan",
            "DPMPTSP",
            Post("Kepala Bidang Pelayanan Perizinan dan Nonperizinan", K.ADMINISTRATOR),
            _staff(
                Post("Pengadministrasi Perizinan", K.PELAKSANA, 1.5),
                Post("Pranata Komputer Ahli Pertama", K.AHLI_PERTAMA, 0.4, "it"),
            ),
        ),
        UnitSpec(
            "DPMPTSP.PM",
            "Bidang Penanaman Modal",
            "DPMPTSP",
            Post("Kepala Bidang Penanaman Modal", K.ADMINISTRATOR),
            _staff(Post("Pengolah Data Penanaman Modal", K.PELAKSANA, 0.8)),
        ),
    ]


def satpolpp() -> list[UnitSpec]:
    return [
        UnitSpec(
            "SATPOLPP",
            "Satuan Polisi Pamong Praja",
            None,
            Post("Kepala Satuan Polisi Pamong Praja", K.JPT_PRATAMA),
            _staff(
                Post("Polisi Pamong Praja Penyelia", K.PENYELIA, 0.4, "satpol"),
                Post("Polisi Pamong Praja Mahir", K.MAHIR, 0.6, "satpol"),
                ADMIN,
            ),
        ),
        UnitSpec(
            "SATPOLPP.TIBUM",
            "Bidang Ketertiban Umum dan Ketenteraman Masyarakat",
            "SATPOLPP",
            Post("Kepala Bidang Ketertiban Umum dan Ketenteraman Masyarakat", K.ADMINISTRATOR),
            _staff(
                Post("Polisi Pamong Praja Pemula", K.PEMULA, 1.2, "satpol"),
                Post("Polisi Pamong Praja Terampil", K.TERAMPIL, 1.2, "satpol"),
            ),
        ),
    ]


def kecamatan(districts: list[str]) -> list[UnitSpec]:
    units = []
    for i, district in enumerate(districts, 1):
        code = f"KEC{i:02d}"
        units.append(
            UnitSpec(
                code, f"Kecamatan {district}", None, Post("Camat", K.ADMINISTRATOR), _staff(ADMIN)
            )
        )
        for key, name, staff in (
            ("PEM", "Seksi Pemerintahan", Post("Pengadministrasi Pemerintahan", K.PELAKSANA, 1)),
            ("YAN", "Seksi Pelayanan Umum", Post("Pengadministrasi Umum", K.PELAKSANA, 1)),
        ):
            units.append(
                UnitSpec(
                    f"{code}.{key}", name, code, Post(f"Kepala {name}", K.PENGAWAS), [staff, DATA]
                )
            )
    return units


def demo_tree(*, region_head: str, city: str, districts: list[str]) -> list[UnitSpec]:
    """The realistic tree of one regency or city government (a selection of its OPDs)."""
    return [
        *setda(region_head),
        *bkpsdm(),
        *disdukcapil(),
        *dinkes(districts),
        *disdik(city, districts),
        *dpmptsp(),
        *satpolpp(),
        *kecamatan(districts),
    ]


# Further OPDs of the large benchmark agency: (code, name, a fungsional post of theirs).
EXTRA_OPDS = [
    (
        "DPUPR",
        "Dinas Pekerjaan Umum dan Penataan Ruang",
        ("Teknik Jalan dan Jembatan Ahli Muda", K.AHLI_MUDA),
    ),
    ("DINSOS", "Dinas Sosial", ("Pekerja Sosial Ahli Pertama", K.AHLI_PERTAMA)),
    ("DISHUB", "Dinas Perhubungan", ("Penguji Kendaraan Bermotor Terampil", K.TERAMPIL)),
    ("DLH", "Dinas Lingkungan Hidup", ("Pengendali Dampak Lingkungan Ahli Muda", K.AHLI_MUDA)),
    (
        "DISPERKIM",
        "Dinas Perumahan dan Kawasan Permukiman",
        ("Penata Ruang Ahli Pertama", K.AHLI_PERTAMA),
    ),
    ("DISNAKER", "Dinas Tenaga Kerja", ("Mediator Hubungan Industrial Ahli Muda", K.AHLI_MUDA)),
    (
        "DISKOPUKM",
        "Dinas Koperasi dan Usaha Kecil Menengah",
        ("Pengawas Koperasi Ahli Pertama", K.AHLI_PERTAMA),
    ),
    ("DISDAG", "Dinas Perdagangan", ("Penera Mahir", K.MAHIR)),
    ("DISKOMINFO", "Dinas Komunikasi dan Informatika", ("Pranata Komputer Ahli Muda", K.AHLI_MUDA)),
    ("DISPAR", "Dinas Pariwisata dan Kebudayaan", ("Pamong Budaya Ahli Pertama", K.AHLI_PERTAMA)),
    ("DISTAN", "Dinas Pertanian dan Ketahanan Pangan", ("Penyuluh Pertanian Penyelia", K.PENYELIA)),
    ("BAPPEDA", "Badan Perencanaan Pembangunan Daerah", ("Perencana Ahli Muda", K.AHLI_MUDA)),
    (
        "BPKAD",
        "Badan Pengelolaan Keuangan dan Aset Daerah",
        ("Analis Keuangan Pusat dan Daerah Ahli Pertama", K.AHLI_PERTAMA),
    ),
    ("BAPENDA", "Badan Pendapatan Daerah", ("Pengolah Data Pajak Daerah", K.PELAKSANA)),
    ("INSPEKTORAT", "Inspektorat Daerah", ("Auditor Ahli Muda", K.AHLI_MUDA)),
    ("DAMKAR", "Dinas Pemadam Kebakaran dan Penyelamatan", ("Pemadam Kebakaran Pemula", K.PEMULA)),
]


def extra_opd(code: str, name: str, fungsional: tuple[str, str]) -> list[UnitSpec]:
    head_title = "Inspektur" if code == "INSPEKTORAT" else f"Kepala {name}"
    units = [
        UnitSpec(
            code,
            name,
            None,
            Post(head_title, K.JPT_PRATAMA),
            _staff(ADMIN, Post(fungsional[0], fungsional[1], 1.5)),
        ),
        *_sekretariat(code),
    ]
    units += _bidang_with_seksi(
        code,
        "REN",
        "Bidang Perencanaan dan Pengendalian",
        [("PRG", "Seksi Perencanaan Program"), ("EVA", "Seksi Evaluasi dan Pelaporan")],
        [DATA],
    )
    units += _bidang_with_seksi(
        code,
        "YAN",
        "Bidang Pelayanan dan Pembinaan",
        [("TEK", "Seksi Pelayanan Teknis"), ("BIN", "Seksi Pembinaan")],
        [Post(fungsional[0], fungsional[1], 1), DATA],
    )
    return units


def large_tree(*, city: str, districts: list[str]) -> list[UnitSpec]:
    """The demo tree plus 16 generic OPDs: about 250 units, for benchmarks."""
    units = demo_tree(region_head="Wali Kota", city=city, districts=districts)
    for code, name, fungsional in EXTRA_OPDS:
        units += extra_opd(code, name, fungsional)
    return units


def units_bulk_create(agency: Agency, specs: list[UnitSpec]) -> dict[str, Unit]:
    """Insert a whole tree in one bulk statement; returns the units by code.

    Materialised paths are computed here the way treebeard's add_root/add_child would
    (steplen 4, base 36), after the last root of any agency: root paths are global.
    """
    with scopes_disabled():
        last_root = Unit.get_last_root_node()
    next_root = Unit._str2int(last_root.path[: Unit.steplen]) + 1 if last_root else 1
    by_code: dict[str, Unit] = {}
    children: Counter[str] = Counter()
    for spec in specs:
        if spec.code in by_code:
            raise ValueError(f"duplicate unit code {spec.code}")
        if spec.parent is None:
            depth, path = 1, Unit._get_path(None, 1, next_root)
            next_root += 1
        else:
            parent = by_code[spec.parent]
            children[spec.parent] += 1
            depth = parent.depth + 1
            path = Unit._get_path(parent.path, depth, children[spec.parent])
        by_code[spec.code] = Unit(
            agency=agency, code=spec.code, name=spec.name, path=path, depth=depth, numchild=0
        )
    for code, count in children.items():
        by_code[code].numchild = count
    with scopes_disabled():
        Unit.objects.bulk_create(by_code.values(), batch_size=500)
    return by_code
