"""Drawing the network: a stable layout, the interactive offline view, ties on the folium map.

Positions come from :func:`stakeholders.network.layout.layout` (stable, seeded, once per data version).

- :func:`view_html`: a self-contained page for ``st.components.v1.html`` drawing the graph with
  cytoscape.js (vendored under ``static/vendor/cytoscape/``, MIT; canvas, so it works without
  WebGL). Nodes are coloured by sector with the Okabe–Ito palette *and* shaped by sector (or
  coloured by community), sized by a chosen measure; the top nodes are labelled; a search box
  focuses one organization and its 1–2 step neighbourhood; a click opens its detail panel.
  All user text goes in as data (``mapping.safe.script_json``) and is written with
  ``textContent``/canvas text, never as HTML.
- :func:`add_tie_layer`: ties between organizations of one region as lines on a folium map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import folium
import numpy as np
import pandas as pd

from i18n import t
from mapping.assets import vendor_url
from mapping.palette import OUTLINE, SECTOR_STYLES, TEXT, sector_style
from mapping.popups import esc
from mapping.safe import script_json
from stakeholders.vocab import ACTOR_TYPE_VOCAB, SECTOR_VOCAB

__all__ = ["COMMUNITY_COLORS", "CYTOSCAPE_FILE", "VIEW_MAX_NODES", "add_tie_layer", "legend_items", "view_html",
           "view_payload"]

CYTOSCAPE_FILE = "cytoscape/cytoscape.min.js"
VIEW_MAX_NODES = 5_000
VIEW_MAX_TIES = 20_000  # heaviest ties drawn; more made the first draw of 5 000 nodes exceed seconds (bench red)
TOP_LABELS = 15
# Okabe–Ito, without the four sector colours' order so neighbouring communities differ; grey = the rest.
COMMUNITY_COLORS: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                                     "#000000")
OTHER_COMMUNITY = "#BBBBBB"
CYTOSCAPE_SHAPES = {"circle": "ellipse", "square": "rectangle", "triangle": "triangle", "diamond": "diamond"}


def _community_color(group: int) -> str:
    return COMMUNITY_COLORS[group] if 0 <= group < len(COMMUNITY_COLORS) else OTHER_COMMUNITY


def _sizes(values: pd.Series) -> np.ndarray:
    """Node diameters 8–40 px by the square root of a non-negative measure."""
    v = np.sqrt(np.clip(values.fillna(0.0).to_numpy(dtype="float64"), 0.0, None))
    top = v.max() if len(v) and v.max() > 0 else 1.0
    return 8.0 + 32.0 * v / top


def view_payload(
    table: pd.DataFrame,
    ties: pd.DataFrame,
    positions: pd.DataFrame,
    *,
    size_by: str,
    color_by: str = "sector",
    highlight: Sequence[int] = (),
    details: Sequence[str] = (),
) -> dict[str, Any]:
    """The JSON the view draws: nodes (id, label, position, colour, shape, size, detail rows) and ties.

    ``table`` has one row per organization (``organizacion_id``, ``nombre``, ``sector_tripartito``,
    ``comunidad``, ``grado`` and the ``size_by`` and ``details`` columns); the view keeps the
    :data:`VIEW_MAX_NODES` with most ties and the :data:`VIEW_MAX_TIES` heaviest ties among them.
    """
    shown = table.nlargest(VIEW_MAX_NODES, ["grado", "organizacion_id"]) if len(table) > VIEW_MAX_NODES else table
    shown = shown.join(positions, on="organizacion_id")
    sizes = _sizes(shown[size_by])
    labelled = set(shown.nlargest(TOP_LABELS, [size_by, "organizacion_id"])["organizacion_id"].tolist())
    marked = {int(i) for i in highlight}
    nodes = []
    for k, row in enumerate(shown.itertuples(index=False)):
        style = sector_style(row.sector_tripartito)
        color = style.color if color_by == "sector" else _community_color(int(row.comunidad))
        oid = int(row.organizacion_id)
        nodes.append({
            "id": str(oid), "label": str(row.nombre), "x": round(float(row.x), 2), "y": round(float(row.y), 2),
            "color": color, "shape": CYTOSCAPE_SHAPES[style.shape], "size": round(float(sizes[k]), 1),
            "top": oid in labelled, "mark": oid in marked,
            "detail": [[t(f"red.col.{c}"), _detail_value(getattr(row, c))] for c in details],
        })
    ids = set(shown["organizacion_id"].astype(int))
    among = ties[ties["a"].isin(ids) & ties["b"].isin(ids)]
    if len(among) > VIEW_MAX_TIES:
        among = among.nlargest(VIEW_MAX_TIES, ["peso", "a", "b"])
    edges = [[str(int(a)), str(int(b))] for a, b in zip(among["a"], among["b"], strict=True)]
    return {"nodes": nodes, "edges": edges, "highlight": bool(marked)}


def _detail_value(value: object) -> str:
    if isinstance(value, bool | np.bool_):
        return t("red.si") if value else t("red.no")
    if isinstance(value, float | np.floating):
        return "—" if np.isnan(value) else f"{value:.3f}".replace(".", ",")
    if isinstance(value, str) and value in SECTOR_VOCAB.labels:
        return SECTOR_VOCAB.label(value)
    if isinstance(value, str) and value in ACTOR_TYPE_VOCAB.labels:
        return ACTOR_TYPE_VOCAB.label(value)
    return str(value)


def legend_items(color_by: str, community_sizes: Mapping[int, int] | None = None) -> list[dict[str, str]]:
    """Legend rows: sector colour and shape, or community colour (shapes still give the sector)."""
    items = [{"label": SECTOR_VOCAB.label(code), "shape": CYTOSCAPE_SHAPES[style.shape],
              "color": style.color if color_by == "sector" else "#FFFFFF"}
             for code, style in SECTOR_STYLES.items()]
    if color_by != "sector":
        for group in sorted(community_sizes or {})[: len(COMMUNITY_COLORS)]:
            items.append({"label": t("red.vista.comunidad_n", n=group, organizaciones=(community_sizes or {})[group]),
                          "shape": "rectangle", "color": _community_color(group)})
        items.append({"label": t("red.vista.otras_comunidades"), "shape": "rectangle", "color": OTHER_COMMUNITY})
    return items


_PAGE = """<!DOCTYPE html>
<html lang="es"><head><meta charset="utf-8">
<style>
body{margin:0;font-family:"Source Sans Pro",Arial,sans-serif;color:%(text)s;background:#fff}
#bar{display:flex;gap:8px;align-items:center;padding:4px 0;flex-wrap:wrap}
#bar input{padding:4px 6px;min-width:260px;border:1px solid #767676;border-radius:4px}
#bar select,#bar button{padding:4px 8px;border:1px solid #767676;border-radius:4px;background:#fff}
#wrap{position:relative;height:%(height)dpx;border:1px solid #d0d0d0;border-radius:6px}
#graph{position:absolute;inset:0}
#legend{position:absolute;left:8px;bottom:8px;background:rgba(255,255,255,.92);border:1px solid #bbb;
 border-radius:4px;padding:6px 8px;font-size:12px;max-width:260px}
#legend div{display:flex;align-items:center;gap:6px;margin:2px 0}
#detail{position:absolute;right:8px;top:8px;width:300px;max-height:%(panel)dpx;overflow:auto;background:#fff;
 border:1px solid #bbb;border-radius:4px;padding:8px 10px;font-size:13px;display:none}
#detail h3{font-size:14px;margin:0 0 6px 0;word-break:break-word}
#detail dl{margin:0;display:grid;grid-template-columns:auto auto;gap:2px 8px}
#detail dt{font-weight:600}#detail dd{margin:0;word-break:break-word}
#status{font-size:12px;color:%(muted)s}
</style></head><body>
<div id="bar" role="search">
 <label for="search">%(search_label)s</label>
 <input id="search" list="names" type="search" autocomplete="off" placeholder="%(search_placeholder)s">
 <datalist id="names"></datalist>
 <label for="steps">%(steps_label)s</label>
 <select id="steps"><option value="1">1</option><option value="2">2</option></select>
 <button id="reset" type="button">%(reset_label)s</button>
 <span id="status" aria-live="polite"></span>
</div>
<div id="wrap"><div id="graph" role="img" aria-label="%(aria)s"></div>
<div id="legend" aria-hidden="true"></div><div id="detail" role="dialog" aria-live="polite"></div></div>
<script src="%(cytoscape)s"></script>
<script>
const DATA = %(data)s;
const TEXTS = %(texts)s;
const LEGEND = %(legend)s;
</script>
<script>
(function () {
  const t0 = performance.now();
  const MAX_NAMED = 40;
  const elements = [];
  for (const n of DATA.nodes) {
    elements.push({group: "nodes", data: {id: n.id, label: n.label, color: n.color, shape: n.shape, size: n.size,
                   top: n.top ? 1 : 0, mark: n.mark ? 1 : 0}, position: {x: n.x, y: n.y}});
  }
  DATA.edges.forEach((e, k) => elements.push({group: "edges", data: {id: "e" + k, source: e[0], target: e[1]}}));
  const cy = cytoscape({
    container: document.getElementById("graph"), elements: elements, layout: {name: "preset"},
    minZoom: 0.05, maxZoom: 8, textureOnViewport: true, hideEdgesOnViewport: DATA.edges.length > 5000,
    pixelRatio: 1, wheelSensitivity: 0.3,
    style: [
      {selector: "node", style: {"background-color": "data(color)", "shape": "data(shape)", "width": "data(size)",
        "height": "data(size)", "border-width": 1, "border-color": "%(outline)s", "label": "",
        "font-size": 11, "text-outline-color": "#fff", "text-outline-width": 2, "color": "%(text)s",
        "text-valign": "top", "text-margin-y": -3, "min-zoomed-font-size": 6}},
      {selector: "node[top = 1]", style: {"label": "data(label)", "text-max-width": 160, "text-wrap": "ellipsis"}},
      {selector: "edge", style: {"width": 0.6, "line-color": "#9a9a9a", "opacity": 0.35, "curve-style": "haystack"}},
      {selector: ".faded", style: {"opacity": 0.12, "label": ""}},
      {selector: "edge.faded", style: {"opacity": 0.03}},
      {selector: ".marked", style: {"border-width": 4, "border-color": "#000", "z-index": 10}},
      {selector: ".named", style: {"label": "data(label)"}},
      {selector: ".focus", style: {"border-width": 5, "border-color": "#D55E00", "label": "data(label)",
        "z-index": 20}},
      {selector: "edge.near", style: {"opacity": 0.9, "width": 1.4, "line-color": "#4d4d4d"}},
    ],
  });
  window.cy = cy;
  const byLabel = new Map();
  const list = document.getElementById("names");
  const frag = document.createDocumentFragment();
  for (const n of DATA.nodes) {
    const key = n.label + " (" + n.id + ")";
    byLabel.set(key, n); byLabel.set(n.label, byLabel.get(n.label) || n);
    const opt = document.createElement("option"); opt.value = key; frag.appendChild(opt);
  }
  list.appendChild(frag);
  const status = document.getElementById("status");
  function marked() {
    cy.batch(() => {
      cy.elements().removeClass("faded marked named focus near");
      if (DATA.highlight) {
        const hits = cy.nodes("[mark = 1]");
        cy.elements().not(hits).addClass("faded");
        hits.addClass("marked");
        if (hits.length <= MAX_NAMED) hits.addClass("named");
      }
    });
  }
  function showDetail(n) {
    const box = document.getElementById("detail");
    box.replaceChildren();
    const h = document.createElement("h3"); h.textContent = n.label; box.appendChild(h);
    const dl = document.createElement("dl");
    for (const row of n.detail) {
      const dt = document.createElement("dt"); dt.textContent = row[0];
      const dd = document.createElement("dd"); dd.textContent = row[1];
      dl.appendChild(dt); dl.appendChild(dd);
    }
    box.appendChild(dl);
    box.style.display = "block";
  }
  const nodeData = new Map(DATA.nodes.map(n => [n.id, n]));
  function focusOn(id) {
    const node = cy.getElementById(id);
    if (node.empty()) { status.textContent = TEXTS.not_found; return; }
    const steps = parseInt(document.getElementById("steps").value, 10);
    let hood = node.closedNeighborhood();
    if (steps > 1) hood = hood.union(hood.nodes().closedNeighborhood());
    cy.batch(() => {
      cy.elements().removeClass("faded marked named focus near").addClass("faded");
      hood.removeClass("faded"); hood.nodes().addClass("marked"); hood.edges().addClass("near");
      (hood.nodes().length <= MAX_NAMED ? hood.nodes() : hood.nodes("[top = 1]")).addClass("named");
      node.removeClass("marked").addClass("focus");
    });
    cy.animate({fit: {eles: hood, padding: 40}}, {duration: 250});
    status.textContent = TEXTS.focused.replace("{n}", String(hood.nodes().length - 1));
    showDetail(nodeData.get(id));
    document.body.dataset.focused = id;
  }
  document.getElementById("search").addEventListener("change", (ev) => {
    const hit = byLabel.get(ev.target.value);
    if (hit) focusOn(hit.id); else status.textContent = TEXTS.not_found;
  });
  document.getElementById("steps").addEventListener("change", () => {
    if (document.body.dataset.focused) focusOn(document.body.dataset.focused);
  });
  document.getElementById("reset").addEventListener("click", () => {
    delete document.body.dataset.focused; marked(); cy.fit(undefined, 20);
    document.getElementById("detail").style.display = "none"; status.textContent = "";
  });
  cy.on("tap", "node", (ev) => focusOn(ev.target.id()));
  const legend = document.getElementById("legend");
  for (const item of LEGEND) {
    const row = document.createElement("div");
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14");
    const shapes = {ellipse: "<circle cx='7' cy='7' r='5'/>", rectangle: "<rect x='2' y='2' width='10' height='10'/>",
      triangle: "<polygon points='7,1.5 12.5,12 1.5,12'/>", diamond: "<polygon points='7,1 13,7 7,13 1,7'/>"};
    svg.innerHTML = shapes[item.shape] || shapes.ellipse;
    svg.setAttribute("fill", item.color); svg.setAttribute("stroke", "%(outline)s");
    const label = document.createElement("span"); label.textContent = item.label;
    row.appendChild(svg); row.appendChild(label); legend.appendChild(row);
  }
  marked();
  cy.ready(() => {
    document.body.dataset.ready = "1";
    document.body.dataset.drawMs = String(Math.round(performance.now() - t0));
  });
})();
</script></body></html>
"""


def view_html(payload: Mapping[str, Any], legend: list[dict[str, str]], height: int = 620) -> str:
    """The interactive view as one HTML page (assets from the app's static server, nothing else)."""
    texts = {"not_found": t("red.vista.no_encontrada"), "focused": t("red.vista.enfocada")}
    return _PAGE % {
        "text": TEXT, "muted": "#4d4d4d", "outline": OUTLINE, "height": height, "panel": height - 20,
        "search_label": esc(t("red.vista.buscar")), "search_placeholder": esc(t("red.vista.buscar_ayuda")),
        "steps_label": esc(t("red.vista.pasos")), "reset_label": esc(t("red.vista.restablecer")),
        "aria": esc(t("red.vista.aria", n=len(payload["nodes"]), m=len(payload["edges"]))),
        "cytoscape": esc(f"{vendor_url()}/{CYTOSCAPE_FILE}"),
        "data": script_json(payload), "texts": script_json(texts), "legend": script_json(legend),
    }


def add_tie_layer(
    fmap: folium.Map,
    orgs: pd.DataFrame,
    ties: pd.DataFrame,
    *,
    max_ties: int = 3_000,
    name: str | None = None,
) -> folium.FeatureGroup:
    """Ties between located organizations as thin lines on ``fmap`` (the heaviest ``max_ties``).

    ``orgs`` needs ``id``, ``latitud``, ``longitud``; ``ties`` is a tie table (``a``, ``b``, ``peso``).
    Organizations without coordinates are skipped. Returns the added (toggleable) layer.
    """
    located = orgs.dropna(subset=["latitud", "longitud"]).drop_duplicates("id").set_index("id")
    chosen = ties[ties["a"].isin(located.index) & ties["b"].isin(located.index)]
    chosen = chosen.nlargest(max_ties, ["peso", "a", "b"]) if len(chosen) > max_ties else chosen
    group = folium.FeatureGroup(name=esc(name or t("red.mapa_vinculos")), show=True)
    lat, lon = located["latitud"], located["longitud"]
    lines = [[[float(lat[a]), float(lon[a])], [float(lat[b]), float(lon[b])]]
             for a, b in zip(chosen["a"], chosen["b"], strict=True)]
    if lines:
        folium.PolyLine(lines, color="#4d4d4d", weight=1, opacity=0.45, interactive=False).add_to(group)
    group.add_to(fmap)
    return group
