"""Drawing the network: a stable layout, the interactive offline view, ties on the folium map.

Positions come from :func:`stakeholders.network.layout.layout` (stable, seeded, once per data version).

- :func:`view_html`: a self-contained page (no library, nothing fetched) drawing the graph on a 2D
  canvas, so it works without WebGL. Nodes are coloured by sector with the Okabe–Ito palette *and*
  shaped by sector (or coloured by community), sized by a chosen measure; the top nodes are
  labelled; drag pans, the wheel zooms (the last drawing is moved as a picture while the pointer
  moves, redrawn in full at rest); a search box focuses one organization and its 1–2 step
  neighbourhood; a click opens its detail panel. All user text goes in as data
  (``mapping.safe.script_json``) and is written with ``textContent``/canvas text, never as HTML.
  Why not cytoscape.js (used until now): it needed about 2.4 s to build 5 000 nodes and 20 000
  ties and 1.5 s more for the first frame on the reference server; this page draws 5 000 nodes and
  50 000 ties in a fraction of that (bench ``red``), with the same features.
- :func:`add_tie_layer`: ties between organizations of one region as lines on a folium map.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import folium
import numpy as np
import pandas as pd

from i18n import t
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
<script>
const DATA = %(data)s;
const TEXTS = %(texts)s;
const LEGEND = %(legend)s;
</script>
<script>
(function () {
  "use strict";
  const t0 = performance.now();
  const MAX_NAMED = 40, MIN_ZOOM = 0.05, MAX_ZOOM = 8, FOCUS_ZOOM = 3;
  const LABEL_PX = 11, MIN_LABEL_PX = 6, LABEL_WIDTH = 160;
  const OUTLINE = "%(outline)s", TEXT_COLOR = "%(text)s";
  const nodes = DATA.nodes, N = nodes.length;
  const index = new Map();
  const X = new Float64Array(N), Y = new Float64Array(N), R = new Float64Array(N);
  nodes.forEach((n, k) => { index.set(n.id, k); X[k] = n.x; Y[k] = n.y; R[k] = n.size / 2; });
  const pairs = DATA.edges.filter(e => index.has(e[0]) && index.has(e[1]));
  const M = pairs.length, src = new Int32Array(M), dst = new Int32Array(M);
  const start = new Int32Array(N + 1);
  pairs.forEach((e, k) => {
    src[k] = index.get(e[0]); dst[k] = index.get(e[1]); start[src[k] + 1]++; start[dst[k] + 1]++;
  });
  for (let i = 0; i < N; i++) start[i + 1] += start[i];
  const nbr = new Int32Array(2 * M), via = new Int32Array(2 * M), fill = start.slice(0, N);
  for (let k = 0; k < M; k++) {
    nbr[fill[src[k]]] = dst[k]; via[fill[src[k]]++] = k;
    nbr[fill[dst[k]]] = src[k]; via[fill[dst[k]]++] = k;
  }
  // State per node: faded, marked (lit), named (label shown), focus; per tie: near (in the focused hood).
  const faded = new Uint8Array(N), lit = new Uint8Array(N), named = new Uint8Array(N), near = new Uint8Array(M);
  let focus = -1, anyFaded = false;

  const host = document.getElementById("graph");
  const canvas = document.createElement("canvas");
  canvas.style.display = "block";
  host.appendChild(canvas);
  const ctx = canvas.getContext("2d");
  const snap = document.createElement("canvas");
  let snapView = null;
  let W = 0, H = 0, ratio = 1, k = 1, tx = 0, ty = 0;

  function resize() {
    ratio = Math.min(window.devicePixelRatio || 1, 2);
    W = host.clientWidth; H = host.clientHeight;
    canvas.width = Math.max(1, Math.round(W * ratio)); canvas.height = Math.max(1, Math.round(H * ratio));
    canvas.style.width = W + "px"; canvas.style.height = H + "px";
  }
  function bounds(members) {
    let x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    for (const i of members) {
      x0 = Math.min(x0, X[i] - R[i]); y0 = Math.min(y0, Y[i] - R[i]);
      x1 = Math.max(x1, X[i] + R[i]); y1 = Math.max(y1, Y[i] + R[i]);
    }
    return x0 === Infinity ? [0, 0, 1, 1] : [x0, y0, x1, y1];
  }
  function fitView(members, padding, most = MAX_ZOOM) {
    const [x0, y0, x1, y1] = bounds(members);
    const z = Math.min((W - 2 * padding) / Math.max(x1 - x0, 1), (H - 2 * padding) / Math.max(y1 - y0, 1));
    const zoom = Math.min(most, Math.max(MIN_ZOOM, z));
    return {k: zoom, tx: W / 2 - zoom * (x0 + x1) / 2, ty: H / 2 - zoom * (y0 + y1) / 2};
  }
  function shape(kind, x, y, r) {
    ctx.beginPath();
    if (kind === "rectangle") ctx.rect(x - r, y - r, 2 * r, 2 * r);
    else if (kind === "triangle") {
      ctx.moveTo(x, y - r); ctx.lineTo(x + r, y + r); ctx.lineTo(x - r, y + r); ctx.closePath();
    } else if (kind === "diamond") {
      ctx.moveTo(x, y - r); ctx.lineTo(x + r, y); ctx.lineTo(x, y + r); ctx.lineTo(x - r, y); ctx.closePath();
    }
    else ctx.arc(x, y, r, 0, 2 * Math.PI);
  }
  function edges(near_only, color, alpha, width) {
    ctx.beginPath();
    for (let e = 0; e < M; e++) {
      if (near_only !== (near[e] === 1)) continue;
      ctx.moveTo(X[src[e]] * k + tx, Y[src[e]] * k + ty); ctx.lineTo(X[dst[e]] * k + tx, Y[dst[e]] * k + ty);
    }
    ctx.globalAlpha = alpha; ctx.strokeStyle = color; ctx.lineWidth = width; ctx.stroke();
  }
  function node(i) {
    const x = X[i] * k + tx, y = Y[i] * k + ty, r = Math.max(R[i] * k, 1.5);
    if (x + r < 0 || y + r < 0 || x - r > W || y - r > H) return;
    ctx.globalAlpha = faded[i] ? 0.12 : 1;
    shape(nodes[i].shape, x, y, r);
    ctx.fillStyle = nodes[i].color; ctx.fill();
    if (i === focus) { ctx.lineWidth = 5 * k; ctx.strokeStyle = "#D55E00"; }
    else if (lit[i]) { ctx.lineWidth = 4 * k; ctx.strokeStyle = "#000"; }
    else { ctx.lineWidth = Math.max(k, 0.5); ctx.strokeStyle = OUTLINE; }
    ctx.stroke();
  }
  function fitText(text, width) {
    if (ctx.measureText(text).width <= width) return text;
    let lo = 0, hi = text.length;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (ctx.measureText(text.slice(0, mid) + "…").width <= width) lo = mid; else hi = mid - 1;
    }
    return text.slice(0, lo) + "…";
  }
  function labels() {
    const px = LABEL_PX * k;
    ctx.globalAlpha = 1; ctx.textAlign = "center"; ctx.textBaseline = "bottom"; ctx.lineJoin = "round";
    ctx.font = px + "px 'Source Sans Pro', Arial, sans-serif";
    for (let i = 0; i < N; i++) {
      const shown = i === focus || named[i] || (nodes[i].top && !faded[i] && !anyFaded);
      if (!shown || (px < MIN_LABEL_PX && i !== focus)) continue;
      const text = fitText(nodes[i].label, LABEL_WIDTH * k), x = X[i] * k + tx, y = (Y[i] - R[i] - 3) * k + ty;
      ctx.lineWidth = 3; ctx.strokeStyle = "#fff"; ctx.strokeText(text, x, y);
      ctx.fillStyle = TEXT_COLOR; ctx.fillText(text, x, y);
    }
  }
  function draw() {
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, W, H);
    edges(false, "#9a9a9a", anyFaded ? 0.03 : 0.35, Math.max(0.6 * k, 0.4));
    edges(true, "#4d4d4d", 0.9, Math.max(1.4 * k, 1));
    for (const pass of [0, 1, 2]) {  // faded below, then the rest, then lit and focus on top
      for (let i = 0; i < N; i++) {
        const level = i === focus || lit[i] ? 2 : faded[i] ? 0 : 1;
        if (level === pass) node(i);
      }
    }
    labels();
    snap.width = canvas.width; snap.height = canvas.height;
    snap.getContext("2d").drawImage(canvas, 0, 0);
    snapView = {k, tx, ty};
  }
  // While panning or zooming, the last full drawing is moved as a picture; the full one follows at rest.
  let pending = 0, idle = 0;
  function quick() {
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, W, H);
    const s = k / snapView.k;
    ctx.globalAlpha = 1;
    ctx.drawImage(snap, tx - snapView.tx * s, ty - snapView.ty * s, W * s, H * s);
  }
  function schedule(full) {
    if (!pending) pending = requestAnimationFrame(() => { pending = 0; if (snapView && !full) quick(); else draw(); });
    clearTimeout(idle);
    if (!full) idle = setTimeout(() => schedule(true), 160);
  }
  function animateTo(view) {
    const from = {k, tx, ty}, begin = performance.now(), span = 250;
    function step(now) {
      const f = Math.min(1, (now - begin) / span), e = f * (2 - f);
      k = from.k + (view.k - from.k) * e;
      tx = from.tx + (view.tx - from.tx) * e; ty = from.ty + (view.ty - from.ty) * e;
      if (f < 1) { quick(); requestAnimationFrame(step); } else draw();
    }
    requestAnimationFrame(step);
  }

  const byLabel = new Map();
  const list = document.getElementById("names");
  const frag = document.createDocumentFragment();
  for (const n of nodes) {
    const key = n.label + " (" + n.id + ")";
    byLabel.set(key, n); byLabel.set(n.label, byLabel.get(n.label) || n);
    const opt = document.createElement("option"); opt.value = key; frag.appendChild(opt);
  }
  list.appendChild(frag);
  const status = document.getElementById("status");
  function clear() { faded.fill(0); lit.fill(0); named.fill(0); near.fill(0); focus = -1; anyFaded = false; }
  function marked() {
    clear();
    if (!DATA.highlight) return;
    let hits = 0;
    for (let i = 0; i < N; i++) { if (nodes[i].mark) { lit[i] = 1; hits++; } else faded[i] = 1; }
    near.fill(0); anyFaded = true;
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
  function hood(i, steps) {
    const inside = new Set([i]);
    let ring = [i];
    for (let s = 0; s < steps; s++) {
      const next = [];
      for (const u of ring) {
        for (let p = start[u]; p < start[u + 1]; p++) {
          if (!inside.has(nbr[p])) { inside.add(nbr[p]); next.push(nbr[p]); }
        }
      }
      ring = next;
    }
    return inside;
  }
  function focusOn(id) {
    const i = index.get(id);
    if (i === undefined) { status.textContent = TEXTS.not_found; return; }
    const members = hood(i, parseInt(document.getElementById("steps").value, 10));
    clear();
    faded.fill(1); anyFaded = true;
    for (const u of members) {
      faded[u] = 0; lit[u] = 1;
      for (let p = start[u]; p < start[u + 1]; p++) if (members.has(nbr[p])) near[via[p]] = 1;
    }
    for (const u of members) if (members.size <= MAX_NAMED || nodes[u].top) named[u] = 1;
    lit[i] = 0; focus = i;
    animateTo(fitView(members, 40, FOCUS_ZOOM));
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
    ({k, tx, ty} = fitView(nodes.keys(), 20)); draw();
    document.getElementById("detail").style.display = "none"; status.textContent = "";
  });

  // Pointer: drag pans, wheel zooms around the pointer, a click (no drag) focuses the organization under it.
  function pick(px, py) {
    const mx = (px - tx) / k, my = (py - ty) / k;
    let best = -1, bestD = Infinity;
    for (let i = 0; i < N; i++) {
      const d = Math.hypot(mx - X[i], my - Y[i]), reach = Math.max(R[i], 4 / k);
      if (d <= reach && d < bestD) { best = i; bestD = d; }
    }
    return best;
  }
  let drag = null;
  canvas.addEventListener("pointerdown", (ev) => {
    drag = {x: ev.offsetX, y: ev.offsetY, tx, ty, moved: false}; canvas.setPointerCapture(ev.pointerId);
  });
  canvas.addEventListener("pointermove", (ev) => {
    if (!drag) return;
    const dx = ev.offsetX - drag.x, dy = ev.offsetY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    if (drag.moved) { tx = drag.tx + dx; ty = drag.ty + dy; schedule(false); }
  });
  canvas.addEventListener("pointerup", (ev) => {
    const was = drag; drag = null;
    if (was && !was.moved) { const i = pick(ev.offsetX, ev.offsetY); if (i >= 0) focusOn(nodes[i].id); }
  });
  canvas.addEventListener("wheel", (ev) => {
    ev.preventDefault();
    const zoom = Math.min(MAX_ZOOM, Math.max(MIN_ZOOM, k * Math.exp(-ev.deltaY * 0.0015)));
    tx = ev.offsetX - (ev.offsetX - tx) * zoom / k; ty = ev.offsetY - (ev.offsetY - ty) * zoom / k; k = zoom;
    schedule(false);
  }, {passive: false});
  let fitted = false;  // a view first laid out while hidden (zero size) is fitted again once it has a size
  new ResizeObserver(() => {
    resize();
    if (!W || !H) return;
    if (!fitted) { ({k, tx, ty} = fitView(nodes.keys(), 20)); fitted = true; }
    draw();
  }).observe(host);

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

  // What the browser tests read (the drawing itself is pixels on a canvas).
  window.graphView = {
    nodes: N, edges: M,
    label: (id) => (index.has(id) ? nodes[index.get(id)].label : null),
    idsWithLabel: (text) => nodes.filter(n => n.label === text).map(n => n.id),
    isFocus: (id) => index.get(id) === focus,
    lit: () => lit.reduce((a, b) => a + b, 0),
    faded: () => faded.reduce((a, b) => a + b, 0),
    neighbours: (id) => hood(index.get(id), 1).size - 1,
    tap: (id) => focusOn(id),
    zoom: () => k,
    // Where a node is drawn, in the page's coordinates, for a real click.
    point: (id) => {
      const box = canvas.getBoundingClientRect(), i = index.get(id);
      return [box.left + X[i] * k + tx, box.top + Y[i] * k + ty];
    },
    clickable: () => nodes.map(n => n.id).filter(id => {
      const box = canvas.getBoundingClientRect(), i = index.get(id);
      const x = box.left + X[i] * k + tx, y = box.top + Y[i] * k + ty;
      return document.elementFromPoint(x, y) === canvas && pick(x - box.left, y - box.top) === i;
    }),
  };
  resize();
  marked();
  ({k, tx, ty} = fitView(nodes.keys(), 20));
  fitted = W > 0 && H > 0;
  draw();
  requestAnimationFrame(() => {
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
