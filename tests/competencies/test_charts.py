"""The radar chart: SVG from matplotlib, unassessed axes shown as such, never as 0."""

import re

from kompeten.competencies.charts import (
    UNASSESSED_COLOUR,
    RadarAxis,
    profile_radar_axes,
    radar_svg,
)
from kompeten.competencies.selectors import employee_profile

AXES = [
    RadarAxis("M.1", "Integritas", 3, 3),
    RadarAxis("M.2", "Kerja Sama", 3, 2),
    RadarAxis("M.3", "Komunikasi", 3, None),
    RadarAxis("SK.1", "Perekat Bangsa", 3, 4),
]


def text_nodes(svg: str) -> list[str]:
    return re.findall(r"<text[^>]*>(.*?)</text>", svg, re.S)


def test_it_draws_every_axis_with_its_code_and_a_legend():
    svg = radar_svg(AXES)
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    texts = " ".join(text_nodes(svg))
    for code in ("M.1", "M.2", "M.3", "SK.1"):
        assert code in texts
    for label in ("Standar jabatan", "Level saat ini", "Belum dinilai", "Di bawah standar"):
        assert label in texts


def test_an_unassessed_axis_is_grey_italic_and_marked():
    svg = radar_svg(AXES)
    nodes = re.findall(r"<text[^>]*style=\"([^\"]*)\"[^>]*>(.*?)</text>", svg, re.S)
    m3 = [style for style, text in nodes if text.startswith("M.3")]
    m1 = [style for style, text in nodes if text.startswith("M.1")]
    assert m3 and "italic" in m3[0] and UNASSESSED_COLOUR in m3[0]
    assert m1 and "italic" not in m1[0]
    assert "?" in text_nodes(svg)
    assert "?" not in text_nodes(radar_svg([a for a in AXES if a.current is not None]))


def test_the_current_line_breaks_at_an_unassessed_axis_instead_of_dropping_to_zero():
    """A NaN in the data splits matplotlib's path into two pieces (two 'M' moves)."""
    complete = radar_svg([a for a in AXES if a.current is not None])
    with_gap = radar_svg(AXES)

    def current_path(svg):
        # The current line is the solid, wide stroke in the current colour.
        paths = re.findall(
            r'<path d="([^"]+)"[^>]*style="[^"]*stroke: #1a936f[^"]*stroke-width: 2\.2', svg
        )
        return paths[0]

    assert current_path(complete).count("M ") == 1
    assert current_path(with_gap).count("M ") == 2


def test_the_same_data_gives_the_same_bytes():
    assert radar_svg(AXES) == radar_svg(list(AXES))


def test_names_are_escaped():
    svg = radar_svg([RadarAxis("T.1", "<script>alert(1)</script>", 2, 1), *AXES[:2]])
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_without_standard_it_says_so():
    svg = radar_svg([])
    assert "Belum ada standar kompetensi" in svg


def test_many_axes_use_codes_only():
    axes = [RadarAxis(f"T.{i}", f"Kompetensi teknis nomor {i}", 2, 2) for i in range(12)]
    texts = text_nodes(radar_svg(axes))
    assert "T.11" in texts and not any("nomor" in t for t in texts)


def test_profile_axes_follow_the_standard(agency, employee, record):
    record(employee, {"M.1": 2})
    axes = profile_radar_axes(employee_profile(employee))
    assert len(axes) == 9 and axes[0] == RadarAxis("M.1", "Integritas", 1, 2)
    assert axes[1].current is None
