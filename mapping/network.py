"""Drawing the network: a stable layout, the interactive offline view, ties on the folium map.

Positions come from :func:`stakeholders.network.layout.layout` (stable, seeded, once per data version).

- :func:`view_html`: one page drawing the graph with sigma.js 3 + graphology (WebGL; what Gephi Lite
  uses), both vendored under ``static/vendor/`` and served by the app, nothing else fetched. Nodes are
  coloured by sector with the Okabe–Ito palette *and* shaped by sector (sigma's own programs draw discs
  only, so a small node program here draws disc, square, triangle or diamond with a ring), or coloured
  by community; sized by a chosen measure; the top nodes are labelled; drag pans, the wheel zooms; a
  search box focuses one organization and its 1–2 step neighbourhood (sigma's node/edge reducers fade
  the rest); a click (sigma ``clickNode``) opens its detail panel. All user text goes in as data
  (``mapping.safe.script_json``) and is written with ``textContent`` or drawn by sigma on its canvas,
  never as HTML. ``window.graphView`` is the small API the browser tests and the bench read.
  Why a library: the guide prefers a well-kept library made for the job over hand-written drawing
  code (the page drew on a 2D canvas itself before, and used cytoscape.js before that, which needed
  about 9 s to first draw 5 000 nodes). Without a GPU (software WebGL) a frame of 5 000 nodes and
  50 000 ties is slow, so the page times one frame and, if slow, leaves the ties out while the view
  moves (bench ``red`` prints the first draw, a frame at rest and the pace while dragging).
- :func:`add_tie_layer`: ties between organizations of one region as lines on a folium map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import folium
import numpy as np
import pandas as pd

from i18n import t
from mapping.assets import GRAPHOLOGY_FILE, SIGMA_FILE, vendor_url
from mapping.palette import OUTLINE, SECTOR_STYLES, TEXT, sector_style
from mapping.popups import esc
from mapping.safe import script_json
from stakeholders.vocab import ACTOR_TYPE_VOCAB, SECTOR_VOCAB

__all__ = ["COMMUNITY_COLORS", "VIEW_MAX_NODES", "VIEW_MAX_TIES", "add_tie_layer", "legend_items", "view_html",
           "view_payload"]

VIEW_MAX_NODES = 5_000
VIEW_MAX_TIES = 50_000  # heaviest ties drawn (issue 13: 5 000 nodes and 50 000 ties, first drawn ≤ 2 s; bench red)
TOP_LABELS = 15
# Okabe–Ito, without the four sector colours' order so neighbouring communities differ; grey = the rest.
COMMUNITY_COLORS: tuple[str, ...] = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442",
                                     "#000000")
OTHER_COMMUNITY = "#BBBBBB"
VIEW_SHAPES = {"circle": "ellipse", "square": "rectangle", "triangle": "triangle", "diamond": "diamond"}


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
            "color": color, "shape": VIEW_SHAPES[style.shape], "size": round(float(sizes[k]), 1),
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
    items = [{"label": SECTOR_VOCAB.label(code), "shape": VIEW_SHAPES[style.shape],
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
<script src="%(graphology)s"></script>
<script src="%(sigma)s"></script>
<script>
const DATA = %(data)s;
const TEXTS = %(texts)s;
const LEGEND = %(legend)s;
</script>
<script>
(function () {
  "use strict";
  const t0 = performance.now();
  const MAX_NAMED = 40, MIN_RATIO = 0.08, SLOW_FRAME_MS = 60, LABEL_PX = 12, LABEL_WIDTH = 160;
  const OUTLINE = "%(outline)s", TEXT_COLOR = "%(text)s", FOCUS_RING = "#D55E00", LIT_RING = "#000000";
  const TIE = "#bdbdbd", NEAR_TIE = "#4d4d4d";
  const SHAPES = {ellipse: 0, rectangle: 1, triangle: 2, diamond: 3};
  const host = document.getElementById("graph"), probe = document.createElement("canvas");
  if (typeof Sigma === "undefined" || !(probe.getContext("webgl2") || probe.getContext("webgl"))) {
    host.textContent = TEXTS.no_webgl;  // no WebGL in this browser: the table tab holds the same information
    document.body.dataset.ready = "1";
    return;
  }
  const GL = WebGLRenderingContext, floatColor = Sigma.utils.floatColor;

  // Sigma's own node programs draw discs only: this one draws the sector's shape (disc, square, triangle,
  // diamond) with a ring (the outline, or the lit/focus mark), antialiased, and takes part in picking.
  const VERTEX = [
    "attribute vec4 a_id; attribute vec4 a_color; attribute vec4 a_ring; attribute vec2 a_position;",
    "attribute float a_size; attribute float a_ringPx; attribute float a_shape; attribute vec2 a_corner;",
    "uniform mat3 u_matrix; uniform float u_sizeRatio; uniform float u_correctionRatio;",
    "varying vec4 v_color; varying vec4 v_ring; varying vec2 v_corner; varying float v_px; varying float v_ringPx;",
    "varying float v_shape;",
    "const float bias = 255.0 / 254.0;",
    "void main() {",
    "  float radius = a_size * u_correctionRatio / u_sizeRatio * 2.0;",
    "  gl_Position = vec4((u_matrix * vec3(a_position + radius * a_corner, 1)).xy, 0, 1);",
    "  v_corner = a_corner; v_px = max(a_size / u_sizeRatio, 0.5); v_ringPx = a_ringPx; v_shape = a_shape;",
    "  #ifdef PICKING_MODE",
    "  v_color = a_id;",
    "  #else",
    "  v_color = a_color;",
    "  #endif",
    "  v_color.a *= bias; v_ring = a_ring; v_ring.a *= bias;",
    "}",
  ].join("\\n");
  const FRAGMENT = [
    "precision highp float;",
    "varying vec4 v_color; varying vec4 v_ring; varying vec2 v_corner; varying float v_px; varying float v_ringPx;",
    "varying float v_shape;",
    "void main() {",
    "  vec2 p = v_corner;",
    "  float d;  // signed distance to the outline, in node radii (negative inside)",
    "  if (v_shape < 0.5) d = length(p) - 1.0;",
    "  else if (v_shape < 1.5) d = max(abs(p.x), abs(p.y)) - 1.0;",
    "  else if (v_shape < 2.5) d = max(-p.y - 1.0, (2.0 * abs(p.x) + p.y - 1.0) / 2.236);",
    "  else d = (abs(p.x) + abs(p.y) - 1.0) / 1.414;",
    "  float px = d * v_px;  // in screen pixels",
    "  #ifdef PICKING_MODE",
    "  gl_FragColor = px > 0.0 ? vec4(0.0) : v_color;",
    "  #else",
    "  vec4 inside = px > -v_ringPx ? v_ring : v_color;",
    "  gl_FragColor = mix(inside, vec4(0.0), clamp(px + 0.5, 0.0, 1.0));",
    "  #endif",
    "}",
  ].join("\\n");
  class NodeShapeProgram extends Sigma.rendering.NodeProgram {
    getDefinition() {
      const byte = (name) => ({name, size: 4, type: GL.UNSIGNED_BYTE, normalized: true});
      const float = (name, size) => ({name, size, type: GL.FLOAT});
      return {
        VERTICES: 6, VERTEX_SHADER_SOURCE: VERTEX, FRAGMENT_SHADER_SOURCE: FRAGMENT, METHOD: GL.TRIANGLES,
        UNIFORMS: ["u_sizeRatio", "u_correctionRatio", "u_matrix"],
        ATTRIBUTES: [float("a_position", 2), float("a_size", 1), byte("a_color"), byte("a_id"), byte("a_ring"),
                     float("a_ringPx", 1), float("a_shape", 1)],
        CONSTANT_ATTRIBUTES: [float("a_corner", 2)],
        CONSTANT_DATA: [[-1, -1], [1, -1], [1, 1], [-1, -1], [1, 1], [-1, 1]],
      };
    }
    processVisibleItem(nodeIndex, i, data) {
      const a = this.array;
      a[i++] = data.x; a[i++] = data.y; a[i++] = data.size; a[i++] = floatColor(data.color); a[i++] = nodeIndex;
      a[i++] = floatColor(data.ring); a[i++] = data.ringPx; a[i] = data.shape;
    }
    setUniforms(params, {gl, uniformLocations}) {
      gl.uniform1f(uniformLocations.u_correctionRatio, params.correctionRatio);
      gl.uniform1f(uniformLocations.u_sizeRatio, params.sizeRatio);
      gl.uniformMatrix3fv(uniformLocations.u_matrix, false, params.matrix);
    }
  }

  // Names are drawn on the canvas (never as HTML), shortened to LABEL_WIDTH pixels, above the node.
  function fitText(context, text, width) {
    if (context.measureText(text).width <= width) return text;
    let lo = 0, hi = Math.min(text.length, 200);
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (context.measureText(text.slice(0, mid) + "…").width <= width) lo = mid; else hi = mid - 1;
    }
    return text.slice(0, lo) + "…";
  }
  function drawLabel(context, data) {
    if (!data.label) return;
    context.font = LABEL_PX + "px 'Source Sans Pro', Arial, sans-serif";
    context.textAlign = "center"; context.textBaseline = "bottom"; context.lineJoin = "round";
    const text = fitText(context, data.label, LABEL_WIDTH), y = data.y - data.size - 3;
    context.lineWidth = 3; context.strokeStyle = "#fff"; context.strokeText(text, data.x, y);
    context.fillStyle = TEXT_COLOR; context.fillText(text, data.x, y);
    context.textAlign = "start"; context.textBaseline = "alphabetic";
  }

  const nodes = DATA.nodes, N = nodes.length;
  const index = new Map();
  const graph = new graphology.Graph({type: "undirected", multi: false, allowSelfLoops: false});
  nodes.forEach((n, k) => {
    index.set(n.id, k);
    graph.addNode(n.id, {x: n.x, y: -n.y, size: n.size / 2, color: n.color, label: n.label, k,
                         shape: SHAPES[n.shape] || 0});
  });
  for (const e of DATA.edges) if (index.has(e[0]) && index.has(e[1]) && e[0] !== e[1]) graph.mergeEdge(e[0], e[1]);
  const M = graph.size;
  // State per node: faded, marked (lit), named (label shown), focus, inside the focused neighbourhood.
  const faded = new Uint8Array(N), lit = new Uint8Array(N), named = new Uint8Array(N), member = new Uint8Array(N);
  let focus = -1, anyFaded = false;
  const pale = new Map();
  function paler(color) {  // the colour 88 %% of the way to white: faded, but still the same hue
    if (!pale.has(color)) {
      const v = parseInt(color.slice(1), 16), mix = (c) => Math.round(c + (255 - c) * 0.88);
      pale.set(color, "rgb(" + mix(v >> 16) + "," + mix((v >> 8) & 255) + "," + mix(v & 255) + ")");
    }
    return pale.get(color);
  }
  function nodeReducer(id, data) {
    const i = data.k, out = Object.assign({}, data);
    out.ring = i === focus ? FOCUS_RING : lit[i] ? LIT_RING : OUTLINE;
    out.ringPx = i === focus ? 4 : lit[i] ? 3 : 1;
    out.zIndex = i === focus || lit[i] ? 2 : faded[i] ? 0 : 1;
    if (faded[i]) { out.color = paler(data.color); out.ring = paler(OUTLINE); }
    out.forceLabel = i === focus || named[i] === 1 || (nodes[i].top && !faded[i] && !anyFaded);
    return out;
  }
  function edgeReducer(edge, data) {
    if (!anyFaded) return data;
    const ends = graph.extremities(edge);
    if (focus < 0 || !member[index.get(ends[0])] || !member[index.get(ends[1])]) return {...data, hidden: true};
    return {...data, color: NEAR_TIE, size: 1.5, type: "thick"};
  }

  const status = document.getElementById("status");
  marked();
  // Ties are 1-pixel lines (sigma's cheapest edge program: without a GPU, 50 000 of them cost about a
  // quarter of its default rectangles); the focused neighbourhood's ties are drawn thicker.
  const renderer = new Sigma(graph, host, {
    allowInvalidContainer: true, defaultNodeType: "shape", nodeProgramClasses: {shape: NodeShapeProgram},
    defaultEdgeType: "thin", defaultEdgeColor: TIE,
    edgeProgramClasses: {thin: Sigma.rendering.EdgeLineProgram, thick: Sigma.rendering.EdgeRectangleProgram},
    zIndex: true, enableCameraRotation: false, stagePadding: 40, minCameraRatio: MIN_RATIO, maxCameraRatio: 8,
    labelRenderedSizeThreshold: Infinity, defaultDrawNodeLabel: drawLabel, defaultDrawNodeHover: drawLabel,
    nodeReducer, edgeReducer,
  });
  const camera = renderer.getCamera();

  const byLabel = new Map();
  const list = document.getElementById("names");
  const frag = document.createDocumentFragment();
  for (const n of nodes) {
    const key = n.label + " (" + n.id + ")";
    byLabel.set(key, n); byLabel.set(n.label, byLabel.get(n.label) || n);
    const opt = document.createElement("option"); opt.value = key; frag.appendChild(opt);
  }
  list.appendChild(frag);
  function clear() { faded.fill(0); lit.fill(0); named.fill(0); member.fill(0); focus = -1; anyFaded = false; }
  function marked() {
    clear();
    if (!DATA.highlight) return;
    let hits = 0;
    for (let i = 0; i < N; i++) { if (nodes[i].mark) { lit[i] = 1; hits++; } else faded[i] = 1; }
    anyFaded = true;
    if (hits <= MAX_NAMED) named.set(lit);
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
  function hood(id, steps) {
    const inside = new Set([id]);
    let ring = [id];
    for (let s = 0; s < steps; s++) {
      const next = [];
      for (const u of ring) graph.forEachNeighbor(u, (v) => { if (!inside.has(v)) { inside.add(v); next.push(v); } });
      ring = next;
    }
    return inside;
  }
  function extent(members) {  // bounding box in sigma's normalised coordinates (what the camera moves in)
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const id of members) {
      const d = renderer.getNodeDisplayData(id);
      x0 = Math.min(x0, d.x); y0 = Math.min(y0, d.y); x1 = Math.max(x1, d.x); y1 = Math.max(y1, d.y);
    }
    return [x0, y0, x1, y1];
  }
  function fitTo(members) {  // the camera state showing these nodes (ratio 1 shows the whole graph)
    const [x0, y0, x1, y1] = extent(members), [g0, h0, g1, h1] = extent(graph.nodes());
    const share = Math.max((x1 - x0) / Math.max(g1 - g0, 1e-9), (y1 - y0) / Math.max(h1 - h0, 1e-9));
    return {x: (x0 + x1) / 2, y: (y0 + y1) / 2, ratio: Math.min(1, Math.max(MIN_RATIO * 2, 1.25 * share))};
  }
  function focusOn(id) {
    const i = index.get(id);
    if (i === undefined) { status.textContent = TEXTS.not_found; return; }
    const members = hood(id, parseInt(document.getElementById("steps").value, 10));
    clear();
    faded.fill(1); anyFaded = true;
    for (const u of members) { const k = index.get(u); faded[k] = 0; lit[k] = 1; member[k] = 1; }
    for (const u of members) if (members.size <= MAX_NAMED || nodes[index.get(u)].top) named[index.get(u)] = 1;
    lit[i] = 0; focus = i;
    renderer.refresh();
    camera.animate(fitTo(members), {duration: 250});
    status.textContent = TEXTS.focused.replace("{n}", String(members.size - 1));
    showDetail(nodes[i]);
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
    delete document.body.dataset.focused; marked();
    camera.setState({x: 0.5, y: 0.5, ratio: 1, angle: 0});
    renderer.refresh();
    document.getElementById("detail").style.display = "none"; status.textContent = "";
  });
  renderer.on("clickNode", ({node}) => focusOn(node));
  // A view first laid out while hidden (zero size) is drawn again once it has a size.
  let size = [host.clientWidth, host.clientHeight];
  new ResizeObserver(() => {
    if (size[0] === host.clientWidth && size[1] === host.clientHeight) return;
    size = [host.clientWidth, host.clientHeight];
    renderer.resize(); renderer.refresh();
  }).observe(host);
  const frameLog = [];  // when each frame was drawn (the bench reads the pace while dragging)
  renderer.on("afterRender", () => { frameLog.push(performance.now()); if (frameLog.length > 500) frameLog.shift(); });

  const legend = document.getElementById("legend");
  for (const item of LEGEND) {
    const row = document.createElement("div");
    const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("width", "14"); svg.setAttribute("height", "14");
    const shapes = {ellipse: "<circle cx='7' cy='7' r='5'/>", rectangle: "<rect x='2' y='2' width='10' height='10'/>",
      triangle: "<polygon points='7,1.5 12.5,12 1.5,12'/>", diamond: "<polygon points='7,1 13,7 7,13 1,7'/>"};
    svg.innerHTML = shapes[item.shape] || shapes.ellipse;
    svg.setAttribute("fill", item.color); svg.setAttribute("stroke", OUTLINE);
    const label = document.createElement("span"); label.textContent = item.label;
    row.appendChild(svg); row.appendChild(label); legend.appendChild(row);
  }

  // What the browser tests and the bench read (the drawing itself is pixels on sigma's WebGL canvases).
  function viewportOf(id) { return renderer.graphToViewport(graph.getNodeAttributes(id)); }
  window.graphView = {
    nodes: graph.order, edges: M,
    label: (id) => (index.has(id) ? nodes[index.get(id)].label : null),
    idsWithLabel: (text) => nodes.filter(n => n.label === text).map(n => n.id),
    isFocus: (id) => index.get(id) === focus,
    lit: () => lit.reduce((a, b) => a + b, 0),
    faded: () => faded.reduce((a, b) => a + b, 0),
    neighbours: (id) => hood(id, 1).size - 1,
    tap: (id) => focusOn(id),
    zoom: () => 1 / camera.getState().ratio,
    // Where a node is drawn, in the page's coordinates, for a real click.
    point: (id) => {
      const box = host.getBoundingClientRect(), v = viewportOf(id);
      return [box.left + v.x, box.top + v.y];
    },
    clickable: () => nodes.map(n => n.id).filter(id => {
      const box = host.getBoundingClientRect(), v = viewportOf(id);
      if (v.x < 0 || v.y < 0 || v.x > box.width || v.y > box.height) return false;
      const top = document.elementFromPoint(box.left + v.x, box.top + v.y);
      return host.contains(top) && renderer.getNodeAtPosition(v) === id;
    }),
    frames: () => frameLog.slice(),
    edgesHiddenOnMove: () => renderer.getSetting("hideEdgesOnMove"),
  };
  // Reading one pixel back waits until the GPU has finished drawing: "drawn" means the pixels exist.
  function finish(layer) {
    const canvas = renderer.getCanvases()[layer];
    const gl = canvas.getContext("webgl2") || canvas.getContext("webgl");
    gl.readPixels(0, 0, 1, 1, gl.RGBA, gl.UNSIGNED_BYTE, new Uint8Array(4));
  }
  // Without a GPU (software WebGL) a frame of tens of thousands of ties takes a while: one more frame is
  // timed once the view is shown, and if it is slow the ties are left out while the view moves (nodes and
  // labels follow the pointer) and drawn again at rest.
  function timeOneFrame() {
    const begin = performance.now();
    renderer.render(); finish("nodes"); finish("edges");
    const spent = performance.now() - begin;
    if (spent > SLOW_FRAME_MS) renderer.setSetting("hideEdgesOnMove", true);
    document.body.dataset.frameMs = String(Math.round(spent));
  }
  finish("nodes"); finish("edges");
  const drawnAt = performance.now();
  document.body.dataset.drawnAt = String(Math.round(drawnAt));
  document.body.dataset.drawMs = String(Math.round(drawnAt - t0));
  document.body.dataset.ready = "1";
  if (M > 0) setTimeout(timeOneFrame, 50);
})();
</script></body></html>
"""


def view_html(payload: Mapping[str, Any], legend: list[dict[str, str]], height: int = 620) -> str:
    """The interactive view as one HTML page (assets from the app's static server, nothing else)."""
    texts = {"not_found": t("red.vista.no_encontrada"), "focused": t("red.vista.enfocada"),
             "no_webgl": t("red.vista.sin_webgl")}
    return _PAGE % {
        "text": TEXT, "muted": "#4d4d4d", "outline": OUTLINE, "height": height, "panel": height - 20,
        "search_label": esc(t("red.vista.buscar")), "search_placeholder": esc(t("red.vista.buscar_ayuda")),
        "steps_label": esc(t("red.vista.pasos")), "reset_label": esc(t("red.vista.restablecer")),
        "aria": esc(t("red.vista.aria", n=len(payload["nodes"]), m=len(payload["edges"]))),
        "graphology": esc(f"{vendor_url()}/{GRAPHOLOGY_FILE}"), "sigma": esc(f"{vendor_url()}/{SIGMA_FILE}"),
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
