"""The sample analysis: realistic, reproducible, idempotent."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from stakeholders.analysis import sample, service
from stakeholders.repository import load_organizations
from tests.factories import make_orgs


def test_sample_analysis_created_once(engine: Engine) -> None:
    make_orgs(engine)
    aid = sample.create_sample_analysis(engine)
    assert sample.create_sample_analysis(engine) == aid
    listed = service.list_analyses(engine, "16")
    assert len(listed) == 2
    assert set(listed["pregunta"]) == {sample.QUESTION}
    info = service.get_analysis(engine, aid)
    assert info.titulo == sample.TITLE and info.region_cut == "16"
    frame = service.matrix_frame(engine, aid)
    assert len(frame) == 10 and frame["poder"].notna().all()
    assert frame["se_movio"].sum() >= 2
    assert set(frame["sector_tripartito"]) == {"gobierno", "empleadores", "trabajadores", "sociedad_civil"}
    previous = int(listed.loc[listed["id"] != aid, "id"].iloc[0])
    compared = service.compare_analyses(engine, previous, aid)
    assert "solo_b" in set(compared["cambio"])


def test_sample_is_reproducible(engine: Engine) -> None:
    make_orgs(engine)
    aid = sample.create_sample_analysis(engine)
    frame = service.matrix_frame(engine, aid)
    actors = sample.pick_actors(load_organizations(engine, "16"))
    again = [sample.first_assessment(o) for o in actors.to_dict("records")]
    by_id = frame.set_index("organizacion_id")
    for item in again:
        assert by_id.loc[item.organizacion_id, "poder_inicial"] == item.poder


def test_sample_needs_nuble(engine: Engine) -> None:
    with pytest.raises(ValueError, match="Ñuble"):
        sample.create_sample_analysis(engine)
