"""Benchmark stage "consejo": Optimizar and Sorteo on a 5,000-candidate region and on the sample.

Also reports the lottery's smallest selection probability next to the uniform share
(seats ÷ eligible, an upper bound for any minimum) and next to greedy random selection
(10,000 panels, smallest empirical frequency among candidates that can sit on a valid council).
Each proposal's wall time is split by phase (``Proposal.timings``) so a regression shows where.
On the sample, every region is reported in both modes: time, eligible organizations and the
lottery's minimum probability, or, when a region's request is impossible, the Spanish
explanation of the conflict.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import BenchContext, Metric, stage, timer

GREEDY_RUNS = 10_000
STAGE = "consejo"


def _phases(prefix: str, timings: dict[str, float]) -> list[Metric]:
    return [Metric(STAGE, f"{prefix}_fase_{name}_s", value, "s") for name, value in timings.items()]


def _synthetic(ctx: BenchContext) -> list[Metric]:
    from stakeholders.councils.baseline import greedy_frequencies
    from stakeholders.councils.compose import compose
    from stakeholders.councils.params import CouncilParams
    from stakeholders.councils.pool import build_pool
    from stakeholders.councils.synthetic import synthetic_pool

    candidates = synthetic_pool(5_000, seed=ctx.seed)
    params = CouncilParams()
    with timer() as opt:
        best = compose(candidates, params, mode="optimizar", region_cut="99")
    with timer() as lot_t:
        lot = compose(candidates, params, mode="sorteo", seed=ctx.seed, region_cut="99")
    pool = build_pool(candidates, params)
    probs = lot.probabilities.set_index("id")["probabilidad"]
    reachable = [int(i) for i, p in probs.items() if p > 0]
    with timer() as greedy_t:
        freq, done = greedy_frequencies(pool, params, GREEDY_RUNS, seed=ctx.seed)
    greedy_min = min(freq[i] for i in reachable) if reachable else 0.0
    info = lot.lottery
    return [
        Metric(STAGE, "optimizar_5000_s", opt["s"], "s", "≤ 2", opt["s"] <= 2.0),
        *_phases("optimizar_5000", best.timings),
        Metric(STAGE, "sorteo_5000_s", lot_t["s"], "s", "≤ 60", lot_t["s"] <= 60.0),
        *_phases("sorteo_5000", lot.timings),
        Metric(STAGE, "sorteo_iteraciones_5000", info["iteraciones"], "rondas"),
        Metric(STAGE, "elegibles_5000", len(pool.frame), "orgs"),
        Metric(STAGE, "pueden_integrar_5000", len(reachable), "orgs"),
        Metric(STAGE, "sorteo_min_prob_lp", info["maximin_lp"], "prob"),
        Metric(STAGE, "sorteo_min_prob_redondeada", info["minimo_redondeado"], "prob"),
        Metric(STAGE, "sorteo_paneles_m", info["paneles"], "paneles"),
        Metric(STAGE, "uniforme_asientos_sobre_elegibles", info["proporcion_uniforme"], "prob"),
        Metric(STAGE, "uniforme_asientos_sobre_posibles", params.total_seats / max(len(reachable), 1), "prob"),
        Metric(STAGE, "greedy_min_prob_empirica", greedy_min, "prob", f"{done} paneles"),
        Metric(STAGE, "greedy_ceros", sum(1 for i in reachable if freq[i] == 0), "orgs"),
        Metric(STAGE, "greedy_10000_s", greedy_t["s"], "s"),
        Metric(STAGE, "sorteo_vs_greedy", info["minimo_redondeado"] / greedy_min if greedy_min else float("inf"), "x",
               "≥ 1", info["minimo_redondeado"] >= greedy_min),
    ]


def _region(region: str, cands, params, seed: int) -> tuple[list[Metric], dict[str, float], float | None]:
    """Both modes on one region: per-mode time and result, or the Spanish explanation."""
    from stakeholders.councils.compose import compose
    from stakeholders.councils.infeasibility import CouncilInfeasible
    from stakeholders.councils.territory import province_names

    out = [Metric(STAGE, f"muestra_{region}_candidatos", len(cands), "orgs")]
    times: dict[str, float] = {}
    min_prob = None
    for mode in ("optimizar", "sorteo"):
        target = 2.0 if mode == "optimizar" else 60.0
        try:
            with timer() as clock:
                prop = compose(cands, params, mode=mode, seed=seed, region_cut=region,
                               region_provinces=province_names(region))
        except CouncilInfeasible as exc:
            times[mode] = clock["s"]
            why = " ".join(str(exc).split())
            out.append(Metric(STAGE, f"muestra_{region}_{mode}_infactible: {why}", clock["s"], "s", "factible", False))
            continue
        times[mode] = clock["s"]
        out.append(Metric(STAGE, f"muestra_{region}_{mode}_s", clock["s"], "s", f"≤ {target:g}", clock["s"] <= target))
        if mode == "sorteo":
            min_prob = float(prop.lottery["minimo_redondeado"])
            out.append(Metric(STAGE, f"muestra_{region}_sorteo_min_prob", min_prob, "prob",
                              f"uniforme {prop.lottery['proporcion_uniforme']:.4f}"))
    return out, times, min_prob


def _sample(ctx: BenchContext) -> list[Metric]:
    from stakeholders.councils.eligibility import candidates_from_frames, current_council, load_frames
    from stakeholders.councils.params import CouncilParams
    from stakeholders.councils.territory import region_order
    from stakeholders.db import make_engine
    from stakeholders.sample import ensure_sample

    folder = Path(tempfile.mkdtemp(prefix="bench-consejo-", dir=ctx.workdir if ctx.workdir.exists() else None))
    engine = make_engine(f"sqlite:///{folder / 'muestra.sqlite'}")
    ensure_sample(engine)
    frames = load_frames(engine)
    engine.dispose()
    rows: list[Metric] = []
    feasible = {"optimizar": 0, "sorteo": 0}
    worst = {"optimizar": 0.0, "sorteo": 0.0}
    min_probs = []
    regions = region_order()
    with timer() as total:
        for region in regions:
            cands = candidates_from_frames(frames, region)
            current = current_council(frames.memberships, region)
            params = CouncilParams(previous_members=tuple(int(i) for i in current["organizacion_id"]))
            metrics, times, min_prob = _region(region, cands, params, ctx.seed)
            rows += metrics
            for mode, seconds in times.items():
                worst[mode] = max(worst[mode], seconds)
                feasible[mode] += not any(m.name.startswith(f"muestra_{region}_{mode}_infactible") for m in metrics)
            if min_prob is not None:
                min_probs.append(min_prob)
    n = len(regions)
    return [
        Metric(STAGE, "muestra_regiones", n, "regiones", "16", n == 16),
        Metric(STAGE, "muestra_regiones_factibles_optimizar", feasible["optimizar"], "regiones", str(n),
               feasible["optimizar"] == n),
        Metric(STAGE, "muestra_regiones_factibles_sorteo", feasible["sorteo"], "regiones", str(n),
               feasible["sorteo"] == n),
        Metric(STAGE, "muestra_optimizar_max_s", worst["optimizar"], "s", "≤ 2", worst["optimizar"] <= 2.0),
        Metric(STAGE, "muestra_sorteo_max_s", worst["sorteo"], "s", "≤ 60", worst["sorteo"] <= 60.0),
        Metric(STAGE, "muestra_min_prob_sorteo_peor_region", min(min_probs) if min_probs else 0.0, "prob"),
        Metric(STAGE, "muestra_16_regiones_total_s", total["s"], "s"),
        *rows,
    ]


@stage("consejo", order=50)
def bench_councils(ctx: BenchContext) -> list[Metric]:
    metrics = _synthetic(ctx)
    try:
        metrics += _sample(ctx)
    except Exception as exc:  # noqa: BLE001 - the sample may be unavailable; keep the synthetic numbers
        metrics.append(Metric(STAGE, f"muestra_no_disponible: {type(exc).__name__}: {exc}", 0, "", None, False))
    return metrics
