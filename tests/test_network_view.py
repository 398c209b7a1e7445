"""Drawing the network: stable layout, the interactive view's page (hostile names as data), ties on the map."""

from __future__ import annotations

import json
import re

import folium
import numpy as np
import pandas as pd
import pytest

from mapping.assets import GRAPHOLOGY_FILE, SIGMA_FILE, VENDOR_DIR, external_urls, referenced_urls
from mapping.network import VIEW_MAX_TIES, add_tie_layer, legend_items, view_html, view_payload
from mapping.palette import SECTOR_STYLES
from stakeholders import network
from tests.factories import NETWORK_BRIDGE as BRIDGE
from tests.factories import NETWORK_EMPLOYERS as EMPLOYERS
from tests.factories import NETWORK_UNION as UNION
from tests.factories import NETWORK_WORKERS as WORKERS
from tests.factories import bridge_network, hostile_names, network_orgs, network_ties


@pytest.fixture
def bridge() -> network.RegionNetwork:
    return network.region_network(*bridge_network())


def page_data(html: str) -> dict:
    return json.loads(re.search(r"const DATA = (.*?);\n", html).group(1))


def test_layout_is_stable_separates_cliques_and_keeps_isolated_aside(bridge):
    again = network.layout(bridge.graph, bridge.table.set_index("organizacion_id")["comunidad"])
    pd.testing.assert_frame_equal(bridge.positions, again)
    pos = bridge.positions
    assert pos.to_numpy().min() >= 0 and pos.to_numpy().max() <= 1000
    employers, workers = pos.loc[EMPLOYERS].mean(), pos.loc[WORKERS].mean()
    spread = max(np.linalg.norm(pos.loc[EMPLOYERS] - employers, axis=1).max(),
                 np.linalg.norm(pos.loc[WORKERS] - workers, axis=1).max())
    assert np.linalg.norm(employers - workers) > spread  # the two cliques do not overlap
    assert pos.at[UNION, "x"] > pos.drop(UNION)["x"].max()  # the isolated union sits beside the graph


def test_view_page_draws_sector_colour_and_shape_and_loads_nothing(bridge):
    html = view_html(view_payload(bridge.table, bridge.graph.ties, bridge.positions, size_by="pagerank",
                                  details=["sector_tripartito", "tipo_actor", "grado"]), legend_items("sector"))
    assert external_urls(html) == []
    # Only the two vendored libraries are loaded, from the app's static server; nothing else is fetched.
    assert referenced_urls(html) == [f"/app/static/vendor/{GRAPHOLOGY_FILE}", f"/app/static/vendor/{SIGMA_FILE}"]
    assert all((VENDOR_DIR / name).is_file() for name in (GRAPHOLOGY_FILE, SIGMA_FILE))
    assert "import(" not in html and "fetch(" not in html
    data = page_data(html)
    nodes = {int(n["id"]): n for n in data["nodes"]}
    assert nodes[1]["color"] == SECTOR_STYLES["empleadores"].color and nodes[1]["shape"] == "rectangle"
    assert nodes[11]["shape"] == "triangle" and nodes[BRIDGE]["shape"] == "ellipse"
    rank = bridge.table.set_index("organizacion_id")["pagerank"]
    assert nodes[rank.idxmax()]["size"] == 40.0 and nodes[UNION]["size"] < nodes[3]["size"]  # sized by PageRank
    assert nodes[1]["detail"] == [["Sector", "Empleadores"], ["Tipo de actor", "ONG"], ["Grado", "4"]]
    assert len(data["edges"]) == bridge.graph.m and data["highlight"] is False


def test_communities_colouring_and_highlight(bridge):
    table = bridge.table
    data = page_data(view_html(view_payload(table, bridge.graph.ties, bridge.positions, size_by="grado",
                                            color_by="comunidad", highlight=[UNION]), legend_items("comunidad")))
    nodes = {int(n["id"]): n for n in data["nodes"]}
    assert nodes[1]["color"] == nodes[3]["color"] != nodes[11]["color"]
    assert [i for i, n in nodes.items() if n["mark"]] == [UNION] and data["highlight"] is True
    labels = [item["label"] for item in legend_items("comunidad", {0: 5, 1: 4, 2: 1})]
    assert labels[:4] == ["Gobierno", "Empleadores", "Trabajadores", "Sociedad civil"]
    assert "Comunidad 0 (5 org.)" in labels


def test_hostile_names_stay_data_in_the_view(tmp_path):
    marker = tmp_path / "marker"
    names = hostile_names(marker)
    orgs = network_orgs([(i + 1, "gobierno") for i in range(len(names))])
    orgs["nombre"] = names
    net = network.region_network(orgs, network_ties([(1, i + 1) for i in range(1, len(names))]))
    html = view_html(view_payload(net.table, net.graph.ties, net.positions, size_by="grado"), legend_items("sector"))
    # the two vendored libraries and the page's own two scripts, nothing else
    assert html.count("<script") == 4 and html.count("</script>") == 4
    assert "{{" not in html and "{%" not in html and "${" not in html and "`" not in html
    assert sorted(n["label"] for n in page_data(html)["nodes"]) == sorted(names)
    assert "innerHTML = shapes" in html and ".innerHTML" not in html.replace("svg.innerHTML = shapes", "")
    assert not marker.exists()


def test_tie_layer_draws_located_ties_on_a_folium_map(bridge):
    orgs = bridge.graph.nodes.assign(latitud=-36.8 + 0.01 * np.arange(len(bridge.graph.nodes)),
                                     longitud=-73.0)
    orgs.loc[orgs["id"] == 12, ["latitud", "longitud"]] = None  # not located: its ties are skipped
    fmap = folium.Map(location=[-36.8, -73.0], zoom_start=9, tiles=None)
    layer = add_tie_layer(fmap, orgs, bridge.graph.ties, max_ties=100)
    lines = [child for child in layer._children.values() if isinstance(child, folium.PolyLine)]
    assert len(lines) == 1
    assert len(lines[0].locations) == bridge.graph.m - 4  # 12 has ties to 11, 13, 14 and the bridge
    limited = add_tie_layer(folium.Map(tiles=None), orgs, bridge.graph.ties, max_ties=2)
    assert len(next(iter(limited._children.values())).locations) == 2
    assert layer.layer_name == "Vínculos entre organizaciones"
    assert "L.polyline" in fmap.get_root().render()


def test_view_keeps_up_to_fifty_thousand_heaviest_ties():
    """The view draws 5 000 organizations with up to 50 000 ties (issue 13), the heaviest first."""
    n = 600
    rng = np.random.default_rng(2)
    a, b = rng.integers(1, n + 1, size=(2, 150_000))
    keep = a < b
    ties = pd.DataFrame({"a": a[keep], "b": b[keep]}).drop_duplicates()
    ties = ties.assign(peso=np.arange(len(ties), dtype="float64"))
    table = pd.DataFrame({"organizacion_id": range(1, n + 1), "nombre": [f"Org {i}" for i in range(1, n + 1)],
                          "sector_tripartito": "gobierno", "comunidad": 0, "grado": 1})
    positions = pd.DataFrame({"x": np.zeros(n), "y": np.zeros(n)}, index=pd.Index(range(1, n + 1)))
    edges = view_payload(table, ties, positions, size_by="grado")["edges"]
    assert len(ties) > VIEW_MAX_TIES == len(edges) == 50_000
    heaviest = ties.nlargest(VIEW_MAX_TIES, "peso")
    assert {(int(x), int(y)) for x, y in edges} == set(zip(heaviest["a"], heaviest["b"], strict=True))
