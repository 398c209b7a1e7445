"""Council core on hand-made and generated pools: quotas always hold, apportionment, lottery."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stakeholders.councils.compose import compose
from stakeholders.councils.infeasibility import CouncilInfeasible
from stakeholders.councils.lottery import draw, fair_lottery, uniform_share
from stakeholders.councils.params import CouncilParams, parse_seats
from stakeholders.councils.pool import build_pool
from stakeholders.councils.quotas import all_met, check_panel
from stakeholders.councils.sector_shares import largest_remainder
from stakeholders.councils.synthetic import synthetic_pool


def test_largest_remainder_hamilton_examples() -> None:
    # Classic Hamilton example: 4 states, populations 5/3/1.5 ... 10 seats.
    assert largest_remainder({"A": 5117, "B": 4400, "C": 162, "D": 321}, 100) == {"A": 51, "B": 44, "C": 2, "D": 3}
    assert largest_remainder({"A": 0.5, "B": 0.3, "C": 0.2}, 3) == {"A": 1, "B": 1, "C": 1}  # remainders .5 .9 .6
    assert largest_remainder({"A": 1, "B": 1, "C": 1}, 2) == {"A": 1, "B": 1, "C": 0}  # tie by key
    assert largest_remainder({"A": 0.6, "B": 0.4}, 0) == {"A": 0, "B": 0}
    # Alabama paradox exists for Hamilton: the method is reproduced faithfully.
    pops = {"A": 6, "B": 6, "C": 2}
    assert largest_remainder(pops, 10) == {"A": 4, "B": 4, "C": 2}
    assert largest_remainder(pops, 11) == {"A": 5, "B": 5, "C": 1}


@settings(max_examples=30, deadline=None)
@given(
    st.dictionaries(st.sampled_from(list("ABCDEFG")), st.floats(0.01, 100), min_size=1, max_size=7), st.integers(0, 30)
)
def test_largest_remainder_sums_and_quota_rule(shares: dict[str, float], seats: int) -> None:
    out = largest_remainder(shares, seats)
    assert sum(out.values()) == seats
    total = sum(shares.values())
    for k, v in shares.items():
        quota = seats * v / total
        assert np.floor(quota) - 1e-9 <= out[k] <= np.ceil(quota) + 1e-9


def test_parse_seats() -> None:
    assert parse_seats("3,3,3,2") == {"gobierno": 3, "empleadores": 3, "trabajadores": 3, "sociedad_civil": 2}
    assert parse_seats("G=2,E=4,T=4,I=1")["empleadores"] == 4
    with pytest.raises(ValueError, match="G,E,T,I"):
        parse_seats("3,3")


params_strategy = st.builds(
    lambda g, e, tt, i, parity, share, incl, carry, cover: CouncilParams(
        seats={"gobierno": g, "empleadores": e, "trabajadores": tt, "sociedad_civil": i},
        gender_rule="paridad" if parity else "maximo",
        max_share=share,
        inclusion_min=incl,
        max_carry_share=carry,
        previous_members=tuple(range(1, 30)),
        province_coverage=cover,
    ),
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(1, 3),
    st.integers(0, 2),
    st.booleans(),
    st.sampled_from([0.6, 0.7]),
    st.integers(0, 2),
    st.sampled_from([0.3, 0.5]),
    st.booleans(),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(40, 160), st.integers(0, 10_000), params_strategy, st.sampled_from(["optimizar", "sorteo"]))
def test_every_quota_holds_or_is_explained(n: int, seed: int, params: CouncilParams, mode: str) -> None:
    candidates = synthetic_pool(n, seed=seed, provinces=3, fatigue_rate=0.1)
    try:
        proposal = compose(candidates, params, mode=mode, seed=seed, region_cut="99")
    except CouncilInfeasible as exc:
        assert str(exc).startswith("No hay un consejo")
        assert exc.conflicts
        return
    assert len(proposal.members) == params.total_seats
    assert all(q.cumple for q in proposal.quotas), [q for q in proposal.quotas if not q.cumple]
    fatigued = set(candidates.loc[candidates["fatigada"], "id"])
    assert not fatigued & set(proposal.ids)
    pool = build_pool(candidates, params)
    # Province coverage: all provinces with candidates when seats allow and nothing else blocks it.
    covered = {p for p in proposal.members["provincia_cobertura"] if p}
    q = [x for x in proposal.quotas if x.familia == "provincias"]
    if q:
        assert len(covered) >= int(q[0].requerido.split()[-1])
    assert all_met(check_panel(pool, params, proposal.ids, int(q[0].requerido.split()[-1]) if q else 0))
    for alt in proposal.alternates.to_dict("records"):
        swapped = [alt["id"] if i == alt["titular_id"] else i for i in proposal.ids]
        assert all_met(check_panel(pool, params, swapped, int(q[0].requerido.split()[-1]) if q else 0))


def _hand_pool() -> pd.DataFrame:
    rows = []
    k = 0
    for sector, n in (("gobierno", 4), ("empleadores", 5), ("trabajadores", 5), ("sociedad_civil", 4)):
        for j in range(n):
            k += 1
            rows.append(
                {
                    "id": k,
                    "nombre": f"Org {k}",
                    "sector_tripartito": sector,
                    "tipo_actor": "organizacion_grupos_excluidos" if sector == "sociedad_civil" else "x",
                    "provincia_cut": "111" if j % 2 else "112",
                    "rubro": "AC"[j % 2] if sector in ("empleadores", "trabajadores") else None,
                    "grupos_representados": ["jovenes"] if sector == "sociedad_civil" else [],
                    "genero_representante": "FM"[j % 2],
                    "n_miembros": 10 * k,
                }
            )
    return pd.DataFrame(rows)


def test_overrides_and_parent_rule() -> None:
    pool = _hand_pool()
    pool.loc[pool["id"] == 6, "fatigada"] = True
    pool["padre_id"] = None
    pool.loc[pool["id"].isin([7, 9]), "padre_id"] = 5
    params = CouncilParams(
        must_include={1: "Secretaría técnica lo pidió"},
        must_exclude={18: "Conflicto de interés"},
        fatigue_override={6: "Única cámara del rubro A"},
        sector_shares={"A": 0.5, "C": 0.5},
        seats={"gobierno": 2, "empleadores": 2, "trabajadores": 2, "sociedad_civil": 1},
    )
    proposal = compose(pool, params, mode="optimizar", region_cut="99")
    assert 1 in proposal.ids and 18 not in proposal.ids
    assert all(q.cumple for q in proposal.quotas)
    assert sum(i in proposal.ids for i in (5, 7, 9)) <= 1
    reasons = proposal.members.set_index("id")["razones"][1]
    assert any("Secretaría técnica lo pidió" in r for r in reasons)


def test_same_seed_same_council_and_different_seeds_vary() -> None:
    cands = synthetic_pool(150, seed=5)
    a = compose(cands, CouncilParams(), mode="sorteo", seed=123, region_cut="99")
    b = compose(cands, CouncilParams(), mode="sorteo", seed=123, region_cut="99")
    assert a.ids == b.ids
    others = {tuple(compose(cands, CouncilParams(), mode="sorteo", seed=s, region_cut="99").ids) for s in range(4)}
    assert len(others) > 1
    best = compose(cands, CouncilParams(), mode="optimizar")
    assert best.ids == compose(cands, CouncilParams(), mode="optimizar").ids


def test_lottery_beats_greedy_and_frequencies_match() -> None:
    from stakeholders.councils.baseline import greedy_frequencies

    cands = synthetic_pool(120, seed=11)
    params = CouncilParams()
    pool = build_pool(cands, params)
    lottery = fair_lottery(pool, params)
    probs = lottery.probabilities().set_index("id")["probabilidad"]
    reachable = [i for i, p in probs.items() if p > 0]
    assert lottery.minimum <= uniform_share(pool, params) * len(pool.frame) / len(reachable) + 1e-9
    freq, done = greedy_frequencies(pool, params, 1500, seed=1)
    assert done > 1000
    assert lottery.minimum >= min(freq[i] for i in reachable) - 1e-9
    assert abs(sum(probs) - params.total_seats) < 1e-6
    # Empirical frequencies over 20,000 seeded draws match the stated probabilities.
    draws = 20_000
    counts = pd.Series(0, index=probs.index, dtype=float)
    for seed in range(draws):
        ids, _ = draw(lottery, seed)
        counts[ids] += 1
    freq_emp = counts / draws
    se = np.sqrt(probs * (1 - probs) / draws)
    assert ((freq_emp - probs).abs() <= 5 * se + 1e-3).all()


def test_infeasible_request_names_the_conflict_with_counts() -> None:
    cands = _hand_pool()
    cands.loc[(cands["sector_tripartito"] == "trabajadores"), "provincia_cut"] = "111"
    params = CouncilParams(sector_province_cover=("trabajadores",), sector_shares={"A": 1})
    with pytest.raises(CouncilInfeasible) as info:
        compose(cands, params, mode="optimizar", region_cut="11",
                region_provinces={"111": "Coyhaique", "112": "Capitán Prat"})
    text = str(info.value)
    assert (
        "Se piden 3 asientos de trabajadores con al menos uno por provincia, pero la provincia de Capitán Prat "
        "no tiene organizaciones de trabajadores elegibles"
    ) in text
    assert "Relajación mínima sugerida" in text
    with pytest.raises(CouncilInfeasible, match="Se piden 9 asientos de gobierno, pero solo hay 4 organizaciones"):
        compose(cands, CouncilParams(seats={"gobierno": 9, "empleadores": 1, "trabajadores": 1, "sociedad_civil": 0}))


def test_gender_conflict_offers_smallest_relaxation() -> None:
    cands = _hand_pool()
    cands["genero_representante"] = "M"
    cands.loc[cands["id"].isin([1, 2]), "genero_representante"] = "F"
    with pytest.raises(CouncilInfeasible) as info:
        compose(cands, CouncilParams(inclusion_min=0))
    assert "regla de género" in str(info.value)
    assert "permitir hasta 9 de 11 asientos de un mismo sexo" in str(info.value)


def test_override_without_reason_is_refused() -> None:
    with pytest.raises(ValueError, match="motivo"):
        compose(_hand_pool(), CouncilParams(must_include={1: "  "}))
