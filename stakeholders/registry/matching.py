"""Which registered organization a row of a file (or an edit) is: the matching rules.

Precedence, the same for import and edit:

1. ``id_externo``: the row's external id is registered → that organization;
2. RUT: the row's RUT is registered → that organization;
3. normalised name + commune (or + region when there is no commune) — only when *neither side has a
   key*: the row has no ``id_externo`` and no RUT, and neither has the registered organization.

Two records whose external ids differ, or whose RUTs differ, are never merged: when the row's keys
point at an organization holding a different key, the row is reported, not written. A row with a
new key is a new organization even when another one has its name in the same commune (two unions
of one employer, registered the same day, are two unions).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from i18n import t
from stakeholders.models import Organization
from stakeholders.registry.issues import Issue, note
from stakeholders.registry.schema import DATA_FIELDS
from stakeholders.registry.values import name_key


def _key(value: object) -> str | None:
    """A lookup key from a database value (None, NaN and "" are no key)."""
    return value if isinstance(value, str) and value else None


def existing_index(rows: pd.DataFrame) -> pd.DataFrame:
    """Keys of registered organizations: id, rut, id_externo, name key, commune, region."""
    frame = rows[["id", "rut", "id_externo", "nombre", "comuna_cut", "region_cut"]].copy()
    frame["nombre_normalizado"] = frame["nombre"].map(name_key)
    return frame


RULE_EXTERNAL_ID = "id_externo"
RULE_RUT = "rut"
RULE_NAME = "nombre_lugar"


@dataclass
class Matching:
    """Per row: the registered organization it updates (or None) and the rule that matched."""

    ids: list[int | None]
    rules: list[str | None]
    issues: list[Issue]
    notes: list[Issue] = field(default_factory=list)


def place_key(comuna: object, region: object) -> str | None:
    """Where a name is compared: the commune, else the region (region-level organizations), else nowhere."""
    commune = _key(comuna)
    if commune:
        return commune
    region_code = _key(region)
    return f"region:{region_code}" if region_code else None


class Registry:
    """The registered organizations' keys, indexed the three ways a row can point at one."""

    def __init__(self, existing: pd.DataFrame) -> None:
        ids = [int(i) for i in existing["id"]]
        self.by_rut = {_key(r): i for r, i in zip(existing["rut"], ids, strict=True) if _key(r)}
        self.by_ext = {_key(e): i for e, i in zip(existing["id_externo"], ids, strict=True) if _key(e)}
        self.rut_of = {i: _key(r) for i, r in zip(ids, existing["rut"], strict=True)}
        self.ext_of = {i: _key(e) for i, e in zip(ids, existing["id_externo"], strict=True)}
        self.by_name: dict[tuple[str, str | None], list[int]] = {}
        places = zip(ids, existing["nombre_normalizado"], existing["comuna_cut"], existing["region_cut"], strict=True)
        for i, key, comuna, region in places:
            self.by_name.setdefault((key, place_key(comuna, region)), []).append(i)

    def keyless(self, org_id: int) -> bool:
        return self.rut_of.get(org_id) is None and self.ext_of.get(org_id) is None


def _place_text(place: str | None) -> str:
    if place is None:
        return t("importacion.lugar_sin_territorio")
    return t("importacion.lugar_region") if place.startswith("region:") else t("importacion.lugar_comuna")


def _match_row(reg: Registry, fila: int, rut: str | None, ext: str | None, key: str, place: str | None,
               nombre: str, sheet: str | None) -> tuple[int | None, str | None, Issue | None, Issue | None]:
    """(id, rule, blocking issue, note) for one row; see the module docstring for the rules."""
    eid = reg.by_ext.get(ext) if ext else None
    rid = reg.by_rut.get(rut) if rut else None
    if eid is not None:
        if rid is not None and rid != eid:
            return None, None, Issue(fila, "rut", t("importacion.rut_de_otra", rut=rut, id=rid, otro=eid),
                                     t("importacion.accion_rut_db"), rut or "", sheet), None
        if rut and reg.rut_of.get(eid) and reg.rut_of[eid] != rut:
            return None, None, Issue(fila, "rut", t("importacion.id_externo_otro_rut", id_externo=ext, id=eid,
                                     rut_registrado=reg.rut_of[eid], rut=rut), t("importacion.accion_rut_db"), rut,
                                     sheet), None
        return eid, RULE_EXTERNAL_ID, None, None
    if rid is not None:
        if ext and reg.ext_of.get(rid):
            return None, None, Issue(fila, "id_externo", t("importacion.rut_otro_id_externo", rut=rut, id=rid,
                                     id_externo_registrado=reg.ext_of[rid], id_externo=ext),
                                     t("importacion.accion_rut_db"), ext, sheet), None
        return rid, RULE_RUT, None, None
    same = reg.by_name.get((key, place), []) if key else []
    if rut or ext:
        remark = None
        if same:
            remark = note(fila, "nombre", t("importacion.homonimo_distinto", nombre=nombre, id=same[0],
                          lugar=_place_text(place)), t("importacion.accion_homonimo"), nombre, sheet)
        return None, None, None, remark
    keyless = [i for i in same if reg.keyless(i)]
    if len(keyless) > 1:
        return None, None, Issue(fila, "nombre", t("importacion.nombre_ambiguo_db", nombre=nombre,
                                 ids=", ".join(map(str, keyless)), lugar=_place_text(place)),
                                 t("importacion.accion_nombre_db"), nombre, sheet), None
    if keyless:
        return keyless[0], RULE_NAME, None, None
    return None, None, None, None


def match_existing(records: pd.DataFrame, existing: pd.DataFrame, sheet: str | None = None,
                   claimed: dict[int, int] | None = None, index: Registry | None = None) -> Matching:
    """Which registered organization each row updates, by which rule (see the module docstring).

    Reports rows whose keys point at organizations holding other keys, and two rows of the file
    updating the same organization; notes a new organization named like another in the same place.
    """
    reg = index if index is not None else Registry(existing)
    out = Matching([], [], [])
    claimed = {} if claimed is None else claimed  # organization id → first row updating it (across chunks)
    names = ("_fila", "rut", "id_externo", "nombre_normalizado", "comuna_cut", "region_cut", "nombre")
    cols = zip(*[records[c].tolist() for c in names], strict=True)  # lists: iterating a Series is 10x slower
    for fila, rut, ext, key, comuna, region, nombre in cols:
        match, rule, issue, remark = _match_row(reg, int(fila), _key(rut), _key(ext), key,
                                              place_key(comuna, region), nombre, sheet)
        if match is not None:
            prev = claimed.setdefault(match, int(fila))
            if prev != int(fila):
                issue = Issue(int(fila), "nombre", t("importacion.misma_organizacion", id=match, fila=prev),
                              t("importacion.accion_duplicado"), nombre, sheet)
        if issue is not None:
            out.issues.append(issue)
        if remark is not None:
            out.notes.append(remark)
        out.ids.append(match if issue is None else None)
        out.rules.append(rule if issue is None else None)
    return out


def load_existing(session: Session) -> pd.DataFrame:
    """Every registered organization (active or not: RUT and id_externo are unique across both)."""
    cols = ["id", "version", *[f for f in DATA_FIELDS if f != "nombre_normalizado"]]
    table = Organization.__table__
    rows = session.execute(select(*[table.c[c] for c in cols])).all()
    frame = pd.DataFrame(rows, columns=cols)
    return existing_index(frame).join(frame.drop(columns=["id", "rut", "id_externo", "nombre", "comuna_cut",
                                                          "region_cut"]))
