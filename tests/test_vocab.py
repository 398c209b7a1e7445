"""Vocabularies: ids, labels and case/accent variants map to the stored ids."""

from __future__ import annotations

import pytest

from stakeholders.vocab import (
    ACTOR_TYPE_VOCAB,
    ACTOR_TYPES,
    EXCLUDED_GROUPS,
    GENDER_VOCAB,
    GROUP_VOCAB,
    SCALE_VOCAB,
    SECTOR_VOCAB,
    fold,
    sector_of,
    types_of_sector,
)


@pytest.mark.parametrize(("text", "ident"), [
    ("ONG", "ong"), ("Cámara", "camara"), ("camara", "camara"), ("Sindicato", "sindicato"), ("SINDICATO", "sindicato"),
    ("OMIL", "municipio"), ("Municipalidad (OMIL)", "municipio"), ("Liceo técnico-profesional", "liceo_tp"),
    ("asociacion_gremial", "asociacion_gremial"), ("Asociación gremial", "asociacion_gremial"), ("OTEC", "otec"),
])
def test_actor_types(text: str, ident: str) -> None:
    assert ACTOR_TYPE_VOCAB.parse(text) == ident


def test_other_vocabularies() -> None:
    assert SECTOR_VOCAB.parse("Sociedad Civil") == "sociedad_civil"
    assert SECTOR_VOCAB.parse("Empleadores") == "empleadores"
    assert SCALE_VOCAB.parse("NACIONAL") == "nacional"
    assert GENDER_VOCAB.parse("mujer") == "F" and GENDER_VOCAB.parse("No declarado") == "ND"
    assert GROUP_VOCAB.parse("Jóvenes") == "jovenes"
    assert GROUP_VOCAB.parse("Personas con discapacidad") == "personas_con_discapacidad"
    assert ACTOR_TYPE_VOCAB.parse("astronauta") is None and ACTOR_TYPE_VOCAB.parse("") is None


def test_sectors_group_types() -> None:
    assert sector_of("sindicato") == "trabajadores"
    assert set(types_of_sector("gobierno")) == {"ministerio", "servicio_publico", "gobierno_regional",
                                                "delegacion_presidencial", "seremi", "municipio"}
    assert sum(len(types_of_sector(s)) for s in ("gobierno", "empleadores", "trabajadores", "sociedad_civil")) == len(
        ACTOR_TYPES)
    assert "mujeres" in EXCLUDED_GROUPS and "rurales" not in EXCLUDED_GROUPS
    assert fold("Ñuñoa, Región") == "nunoaregion"
