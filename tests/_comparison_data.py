"""A small hand-made registry for the comparison tests: two regions, four communes, eight organizations.

Region "01" (communes 01101, 01102) has one organization of each sector plus a national
government body located in 01101 with a chapter in "02". Region "02" (02101, 02102) has no
workers' and no civil-society organization, so no balanced council is possible there.
Every expected value in the tests is computed by hand from these rows.
"""

from __future__ import annotations

from datetime import date

import pandas as pd

from stakeholders.comparison.population import Population
from stakeholders.comparison.table import Inputs
from stakeholders.councils.eligibility import RegistryFrames

AS_OF = date(2026, 6, 30)


def _org(i, sector, tipo, comuna, genero="M", grupos=(), presencia=(), rubro="C"):
    return {"id": i, "nombre": f"Organización {i}", "sector_tripartito": sector, "tipo_actor": tipo,
            "escala": "nacional" if presencia else "regional", "region_cut": comuna[:2], "provincia_cut": comuna[:3],
            "comuna_cut": comuna, "regiones_presencia": list(presencia), "grupos_representados": list(grupos),
            "genero_representante": genero, "rubro": rubro, "latitud": -30.0, "longitud": -70.0, "activo": True,
            "rut": None, "n_miembros": 10}


def orgs() -> pd.DataFrame:
    return pd.DataFrame([
        _org(1, "gobierno", "servicio_publico", "01101", "F", ["mujeres"]),
        _org(2, "empleadores", "camara", "01101", "M"),
        _org(3, "trabajadores", "sindicato", "01102", "F"),
        _org(4, "sociedad_civil", "ong", "01102", "ND", ["jovenes"]),
        _org(5, "gobierno", "servicio_publico", "02101", "F"),
        _org(6, "empleadores", "camara", "02101", "M", ["rurales"]),
        _org(7, "empleadores", "empresa", "02102", "ND"),
        _org(8, "gobierno", "ministerio", "01101", "X", presencia=["02"]),
    ])


def relationships() -> pd.DataFrame:
    pairs = [(1, 2), (2, 3), (5, 6), (6, 7)]
    return pd.DataFrame({"id": range(1, 5), "origen_id": [a for a, _ in pairs], "destino_id": [b for _, b in pairs],
                         "tipo": "colaboracion", "peso": 1.0, "activo": True, "desde": None, "hasta": None})


def attendance() -> pd.DataFrame:
    """Org 1: 7 sessions in 3 spaces; orgs 2, 3, 4: one session each (each event has a single attendee)."""
    rows = [(1, e, s) for e, s in ((1, 1), (2, 1), (3, 1), (4, 2), (5, 2), (6, 3), (7, 3))]
    rows += [(2, 8, 1), (3, 9, 1), (4, 10, 1)]
    return pd.DataFrame({"organizacion_id": [o for o, _, _ in rows], "evento_id": [e for _, e, _ in rows],
                         "espacio_id": [s for _, _, s in rows],
                         "fecha": [date(2026, 1 + (e % 5), 10) for _, e, _ in rows]})


def memberships() -> pd.DataFrame:
    """Org 5 holds a seat in space 4 (region 02); org 6 convenes it (not a call on its time)."""
    return pd.DataFrame({"id": [1, 2], "organizacion_id": [5, 6], "espacio_id": [4, 4],
                         "rol": ["miembro", "convocante"],
                         "desde": [date(2025, 1, 1)] * 2, "hasta": [None, None], "espacio": ["Mesa 02"] * 2,
                         "tipo_espacio": ["mesa"] * 2, "espacio_region_cut": ["02"] * 2})


def changes() -> pd.DataFrame:
    return pd.DataFrame({
        "entidad_id": [1, 2, 2, 5, 8],
        "accion": ["crear", "actualizar", "crear", "actualizar", "crear"],
        "momento": pd.to_datetime(["2026-03-01", "2026-02-01", "2020-01-01", "2025-01-01", "2026-05-01"], utc=True),
    })


def regions(names: tuple[str, str] = ("Norte", "Sur")) -> pd.DataFrame:
    return pd.DataFrame({"region_cut": ["01", "02"], "nombre": list(names), "nombre_corto": list(names),
                         "area_km2": [10_000.0, 20_000.0], "orden_norte_sur": [1, 2]})


def communes(names: tuple[str, ...] = ("Uno", "Dos", "Tres", "Cuatro")) -> pd.DataFrame:
    return pd.DataFrame({"comuna_cut": ["01101", "01102", "02101", "02102"], "nombre": list(names),
                         "provincia_cut": ["011", "011", "021", "021"], "region_cut": ["01", "01", "02", "02"],
                         "area_km2": [4_000.0, 6_000.0, 5_000.0, 15_000.0]})


def population() -> Population:
    return Population(pd.Series({"01": 100_000, "02": 400_000}), 2017, "Tabla de prueba")


def inputs() -> Inputs:
    frames = RegistryFrames(orgs(), relationships(), memberships(), attendance())
    return Inputs(frames, changes())


PROVINCES = {"01": {"011": "Provincia Uno"}, "02": {"021": "Provincia Dos"}}
