"""Follow-up figures on hand-made lists, and the public summary: no e-mail or phone, hostile text inert."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest

from stakeholders.dialogues.analysis import overdue, per_organization, per_status, top_share, words
from stakeholders.dialogues.report import scrub, summary, to_html, to_pdf
from tests._components import require
from tests.factories import hostile_names


def _pdf_text(pdf: bytes, folder: Path) -> str:
    """The PDF's text as a reader sees it (poppler's pdftotext)."""
    require(shutil.which("pdftotext") is not None, "pdftotext (poppler-utils) no está instalado")
    path = folder / "informe.pdf"
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


def _ideas() -> pd.DataFrame:
    return pd.DataFrame({
        "id": [1, 2, 3, 4, 5, 6],
        "dialogo_id": [1, 1, 1, 2, 2, 2],
        "texto": ["Más cursos de soldadura", "Cursos en línea para la región", "Salas cuna en los cursos",
                  "Prácticas pagadas para jóvenes", "Cursos de cocina", "Certificar oficios"],
        "tema": ["Oficios", "Territorio", "Inclusión", "Empleo juvenil", "Oficios", "Certificación"],
        "votos": [40, 25, 15, 10, 6, 4],  # total 100
        "estado": ["comprometida", "comprometida", "descartada", "implementada", "recibida", "en_analisis"],
        "unidad_responsable": ["Unidad de Capacitación", "Dirección Regional", None, "Unidad de Empleo", None, None],
        "fecha_compromiso": [date(2026, 3, 1), date(2027, 1, 1), None, date(2026, 1, 1), None, None],
        "motivo_descarte": [None, None, "Sin presupuesto", None, None, None],
    })


def test_thirty_percent_set_is_the_smallest_prefix_by_votes() -> None:
    ideas = _ideas()
    assert top_share(ideas)["id"].tolist() == [1]  # 40 of 100 ≥ 30 %
    assert top_share(ideas, 0.5)["id"].tolist() == [1, 2]  # 65 ≥ 50, 40 < 50
    assert top_share(ideas, 0.8)["id"].tolist() == [1, 2, 3]  # exactly 80
    tied = ideas.assign(votos=[10, 10, 10, 10, 10, 50])
    assert top_share(tied, 0.3)["id"].tolist() == [6]
    assert top_share(tied, 0.6)["id"].tolist() == [6, 1]  # ties by id
    assert top_share(ideas.assign(votos=0)).empty


def test_word_counts_drop_stop_words_and_keep_accents() -> None:
    texts = ["Más cursos de soldadura en la región", "Cursos en línea para la región", "los cursos y las PRÁCTICAS"]
    table = words(texts).set_index("palabra")["veces"].to_dict()
    assert table == {"cursos": 3, "región": 2, "línea": 1, "prácticas": 1, "soldadura": 1}
    assert words(texts, top=1).to_dict("records") == [{"palabra": "cursos", "veces": 3}]


def test_status_counts_overdue_and_per_organization() -> None:
    ideas = _ideas()
    status = per_status(ideas).set_index("estado")["ideas"].to_dict()
    assert status == {"recibida": 1, "en_analisis": 1, "comprometida": 2, "implementada": 1, "descartada": 1}
    late = overdue(ideas, date(2026, 6, 1))
    assert late["id"].tolist() == [1] and late["dias_atraso"].tolist() == [92]
    parts = pd.DataFrame({"dialogo_id": [1, 2, 2], "organizacion_id": [7, 7, 8]})
    org = per_organization(ideas, parts).set_index("organizacion_id")
    assert org.loc[7, "ideas"] == 6 and org.loc[7, "dialogos"] == 2 and org.loc[7, "descartada"] == 1
    assert org.loc[8, "ideas"] == 3 and org.loc[8, "implementada"] == 1 and org.loc[8, "comprometida"] == 0


def _frames(ideas: pd.DataFrame, name: str = "Diálogo") -> dict[str, pd.DataFrame]:
    dialogues = pd.DataFrame({"id": [1, 2], "nombre": [name, name], "personas": [30, 20], "muestra": [False, False]})
    parts = pd.DataFrame({"dialogo_id": [1, 2], "organizacion_id": [7, 8]})
    return {"dialogos": dialogues, "ideas": ideas, "participantes": parts}


def test_public_summary_has_no_email_or_phone(tmp_path: Path) -> None:
    ideas = _ideas()
    ideas.loc[0, "texto"] = "Escribir a juana.perez@correo.cl o al +56 9 8765 4321 para coordinar cursos"
    ideas.loc[2, "motivo_descarte"] = "Consultado con pedro@sence.cl (fono 22 345 6789)"
    s = summary(_frames(ideas), "Valparaíso", date(2026, 6, 1))
    page = to_html(s)
    pdf = to_pdf(s)
    text = " ".join(_pdf_text(pdf, tmp_path).split())
    for out in (page, text):
        assert "@" not in out and "8765" not in out and "345 6789" not in out
    assert "[dato de contacto omitido] para coordinar cursos" in page
    assert "Lo que se comprometió" in text and "Unidad de Capacitación" in text
    assert "Lo que se descartó y por qué" in page and "Unidad de Capacitación" in page
    assert pdf.startswith(b"%PDF")


def test_hostile_text_is_literal_in_html_and_pdf(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"
    names = hostile_names(marker)
    ideas = pd.DataFrame({
        "id": range(1, len(names) + 1), "dialogo_id": 1, "texto": names, "tema": names,
        "votos": range(len(names), 0, -1), "estado": "descartada", "unidad_responsable": None,
        "fecha_compromiso": None, "motivo_descarte": names})
    s = summary(_frames(ideas, names[0]), names[1], date(2026, 6, 1))
    page = to_html(s)
    assert "<script" not in page.lower().replace("&lt;script", "")
    assert "&lt;/script&gt;" in page or "</script>" not in "".join(names)
    assert "{{ lipsum" in page  # braces kept literally, nothing rendered
    assert "\x00" not in page
    pdf = to_pdf(s)
    text = " ".join(_pdf_text(pdf, tmp_path).split())
    assert "{{ cycler.__init__.__globals__" in text  # written literally
    assert not marker.exists()
    assert scrub("a\x00b\u202ec") == "abc"


@pytest.mark.parametrize("text", ["Llamar al 912345678", "fono: +56 2 2345 6789", "x@y.cl"])
def test_scrub_removes_contacts(text: str) -> None:
    assert "[dato de contacto omitido]" in scrub(text)
