"""Benchmark stage "consejo": Optimizar and Sorteo on a 5,000-candidate region and on the sample.

Also reports the lottery's smallest selection probability next to the uniform share
(seats ÷ eligible, an upper bound for any minimum) and next to greedy random selection
(10,000 panels, smallest empirical frequency among candidates that can sit on a valid council).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from stakeholders.bench import BenchContext, Metric, stage, timer

GREEDY_RUNS = 10_000


def _synthetic(ctx: BenchContext) -> list[Metric]:
    from stakeholders.councils.baseline import greedy_frequencies
    from stakeholders.councils.compose import compose
    from stakeholders.councils.lottery import fair_lottery, uniform_share
    from stakeholders.councils.params import CouncilParams
    from stakeholders.councils.pool import build_pool
    from stakeholders.councils.synthetic import synthetic_pool

    candidates = synthetic_pool(5_000, seed=ctx.seed)
    params = CouncilParams()
    with timer() as opt:
        compose(candidates, params, "optimizar", region_cut="99")
    with timer() as lot_t:
        compose(candidates, params, "sorteo", seed=ctx.seed, region_cut="99")
    pool = build_pool(candidates, params)
    lottery = fair_lottery(pool, params)
    probs = lottery.probabilities().set_index("id")["probabilidad"]
    reachable = [int(i) for i, p in probs.items() if p > 0]
    with timer() as greedy_t:
        freq, done = greedy_frequencies(pool, params, GREEDY_RUNS, seed=ctx.seed)
    greedy_min = min(freq[i] for i in reachable) if reachable else 0.0
    s = "consejo"
    return [
        Metric(s, "optimizar_5000_s", opt["s"], "s", "≤ 2", opt["s"] <= 2.0),
        Metric(s, "sorteo_5000_s", lot_t["s"], "s", "≤ 60", lot_t["s"] <= 60.0),
        Metric(s, "elegibles_5000", len(pool.frame), "orgs"),
        Metric(s, "pueden_integrar_5000", len(reachable), "orgs"),
        Metric(s, "sorteo_min_prob_lp", lottery.maximin_lp, "prob"),
        Metric(s, "sorteo_min_prob_redondeada", lottery.minimum, "prob"),
        Metric(s, "sorteo_paneles_m", lottery.m, "paneles"),
        Metric(s, "uniforme_asientos_sobre_elegibles", uniform_share(pool, params), "prob"),
        Metric(s, "uniforme_asientos_sobre_posibles", params.total_seats / max(len(reachable), 1), "prob"),
        Metric(s, "greedy_min_prob_empirica", greedy_min, "prob", f"{done} paneles"),
        Metric(s, "greedy_ceros", sum(1 for i in reachable if freq[i] == 0), "orgs"),
        Metric(s, "greedy_10000_s", greedy_t["s"], "s"),
        Metric(s, "sorteo_vs_greedy", lottery.minimum / greedy_min if greedy_min else float("inf"), "x", "≥ 1",
               lottery.minimum >= greedy_min),
    ]


def _sample(ctx: BenchContext) -> list[Metric]:
    from stakeholders.councils.compose import compose
    from stakeholders.councils.eligibility import candidates_from_frames, current_council, load_frames
    from stakeholders.councils.infeasibility import CouncilInfeasible
    from stakeholders.councils.params import CouncilParams
    from stakeholders.councils.territory import province_names, region_order
    from stakeholders.db import make_engine
    from stakeholders.sample import ensure_sample

    folder = Path(tempfile.mkdtemp(prefix="bench-consejo-", dir=ctx.workdir if ctx.workdir.exists() else None))
    engine = make_engine(f"sqlite:///{folder / 'muestra.sqlite'}")
    ensure_sample(engine)
    frames = load_frames(engine)
    ok = infeasible = 0
    worst_opt = worst_lot = 0.0
    min_probs = []
    with timer() as total:
        for region in region_order():
            cands = candidates_from_frames(frames, region)
            current = current_council(frames.memberships, region)
            params = CouncilParams(previous_members=tuple(int(i) for i in current["organizacion_id"]))
            try:
                with timer() as o:
                    compose(cands, params, "optimizar", region_cut=region, region_provinces=province_names(region))
                with timer() as lt:
                    prop = compose(cands, params, "sorteo", seed=ctx.seed, region_cut=region,
                                   region_provinces=province_names(region))
                ok += 1
                worst_opt, worst_lot = max(worst_opt, o["s"]), max(worst_lot, lt["s"])
                min_probs.append(prop.lottery["minimo_redondeado"])
            except CouncilInfeasible:
                infeasible += 1
    engine.dispose()
    s = "consejo"
    return [
        Metric(s, "muestra_regiones_ok", ok, "regiones", "16", ok == 16),
        Metric(s, "muestra_regiones_infactibles", infeasible, "regiones"),
        Metric(s, "muestra_optimizar_max_s", worst_opt, "s", "≤ 2", worst_opt <= 2.0),
        Metric(s, "muestra_sorteo_max_s", worst_lot, "s", "≤ 60", worst_lot <= 60.0),
        Metric(s, "muestra_min_prob_sorteo_peor_region", min(min_probs) if min_probs else 0.0, "prob"),
        Metric(s, "muestra_16_regiones_total_s", total["s"], "s"),
    ]


@stage("consejo", order=50)
def bench_councils(ctx: BenchContext) -> list[Metric]:
    metrics = _synthetic(ctx)
    try:
        metrics += _sample(ctx)
    except Exception as exc:  # noqa: BLE001 - the sample may be unavailable; keep the synthetic numbers
        metrics.append(Metric("consejo", f"muestra_no_disponible: {type(exc).__name__}", 0, "", None, False))
    return metrics
