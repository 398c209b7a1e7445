"""The matrix: shared geometry, the interactive Altair spec, and the printable PNG/PDF."""

from __future__ import annotations

import io
import json
import re
import shutil
import struct
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from matplotlib.figure import Figure

from mapping import matrix as chart
from mapping.palette import SECTOR_STYLES
from stakeholders.analysis import service
from stakeholders.analysis.quadrants import DIVIDER
from tests._components import require
from tests.factories import hostile_names


def _frame() -> pd.DataFrame:
    rows = []
    specs = [  # name, sector, first (p, i, pos), current (p, i, pos)
        ("Gobierno Regional", "gobierno", (3, 3, "a_favor"), (5, 5, "a_favor")),
        ("Cámara", "empleadores", (4, 2, "indiferente"), (4, 2, "indiferente")),
        ("Sindicato", "trabajadores", (2, 4, "en_contra"), (2, 4, "en_contra")),
        ("OTEC", "sociedad_civil", (2, 4, "a_favor"), (2, 4, "a_favor")),
        ("Junta", "sociedad_civil", (2, 4, "indiferente"), (1, 1, "en_contra")),
        ("Sin evaluar", "gobierno", None, None),
    ]
    for k, (name, sector, _first, _now) in enumerate(specs):
        rows.append({"organizacion_id": k + 1, **{f: None for f in service.ORG_FIELDS}, "nombre": name,
                     "sector_tripartito": sector, "tipo_actor": "ong"})
    actors = pd.DataFrame(rows)
    hist = []
    n = 0
    for k, (_, _, first, now) in enumerate(specs):
        for when, item in ((1, first), (2, now)):
            if item is None:
                continue
            n += 1
            hist.append({"id": n, "organizacion_id": k + 1, "poder": item[0], "interes": item[1], "posicion": item[2],
                         "estrategia": "x", "justificacion": None, "autor": "a",
                         "momento": pd.Timestamp(f"2026-0{when}-01")})
    return service.current_vs_first(actors, pd.DataFrame(hist))


def test_plot_frame_spreads_inside_cells() -> None:
    points = chart.plot_frame(_frame())
    assert len(points) == 5 and points["numero"].tolist() == [1, 2, 3, 4, 5]
    assert ((points["x"] - points["interes"].astype(float)).abs() < 0.5).all()
    assert ((points["y"] - points["poder"].astype(float)).abs() < 0.5).all()
    # high/low never crosses the dividing line
    assert ((points["poder"] >= 3) == (points["y"] > DIVIDER)).all()
    shared = points[points["nombre"].isin(["Sindicato", "OTEC"])]
    assert shared[["x", "y"]].drop_duplicates().shape[0] == 2  # same cell, two places
    assert chart.plot_frame(_frame())[["x", "y"]].equals(points[["x", "y"]])  # reproducible


def test_spread_single_item_stays_centred() -> None:
    assert chart.spread([(1, 1), (2, 2), (2, 2)], ["a", "b", "c"])[0] == (0.0, 0.0)


def _layers(spec: dict) -> list[dict]:
    return spec["vconcat"][0]["layer"]


def _values(spec: dict, layer: dict) -> list[dict]:
    return spec["datasets"][layer["data"]["name"]]


def test_altair_spec_encodes_sector_by_colour_and_shape_and_arrows() -> None:
    spec = chart.matrix_chart(_frame()).to_dict()
    text = json.dumps(spec, ensure_ascii=False)
    layers = _layers(spec)
    marks = [layer["mark"]["type"] if isinstance(layer.get("mark"), dict) else layer.get("mark") for layer in layers]
    assert {"rule", "point", "text", "rect"} <= set(marks)
    actors = [layer for layer in layers if isinstance(layer.get("mark"), dict) and layer["mark"].get("size") == 170][0]
    enc = actors["encoding"]
    assert {"color", "shape", "fill", "fillOpacity", "tooltip"} <= set(enc)
    rows = {r["nombre"]: r for r in _values(spec, actors)}
    assert (rows["Cámara"]["color"], rows["Cámara"]["forma"]) == ("#E69F00", "square")
    assert (rows["Sindicato"]["color"], rows["Sindicato"]["forma"]) == ("#009E73", "triangle-up")
    assert (rows["OTEC"]["color"], rows["OTEC"]["forma"]) == ("#CC79A7", "diamond")
    assert rows["Gobierno Regional"]["forma"] == "circle"
    assert rows["Sindicato"]["relleno"] == 0.0 and rows["Cámara"]["relleno"] == 0.35 and rows["OTEC"]["relleno"] == 1
    for label in ("GESTIONAR DE CERCA", "MANTENER SATISFECHO", "MANTENER INFORMADO", "MONITOREAR", "Interés →"):
        assert label in text
    heads = [layer for layer in layers if "angle" in layer.get("encoding", {})]
    assert len(heads) == 1 and len(_values(spec, heads[0])) == 2  # two actors moved
    legend = json.dumps(spec["vconcat"][1], ensure_ascii=False)
    for label in ("Gobierno", "Empleadores", "Trabajadores", "Sociedad civil", "A favor", "Indiferente",
                  "En contra"):
        assert label in text
    assert "sector_elegido" in legend or "sector_elegido" in text  # click a sector to highlight it


def test_legend_frame_matches_the_map_palette() -> None:
    legend = chart.legend_frame()
    sectors = legend[legend["fila"] == 0]
    assert sectors["color"].tolist() == [s.color for s in SECTOR_STYLES.values()]
    assert len(legend[legend["fila"] == 1]) == 4


def test_altair_chart_without_movers() -> None:
    frame = _frame()
    still = frame[~frame["se_movio"]]
    spec = chart.matrix_chart(still, labels="numeros").to_dict()
    assert not [layer for layer in _layers(spec) if "angle" in layer.get("encoding", {})]
    texts = [layer for layer in _layers(spec) if isinstance(layer.get("mark"), dict)
             and layer["mark"].get("type") == "text" and layer["encoding"]["text"]["field"] == "numero"]
    assert texts


def test_png_is_a4_landscape() -> None:
    data = chart.render(_frame(), "Plan regional de capacitación 2027, Región de Ñuble", "Región de Ñuble", "png",
                        printed_on=date(2026, 11, 22))
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert (width, height) in ((1753, 1240), (1754, 1240))
    assert width > height


def test_pdf_one_page() -> None:
    data = chart.render(_frame(), "Plan", "Región de Ñuble", "pdf")
    assert data.startswith(b"%PDF") and len(data) > 5000
    assert len(re.findall(rb"/Type\s*/Page(?!s)", data)) == 1


def test_figure_has_title_date_legend_and_table() -> None:
    fig = chart.matrix_figure(_frame(), "Plan X", "Región de Ñuble", printed_on=date(2026, 11, 22))
    assert isinstance(fig, Figure)
    texts = [t.get_text() for t in fig.texts]
    assert "Plan X" in texts and any("22-11-2026" in t for t in texts)
    assert fig.legends and len(fig.legends[0].get_texts()) == 4 + 3 + 1
    table_axes = fig.axes[1]
    assert table_axes.tables, "the printable page lists the actors"
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    assert buf.tell() > 0


def test_empty_analysis_still_prints() -> None:
    empty = _frame().iloc[0:0]
    assert chart.render(empty, "Vacío", "Región de Ñuble", "png")[:4] == b"\x89PNG"


_INVISIBLE = dict.fromkeys(map(ord, "\u202a\u202b\u202c\u202d\u202e\u200e\u200f"))


def _squash(text: str) -> str:
    """Compared without whitespace (wrapping) or invisible bidi controls; NUL drawn as U+FFFD or dropped."""
    return "".join(text.replace("\x00", "").replace("\ufffd", "").translate(_INVISIBLE).split())


def _as_bidi_reader(text: str) -> str:
    """What pdftotext returns for an RTL override: it applies the override (the page draws it literally)."""
    return re.sub("\u202e(.*?)(\u202c|$)", lambda m: m.group(1)[::-1], text)


def _pdf_text(data: bytes, tmp_path: Path) -> str:
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) no está instalado")
    source = tmp_path / "m.pdf"
    source.write_bytes(data)
    return subprocess.run(["pdftotext", "-raw", str(source), "-"], capture_output=True, check=True, text=True).stdout


@pytest.mark.parametrize("fmt", ["png", "pdf"])
def test_hostile_names_are_plain_text_in_the_printable_page(fmt: str, tmp_path: Path) -> None:
    """``$\\invalidcmd{x}$`` once crashed the export (mathtext) and two ``$`` garbled names."""
    marker = tmp_path / "pwned"
    names = hostile_names(marker)
    frame = _frame()
    assessed = frame[frame["poder"].notna()].index
    for start in range(0, len(names), len(assessed)):
        chunk = names[start:start + len(assessed)]
        renamed = frame.copy()
        renamed.loc[assessed[:len(chunk)], "nombre"] = chunk
        title = chunk[0]
        data = chart.render(renamed, title, f"Región de Ñuble · {chunk[-1]}", fmt)
        assert data[:4] == (b"\x89PNG" if fmt == "png" else b"%PDF")
        if fmt == "pdf":
            text = _squash(_pdf_text(data, tmp_path))
            assert _squash(chart.fit_text(title, chart.LINE_POINTS, 15, "bold")) in text  # the title, literally
            for name in chunk:
                shown = chart.fit_text(name, chart.NAME_POINTS, 6)
                assert shown == name or len(shown) >= 20, "a cut name keeps a readable prefix"
                assert _squash(shown) in text or _squash(_as_bidi_reader(shown)) in text, f"garbled: {name[:50]!r}"
    assert not marker.exists()


def test_dollar_signs_stay_in_the_figure_text() -> None:
    name = r"Fundación $\invalidcmd{x}$ y $2$ socios"
    fig = chart.matrix_figure(_frame(), name, "Región de Ñuble")
    title = next(t for t in fig.texts if "Fundación" in t.get_text())
    assert title.get_text() == name and title.get_parse_math() is False
