"""Benchmark stage "comparar": the Comparar page with all 16 regions, on the bundled sample.

First load (all indicators of the 16 regions, computed once and cached by the page) is reported;
the goal is for what follows: choosing another indicator rebuilds the map, the sorted table, the
ranking and the sentences in Python and repaints the 16 regions in Chromium: ≤ 2 s. The national
count map of the Mapa page (:func:`mapping.national.national_map`) is built in the same run as a
peer and the ratio printed. Maps are served like the app serves them, every non-local request aborted.
"""

from __future__ import annotations

import json
import statistics
import time
from datetime import date
from pathlib import Path

import pandas as pd

from bench import BenchContext, Metric, stage, timer
from bench.mapa import CHROMIUM, measure_ready, static_pages_in_chromium

INDICATORS = ("org_por_100k_hab", "indice_equilibrio", "cob_trabajadores", "pct_convocatorias_top10",
              "grupos_sin_organizacion")
READY = "n => document.querySelectorAll('path.leaflet-interactive').length >= n"


def _comparison(workdir: Path):
    import geodata
    from stakeholders.comparison.population import census_2017
    from stakeholders.comparison.table import compare_regions, load_inputs
    from stakeholders.councils.territory import province_names
    from stakeholders.db import make_engine
    from stakeholders.sample import ensure_sample

    workdir.mkdir(parents=True, exist_ok=True)
    engine = make_engine(f"sqlite:///{workdir / 'comparar_bench.sqlite'}")
    ensure_sample(engine)
    regions = pd.DataFrame(geodata.regions().drop(columns="geometry"))
    communes = pd.DataFrame(geodata.communes().drop(columns="geometry"))
    provinces = {code: province_names(code) for code in regions["region_cut"]}
    with timer() as clock:
        comp = compare_regions(load_inputs(engine), regions, communes, census_2017(), date.today(), provinces)
    return comp, clock["s"]


def _switch(comp, key: str, geojson: dict, bounds) -> tuple[str, float]:
    """What the page redoes when the user picks another indicator: map HTML, table, ranking, sentences."""
    from mapping.comparison import indicator_map
    from stakeholders.comparison.definitions import format_value, label
    from stakeholders.comparison.view import display_table, far_sentences, flags, ranking

    labels = {k: k for k in ("hasta", "desde", "sin_dato", "lejos", "arriba", "abajo")}
    with timer() as clock:
        m = indicator_map(comp.regions[key].astype(float), geojson, bounds, level="regiones", title=label(key),
                          fmt=lambda v: format_value(key, v), labels=labels, flags=flags(comp, key))
        html = m.get_root().render()
        display_table(comp, key), ranking(comp, key), far_sentences(comp, key)
    return html, clock["s"]


def _paint(workdir: Path, pages: dict[str, str]) -> tuple[dict[str, float], list[str]]:
    blocked: list[str] = []
    seconds: dict[str, float] = {}
    with static_pages_in_chromium(workdir, "comparar_bench", pages, blocked) as (base, page):
        for name in pages:
            seconds[name] = measure_ready(page, f"{base}/comparar_bench/{name}.html", READY, 16)
    return seconds, blocked


@stage("comparar", order=35)
def bench_comparar(ctx: BenchContext) -> list[Metric]:
    import geodata
    from mapping.national import national_map
    from stakeholders.indicators import counts_by

    start = time.perf_counter()
    comp, first = _comparison(ctx.workdir)
    metrics = [Metric("comparar", "primera carga: indicadores de 16 regiones (muestra, luego en caché)", first, "s")]
    geojson = json.loads(geodata.web_geojson("regiones"))
    bounds = geodata.national_bounds()
    pages, python_s = {}, {}
    for key in INDICATORS:
        pages[key], python_s[key] = _switch(comp, key, geojson, bounds)
    peer = []
    counts = counts_by(comp.orgs, "region", list(comp.regions.index))
    for _ in range(len(INDICATORS)):
        with timer() as clock:
            national_map(counts, geojson, bounds).get_root().render()
        peer.append(clock["s"])
    ours = statistics.median(python_s.values())
    metrics += [
        Metric("comparar", "cambio de indicador: mapa + tabla + ranking (Python, mediana)", ours, "s"),
        Metric("comparar", "par: mapa nacional de conteos de la página Mapa (Python, mediana)",
               statistics.median(peer), "s"),
        Metric("comparar", "razón comparar / mapa nacional (Python)", ours / max(statistics.median(peer), 1e-9), "x"),
    ]
    if Path(CHROMIUM).exists():
        paint, blocked = _paint(ctx.workdir, pages)
        totals = [paint[k] + python_s[k] for k in INDICATORS]
        total = statistics.median(totals)
        metrics += [
            Metric("comparar", "cambio de indicador: 16 regiones pintadas en Chromium (mediana)",
                   statistics.median(paint.values()), "s"),
            Metric("comparar", "cambio de indicador: total Python + Chromium (mediana)", total, "s", "≤ 2 s",
                   total <= 2),
            Metric("comparar", "cambio de indicador: total Python + Chromium (peor)", max(totals), "s", "≤ 2 s",
                   max(totals) <= 2),
            Metric("comparar", "peticiones fuera de localhost", len(blocked), "n", "0", not blocked),
        ]
    else:
        print(f"comparar: Chromium no está en {CHROMIUM}; se omiten las medidas en el navegador.", flush=True)
    metrics.append(Metric("comparar", "duración de la etapa", time.perf_counter() - start, "s"))
    return metrics
