"""Network measures on hand-made frames (exact values) and on the shipped sample."""

from __future__ import annotations

from datetime import date

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from stakeholders import network
from stakeholders.network.brandes import betweenness
from stakeholders.network.metrics import betweenness_samples
from stakeholders.sample import over_convened_ids, read_sample_files


def orgs_frame(*rows: tuple[int, str, str]) -> pd.DataFrame:
    """(id, sector, region) rows with the columns build_graph reads."""
    return pd.DataFrame([
        {"id": i, "nombre": f"Org {i}", "sector_tripartito": s, "tipo_actor": "ong", "region_cut": r,
         "comuna_cut": f"{r}101", "regiones_presencia": []}
        for i, s, r in rows
    ])


def rel_frame(*rows: tuple[int, int, str], **extra: list) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=["origen_id", "destino_id", "tipo"])
    frame["peso"] = extra.get("peso", [1.0] * len(frame))
    frame["activo"] = extra.get("activo", [True] * len(frame))
    frame["desde"] = extra.get("desde", [None] * len(frame))
    return frame


@pytest.fixture
def path_abc() -> tuple[pd.DataFrame, pd.DataFrame]:
    """A (employers) – B (government) – C (workers), and D alone."""
    orgs = orgs_frame((1, "empleadores", "05"), (2, "gobierno", "05"), (3, "trabajadores", "05"),
                      (4, "sociedad_civil", "05"))
    return orgs, rel_frame((1, 2, "afiliacion"), (3, 2, "alianza"))


def test_path_broker_and_isolated_node(path_abc):
    orgs, rel = path_abc
    metrics = network.node_metrics(network.build_graph(orgs, rel)).set_index("organizacion_id")
    assert list(metrics.columns) == network.METRIC_COLUMNS[1:]
    assert metrics["grado"].to_dict() == {1: 1, 2: 2, 3: 1, 4: 0}
    assert metrics.at[2, "intermediacion"] == pytest.approx(1 / 3)  # 1 of the 3 pairs among the others
    assert metrics.at[1, "intermediacion"] == 0.0
    assert metrics["intermediacion_intersectorial"].to_dict() == {1: 0, 2: 1, 3: 0, 4: 0}
    assert metrics["sectores_vecinos"].to_dict() == {1: 1, 2: 2, 3: 1, 4: 0}
    assert metrics["aislada"].to_dict() == {1: False, 2: False, 3: False, 4: True}
    assert metrics["componente"].to_dict() == {1: 0, 2: 0, 3: 0, 4: 1}


def test_same_sector_ends_or_a_closed_triangle_are_not_cross_sector_brokerage(path_abc):
    orgs, rel = path_abc
    same = orgs.assign(sector_tripartito=["empleadores", "gobierno", "empleadores", "gobierno"])
    assert network.node_metrics(network.build_graph(same, rel)).loc[1, "intermediacion_intersectorial"] == 0
    closed = pd.concat([rel, rel_frame((1, 3, "alianza"))], ignore_index=True)
    metrics = network.node_metrics(network.build_graph(orgs, closed)).set_index("organizacion_id")
    assert metrics.at[2, "intermediacion_intersectorial"] == 0
    assert metrics.at[2, "intermediacion"] == 0.0


def test_coparticipation_edges_count_shared_spaces_and_events(path_abc):
    orgs, rel = path_abc
    memberships = pd.DataFrame({"espacio_id": [10, 10, 10], "organizacion_id": [1, 3, 2]})
    attendance = pd.DataFrame({"evento_id": [100, 100, 101, 101, 102], "organizacion_id": [1, 3, 1, 3, 1]})
    graph = network.build_graph(orgs, rel, memberships, attendance)
    assert graph[1][3]["tipos"] == {"coparticipacion"}
    assert graph[1][3]["peso"] == 1 + 2  # one shared space, two shared sessions
    assert graph[1][2]["tipos"] == {"afiliacion", "coparticipacion"}
    assert graph[1][2]["peso"] == 2.0
    assert graph.nodes[1]["sector_tripartito"] == "empleadores"
    metrics = network.node_metrics(graph).set_index("organizacion_id")
    assert metrics.at[1, "grado_ponderado"] == 5.0


def test_inactive_ties_and_region_filter(path_abc):
    orgs, _ = path_abc
    rel = rel_frame((1, 2, "afiliacion"), (3, 2, "alianza"), activo=[True, False])
    graph = network.build_graph(orgs, rel)
    assert graph.number_of_edges() == 1
    national = orgs_frame((5, "trabajadores", "13"), (6, "empleadores", "13"))
    national["regiones_presencia"] = [["05"], []]
    everyone = pd.concat([orgs, national], ignore_index=True)
    regional = network.build_graph(everyone, rel_frame((5, 1, "alianza"), (6, 1, "alianza")), region_cut="05")
    assert set(regional) == {1, 2, 3, 4, 5}
    assert regional.number_of_edges() == 1


def test_betweenness_matches_networkx_and_sampling_is_reproducible():
    graph = nx.relabel_nodes(nx.connected_watts_strogatz_graph(80, 4, 0.3, seed=3), lambda n: n + 1)
    graph.add_node(500)
    exact = nx.betweenness_centrality(graph)
    ours = betweenness(graph)
    assert max(abs(exact[n] - ours[n]) for n in graph) < 1e-12
    assert betweenness(graph, k=20, seed=1) == betweenness(graph, k=20, seed=1)


def test_node_metrics_samples_large_graphs(monkeypatch):
    graph = nx.relabel_nodes(nx.path_graph(30), lambda n: n + 1)
    for n in graph:
        graph.nodes[n]["sector_tripartito"] = "gobierno"
    monkeypatch.setattr("stakeholders.network.centrality.EXACT_BETWEENNESS_MAX_NODES", 10)
    monkeypatch.setattr("stakeholders.network.centrality.BETWEENNESS_SAMPLES", 10)
    monkeypatch.setattr("stakeholders.network.centrality.BETWEENNESS_MIN_SAMPLES", 5)
    first, second = network.node_metrics(graph, engine="networkx"), network.node_metrics(graph, engine="networkx")
    pd.testing.assert_frame_equal(first, second)
    assert first["intermediacion"].max() > 0
    monkeypatch.setattr("stakeholders.network.centrality.EXACT_BETWEENNESS_MAX_NODES", 2_000)
    exact = network.node_metrics(graph, engine="networkx").set_index("organizacion_id")["intermediacion"]
    assert not np.allclose(first.set_index("organizacion_id")["intermediacion"], exact)  # it did sample


def test_parents_pick_one_affiliation_deterministically():
    rel = rel_frame((1, 10, "afiliacion"), (1, 11, "afiliacion"), (2, 12, "afiliacion"), (2, 13, "afiliacion"),
                    (3, 14, "alianza"), (4, 15, "afiliacion"),
                    peso=[1.0, 2.0, 1.0, 1.0, 1.0, 1.0], activo=[True, True, True, True, True, False],
                    desde=[None, None, date(2010, 1, 1), date(2020, 1, 1), None, None])
    assert network.parents(rel) == {1: 11, 2: 13}
    assert network.parents(rel.iloc[0:0]) == {}


def attendance_rows(org: int, space: int, dates: list[date]) -> list[dict]:
    return [{"organizacion_id": org, "espacio_id": space, "evento_id": 1000 * space + i, "fecha": d}
            for i, d in enumerate(dates)]


def test_fatigue_threshold_boundary_window_and_conveners():
    as_of = date(2026, 6, 30)
    months = [date(2026, m, 10) for m in range(1, 7)]
    rows = (
        attendance_rows(1, 1, months[:2]) + attendance_rows(1, 2, months[2:4]) + attendance_rows(1, 3, months[4:])
        + attendance_rows(2, 1, months[:2]) + attendance_rows(3, 2, months[:2]) + attendance_rows(4, 3, months[:2])
        + attendance_rows(5, 1, months) + attendance_rows(5, 2, months) + attendance_rows(5, 3, months)
        + attendance_rows(6, 1, months)  # six sessions, but only one space
        + attendance_rows(7, 1, [date(2025, 6, 30), date(2026, 6, 30)])  # window is (as_of - 365 d, as_of]
    )
    attendance = pd.DataFrame(rows)
    memberships = pd.DataFrame([
        {"organizacion_id": 5, "espacio_id": s, "rol": "presidencia", "desde": date(2020, 1, 1), "hasta": None}
        for s in (1, 2, 3)
    ] + [{"organizacion_id": 8, "espacio_id": 1, "rol": "integrante", "desde": date(2020, 1, 1),
          "hasta": date(2025, 12, 31)}])
    load = network.participation_load(attendance, memberships, as_of).set_index("organizacion_id")
    assert list(load.columns) == network.LOAD_COLUMNS[1:]
    assert load["eventos_ventana"].to_dict() == {1: 6, 2: 2, 3: 2, 4: 2, 5: 0, 6: 6, 7: 1, 8: 0}
    assert load.at[1, "espacios_activos"] == 3 and load.at[5, "espacios_activos"] == 0
    assert load.at[8, "espacios_activos"] == 0  # membership ended before as_of
    # median of the active participants (6, 2, 2, 2, 6, 1) is 2: org 1 sits exactly at 3.0
    assert load.at[1, "indice_fatiga"] == pytest.approx(3.0)
    assert bool(load.at[1, "fatigada"]) is True
    assert bool(load.at[6, "fatigada"]) is False  # one space only
    assert bool(load.at[5, "fatigada"]) is False  # chairs are not convened, they convene
    stricter = network.participation_load(attendance, memberships, as_of, threshold=3.01)
    assert not stricter["fatigada"].any()
    short = network.participation_load(attendance, memberships, as_of, window_days=30).set_index("organizacion_id")
    assert short.at[1, "eventos_ventana"] == 1


def test_fatigue_on_empty_inputs():
    empty = network.participation_load(None, None, date(2026, 1, 1))
    assert list(empty.columns) == network.LOAD_COLUMNS and empty.empty


def test_sample_network_has_brokers_isolates_and_the_planted_fatigue():
    data = read_sample_files()
    events = data.events.rename(columns={"id": "evento_id"})[["evento_id", "espacio_id", "fecha"]]
    attendance = data.attendance.merge(events, on="evento_id")
    graph = network.build_graph(data.organizations, data.relationships, data.memberships, attendance,
                                region_cut="05")
    metrics = network.node_metrics(graph).merge(data.organizations[["id", "nombre"]], left_on="organizacion_id",
                                                right_on="id")
    top = metrics.nlargest(5, "intermediacion_intersectorial")["nombre"].tolist()
    assert "Dirección Regional de SENCE, Región de Valparaíso" in top
    assert metrics["aislada"].sum() > 5
    load = network.participation_load(attendance, data.memberships, date(2026, 10, 31))
    assert set(over_convened_ids(data)) <= set(load.loc[load["fatigada"], "organizacion_id"])


def test_betweenness_sample_size_shrinks_on_huge_graphs():
    assert betweenness_samples(1_500, 10_000) is None
    assert 400 < betweenness_samples(6_600, 54_000) <= network.BETWEENNESS_SAMPLES
    assert betweenness_samples(200_000, 412_000) == 50
