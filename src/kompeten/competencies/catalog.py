"""The national managerial and socio-cultural competencies (PermenPAN-RB 38/2017).

Names and codes are fixed by the regulation; the level descriptions are our own summary in
Bahasa Indonesia of the gist in domain.md §1, level 1 (lowest) to 5.
"""

NATIONAL_COMPETENCIES = [
    {
        "code": "M.1",
        "name": "Integritas",
        "kind": "managerial",
        "definition": (
            "Konsisten berperilaku selaras dengan nilai, norma dan etika organisasi, serta jujur "
            "dalam hubungan dengan atasan, rekan kerja, bawahan dan pemangku kepentingan."
        ),
        "levels": [
            "Bertindak sesuai nilai, norma dan etika organisasi dalam kapasitas pribadi.",
            "Mengingatkan dan mengajak rekan kerja untuk bertindak sesuai nilai dan etika.",
            "Memastikan orang yang dipimpinnya bertindak sesuai nilai, norma dan etika.",
            "Menciptakan situasi kerja yang membuat seluruh unit patuh pada nilai dan etika.",
            "Menjadi teladan integritas dan rujukan perilaku beretika di tingkat nasional.",
        ],
    },
    {
        "code": "M.2",
        "name": "Kerja Sama",
        "kind": "managerial",
        "definition": (
            "Kemampuan menjalin, membina dan mempertahankan hubungan kerja yang efektif serta "
            "komitmen saling membantu dalam penyelesaian tugas."
        ),
        "levels": [
            "Berpartisipasi aktif sebagai anggota tim dalam menyelesaikan tugas.",
            "Menumbuhkan tim kerja yang partisipatif dan efektif.",
            "Membangun tim kerja yang mampu meningkatkan kinerja unit.",
            "Membangun komitmen dan sinergi antarunit kerja.",
            "Membangun kerja sama yang erat di dalam dan di luar instansi.",
        ],
    },
    {
        "code": "M.3",
        "name": "Komunikasi",
        "kind": "managerial",
        "definition": (
            "Kemampuan menerangkan pandangan dan gagasan secara jelas, sistematis dan meyakinkan, "
            "lisan maupun tertulis, serta mendengarkan secara aktif."
        ),
        "levels": [
            "Menyampaikan informasi dengan jelas, lengkap dan mudah dipahami.",
            "Aktif menjalankan komunikasi dua arah, mendengarkan dan menyusun laporan yang baik.",
            "Menyampaikan informasi yang sensitif atau rumit secara tegas dan tepat sasaran.",
            "Mengemukakan pemikiran multidimensi untuk mencapai kesepakatan bersama.",
            "Membangun sistem komunikasi organisasi yang terbuka dan strategis.",
        ],
    },
    {
        "code": "M.4",
        "name": "Orientasi pada Hasil",
        "kind": "managerial",
        "definition": (
            "Kemampuan mempertahankan komitmen pribadi yang tinggi untuk menyelesaikan tugas, "
            "dapat diandalkan dan bertanggung jawab atas hasil kerja."
        ),
        "levels": [
            "Bertanggung jawab untuk memenuhi standar kerja yang ditetapkan.",
            "Berupaya melampaui standar kerja sendiri dan mencoba metode kerja baru.",
            "Menetapkan target kerja unit yang menantang dan mengupayakan pencapaiannya.",
            "Mendorong unit kerja mencapai hasil yang melampaui target.",
            "Meningkatkan hasil kerja organisasi hingga berdampak di tingkat nasional.",
        ],
    },
    {
        "code": "M.5",
        "name": "Pelayanan Publik",
        "kind": "managerial",
        "definition": (
            "Kemampuan melaksanakan tugas pemerintahan, pembangunan dan pelayanan publik secara "
            "profesional, transparan dan sesuai standar pelayanan."
        ),
        "levels": [
            "Melayani masyarakat sesuai standar pelayanan yang berlaku.",
            "Mengawasi dan menjelaskan proses pelayanan secara transparan.",
            "Memperbaiki standar pelayanan di unit kerjanya.",
            "Mengantisipasi persoalan pelayanan publik jangka panjang.",
            "Menjamin kebijakan pelayanan yang objektif, netral dan tidak diskriminatif.",
        ],
    },
    {
        "code": "M.6",
        "name": "Pengembangan Diri dan Orang Lain",
        "kind": "managerial",
        "definition": (
            "Kemampuan meningkatkan pengetahuan dan kemampuan diri serta mendorong orang lain "
            "untuk terus belajar dan berkembang."
        ),
        "levels": [
            "Mengembangkan kemampuan diri secara aktif.",
            "Mengembangkan bawahan dengan memberi contoh dan kesempatan belajar.",
            "Memberikan umpan balik dan membimbing (coaching) orang lain.",
            "Merancang program pengembangan jangka panjang bagi pegawai.",
            "Membangun budaya belajar di seluruh organisasi.",
        ],
    },
    {
        "code": "M.7",
        "name": "Mengelola Perubahan",
        "kind": "managerial",
        "definition": (
            "Kemampuan menyesuaikan diri dengan situasi baru dan mendorong perubahan yang "
            "dibutuhkan organisasi."
        ),
        "levels": [
            "Mengikuti perubahan sesuai arahan.",
            "Menyesuaikan diri secara proaktif terhadap perubahan.",
            "Membantu orang lain melewati proses perubahan.",
            "Memimpin perubahan di unit kerjanya.",
            "Menggerakkan pemangku kepentingan untuk perubahan yang berkelanjutan.",
        ],
    },
    {
        "code": "M.8",
        "name": "Pengambilan Keputusan",
        "kind": "managerial",
        "definition": (
            "Kemampuan membuat keputusan yang baik secara tepat waktu dan dengan keyakinan diri "
            "setelah mempertimbangkan prinsip kehati-hatian."
        ),
        "levels": [
            "Mengumpulkan informasi dan mengambil tindakan sesuai kewenangannya.",
            "Menganalisis masalah secara mendalam sebelum memutuskan.",
            "Membandingkan berbagai alternatif beserta risikonya.",
            "Menyelesaikan masalah berisiko tinggi dan memitigasi dampaknya.",
            "Membuat keputusan strategis jangka panjang yang berdampak nasional.",
        ],
    },
    {
        "code": "SK.1",
        "name": "Perekat Bangsa",
        "kind": "socio_cultural",
        "definition": (
            "Kemampuan mempromosikan sikap toleransi, keterbukaan dan peka terhadap perbedaan, "
            "serta menjaga persatuan dalam bertugas."
        ),
        "levels": [
            "Memahami dan menerima keberagaman latar belakang orang lain.",
            "Membangun sikap saling menghargai dan menjaga persatuan.",
            "Mempromosikan toleransi dan menjadi penengah ketika terjadi konflik.",
            "Mendayagunakan perbedaan untuk meningkatkan efektivitas organisasi.",
            "Mewakili pemerintah dalam membangun kohesi sosial masyarakat.",
        ],
    },
]

NATIONAL_CODES = [c["code"] for c in NATIONAL_COMPETENCIES]
