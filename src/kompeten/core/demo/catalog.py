"""The five demo agencies and the generated large one. All synthetic, all marked "(Demo)"."""

from dataclasses import dataclass

from kompeten.agencies.models import Agency


@dataclass(frozen=True)
class DemoAgency:
    slug: str
    name: str
    kind: str
    city: str  # the seat, used in school names
    districts: tuple[str, ...]  # kecamatan, each with a puskesmas and a primary school
    employees: int
    aceh: bool = False  # Acehnese name prefixes now and then

    @property
    def region_head(self) -> str:
        return "Bupati" if self.kind == Agency.Kind.KABUPATEN else "Wali Kota"

    @property
    def letterhead(self) -> str:
        return f"{self.name.removesuffix(' (Demo)').upper()}\nData demonstrasi, bukan dokumen resmi"


DEMO_AGENCIES = (
    DemoAgency(
        "sabang",
        "Pemerintah Kota Sabang (Demo)",
        Agency.Kind.KOTA,
        "Sabang",
        ("Sukakarya", "Sukajaya"),
        employees=263,
        aceh=True,
    ),
    DemoAgency(
        "aceh-tenggara",
        "Pemerintah Kabupaten Aceh Tenggara (Demo)",
        Agency.Kind.KABUPATEN,
        "Kutacane",
        ("Babussalam", "Lawe Alas", "Bambel", "Badar", "Lawe Bulan"),
        employees=371,
        aceh=True,
    ),
    DemoAgency(
        "palembang",
        "Pemerintah Kota Palembang (Demo)",
        Agency.Kind.KOTA,
        "Palembang",
        ("Ilir Barat I", "Ilir Timur I", "Seberang Ulu I", "Kemuning", "Sukarami", "Kalidoni"),
        employees=398,
    ),
    DemoAgency(
        "semarang",
        "Pemerintah Kota Semarang (Demo)",
        Agency.Kind.KOTA,
        "Semarang",
        ("Semarang Tengah", "Semarang Utara", "Banyumanik", "Tembalang", "Gajahmungkur"),
        employees=344,
    ),
    DemoAgency(
        "sawahlunto",
        "Pemerintah Kota Sawahlunto (Demo)",
        Agency.Kind.KOTA,
        "Sawahlunto",
        ("Barangin", "Lembah Segar", "Silungkang", "Talawi"),
        employees=287,
    ),
)
DEMO_BY_SLUG = {spec.slug: spec for spec in DEMO_AGENCIES}

# Kecamatan of the generated large agency (common Indonesian place names, no real city).
LARGE_DISTRICTS = (
    "Kota Lama", "Tanjung Harapan", "Sukamaju", "Sukadamai", "Mekarsari", "Sidomulyo",
    "Karanganyar", "Margahayu", "Bukit Indah", "Pasar Baru", "Sungai Baru", "Air Hitam",
    "Kampung Baru", "Tegalrejo", "Sumber Rejo", "Talang Jaya",
)  # fmt: skip


def large_agency(slug: str, employees: int) -> DemoAgency:
    city = slug.replace("-", " ").title()
    return DemoAgency(
        slug,
        f"Pemerintah Kota {city} (Demo)",
        Agency.Kind.KOTA,
        city,
        LARGE_DISTRICTS,
        employees=employees,
    )
