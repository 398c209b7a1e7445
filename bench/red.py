"""Benchmark stage "red": graph, metrics and participation load on the sample and at scale.

The sample is the shipped one (read from its CSV files, no database); the synthetic registry has
``ctx.orgs`` organizations with affiliations to hubs, random alliances and participation spaces
of a dozen members meeting six times a year.
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from bench import BenchContext, Metric, stage, timer
from i18n import t
from stakeholders import network
from stakeholders.vocab import SECTORS

STAGE = "red"
SAMPLE_AS_OF = date(2026, 10, 31)


def _measure(prefix: str, orgs: pd.DataFrame, relationships: pd.DataFrame, memberships: pd.DataFrame,
             attendance: pd.DataFrame, as_of: date, target: str | None = None, limit: float | None = None,
             ) -> list[Metric]:
    with timer() as t_graph:
        graph = network.build_graph(orgs, relationships, memberships, attendance)
    with timer() as t_metrics:
        network.node_metrics(graph)
    with timer() as t_load:
        network.participation_load(attendance, memberships, as_of)
    ok = None if limit is None else t_metrics["s"] <= limit
    return [
        Metric(STAGE, t(f"red.bench.{prefix}_nodos"), graph.number_of_nodes(), "nodos"),
        Metric(STAGE, t(f"red.bench.{prefix}_vinculos"), graph.number_of_edges(), "aristas"),
        Metric(STAGE, t(f"red.bench.{prefix}_grafo"), t_graph["s"], "s"),
        Metric(STAGE, t(f"red.bench.{prefix}_metricas"), t_metrics["s"], "s", target, ok),
        Metric(STAGE, t(f"red.bench.{prefix}_fatiga"), t_load["s"], "s"),
    ]


def sample_frames() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    from stakeholders.sample import read_sample_files

    data = read_sample_files()
    events = data.events.rename(columns={"id": "evento_id"})[["evento_id", "espacio_id", "fecha"]]
    attendance = data.attendance.merge(events, on="evento_id")
    return data.organizations, data.relationships, data.memberships, attendance


def synthetic_frames(n: int, seed: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """A registry-shaped random network of ``n`` organizations (hubs, alliances, spaces)."""
    rng = np.random.default_rng(seed)
    ids = np.arange(1, n + 1)
    orgs = pd.DataFrame({"id": ids, "nombre": [f"Organización {i}" for i in ids],
                         "sector_tripartito": rng.choice(list(SECTORS), size=n), "tipo_actor": "ong",
                         "region_cut": rng.choice([f"{r:02d}" for r in range(1, 17)], size=n)})
    hubs = max(1, n // 50)
    members = ids[rng.random(n) < 0.6]
    aff = pd.DataFrame({"origen_id": members, "destino_id": rng.integers(1, hubs + 1, size=len(members)),
                        "tipo": "afiliacion"})
    ally = pd.DataFrame({"origen_id": rng.integers(1, n + 1, size=int(0.8 * n)),
                         "destino_id": rng.integers(1, n + 1, size=int(0.8 * n)), "tipo": "alianza"})
    relationships = pd.concat([aff, ally], ignore_index=True).assign(peso=1.0, activo=True)
    spaces = max(1, n // 100)
    memberships = pd.DataFrame({"espacio_id": np.repeat(np.arange(1, spaces + 1), 12),
                                "organizacion_id": rng.integers(1, n + 1, size=12 * spaces), "rol": "integrante",
                                "desde": date(2025, 1, 1), "hasta": None})
    events = pd.DataFrame({"evento_id": np.arange(1, 6 * spaces + 1),
                           "espacio_id": np.repeat(np.arange(1, spaces + 1), 6)})
    events["fecha"] = [date(2026, 1 + 2 * (i % 6), 15) for i in range(len(events))]
    attendance = memberships.merge(events, on="espacio_id")
    attendance = attendance[rng.random(len(attendance)) < 0.7][["organizacion_id", "evento_id", "espacio_id", "fecha"]]
    return orgs, relationships, memberships, attendance


@stage(STAGE, order=40)
def bench_red(ctx: BenchContext) -> list[Metric]:
    metrics = _measure("muestra", *sample_frames(), as_of=SAMPLE_AS_OF, target="≤ 10 s", limit=10.0)
    print(f"red: red sintética de {ctx.orgs:,} organizaciones…", flush=True)
    metrics += _measure("sintetico", *synthetic_frames(ctx.orgs, ctx.seed), as_of=date(2026, 12, 31))
    return metrics
