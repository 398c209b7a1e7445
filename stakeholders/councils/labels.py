"""What a planner reads: a proposal's tables with Spanish headers and names instead of codes.

The exports keep the published field names and codes (they are data for other systems); the
page and the printed report show these views: «Asiento» not ``sector_tripartito``, «Concepción»
not ``081``, «Femenino» not ``F``, an empty cell instead of ``None``. Pure functions.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from i18n import t
from stakeholders.councils.compose import Proposal
from stakeholders.councils.params import SEAT_SECTORS
from stakeholders.vocab import GENDERS, GROUPS, RUBROS


def seat_label(seat: object) -> str:
    """«Empleadores», «Inclusión (sociedad civil)»: the seat as a table cell or legend entry."""
    if seat not in SEAT_SECTORS:
        return ""
    text = t(f"consejo.sector_{seat}")
    return text[:1].upper() + text[1:]


def _blank(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, float) and pd.isna(value):
        return True
    return isinstance(value, str) and value.strip().lower() in ("", "none", "nan")


def _text(value: Any) -> str:
    return "" if _blank(value) else str(value)


def place(code: object, places: Mapping[str, str]) -> str:
    """A province or commune name from its code (the code itself if unknown; blank if missing)."""
    return "" if _blank(code) else places.get(str(code), str(code))


def rubro_label(code: object) -> str:
    if _blank(code):
        return t("consejo.rubro_transversal")
    return f"{code} · {RUBROS.get(str(code), '')}".rstrip(" ·")


def groups_label(groups: object) -> str:
    if not isinstance(groups, (list, tuple)):
        return ""
    return ", ".join(GROUPS.get(str(g), str(g)) for g in groups)


RUBRO_SEATS = ("empleadores", "trabajadores")  # the seats apportioned by rubro


def _seat_of_key(row: Mapping[str, Any]) -> str:
    return str(row.get("asiento") or row.get("sector_tripartito") or "")


def _seat_of(row: Mapping[str, Any]) -> str:
    return seat_label(row.get("asiento") or row.get("sector_tripartito"))


def member_view(proposal: Proposal, places: Mapping[str, str]) -> pd.DataFrame:
    """One row per member, Spanish headers, names instead of codes, in seat order."""
    rows = []
    for m in proposal.members.to_dict("records"):
        row = {
            t("consejo.col_integrante"): _text(m.get("nombre")),
            t("consejo.col_asiento"): _seat_of(m),
            t("consejo.col_provincia"): place(m.get("provincia_cobertura") if not _blank(m.get("provincia_cobertura"))
                                              else m.get("provincia_cut"), places),
            t("consejo.col_comuna"): place(m.get("comuna_cut"), places),
            t("consejo.col_genero"): GENDERS.get(_text(m.get("genero_representante")), ""),
            t("consejo.col_rubro"): rubro_label(m.get("rubro")) if _seat_of_key(m) in RUBRO_SEATS else "",
            t("consejo.col_grupos"): groups_label(m.get("grupos_representados")),
            t("consejo.col_rut"): _text(m.get("rut")),
        }
        if proposal.modo == "sorteo" and "probabilidad" in m:
            row[t("consejo.col_probabilidad")] = percent(m.get("probabilidad"))
        else:
            row[t("consejo.col_puntaje")] = "" if _blank(m.get("puntaje")) else f"{float(m['puntaje']):.3f}"
        rows.append(row)
    return pd.DataFrame(rows)


def percent(value: object) -> str:
    return "" if _blank(value) else f"{float(value):.1%}".replace(".", ",")  # type: ignore[arg-type]  # _blank has ruled out None and NaN


def why(proposal: Proposal) -> list[tuple[str, list[str]]]:
    """(«Name — seat», reasons as sentences) per member, in the table's order."""
    return [(f"{_text(m.get('nombre'))} — {_seat_of(m)}", [str(r) for r in (m.get("razones") or [])])
            for m in proposal.members.to_dict("records")]


def alternate_view(proposal: Proposal, places: Mapping[str, str]) -> pd.DataFrame:
    """Alternates: whom they replace, their order, seat and place."""
    names = dict(zip(proposal.members["id"], proposal.members["nombre"], strict=True))
    rows = [{
        t("consejo.col_titular"): _text(names.get(a.get("titular_id"))),
        t("consejo.col_orden"): int(a["orden"]) if not _blank(a.get("orden")) else "",
        t("consejo.col_suplente"): _text(a.get("nombre")),
        t("consejo.col_asiento"): _seat_of(a),
        t("consejo.col_provincia"): place(a.get("provincia_cut"), places),
        t("consejo.col_genero"): GENDERS.get(_text(a.get("genero_representante")), ""),
    } for a in proposal.alternates.to_dict("records")]
    return pd.DataFrame(rows)


def quota_view(proposal: Proposal) -> pd.DataFrame:
    return pd.DataFrame([{
        t("consejo.col_condicion"): q.nombre,
        t("consejo.col_requerido"): q.requerido,
        t("consejo.col_logrado"): q.logrado,
        t("consejo.col_cumple"): t("consejo.si") if q.cumple else t("consejo.no"),
    } for q in proposal.quotas])


def probability_view(proposal: Proposal) -> pd.DataFrame:
    """Every candidate's chance in the lottery, highest first; probability 0 last with the reason."""
    probs = proposal.probabilities
    if probs is None:
        return pd.DataFrame()
    reasons = probs["motivo"] if "motivo" in probs.columns else pd.Series("", index=probs.index)
    frame = pd.DataFrame({
        "p": probs["probabilidad"].astype(float),
        t("consejo.col_organizacion"): probs["nombre"].map(_text),
        t("consejo.col_asiento"): [seat_label(a if isinstance(a, str) else s) for a, s in
                                   zip(probs.get("asiento", probs["sector_tripartito"]), probs["sector_tripartito"],
                                       strict=True)],
        t("consejo.col_probabilidad"): probs["probabilidad"].map(percent),
        t("consejo.col_motivo_cero"): reasons.map(_text),
    })
    frame = frame.sort_values(["p", t("consejo.col_organizacion")], ascending=[False, True], kind="stable")
    return frame.drop(columns="p").reset_index(drop=True)


def calendar_view(calendar: pd.DataFrame) -> pd.DataFrame:
    """The national rotation calendar with Spanish headers and sector names (no region codes)."""
    out = pd.DataFrame({
        t("consejo.col_periodo"): calendar["periodo"].astype(int),
        t("consejo.col_region"): calendar["region"].map(_text),
        t("consejo.col_sector_nacional"): [seat_label(s) for s in calendar["sector"]],
        t("consejo.col_representante"): calendar["representante"].map(_text),
    })
    if calendar["inicio"].notna().any():
        out.insert(1, t("consejo.col_inicio"), calendar["inicio"].map(lambda v: "" if _blank(v) else str(int(v))))
    return out


def saved_view(saved: pd.DataFrame) -> pd.DataFrame:
    """The saved proposals of a region: number, mode, seed, author, date (dd-mm-aaaa), data fingerprint."""
    return pd.DataFrame({
        t("consejo.col_numero"): saved["numero"].astype(int),
        t("consejo.col_modo"): saved["modo"].map(lambda m: t(f"consejo.modo_{m}")),
        t("consejo.col_semilla"): saved["semilla"].map(lambda s: "" if _blank(s) else str(int(s))),
        t("consejo.col_autor"): saved["autor"].map(_text),
        t("consejo.col_fecha"): pd.to_datetime(saved["creado_en"]).dt.strftime("%d-%m-%Y %H:%M"),
        t("consejo.col_huella"): saved["hash_datos"].map(lambda h: _text(h)[:12]),
    })


def compare_view(frame: pd.DataFrame, first: str, second: str) -> pd.DataFrame:
    """Two councils side by side with the names of what is compared (no True/False, no ids)."""
    yes_no = {True: t("consejo.si"), False: t("consejo.no")}
    cols = list(frame.columns)
    return pd.DataFrame({
        t("consejo.col_organizacion"): frame["nombre"].map(_text),
        t("consejo.col_en", consejo=first): frame[cols[2]].map(yes_no),
        t("consejo.col_en", consejo=second): frame[cols[3]].map(yes_no),
        t("consejo.col_estado"): frame["estado"].map(_text),
    })


def ene_view(table: pd.DataFrame, region_cut: str) -> pd.DataFrame:
    """The ENE estimate of one region as a reader sees it: rubro, employed, share, precision."""
    sub = table[table["region_cut"] == region_cut]
    return pd.DataFrame({
        t("consejo.col_rubro"): sub["rubro"].map(rubro_label),
        t("consejo.col_ocupados"): sub["ocupados"].round(0).astype(int),
        t("consejo.col_casos"): sub["n"].astype(int),
        t("consejo.col_participacion_pct"): sub["participacion"].map(percent),
        t("consejo.col_cv"): sub["cv"].map(percent),
        t("consejo.col_cv_alto"): sub["cv_alto"].map({True: t("consejo.si"), False: t("consejo.no")}),
    })
