"""GEXF/GraphML/CSV/XLSX of the network: round trip through networkx, hostile names literal, the CLI."""

from __future__ import annotations

import io
from pathlib import Path

import networkx as nx
import openpyxl
import pandas as pd
import pytest

from stakeholders import network
from stakeholders.cli import main
from stakeholders.db import make_engine, session_scope
from stakeholders.models import Organization, Relationship
from tests.factories import NETWORK_BRIDGE as BRIDGE
from tests.factories import NETWORK_UNION as UNION
from tests.factories import hostile_names
from tests.factories import network_orgs as orgs_frame
from tests.factories import network_ties as rel_frame

SECTORS = ["empleadores", "trabajadores", "gobierno", "sociedad_civil"]


@pytest.fixture
def hostile(tmp_path: Path) -> tuple[network.RegionNetwork, pd.DataFrame, list[str], Path]:
    """Every hostile name as an organization, in a chain of alliances, plus one isolated union."""
    marker = tmp_path / "marker"
    names = hostile_names(marker)
    orgs = orgs_frame([(i + 1, SECTORS[i % 4]) for i in range(len(names))] + [(UNION, "trabajadores")])
    orgs.loc[orgs["id"] <= len(names), "nombre"] = names
    rel = rel_frame([(i, i + 1) for i in range(1, len(names))] + [(1, 3)], kind="alianza")
    net = network.region_network(orgs, rel)
    return net, net.table, names, marker


def xml_safe(name: str) -> str:
    return name.replace("\x00", "\ufffd")


def test_gexf_round_trip_keeps_nodes_ties_attributes_and_hostile_names(hostile):
    net, table, names, marker = hostile
    data = network.export_bytes("gexf", net.graph, table, net.positions)
    back = nx.read_gexf(io.BytesIO(data))
    assert set(back.nodes) == {str(i) for i in table["organizacion_id"]}
    assert {frozenset(e) for e in back.edges} == {frozenset((str(a), str(b))) for a, b in
                                                  zip(net.graph.ties["a"], net.graph.ties["b"], strict=True)}
    labels = {n: d["label"] for n, d in back.nodes(data=True)}
    assert [labels[str(i + 1)] for i in range(len(names))] == [xml_safe(n) for n in names]
    first = back.nodes["1"]
    row = table.set_index("organizacion_id").loc[1]
    assert first["sector_tripartito"] == "empleadores" and first["sector_nombre"] == "Empleadores"
    assert first["pagerank"] == pytest.approx(row["pagerank"])
    assert first["comunidad"] == row["comunidad"] and first["grado"] == row["grado"]
    assert first["viz"]["color"] == {"r": 0xE6, "g": 0x9F, "b": 0x00, "a": 1.0}  # Okabe–Ito orange
    assert first["viz"]["position"]["x"] == pytest.approx(net.positions.at[1, "x"], abs=1e-3)
    assert first["viz"]["size"] > 0
    assert "restriccion" not in back.nodes[str(UNION)]  # NaN (isolated) is left out, not written as text
    weight = next(iter(back.edges(data=True)))[2]
    assert weight["weight"] == 1.0 and weight["tipos"] == "alianza"
    assert not marker.exists()


def test_graphml_round_trip(hostile):
    net, table, names, marker = hostile
    back = nx.read_graphml(io.BytesIO(network.export_bytes("graphml", net.graph, table, net.positions)))
    assert back.number_of_nodes() == len(table) and back.number_of_edges() == net.graph.m
    assert back.nodes["4"]["label"] == xml_safe(names[3])
    assert back.nodes["1"]["enlace"] == table.set_index("organizacion_id").at[1, "enlace"]
    assert back.nodes[str(UNION)]["aislada"] is True
    assert not marker.exists()


def test_csv_and_xlsx_are_formula_neutralised_with_spanish_headers(hostile):
    net, table, names, _ = hostile
    csv = network.export_bytes("csv", net.graph, table).decode("utf-8-sig")
    frame = pd.read_csv(io.StringIO(csv), dtype=str, keep_default_na=False)
    assert {"Organización", "PageRank", "Comunidad", "Enlace", "Sector"} <= set(frame.columns)
    assert "'=1+2*cmd|' /C calc'!A0" in set(frame["Organización"])
    assert "'@SUMA(A1)" in set(frame["Organización"])
    book = openpyxl.load_workbook(io.BytesIO(network.export_bytes("xlsx", net.graph, table)))
    sheet = book.active
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["Id", "Organización", "Sector"]
    values = {sheet.cell(row=r, column=2).value for r in range(2, sheet.max_row + 1)}
    assert "'+56 Sindicato" in values and "=1+2*cmd|' /C calc'!A0" not in values
    assert isinstance(sheet.cell(row=2, column=header.index("PageRank") + 1).value, float)


def test_unknown_format_is_a_spanish_error(hostile):
    net, table, _, _ = hostile
    with pytest.raises(ValueError, match="Formato «pdf» desconocido"):
        network.export_bytes("pdf", net.graph, table)


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A registry with the bridge network in Biobío (08) and one organization in Valparaíso."""
    url = f"sqlite:///{tmp_path / 'red.sqlite'}"
    engine = make_engine(url)
    rows = [(1, "empleadores"), (2, "empleadores"), (11, "trabajadores"), (12, "trabajadores"), (BRIDGE, "gobierno"),
            (UNION, "trabajadores")]
    with session_scope(engine) as session:
        for oid, sector in rows:
            session.add(Organization(id=oid, nombre=f"Org {oid}", nombre_normalizado=f"org {oid}",
                                     sector_tripartito=sector, tipo_actor="ong", escala="regional", region_cut="08",
                                     comuna_cut="08101"))
        session.add(Organization(id=99, nombre="=Otra", nombre_normalizado="otra", sector_tripartito="gobierno",
                                 tipo_actor="ong", escala="regional", region_cut="05", comuna_cut="05101"))
        for k, (a, b) in enumerate([(1, 2), (11, 12), (BRIDGE, 1), (BRIDGE, 11)]):
            session.add(Relationship(id=k + 1, origen_id=a, destino_id=b, tipo="alianza", peso=1.0))
    return url


@pytest.mark.parametrize("fmt", network.FORMATS)
def test_cli_writes_each_format_for_a_region(db, tmp_path, fmt, capsys):
    out = tmp_path / f"red.{fmt}"
    assert main(["network", "--region", "Biobío", "--out", str(out), "--db", db]) == 0
    assert "6 organizaciones, 4 vínculos" in capsys.readouterr().out
    if fmt == "gexf":
        graph = nx.read_gexf(out)
        assert set(graph) == {"1", "2", "11", "12", str(BRIDGE), str(UNION)} and graph.number_of_edges() == 4
    elif fmt == "graphml":
        assert nx.read_graphml(out).nodes[str(BRIDGE)]["enlace"] == 2
    elif fmt == "csv":
        frame = pd.read_csv(out, encoding="utf-8-sig")
        assert frame.set_index("Id").at[UNION, "Aislada"]
    else:
        assert openpyxl.load_workbook(out).active.max_row == 7


def test_cli_national_type_filter_and_errors(db, tmp_path, capsys):
    out = tmp_path / "pais.csv"
    assert main(["network", "--out", str(out), "--db", db, "--tipos", "coparticipacion"]) == 0
    frame = pd.read_csv(out, encoding="utf-8-sig")
    assert len(frame) == 7 and frame["Grado"].eq(0).all()  # no co-participation recorded
    assert "'=Otra" in set(frame["Organización"])
    assert main(["network", "--out", str(tmp_path / "x.pdf"), "--db", db]) == 2
    assert "use --format" in capsys.readouterr().err
    assert main(["network", "--region", "Narnia", "--out", str(out), "--db", db]) == 2
    assert main(["network", "--tipos", "amistad", "--out", str(out), "--db", db]) == 2
    assert "Tipo de vínculo desconocido: «amistad»" in capsys.readouterr().err
