"""The planner's decisions grid: organizations by name, every incomplete row reported."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from stakeholders.councils.decisions import candidate_labels, parse_decisions
from tests.factories import hostile_names

PLACES = {"08101": "Concepción", "08201": "Lebu"}


def _cands() -> pd.DataFrame:
    return pd.DataFrame({
        "id": [7, 3, 5, 9],
        "nombre": ["Sindicato Uno", "Cámara de Comercio", "Sindicato Uno", "Municipalidad de Lebu"],
        "sector_tripartito": ["trabajadores", "empleadores", "trabajadores", "gobierno"],
        "comuna_cut": ["08101", "08101", "08101", "08201"],
    })


def test_labels_are_names_sorted_and_unique() -> None:
    labels = candidate_labels(_cands(), PLACES)
    assert list(labels) == [
        "Cámara de Comercio · empleadores · Concepción",
        "Municipalidad de Lebu · gobierno · Lebu",
        "Sindicato Uno · trabajadores · Concepción · registro 5",  # same name and commune: told apart
        "Sindicato Uno · trabajadores · Concepción · registro 7",
    ]
    assert labels["Municipalidad de Lebu · gobierno · Lebu"] == 9


def test_rows_become_decisions_or_row_errors() -> None:
    labels = candidate_labels(_cands(), PLACES)
    chamber, town = "Cámara de Comercio · empleadores · Concepción", "Municipalidad de Lebu · gobierno · Lebu"
    out = parse_decisions([
        {"organizacion": chamber, "decision": None, "motivo": "mesa"},  # empty decision: an error, not «incluir»
        {"organizacion": None, "decision": "Incluir", "motivo": "mesa"},  # empty organization: reported
        {"organizacion": town, "decision": "Excluir", "motivo": "  "},  # no written reason
        {"organizacion": "Otra · gobierno", "decision": "Incluir", "motivo": "x"},  # not in the region
        {"organizacion": None, "decision": None, "motivo": None},  # an untouched new row: ignored
    ], labels)
    assert not out.ok and not (out.must_include or out.must_exclude or out.fatigue_override)
    assert out.errors == [
        "Decisiones, fila 1 (Cámara de Comercio · empleadores · Concepción): falta la decisión. "
        "Elija «Incluir», «Excluir» o «Autorizar pese a la fatiga».",
        "Decisiones, fila 2: falta la organización. Elíjala por su nombre en la lista o borre la fila.",
        "Decisiones, fila 3 (Municipalidad de Lebu · gobierno · Lebu): falta el motivo escrito de la decisión.",
        "Decisiones, fila 4: la organización «Otra · gobierno» no está entre las de la región. Elíjala de la lista.",
    ]
    good = parse_decisions([
        {"organizacion": chamber, "decision": "Incluir", "motivo": " pedido de  la mesa "},
        {"organizacion": town, "decision": "Autorizar pese a la fatiga", "motivo": "única municipalidad"},
    ], labels)
    assert good.ok
    assert good.must_include == {3: "pedido de la mesa"} and good.fatigue_override == {9: "única municipalidad"}


def test_hostile_names_are_plain_labels(tmp_path: Path) -> None:
    names = hostile_names(tmp_path / "pwned")
    cands = pd.DataFrame({"id": range(1, len(names) + 1), "nombre": names, "sector_tripartito": "empleadores",
                          "comuna_cut": "08101"})
    labels = candidate_labels(cands, PLACES)
    assert len(labels) == len(names) and sorted(labels.values()) == list(range(1, len(names) + 1))
    for label, org_id in labels.items():
        assert label.startswith(" ".join(names[org_id - 1].split()))
    decided = parse_decisions([{"organizacion": label, "decision": "Excluir", "motivo": "x"} for label in labels],
                              labels)
    assert decided.ok and len(decided.must_exclude) == len(names)
