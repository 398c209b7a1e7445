"""Which registered organization a row of a file (or an edit) is: the matching rules.

Precedence: RUT, else ``id_externo``, else normalised name + commune.
"""

from __future__ import annotations

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import t
from stakeholders.models import Organization
from stakeholders.registry.issues import Issue
from stakeholders.registry.schema import DATA_FIELDS
from stakeholders.registry.values import normalize_name


def _key(value: object) -> str | None:
    """A lookup key from a database value (None, NaN and "" are no key)."""
    return value if isinstance(value, str) and value else None


def existing_index(rows: pd.DataFrame) -> pd.DataFrame:
    """Keys of registered organizations: id, rut, id_externo, name key, commune, region."""
    frame = rows[["id", "rut", "id_externo", "nombre", "comuna_cut", "region_cut"]].copy()
    frame["nombre_normalizado"] = frame["nombre"].map(normalize_name)
    return frame


def match_existing(records: pd.DataFrame, existing: pd.DataFrame,
                   sheet: str | None = None) -> tuple[list[int | None], list[Issue]]:
    """Which registered organization each row updates: by RUT, else id_externo, else name + commune.

    Reports rows whose keys point at two different organizations, a name already used in the same
    commune by another organization, and two rows of the file updating the same organization.
    """
    by_rut = {_key(r): int(i) for r, i in zip(existing["rut"], existing["id"], strict=True) if _key(r)}
    by_ext = {_key(e): int(i) for e, i in zip(existing["id_externo"], existing["id"], strict=True) if _key(e)}
    rut_of = {int(i): _key(r) for i, r in zip(existing["id"], existing["rut"], strict=True)}
    by_name: dict[tuple[str, object], list[int]] = {}
    for i, key, comuna in zip(existing["id"], existing["nombre_normalizado"], existing["comuna_cut"], strict=True):
        by_name.setdefault((key, _key(comuna)), []).append(int(i))
    issues: list[Issue] = []
    matches: list[int | None] = []
    claimed: dict[int, int] = {}
    cols = zip(records["_fila"], records["rut"], records["id_externo"], records["nombre_normalizado"],
               records["comuna_cut"], records["nombre"], strict=True)
    for fila, rut, ext, key, comuna, nombre in cols:
        fila, rut, ext, comuna = int(fila), _key(rut), _key(ext), _key(comuna)
        rid, eid = by_rut.get(rut) if rut else None, by_ext.get(ext) if ext else None
        if rid is not None and eid is not None and rid != eid:
            issues.append(Issue(fila, "rut", t("importacion.rut_de_otra", rut=rut, id=rid, otro=eid),
                                t("importacion.accion_rut_db"), rut, sheet))
            matches.append(None)
            continue
        match = rid if rid is not None else eid
        same_name = [i for i in by_name.get((key, comuna), []) if i != match] if key else []
        if match is None and same_name:
            cand = same_name[0]
            if rut and rut_of.get(cand) and rut_of[cand] != rut:
                issues.append(Issue(fila, "nombre", t("importacion.nombre_repetido_db", nombre=nombre, id=cand,
                                    rut=rut_of[cand]), t("importacion.accion_nombre_db"), nombre, sheet))
                matches.append(None)
                continue
            match, same_name = cand, same_name[1:]
        if same_name:
            issues.append(Issue(fila, "nombre", t("importacion.nombre_repetido_db", nombre=nombre, id=same_name[0],
                                rut=rut_of.get(same_name[0]) or "—"), t("importacion.accion_nombre_db"), nombre, sheet))
        if match is not None:
            prev = claimed.setdefault(match, fila)
            if prev != fila:
                issues.append(Issue(fila, "nombre", t("importacion.misma_organizacion", id=match, fila=prev),
                                    t("importacion.accion_duplicado"), nombre, sheet))
        matches.append(match)
    return matches, issues



def load_existing(session: Session) -> pd.DataFrame:
    """Every registered organization (active or not: RUT and id_externo are unique across both)."""
    cols = ["id", "version", *[f for f in DATA_FIELDS if f != "nombre_normalizado"]]
    table = Organization.__table__
    rows = session.execute(select(*[table.c[c] for c in cols])).all()
    frame = pd.DataFrame(rows, columns=cols)
    return existing_index(frame).join(frame.drop(columns=["id", "rut", "id_externo", "nombre", "comuna_cut",
                                                          "region_cut"]))
