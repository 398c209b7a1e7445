"""Benchmark stage "seleccion": the generic fair lottery, maximin and leximin, on generated pools.

Pools of 300, 750, 2,000 and 5,000 candidates with 4–8 categories (``selection.synthetic``: a
volunteer-propensity skew, quotas around population shares). Per pool and method: time, the
smallest probability of the LP and after rounding (with the one-ticket bound, and the loss in
tickets ``(LP − rounded)·m``, promised under 1), the fractional
relaxation's bound (how far from proven optimal a stopped run is), rounds, leximin levels and
the rounding time, and for leximin its gap (the largest shortfall of any type below the fractional
leximin, an upper bound; accepted up to 0.0005 above 300 types); wall and CPU seconds (the
machine's load average is printed first: on a shared machine the CPU time is the fairer figure).
Every run stops at its time limit. Goals from issue 15: rounding ≤ 1 s on 300–750 × 4; leximin on 2,000 × 8
≤ 60 s. Peers in the same run: leximin ÷ maximin time, and the minimum ÷ the uniform share k/n.
"""

from __future__ import annotations

import os
import time

from bench import BenchContext, Metric, stage, timer

STAGE = "seleccion"
# (candidates, categories, panel size, time limit per run in seconds)
CASES = ((300, 4, 30, 120.0), (750, 4, 50, 120.0), (2000, 8, 100, 120.0), (5000, 4, 150, 120.0),
         (5000, 8, 150, 120.0))


def _case(n: int, c: int, k: int, limit: float, seed: int) -> list[Metric]:
    from stakeholders.selection.engine import LEXIMIN_GAP, lottery, relaxation_bound
    from stakeholders.selection.program import program_from_categories
    from stakeholders.selection.synthetic import synthetic_request

    quotas, pool = synthetic_request(n, c, k, seed=seed)
    name = f"{n}x{c}"
    prog = program_from_categories(quotas, pool, k)
    active = prog.units["capacidad"].to_numpy() > 0
    bound = relaxation_bound(prog, active, prog.units["ids"].map(len).to_numpy(float))
    out = [Metric(STAGE, f"{name}_tipos", len(prog.units), "tipos", f"k={k}"),
           Metric(STAGE, f"{name}_cota_relajacion", bound, "prob")]
    seconds: dict[str, float] = {}
    for method in ("maximin", "leximin"):
        cpu = time.process_time()
        with timer() as clock:
            lot = lottery(program_from_categories(quotas, pool, k), 1000, method, time_limit=limit)
        cpu = time.process_time() - cpu
        seconds[method] = clock["s"]
        rounding = lot.timings.get("redondeo", 0.0)
        within = lot.minimum >= lot.maximin_lp - 1.0 / lot.m - 1e-12
        goal = "≤ 60" if (n, c, method) == (2000, 8, "leximin") else None
        out += [
            Metric(STAGE, f"{name}_{method}_s", clock["s"], "s", goal, clock["s"] <= 60 if goal else None),
            Metric(STAGE, f"{name}_{method}_cpu_s", cpu, "s", "CPU de este proceso (la máquina puede estar cargada)"),
            Metric(STAGE, f"{name}_{method}_min_lp", lot.maximin_lp, "prob",
                   f"cota {bound:.5f}", lot.maximin_lp >= bound - 1e-6),
            Metric(STAGE, f"{name}_{method}_min_redondeada", lot.minimum, "prob", "≥ LP − 1/m", within),
            Metric(STAGE, f"{name}_{method}_perdida_boletos", (lot.maximin_lp - lot.minimum) * lot.m, "boletos",
                   f"m={lot.m}; promesa < 1", within),
            Metric(STAGE, f"{name}_{method}_min_sobre_uniforme", lot.minimum / (k / n), "x"),
            Metric(STAGE, f"{name}_{method}_rondas", lot.iterations, "rondas"),
            Metric(STAGE, f"{name}_{method}_niveles", lot.stages, "niveles"),
            Metric(STAGE, f"{name}_{method}_redondeo_s", rounding, "s", "≤ 1" if n <= 750 else None,
                   rounding <= 1.0 if n <= 750 else None),
        ]
        if method == "leximin":
            out.append(Metric(STAGE, f"{name}_leximin_brecha", lot.leximin_gap, "prob",
                              f"≤ {LEXIMIN_GAP} bajo la cota fraccionaria", lot.leximin_gap <= LEXIMIN_GAP))
    out.append(Metric(STAGE, f"{name}_leximin_sobre_maximin_tiempo", seconds["leximin"] / seconds["maximin"], "x"))
    return out


@stage(STAGE, order=55)
def bench_selection(ctx: BenchContext) -> list[Metric]:
    """Every case up to ``--orgs`` candidates (``--orgs 1000`` while developing: the 300 and 750 pools)."""
    metrics = [Metric(STAGE, "carga_media_1min", os.getloadavg()[0], "procesos", "2 núcleos")]
    for n, c, k, limit in CASES:
        if n <= ctx.orgs:
            metrics += _case(n, c, k, limit, ctx.seed)
    return metrics
