"""Charts rendered on the server as SVG (matplotlib, Agg): the same file on the page and in
the PDF (design.md "charts").

matplotlib is imported on first use: it costs about half a second, which no other page
should pay.
"""

from __future__ import annotations

import io
import math
import textwrap
from dataclasses import dataclass
from functools import lru_cache

from django.utils.translation import gettext as _

LEVEL_MAX = 5
# Colours readable on white and in greyscale print: standard dark blue dashed, current
# teal solid; a gap is marked red, an unassessed axis grey and hatched.
STANDARD_COLOUR = "#0b4f6c"
CURRENT_COLOUR = "#1a936f"
GAP_COLOUR = "#c0392b"
UNASSESSED_COLOUR = "#8a8f94"
SVG_RC = {
    "svg.fonttype": "none",  # text stays text: smaller, selectable, uses the page's font
    "svg.hashsalt": "kompeten",  # stable ids, so the same data gives the same bytes
    "font.family": "DejaVu Sans",
    "font.size": 8.5,
}


@dataclass(frozen=True)
class RadarAxis:
    code: str
    name: str
    required: int
    current: int | None  # None: no valid result; never drawn as 0


@lru_cache(maxsize=1)
def _matplotlib():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.lines
    from matplotlib.figure import Figure

    return matplotlib, Figure


def _label(axis: RadarAxis, n_axes: int) -> str:
    if n_axes > 10:  # long names would overlap; the table beside the chart names them
        return axis.code
    return axis.code + "\n" + "\n".join(textwrap.wrap(axis.name, 18)[:3])


def radar_svg(axes: list[RadarAxis]) -> str:
    """Radar chart of required vs current level per competency of a standard.

    An unassessed axis is greyed and hatched, its label says so, and the current line is
    broken there instead of dropping to 0 (domain.md §2: a missing level is never 0).
    """
    matplotlib, Figure = _matplotlib()
    with matplotlib.rc_context(SVG_RC):
        fig = Figure(figsize=(5.6, 5.2))
        if not axes:
            fig.text(
                0.5, 0.5, _("Belum ada standar kompetensi untuk jabatan ini."),
                ha="center", va="center", color=UNASSESSED_COLOUR,
            )  # fmt: skip
            return _svg(fig)
        ax = fig.add_subplot(projection="polar")
        n = len(axes)
        step = 2 * math.pi / n
        angles = [i * step for i in range(n)]
        ax.set_theta_offset(math.pi / 2)
        ax.set_theta_direction(-1)
        ax.set_ylim(0, LEVEL_MAX)
        ax.set_yticks(range(1, LEVEL_MAX + 1))
        ax.set_yticklabels([str(i) for i in range(1, LEVEL_MAX + 1)], color="#6c757d", size=7)
        ax.set_rlabel_position(180 / n)
        ax.grid(color="#dee2e6", linewidth=0.7)
        ax.spines["polar"].set_color("#ced4da")
        ax.set_xticks(angles)
        ax.set_xticklabels([_label(a, n) for a in axes], size=8 if n <= 10 else 7)
        for tick, axis in zip(ax.get_xticklabels(), axes, strict=True):
            if axis.current is None:
                tick.set_color(UNASSESSED_COLOUR)
                tick.set_fontstyle("italic")
        ax.tick_params(axis="x", pad=10)

        closed = [*angles, angles[0]]
        required = [a.required for a in axes]
        ax.plot(closed, [*required, required[0]], color=STANDARD_COLOUR, linewidth=1.6,
                linestyle="--", label=_("Standar jabatan"))  # fmt: skip
        ax.fill(closed, [*required, required[0]], color=STANDARD_COLOUR, alpha=0.07)

        current = [math.nan if a.current is None else a.current for a in axes]
        # NaN breaks the line at an unassessed axis instead of drawing it to the centre.
        ax.plot(closed, [*current, current[0]], color=CURRENT_COLOUR, linewidth=2.2,
                label=_("Level saat ini"))  # fmt: skip
        if all(a.current is not None for a in axes):
            ax.fill(closed, [*current, current[0]], color=CURRENT_COLOUR, alpha=0.18)
        for angle, axis in zip(angles, axes, strict=True):
            if axis.current is None:
                # A hatched band along the axis: visibly "no value", not a low one.
                # A wide dotted grey spoke: visibly "no value", not a low one.
                ax.plot([angle, angle], [0, LEVEL_MAX], color=UNASSESSED_COLOUR, alpha=0.45,
                        linewidth=7, linestyle=(0, (1, 1.2)), solid_capstyle="butt")  # fmt: skip
                ax.text(angle, LEVEL_MAX * 0.3, "?", ha="center", va="center",
                        color=UNASSESSED_COLOUR, size=12, weight="bold")  # fmt: skip
            else:
                colour = GAP_COLOUR if axis.current < axis.required else CURRENT_COLOUR
                ax.plot([angle], [axis.current], marker="o", markersize=6, color=colour,
                        markeredgecolor="white", markeredgewidth=0.8)  # fmt: skip
        handles, labels = ax.get_legend_handles_labels()
        handles.append(
            matplotlib.lines.Line2D([], [], color=UNASSESSED_COLOUR, alpha=0.45, linewidth=7,
                                    linestyle=(0, (1, 1.2)))
        )  # fmt: skip
        labels.append(_("Belum dinilai"))
        handles.append(
            matplotlib.lines.Line2D([], [], marker="o", linestyle="none", color=GAP_COLOUR)
        )
        labels.append(_("Di bawah standar"))
        fig.legend(
            handles,
            labels,
            loc="lower center",
            ncol=4,
            frameon=False,
            fontsize=8,
            bbox_to_anchor=(0.5, 0.0),
        )
        fig.subplots_adjust(left=0.15, right=0.85, top=0.86, bottom=0.15)
        return _svg(fig)


def _svg(fig) -> str:
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None}, transparent=True)
    return buffer.getvalue()


def profile_radar_axes(profile) -> list[RadarAxis]:
    """The axes of an employee's radar: the competencies of their position's standard."""
    return [
        RadarAxis(
            code=line.competency.code,
            name=line.competency.name,
            required=line.required,
            current=line.current,
        )
        for line in profile.standard_lines
    ]
