"""The power–interest matrix: an interactive Altair chart for the page and a printable page.

Both views share one geometry (:func:`plot_frame`): interest on X, power on Y, lines between
the low (1–2) and high (3–5) scores at 2.5, actors sharing a cell spread on a small circle
inside it (deterministic, so the picture is the same every time), and an arrow from the first
to the current position of actors that moved. Sector = colour AND shape (the map's Okabe–Ito
palette, :mod:`mapping.palette`); position = marker fill (full: a favor; half/light:
indiferente; empty: en contra), so nothing relies on colour alone.

User text (titles, names, authors) is drawn with ``parse_math=False``: a name holding
``$…$`` stays literal instead of being typeset (or crashing on an unknown TeX command).
"""

from __future__ import annotations

import io
import math
from datetime import date

import altair as alt
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from matplotlib.textpath import TextToPath

from i18n import t
from mapping.palette import OUTLINE, SECTOR_STYLES, TEXT, sector_style
from stakeholders.analysis.quadrants import (
    DIVIDER,
    KEEP_INFORMED,
    KEEP_SATISFIED,
    MANAGE_CLOSELY,
    MONITOR,
    POSITIONS,
    SCALE_MAX,
    SCALE_MIN,
    position_label,
    quadrant_label,
    strategy_label,
)
from stakeholders.errors import InputError
from stakeholders.vocab import ACTOR_TYPE_VOCAB, SECTOR_VOCAB

LOW, HIGH = SCALE_MIN - 0.5, SCALE_MAX + 0.5
# Power axis: an extra band above 5 and below 1 holds the quadrant names, clear of the actors.
Y_LOW, Y_HIGH = SCALE_MIN - 1.0, SCALE_MAX + 1.0
SPREAD_RADIUS = 0.3  # < 0.5: a spread actor never leaves its cell nor crosses a dividing line
VEGA_SHAPES = {"circle": "circle", "square": "square", "triangle": "triangle-up", "diamond": "diamond"}
MPL_MARKERS = {"circle": "o", "square": "s", "triangle": "^", "diamond": "D"}
FILL_OPACITY = {"a_favor": 1.0, "indiferente": 0.35, "en_contra": 0.0}
MPL_FILLSTYLE = {"a_favor": "full", "indiferente": "left", "en_contra": "none"}
QUADRANT_CORNERS = {  # label anchor (x, y, horizontal alignment)
    MANAGE_CLOSELY: (HIGH - 0.05, Y_HIGH - 0.06, "right"),
    KEEP_SATISFIED: (LOW + 0.05, Y_HIGH - 0.06, "left"),
    KEEP_INFORMED: (HIGH - 0.05, Y_LOW + 0.42, "right"),
    MONITOR: (LOW + 0.05, Y_LOW + 0.42, "left"),
}
QUADRANT_TINTS = {MANAGE_CLOSELY: "#fbe9e0", KEEP_SATISFIED: "#eef3f8", KEEP_INFORMED: "#eef6ee", MONITOR: "#f6f6f6"}
A4_LANDSCAPE = (11.69, 8.27)


def spread(keys: list[tuple[int, int]], order: list[str]) -> list[tuple[float, float]]:
    """Offsets (dx, dy) that spread items sharing a cell on a circle around its centre.

    Items are placed in ``order`` (e.g. names) within their cell, so the layout is reproducible.
    One item alone stays in the centre.
    """
    groups: dict[tuple[int, int], list[int]] = {}
    for idx in sorted(range(len(keys)), key=lambda i: order[i]):
        groups.setdefault(keys[idx], []).append(idx)
    out: list[tuple[float, float]] = [(0.0, 0.0)] * len(keys)
    for members in groups.values():
        n = len(members)
        if n == 1:
            continue
        for k, idx in enumerate(members):
            angle = math.pi / 2 + 2 * math.pi * k / n
            radius = SPREAD_RADIUS if n <= 8 else SPREAD_RADIUS * (0.55 + 0.45 * (k % 2))
            out[idx] = (radius * math.cos(angle), radius * math.sin(angle))
    return out


def short_name(name: object, width: int = 30) -> str:
    text = " ".join(str(name or "").split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


_TEXT_PATH = TextToPath()
POINTS_PER_INCH = 72
LINE_POINTS = 0.94 * A4_LANDSCAPE[0] * POINTS_PER_INCH  # a full-width line of the printed page
NAME_POINTS = 0.40 * 0.425 * A4_LANDSCAPE[0] * POINTS_PER_INCH * 0.8  # name column less the cell padding (10 % a side)
_CONTROL = {c: "\ufffd" for c in range(32)}  # NUL & co. have no glyph: shown as U+FFFD


def text_width(text: str, size: float, weight: str = "normal") -> float:
    """Width in points of ``text`` drawn as plain text (no mathtext) in the default font."""
    width, _, _ = _TEXT_PATH.get_text_width_height_descent(text, FontProperties(size=size, weight=weight),
                                                           ismath=False)
    return float(width)


def fit_text(text: object, max_points: float, size: float, weight: str = "normal") -> str:
    """``text`` on one line, cut with «…» so it never runs past ``max_points`` (off the page or its cell)."""
    full = " ".join(str(text or "").split()).translate(_CONTROL)
    if text_width(full, size, weight) <= max_points:
        return full
    low, high = 0, len(full)
    while low < high:  # longest prefix that fits with the ellipsis
        mid = (low + high + 1) // 2
        if text_width(full[:mid].rstrip() + "…", size, weight) <= max_points:
            low = mid
        else:
            high = mid - 1
    return full[:low].rstrip() + "…"


def plot_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Assessed actors of a ``matrix_frame`` with plotting columns (pure).

    Adds ``numero`` (1…n, the label in print), ``x``/``y`` (spread current position),
    ``x0``/``y0`` (spread first position), sector/position labels, shape and colour.
    """
    done = frame[frame["poder"].notna()].sort_values(["nombre", "organizacion_id"]).reset_index(drop=True)
    out = done.copy()
    out["numero"] = range(1, len(out) + 1)
    names = [str(n) for n in out["nombre"]]
    now = spread([(int(p), int(i)) for p, i in zip(out["poder"], out["interes"], strict=True)], names)
    first = spread([(int(p), int(i)) for p, i in zip(out["poder_inicial"], out["interes_inicial"], strict=True)], names)
    out["x"] = [int(i) + d[0] for i, d in zip(out["interes"], now, strict=True)]
    out["y"] = [int(p) + d[1] for p, d in zip(out["poder"], now, strict=True)]
    out["x0"] = [int(i) + d[0] for i, d in zip(out["interes_inicial"], first, strict=True)]
    out["y0"] = [int(p) + d[1] for p, d in zip(out["poder_inicial"], first, strict=True)]
    out["sector"] = [SECTOR_VOCAB.label(s) for s in out["sector_tripartito"]]
    out["color"] = [sector_style(s).color for s in out["sector_tripartito"]]
    out["forma"] = [VEGA_SHAPES.get(sector_style(s).shape, "circle") for s in out["sector_tripartito"]]
    out["relleno"] = [FILL_OPACITY.get(p, 1.0) for p in out["posicion"]]
    out["tipo"] = [ACTOR_TYPE_VOCAB.label(s) for s in out["tipo_actor"]]
    out["posicion_texto"] = [position_label(p) for p in out["posicion"]]
    out["etiqueta"] = [short_name(n, 22) for n in out["nombre"]]
    # Actors spread to the left of their cell are labelled on the left, so labels fan outwards.
    out["lado"] = ["left" if d[0] < -0.05 else "right" for d in now]
    out["inicial_texto"] = [
        f"{t('analisis.eje_poder')} {int(p)} · {t('analisis.eje_interes')} {int(i)} · {position_label(pos)}"
        for p, i, pos in zip(out["poder_inicial"], out["interes_inicial"], out["posicion_inicial"], strict=True)
    ]
    return out


def _arrows(points: pd.DataFrame) -> pd.DataFrame:
    """Movers only: segment from first to current position and an arrowhead near the end."""
    moved = points[points["se_movio"]].copy()
    if moved.empty:
        return moved.assign(xh=[], yh=[], angulo=[])
    dx, dy = moved["x"] - moved["x0"], moved["y"] - moved["y0"]
    length = (dx**2 + dy**2) ** 0.5
    back = (0.22 / length).clip(upper=0.5)
    moved["xh"] = moved["x"] - dx * back
    moved["yh"] = moved["y"] - dy * back
    moved["angulo"] = [math.degrees(math.atan2(a, b)) % 360 for a, b in zip(dx, dy, strict=True)]
    return moved


def _quadrant_frame() -> pd.DataFrame:
    rows = []
    for q, (x, y, align) in QUADRANT_CORNERS.items():
        hi_p = q in (MANAGE_CLOSELY, KEEP_SATISFIED)
        hi_i = q in (MANAGE_CLOSELY, KEEP_INFORMED)
        rows.append({
            "cuadrante": q, "estrategia": strategy_label(q).upper(), "descripcion": quadrant_label(q),
            "x1": DIVIDER if hi_i else LOW, "x2": HIGH if hi_i else DIVIDER,
            "y1": DIVIDER if hi_p else Y_LOW, "y2": Y_HIGH if hi_p else DIVIDER,
            "tx": x, "ty": y, "align": align, "tinte": QUADRANT_TINTS[q],
        })
    return pd.DataFrame(rows)


LABEL_MODES = ("nombres", "numeros", "ninguna")
LEGEND_HEIGHT = 74


def legend_frame() -> pd.DataFrame:
    """The matrix legend as data: one row per sector (colour + shape) and per position (fill)."""
    rows = []
    for k, (sector, style) in enumerate(SECTOR_STYLES.items()):
        rows.append({"fila": 0, "col": k, "etiqueta": SECTOR_VOCAB.label(sector), "sector": SECTOR_VOCAB.label(sector),
                     "color": style.color, "forma": VEGA_SHAPES[style.shape], "relleno": 1.0})
    for k, position in enumerate(POSITIONS):
        rows.append({"fila": 1, "col": k, "etiqueta": position_label(position), "sector": None, "color": "#555555",
                     "forma": "circle", "relleno": FILL_OPACITY[position]})
    rows.append({"fila": 1, "col": 3, "etiqueta": t("analisis.leyenda_movimiento"), "sector": None,
                 "color": "#555555", "forma": "triangle-right", "relleno": 1.0})
    return pd.DataFrame(rows)


def _legend_chart(width: int, pick: alt.Parameter) -> alt.LayerChart:
    """Sector = colour AND shape, position = fill; clicking a sector highlights it in the matrix."""
    data = legend_frame()
    step = (width - 150) / 4
    data["px"] = 150 + data["col"] * step
    data["py"] = 16 + data["fila"] * 30
    titles = pd.DataFrame({"px": [0, 0], "py": [16, 46],
                           "texto": [t("analisis.leyenda_sector"), t("analisis.leyenda_posicion")]})
    base = alt.Chart(data).encode(x=alt.X("px:Q", scale=None, axis=None), y=alt.Y("py:Q", scale=None, axis=None))
    marks = base.mark_point(size=150, strokeWidth=2, filled=False, opacity=1).encode(
        color=alt.Color("color:N", scale=None), fill=alt.Fill("color:N", scale=None),
        shape=alt.Shape("forma:N", scale=None), fillOpacity=alt.FillOpacity("relleno:Q", scale=None),
        tooltip=alt.value(None)).add_params(pick)
    names = base.mark_text(align="left", dx=12, fontSize=12, color=TEXT).encode(text="etiqueta:N")
    heading = alt.Chart(titles).mark_text(align="left", fontSize=12, fontWeight="bold", color=TEXT).encode(
        x=alt.X("px:Q", scale=None, axis=None), y=alt.Y("py:Q", scale=None, axis=None), text="texto:N")
    return alt.layer(heading, marks, names).properties(width=width, height=LEGEND_HEIGHT)


def matrix_chart(frame: pd.DataFrame, *, width: int = 760, height: int = 600,
                 labels: str | bool = "nombres") -> alt.VConcatChart:
    """The interactive four-quadrant matrix with its legend below.

    Tooltips on every actor; clicking a sector in the legend highlights its actors (double
    click clears). ``labels``: ``nombres`` (short names), ``numeros`` (the N° of the table and
    the printed page) or ``ninguna``. Colours and shapes are literal (no scales), so the legend
    is exactly the map's.
    """
    labels = "nombres" if labels is True else "ninguna" if labels is False else labels
    points = plot_frame(frame)
    x_scale = alt.Scale(domain=[LOW, HIGH], nice=False, zero=False)
    y_scale = alt.Scale(domain=[Y_LOW, Y_HIGH], nice=False, zero=False)
    ticks = list(range(SCALE_MIN, SCALE_MAX + 1))
    x_axis = alt.Axis(values=ticks, grid=False, title=t("analisis.eje_x"), format="d", labelFontSize=12,
                      titleFontSize=13)
    y_axis = alt.Axis(values=ticks, grid=False, title=t("analisis.eje_y"), format="d", labelFontSize=12,
                      titleFontSize=13)
    pick = alt.selection_point(fields=["sector"], on="click", clear="dblclick", name="sector_elegido")
    quads = _quadrant_frame()
    background = alt.Chart(quads).mark_rect(opacity=1).encode(
        x=alt.X("x1:Q", scale=x_scale, axis=x_axis), x2="x2", y=alt.Y("y1:Q", scale=y_scale, axis=y_axis),
        y2="y2", color=alt.Color("tinte:N", scale=None), tooltip=alt.value(None),
    )
    titles = _corner_text(quads, "estrategia", 12, "bold", 0)
    subtitles = _corner_text(quads, "descripcion", 10, "normal", 15)
    rules = alt.Chart(pd.DataFrame({"v": [DIVIDER]})).mark_rule(color="#767676", strokeDash=[6, 4])
    layers: list[alt.Chart] = [background, titles, subtitles, rules.encode(x="v:Q"), rules.encode(y="v:Q")]
    tooltip = [
        alt.Tooltip("nombre:N", title=t("analisis.col_actor")),
        alt.Tooltip("sector:N", title=t("analisis.col_sector")),
        alt.Tooltip("tipo:N", title=t("analisis.col_tipo")),
        alt.Tooltip("poder:Q", title=t("analisis.eje_poder")),
        alt.Tooltip("interes:Q", title=t("analisis.eje_interes")),
        alt.Tooltip("posicion_texto:N", title=t("analisis.col_posicion")),
        alt.Tooltip("estrategia:N", title=t("analisis.col_estrategia")),
        alt.Tooltip("inicial_texto:N", title=t("analisis.col_inicial")),
        alt.Tooltip("justificacion:N", title=t("analisis.col_justificacion")),
    ]
    dim = alt.condition(pick, alt.value(1.0), alt.value(0.15))
    arrows = _arrows(points)
    if not arrows.empty:
        arrow_data = arrows[["x0", "y0", "x", "y", "xh", "yh", "angulo", "sector", "color", "nombre",
                             "inicial_texto"]]
        layers.append(alt.Chart(arrow_data).mark_rule(strokeWidth=1.5, strokeDash=[4, 3]).encode(
            x="x0:Q", y="y0:Q", x2="x:Q", y2="y:Q", color=alt.Color("color:N", scale=None), opacity=dim))
        layers.append(alt.Chart(arrow_data).mark_point(shape="triangle-up", size=110, filled=True).encode(
            x="xh:Q", y="yh:Q", angle=alt.Angle("angulo:Q", scale=None),
            color=alt.Color("color:N", scale=None), opacity=dim))
        layers.append(alt.Chart(arrow_data).mark_point(size=40, color="#767676", shape="circle").encode(
            x="x0:Q", y="y0:Q", opacity=dim,
            tooltip=[alt.Tooltip("nombre:N", title=t("analisis.col_actor")),
                     alt.Tooltip("inicial_texto:N", title=t("analisis.col_inicial"))]))
    data = points[["numero", "nombre", "etiqueta", "lado", "sector", "color", "forma", "relleno", "tipo", "poder",
                   "interes", "posicion_texto", "estrategia", "inicial_texto", "justificacion", "x", "y"]]
    data = data.astype({"poder": int, "interes": int}).assign(justificacion=data["justificacion"].fillna(""))
    layers.append(alt.Chart(data).mark_point(filled=False, size=170, strokeWidth=2).encode(
        x="x:Q", y="y:Q", color=alt.Color("color:N", scale=None), fill=alt.Fill("color:N", scale=None),
        shape=alt.Shape("forma:N", scale=None), fillOpacity=alt.FillOpacity("relleno:Q", scale=None),
        opacity=dim, tooltip=tooltip))
    if labels != "ninguna":
        text = "etiqueta:N" if labels == "nombres" else "numero:N"
        for side, dx in (("left", 10), ("right", -10)):
            part = data[data["lado"] == ("right" if side == "left" else "left")]
            if not part.empty:
                layers.append(alt.Chart(part).mark_text(align=side, dx=dx, fontSize=11, color=TEXT).encode(
                    x="x:Q", y="y:Q", text=text, opacity=dim, tooltip=tooltip))
    matrix = alt.layer(*layers).properties(width=width, height=height)
    return alt.vconcat(matrix, _legend_chart(width, pick), spacing=8).configure_view(stroke=None)


def _corner_text(quads: pd.DataFrame, field: str, size: int, weight: str, dy: int) -> alt.LayerChart:
    """Quadrant names in the outer corners (left- or right-aligned by side)."""
    parts = []
    for align in ("left", "right"):
        sub = quads[quads["align"] == align]
        parts.append(alt.Chart(sub).mark_text(align=align, baseline="top", fontSize=size, fontWeight=weight,
                                              color=TEXT, dy=dy).encode(x="tx:Q", y="ty:Q", text=f"{field}:N"))
    return alt.layer(*parts)


# ---------------------------------------------------------------- printable page (matplotlib)

def _draw_matrix(ax, points: pd.DataFrame) -> None:  # matplotlib Axes
    for q, (x, y, align) in QUADRANT_CORNERS.items():
        row = _quadrant_frame().set_index("cuadrante").loc[q]
        ax.add_patch(_rect(row["x1"], row["y1"], row["x2"], row["y2"], QUADRANT_TINTS[q]))
        ax.text(x, y, strategy_label(q).upper(), ha=align, va="top", fontsize=9, fontweight="bold", color=TEXT)
        ax.text(x, y - 0.17, quadrant_label(q), ha=align, va="top", fontsize=7.5, color="#4d4d4d")
    ax.axvline(DIVIDER, color="#767676", ls="--", lw=1)
    ax.axhline(DIVIDER, color="#767676", ls="--", lw=1)
    for _, r in points[points["se_movio"]].iterrows():
        style = sector_style(r["sector_tripartito"])
        ax.annotate("", xy=(r["x"], r["y"]), xytext=(r["x0"], r["y0"]),
                    arrowprops={"arrowstyle": "-|>", "color": style.color, "lw": 1.3, "ls": "--",
                                "shrinkA": 2, "shrinkB": 7})
        ax.plot(r["x0"], r["y0"], "o", ms=3, color="#767676")
    for _, r in points.iterrows():
        style = sector_style(r["sector_tripartito"])
        ax.plot(r["x"], r["y"], marker=MPL_MARKERS.get(style.shape, "o"), ms=9, ls="none", color=style.color,
                markeredgecolor=OUTLINE, markeredgewidth=0.8, fillstyle=MPL_FILLSTYLE.get(r["posicion"], "full"),
                markerfacecoloralt="white")
        ax.text(r["x"] + 0.1, r["y"] + 0.06, str(r["numero"]), fontsize=7, color=TEXT)
    ax.set_xlim(LOW, HIGH)
    ax.set_ylim(Y_LOW, Y_HIGH)
    ticks = list(range(SCALE_MIN, SCALE_MAX + 1))
    ax.set_xticks(ticks)
    ax.set_yticks(ticks)
    ax.set_xlabel(t("analisis.eje_x"), fontsize=9)
    ax.set_ylabel(t("analisis.eje_y"), fontsize=9)
    ax.tick_params(labelsize=8)


def _rect(x1: float, y1: float, x2: float, y2: float, color: str) -> Rectangle:
    return Rectangle((x1, y1), x2 - x1, y2 - y1, facecolor=color, edgecolor="none", zorder=0)


def _legend_handles() -> list[Line2D]:
    handles = [Line2D([], [], marker=MPL_MARKERS[s.shape], ls="none", color=s.color, markeredgecolor=OUTLINE,
                      ms=8, label=SECTOR_VOCAB.label(k)) for k, s in SECTOR_STYLES.items()]
    handles += [Line2D([], [], marker="o", ls="none", color="#555555", markeredgecolor=OUTLINE, ms=8,
                       fillstyle=MPL_FILLSTYLE[p], markerfacecoloralt="white", label=position_label(p))
                for p in POSITIONS]
    handles.append(Line2D([], [], color="#555555", ls="--", marker=">", ms=5, label=t("analisis.leyenda_movimiento")))
    return handles


def _draw_table(fig: Figure, points: pd.DataFrame, max_rows: int) -> None:
    ax = fig.add_axes((0.565, 0.08, 0.425, 0.80))
    ax.axis("off")
    header = [t("analisis.col_numero"), t("analisis.col_actor"), t("analisis.col_sector_corto"), "P", "I",
              t("analisis.col_posicion"), t("analisis.col_estrategia")]
    shown = points.head(max_rows)
    cells = [[str(r["numero"]), fit_text(r["nombre"], NAME_POINTS, 6), short_name(r["sector"], 13),
              str(int(r["poder"])), str(int(r["interes"])), r["posicion_texto"], short_name(r["estrategia"], 24)]
             for _, r in shown.iterrows()]
    if cells:
        table = ax.table(cellText=cells, colLabels=header, loc="upper left", cellLoc="left",
                         colWidths=[0.04, 0.40, 0.13, 0.03, 0.03, 0.12, 0.25])
        table.auto_set_font_size(False)
        table.set_fontsize(6)
        table.scale(1, 1.05)
        for (row, _col), cell in table.get_celld().items():
            cell.set_edgecolor("#cccccc")
            cell.get_text().set_parse_math(False)  # names are text, never mathtext
            if row == 0:
                cell.set_text_props(fontweight="bold")
    if len(points) > max_rows:
        ax.text(0, 0, t("analisis.tabla_mas", n=len(points) - max_rows), fontsize=7, va="bottom")


def matrix_figure(frame: pd.DataFrame, title: str, subtitle: str, *, printed_on: date | None = None,
                  max_rows: int = 34) -> Figure:
    """A one-page A4 landscape matrix: title, date, legend, quadrant names and the actor table."""
    points = plot_frame(frame)
    fig = Figure(figsize=A4_LANDSCAPE, dpi=100)
    fig.text(0.03, 0.965, fit_text(title, LINE_POINTS, 15, "bold"), fontsize=15, fontweight="bold", va="top",
             color=TEXT, parse_math=False)
    when = (printed_on or date.today()).strftime("%d-%m-%Y")
    fig.text(0.03, 0.925, fit_text(f"{subtitle} · {t('analisis.impreso_el', fecha=when)}", LINE_POINTS, 9),
             fontsize=9, va="top", color="#4d4d4d", parse_math=False)
    ax = fig.add_axes((0.06, 0.17, 0.47, 0.71))
    _draw_matrix(ax, points)
    if points.empty:
        ax.text(3, 3, t("analisis.sin_evaluaciones"), ha="center", va="center", fontsize=11)
    fig.legend(handles=_legend_handles(), loc="lower left", bbox_to_anchor=(0.05, 0.005), ncol=4, fontsize=7.5,
               frameon=False)
    _draw_table(fig, points, max_rows)
    fig.text(0.565, 0.025, t("analisis.pie_regla"), fontsize=6.5, color="#4d4d4d", va="bottom", wrap=True)
    return fig


def render(frame: pd.DataFrame, title: str, subtitle: str, fmt: str, *, printed_on: date | None = None) -> bytes:
    """The printable matrix as ``png`` (150 dpi, 1754×1240 px) or one-page ``pdf`` bytes."""
    if fmt not in ("png", "pdf"):
        raise InputError(t("analisis.error_formato", formato=fmt))
    fig = matrix_figure(frame, title, subtitle, printed_on=printed_on)
    buf = io.BytesIO()
    fig.savefig(buf, format=fmt, dpi=150, metadata={"Title": title} if fmt == "pdf" else None)
    return buf.getvalue()
