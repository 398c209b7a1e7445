"""Rules a planner must defend: transversal organizations, national bodies, probability 0 with a
reason, infeasibility messages in correct Spanish with the smallest change first, Spanish tables."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from stakeholders.councils.compose import compose
from stakeholders.councils.infeasibility import CouncilInfeasible
from stakeholders.councils.labels import member_view, probability_view, quota_view
from stakeholders.councils.params import CouncilParams
from stakeholders.councils.territory import place_names

SHARES = {"A": 0.5, "C": 0.5}  # 3 employer seats → A 2, C 1 (largest remainder, tie by key)
SEATS = {"gobierno": 2, "empleadores": 3, "trabajadores": 3, "sociedad_civil": 1}


def _pool() -> pd.DataFrame:
    """Biobío-shaped hand pool: provinces 081/082, employers and workers of rubros A and C."""
    rows = []
    k = 0
    for sector, n in (("gobierno", 4), ("empleadores", 6), ("trabajadores", 6), ("sociedad_civil", 3)):
        for j in range(n):
            k += 1
            rows.append({
                "id": k, "nombre": f"Org {k}", "sector_tripartito": sector,
                "tipo_actor": "organizacion_grupos_excluidos" if sector == "sociedad_civil" else "x",
                "provincia_cut": "081" if j % 2 else "082", "comuna_cut": "08101" if j % 2 else "08201",
                "rubro": "AC"[j % 2] if sector in ("empleadores", "trabajadores") else None,
                "grupos_representados": ["jovenes"] if sector == "sociedad_civil" else [],
                "genero_representante": "FM"[j % 2], "n_miembros": 10 + k,
            })
    return pd.DataFrame(rows)


def _with(frame: pd.DataFrame, **row: object) -> pd.DataFrame:
    base = {"tipo_actor": "x", "grupos_representados": [], "genero_representante": "F", "n_miembros": 1,
            "provincia_cut": "081", "comuna_cut": "08101", "rubro": None}
    return pd.concat([frame, pd.DataFrame([{**base, **row}])], ignore_index=True)


def test_a_transversal_organization_can_take_a_rubro_seat() -> None:
    # A provincial CUT chapter: workers, no rubro, the largest organization (best score).
    cands = _with(_pool(), id=90, nombre="CUT Provincial Concepción", sector_tripartito="trabajadores", n_miembros=9000)
    params = CouncilParams(seats=SEATS, sector_shares=SHARES)
    best = compose(cands, params, mode="optimizar")
    assert 90 in best.ids
    workers = best.members[best.members["asiento"] == "trabajadores"]
    assert len(workers) == 3
    assert (workers["rubro"] == "A").sum() <= 2 and (workers["rubro"] == "C").sum() <= 1
    assert all(q.cumple for q in best.quotas)
    lottery = compose(cands, params, mode="sorteo", seed=3)
    chance = lottery.probabilities.set_index("id")["probabilidad"]
    assert chance[90] > 0  # before: 0, its rubro-less seat never existed


def test_an_organization_whose_rubro_has_no_seat_is_listed_last_with_the_reason() -> None:
    cands = _with(_pool(), id=91, nombre="Transportes Biobío", sector_tripartito="empleadores", rubro="H")
    proposal = compose(cands, CouncilParams(seats=SEATS, sector_shares=SHARES), mode="sorteo", seed=3)
    probs = proposal.probabilities
    row = probs.set_index("id").loc[91]
    assert row["probabilidad"] == 0
    assert row["motivo"].startswith("Su rubro, H (Transporte y almacenamiento), no tiene asientos de empleadores")
    assert "rubros A y C" in row["motivo"]
    positive = probs["probabilidad"] > 0
    assert positive.iloc[: positive.sum()].all(), "every organization with a chance comes before the zeros"
    assert probs.loc[~positive, "motivo"].map(bool).all(), "every zero has its reason"
    view = probability_view(proposal)
    why = "Por qué no puede integrar un consejo válido"
    assert list(view.columns) == ["Organización", "Asiento", "Probabilidad", why]
    assert view.iloc[-1][why] != ""


def test_a_national_body_seated_elsewhere_is_not_a_candidate() -> None:
    cands = _pool().assign(provincia_cobertura=lambda f: f["provincia_cut"])
    cands = _with(cands, id=92, nombre="Instituto Nacional de la Juventud (INJUV)", sector_tripartito="gobierno",
                  provincia_cut="131", comuna_cut="13101", provincia_cobertura=None, n_miembros=10_000)
    for mode in ("optimizar", "sorteo"):
        proposal = compose(cands, CouncilParams(seats=SEATS, sector_shares=SHARES), mode=mode, seed=3)
        assert 92 not in proposal.ids
        reason = proposal.excluded.set_index("id").loc[92, "motivo"]
        assert reason.startswith("Organismo nacional con sede fuera de la región")
    assert proposal.probabilities.set_index("id").loc[92, "probabilidad"] == 0


def test_infeasible_message_is_correct_spanish_and_offers_one_more_seat_first() -> None:
    params = CouncilParams(seats={**SEATS, "gobierno": 1}, sector_shares=SHARES,
                           must_include={1: "mesa", 2: "mesa"})
    with pytest.raises(CouncilInfeasible) as info:
        compose(_pool(), params, mode="optimizar")
    text = str(info.value)
    assert "obliga a incluir 2 organizaciones de gobierno, pero el sector tiene 1 asiento." in text
    assert "1 asientos" not in text and "asiento(s)" not in text
    for line in text.splitlines():
        assert line.endswith("."), line
    assert info.value.relaxations[0].startswith("agregar 1 asiento de gobierno (quedan 2)")
    assert any("quitar las inclusiones obligatorias" in r for r in info.value.relaxations[1:])


def test_tables_show_spanish_labels_and_names_not_codes() -> None:
    proposal = compose(_pool(), CouncilParams(seats=SEATS, sector_shares=SHARES), mode="optimizar")
    view = member_view(proposal, place_names())
    assert list(view.columns)[:4] == ["Integrante", "Asiento", "Provincia", "Comuna"]
    assert not {"sector_tripartito", "genero_representante", "provincia_cut", "rut"} & set(view.columns)
    assert set(view["Provincia"]) <= {"Concepción", "Arauco"}
    assert set(view["Comuna"]) <= {"Concepción", "Lebu"}
    assert set(view["Género de quien representa"]) <= {"Femenino", "Masculino"}
    cells = view.astype(str).to_numpy().ravel()
    assert not [c for c in cells if c in ("None", "nan") or re.fullmatch(r"\d{3}|\d{5}", c)]
    quotas = quota_view(proposal)
    assert list(quotas.columns) == ["Condición", "Requerido", "Logrado", "¿Se cumple?"]
    assert set(quotas["¿Se cumple?"]) == {"sí"}


def test_ene_table_is_shown_in_spanish() -> None:
    import io

    from stakeholders.councils.labels import ene_view
    from stakeholders.councils.sector_shares import import_ene

    table = import_ene(io.StringIO("region;activ;b14_rev4cl_caenes;fact_cal\n11;1;1;100\n11;1;1;300\n11;1;3;100\n"))
    view = ene_view(table, "11")
    assert list(view.columns)[:3] == ["Rubro", "Ocupados (expandido)", "Casos en la muestra"]
    assert view.iloc[0]["Rubro"].startswith("A · Agricultura") and view.iloc[0]["Participación"] == "80,0%"
