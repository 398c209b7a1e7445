"""Selection files: both layouts round-trip, the CLI writes probabilities and the panel, errors in Spanish."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest

from stakeholders.cli import main
from stakeholders.selection.files import (
    LAYOUT_NATURE,
    LAYOUT_SF,
    read_candidates,
    read_quotas,
    write_candidates,
    write_quotas,
)
from stakeholders.selection.service import verify

# The shape of sortition-algorithms' tests/fixtures (features.csv with flexible bounds, candidates
# with nationbuilder_id and personal columns the selection must never publish).
SF_FEATURES = """feature,value,min,max,min_flex,max_flex
Gender,Female,2,3,0,4
Gender,Male,2,3,0,4
age_bracket,16-29,1,3,0,3
age_bracket,30-44,1,3,0,3
age_bracket,45+,1,3,0,3
"""
NATURE_CATEGORIES = ("category,feature,min,max\ngender,female,2,3\ngender,male,2,3\n"
                     "leaning,liberal,2,3\nleaning,conservative,2,3")


def _sf_candidates() -> str:
    rows = ["nationbuilder_id,first_name,email,mobile_number,Gender,age_bracket"]
    ages = ["16-29", "30-44", "45+"]
    for i in range(18):
        gender = "Female" if i % 2 else "Male"
        rows.append(f"p{i},Nombre{i},persona{i}@correo.cl,+5691234{i:04d},{gender},{ages[i % 3]}")
    return "\n".join(rows) + "\n"


def _nature_respondents() -> str:
    rows = ["gender,leaning"] + ["female,liberal"] * 6 + ["male,conservative"] * 6 + ["female,conservative"] * 2
    return "\n".join(rows + ["male,liberal"] * 2)


def test_sortition_foundation_files_round_trip(tmp_path: Path) -> None:
    (tmp_path / "features.csv").write_text(SF_FEATURES, encoding="utf-8")
    (tmp_path / "candidates.csv").write_text(_sf_candidates(), encoding="utf-8")
    quotas, layout = read_quotas(tmp_path / "features.csv")
    assert layout == LAYOUT_SF and len(quotas) == 5
    assert (quotas[0].feature, quotas[0].value, quotas[0].minimo, quotas[0].maximo) == ("Gender", "Female", 2, 3)
    pool = read_candidates(tmp_path / "candidates.csv", quotas)
    assert pool["id"].tolist()[:2] == ["p0", "p1"]
    write_quotas(quotas, tmp_path / "features2.csv", LAYOUT_SF)
    write_candidates(pool, tmp_path / "candidates2.csv", LAYOUT_SF, "nationbuilder_id")
    assert (tmp_path / "features2.csv").read_text(encoding="utf-8-sig") == SF_FEATURES
    written = (tmp_path / "candidates2.csv").read_text(encoding="utf-8-sig")
    assert ",'+56912340000," in written  # phone-like text guarded against formula injection...
    again = read_candidates(tmp_path / "candidates2.csv", quotas)
    pd.testing.assert_frame_equal(again, pool)  # ...and read back exactly
    assert written.replace("'+", "+") == _sf_candidates()


def test_nature_replication_files_round_trip_and_number_rows(tmp_path: Path) -> None:
    (tmp_path / "categories.csv").write_text(NATURE_CATEGORIES, encoding="utf-8")
    (tmp_path / "respondents.csv").write_text(_nature_respondents(), encoding="utf-8")
    quotas, layout = read_quotas(tmp_path / "categories.csv")
    assert layout == LAYOUT_NATURE and [q.label for q in quotas][:2] == ["gender=female", "gender=male"]
    pool = read_candidates(tmp_path / "respondents.csv", quotas)
    assert pool["id"].tolist() == [str(i) for i in range(1, 17)]
    write_quotas(quotas, tmp_path / "c2.csv", LAYOUT_NATURE)
    write_candidates(pool, tmp_path / "r2.csv", LAYOUT_NATURE)
    assert (tmp_path / "c2.csv").read_text(encoding="utf-8-sig").strip() == NATURE_CATEGORIES
    assert (tmp_path / "r2.csv").read_text(encoding="utf-8-sig").strip() == _nature_respondents()


def test_cli_sorteo_writes_probabilities_panel_and_a_verifiable_record(tmp_path: Path,
                                                                      capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "features.csv").write_text(SF_FEATURES, encoding="utf-8")
    (tmp_path / "candidates.csv").write_text(_sf_candidates(), encoding="utf-8")
    code = main(["sorteo", "--categorias", str(tmp_path / "features.csv"), "--candidatos",
                 str(tmp_path / "candidates.csv"), "--k", "5", "--semilla", "77", "--out", str(tmp_path / "r")])
    assert code == 0
    assert "Panel de 5 entre 18 candidatos" in capsys.readouterr().out
    raw = (tmp_path / "r" / "probabilidades.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    probs = pd.read_csv(tmp_path / "r" / "probabilidades.csv", encoding="utf-8-sig")
    assert len(probs) == 18 and probs["probabilidad"].sum() == pytest.approx(5)
    panel = pd.read_csv(tmp_path / "r" / "panel.csv", encoding="utf-8-sig")
    record = json.loads((tmp_path / "r" / "sorteo.json").read_text(encoding="utf-8"))
    assert sorted(panel["id"]) == verify(record) == sorted(m["id"] for m in record["panel"])
    assert record["semilla"] == 77 and all(q["cumple"] for q in record["cuotas"])
    published = b"".join(p.read_bytes() for p in (tmp_path / "r").iterdir())
    assert b"@correo.cl" not in published and b"+5691234" not in published  # personal columns stay out


def test_cli_sorteo_nature_layout_and_infeasible_exit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "categories.csv").write_text(NATURE_CATEGORIES, encoding="utf-8")
    (tmp_path / "respondents.csv").write_text(_nature_respondents(), encoding="utf-8")
    args = ["sorteo", "--categorias", str(tmp_path / "categories.csv"), "--candidatos",
            str(tmp_path / "respondents.csv"), "--semilla", "5", "--metodo", "maximin", "--out", str(tmp_path / "o")]
    assert main([*args, "--k", "5"]) == 0
    assert main([*args, "--k", "7"]) == 3  # each category allows at most 3 + 3 = 6 members
    assert "No hay ningún panel que cumpla todas las cuotas" in capsys.readouterr().err


def test_bad_files_give_spanish_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "q.csv").write_text("feature,value,min,max\nGender,Female,dos,3\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("id,Gender\n1,Female\n", encoding="utf-8")
    assert main(["sorteo", "--categorias", str(tmp_path / "q.csv"), "--candidatos", str(tmp_path / "c.csv"),
                 "--k", "1", "--out", str(tmp_path / "o")]) == 2
    assert "q.csv, fila 2, columna «min»: «dos» no es un número entero" in capsys.readouterr().err
    (tmp_path / "q.csv").write_text("feature,value,min,max\nGender,Female,0,3\n", encoding="utf-8")
    (tmp_path / "c.csv").write_text("id,Gender\n1,Female\n2,Otro\n", encoding="utf-8")
    assert main(["sorteo", "--categorias", str(tmp_path / "q.csv"), "--candidatos", str(tmp_path / "c.csv"),
                 "--k", "1", "--out", str(tmp_path / "o")]) == 2
    assert "tienen el valor «Otro», que no está en las cuotas" in capsys.readouterr().err
