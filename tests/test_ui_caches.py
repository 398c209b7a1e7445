"""The pages' cached reads are keyed by the registry's data version: a write made elsewhere (another
browser, the CLI, an import) shows on the next rerun, never a stale count (issue 12, Speed).

The Consejo page reads the registry through ``ui.data`` caches; here an organization of the
Aysén pool (120 organizations, hand-made) is deactivated behind the page's back and the next
rerun must count 119 candidates, then a saved proposal must appear in the saved list.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from stakeholders.access import User
from stakeholders.db import make_engine
from stakeholders.editing import deactivate_organization
from tests.factories import council_page_env

PAGE = Path(__file__).resolve().parents[1] / "ui" / "consejo.py"


@pytest.fixture
def url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return council_page_env(tmp_path, monkeypatch, "cache")


def _candidates_caption(at: AppTest) -> str:
    return next(c.value for c in at.caption if "organizaciones presentes en la región" in c.value)


def test_consejo_counts_follow_a_write_made_elsewhere(url: str) -> None:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.run()
    assert not at.exception
    assert _candidates_caption(at).startswith("120 organizaciones")
    at.run()  # a plain rerun reads the same version: same answer
    assert _candidates_caption(at).startswith("120 organizaciones")

    engine = make_engine(url)
    deactivate_organization(engine, 1, User("central", "central"), "cerrada")
    engine.dispose()
    at.run()
    assert not at.exception
    assert _candidates_caption(at).startswith("119 organizaciones")


def _saved_numbers(at: AppTest) -> list[int]:
    frames = [d.value for d in at.dataframe if "N.º" in d.value.columns]
    return [int(n) for f in frames for n in f.iloc[:, 0]]


def test_saved_proposal_list_is_fresh_after_saving(url: str) -> None:
    at = AppTest.from_file(str(PAGE), default_timeout=120)
    at.run()
    assert any(c.value == "Todavía no hay propuestas guardadas para esta región." for c in at.caption)
    next(b for b in at.button if b.label == "Proponer consejo").click().run()
    next(b for b in at.button if b.label == "Guardar como propuesta numerada").click().run()
    assert not at.exception
    assert not any(c.value == "Todavía no hay propuestas guardadas para esta región." for c in at.caption)
    at.run()
    assert not any(c.value == "Todavía no hay propuestas guardadas para esta región." for c in at.caption)
    assert _saved_numbers(at) == [1]
