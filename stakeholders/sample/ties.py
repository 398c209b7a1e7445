"""Relationships of the sample: affiliation chains, funding and cross-sector alliances.

- workers: sindicato → federación (same activity, same region) → confederación nacional → central
  (CUT, sometimes CAT or UNT); regional CUT chapters → CUT; municipal and health staff
  associations → ANEF / CONFUSAM;
- employers: empresa → asociación gremial of its activity (or the regional chamber) → national
  body by activity (SNA, SONAMI, SOFOFA, CChC, CNC, ABIF) → CPC; mipyme associations → Conapyme
  or Multigremial;
- public: SENCE regional → SENCE → Ministerio del Trabajo; SEREMI del Trabajo → Ministerio;
  municipalities have no parent;
- funding (``origen`` funded by ``destino``): OTEC and municipal OMIL (FOMIL) ← SENCE regional;
- alliances: liceos TP with companies (dual training), universities and the big NGOs with
  chambers, associations and municipalities (the brokers), groups with their municipality.
Some small organizations keep no tie at all (isolated).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from stakeholders.sample import catalog as cat


class Ties:
    def __init__(self, rng: np.random.Generator, orgs: pd.DataFrame, keys: dict[str, int]) -> None:
        self.rng, self.orgs, self.keys = rng, orgs, keys
        self.rows: list[tuple[int, int, str, float, date]] = []
        self._seen: set[tuple[int, int, str]] = set()

    def add(self, origen: int, destino: int, tipo: str, peso: float = 1.0) -> None:
        if origen == destino or (origen, destino, tipo) in self._seen:
            return
        self._seen.add((origen, destino, tipo))
        year = int(self.rng.integers(1995, 2025)) if tipo == "afiliacion" else int(self.rng.integers(2015, 2026))
        self.rows.append((origen, destino, tipo, peso, date(year, int(self.rng.integers(1, 13)), 1)))

    def pick(self, frame: pd.DataFrame, n: int) -> list[int]:
        if frame.empty or n <= 0:
            return []
        n = min(n, len(frame))
        return [int(i) for i in self.rng.choice(frame["id"].to_numpy(), size=n, replace=False)]

    def frame(self) -> pd.DataFrame:
        out = pd.DataFrame(self.rows, columns=["origen_id", "destino_id", "tipo", "peso", "desde"])
        out.insert(0, "id", range(1, len(out) + 1))
        return out


def _national(t: Ties) -> None:
    k = t.keys
    for member, parent in cat.NATIONAL_AFFILIATIONS.items():
        t.add(k[f"nat:{member}"], k[f"nat:{parent}"], "afiliacion")
    for r in ("A", "C", "F", "G", "H", "I", "K", "N", "P", "S"):
        central = t.rng.choice(["cut", "cut", "cut", "cut", "cat", "unt"])
        t.add(k[f"nat:conf:{r}"], k[f"nat:{central}"], "afiliacion")
    for partner in ("chilevalora", "senadis", "sernameg", "injuv", "senama", "migraciones", "conadi"):
        t.add(k["nat:sence"], k[f"nat:{partner}"], "alianza")
    for foundation in ("emplea", "tph", "descubreme", "hogar"):
        t.add(k[f"nat:{foundation}"], k["nat:sence"], "alianza")
    t.add(k["nat:emplea"], k["nat:hogar"], "afiliacion")


def _confederation_for(k: dict[str, int], rubro: str | None) -> int | None:
    if rubro == "B":
        return k["nat:ctc"]
    return k.get(f"nat:conf:{rubro}")


def _workers(t: Ties, reg: pd.DataFrame, cut: str) -> None:
    k = t.keys
    t.add(k[f"{cut}:cut"], k["nat:cut"], "afiliacion")
    feds = reg[reg["tipo_actor"] == "federacion"]
    fed_by_rubro = dict(zip(feds["rubro"], feds["id"], strict=True))
    for fed_id, rubro in zip(feds["id"], feds["rubro"], strict=True):
        conf = _confederation_for(k, rubro)
        if conf is not None and t.rng.random() < 0.85:
            t.add(int(fed_id), conf, "afiliacion")
        elif t.rng.random() < 0.7:
            t.add(int(fed_id), k[f"{cut}:cut"], "afiliacion")
    unions = reg[reg["tipo_actor"] == "sindicato"]
    for union_id, rubro in zip(unions["id"], unions["rubro"], strict=True):
        roll = t.rng.random()
        if rubro in fed_by_rubro and roll < 0.75:
            t.add(int(union_id), int(fed_by_rubro[rubro]), "afiliacion")
        elif roll < 0.9 and (conf := _confederation_for(k, rubro)) is not None:
            t.add(int(union_id), conf, "afiliacion")
    staff = reg[reg["tipo_actor"] == "asociacion_funcionarios"]
    for staff_id, rubro in zip(staff["id"], staff["rubro"], strict=True):
        if t.rng.random() < 0.8:
            t.add(int(staff_id), k["nat:confusam"] if rubro == "Q" else k["nat:anef"], "afiliacion")


def _employers(t: Ties, reg: pd.DataFrame, cut: str) -> None:
    k = t.keys
    chamber = k[f"{cut}:camara"]
    assocs = reg[reg["tipo_actor"] == "asociacion_gremial"]
    assoc_by_rubro: dict[str, list[int]] = {}
    for assoc_id, rubro in zip(assocs["id"], assocs["rubro"], strict=True):
        assoc_by_rubro.setdefault(rubro, []).append(int(assoc_id))
        peak = cat.EMPLOYER_PEAK_BY_RUBRO.get(rubro, cat.DEFAULT_EMPLOYER_PEAK)
        if t.rng.random() < 0.85:
            t.add(int(assoc_id), k[f"nat:{peak}"], "afiliacion")
    for cham_id in reg.loc[reg["tipo_actor"] == "camara", "id"]:
        t.add(int(cham_id), k["nat:cnc"], "afiliacion")
    for company_id, rubro in zip(*[reg.loc[reg["tipo_actor"].isin(["empresa", "cooperativa"]), c]
                                   for c in ("id", "rubro")], strict=True):
        roll = t.rng.random()
        if rubro in assoc_by_rubro and roll < 0.6:
            options = assoc_by_rubro[rubro]
            t.add(int(company_id), options[int(t.rng.integers(len(options)))], "afiliacion")
        elif rubro in ("G", "I", "H", "N", "S") and roll < 0.6:
            t.add(int(company_id), chamber, "afiliacion")
    otecs = reg[reg["tipo_actor"] == "otec"]
    for company_id in reg.loc[reg["tipo_actor"] == "empresa", "id"]:  # training bought from an OTEC
        if t.rng.random() < 0.4:
            for otec_id in t.pick(otecs, 1):
                t.add(int(company_id), otec_id, "alianza")
    for mipyme_id in reg.loc[reg["tipo_actor"] == "asociacion_mipyme", "id"]:
        if t.rng.random() < 0.7:
            t.add(int(mipyme_id), k["nat:conapyme"] if t.rng.random() < 0.6 else k["nat:multigremial"], "afiliacion")


def _public(t: Ties, reg: pd.DataFrame, cut: str) -> None:
    k = t.keys
    sence = k[f"{cut}:sence"]
    t.add(sence, k["nat:sence"], "afiliacion")
    t.add(k[f"{cut}:seremi_trabajo"], k["nat:mintrab"], "afiliacion")
    t.add(k[f"{cut}:seremi_economia"], k[f"{cut}:gore"], "alianza")
    t.add(k[f"{cut}:delegacion"], k[f"{cut}:gore"], "alianza")
    t.add(sence, k[f"{cut}:gore"], "alianza")
    for muni_id in reg.loc[reg["tipo_actor"] == "municipio", "id"]:
        if t.rng.random() < 0.85:  # OMIL funded through FOMIL
            t.add(int(muni_id), sence, "financiamiento", 2.0)
    for otec_id in reg.loc[reg["tipo_actor"] == "otec", "id"]:
        if t.rng.random() < 0.55:
            t.add(int(otec_id), sence, "financiamiento", 2.0)


def _alliances(t: Ties, reg: pd.DataFrame, cut: str) -> None:
    k = t.keys
    of = lambda *types: reg[reg["tipo_actor"].isin(types)]  # noqa: E731
    companies = of("empresa")
    for liceo_id, comuna in zip(of("liceo_tp")["id"], of("liceo_tp")["comuna_cut"], strict=True):
        if t.rng.random() < 0.6:
            t.add(int(liceo_id), k[f"{cut}:seremi_educacion"], "alianza")
        local = companies[companies["comuna_cut"] == comuna]
        for company_id in t.pick(local if len(local) else companies, int(t.rng.integers(0, 4))):
            t.add(int(liceo_id), company_id, "alianza")
    _brokers(t, reg, cut)
    _community(t, reg)


def _brokers(t: Ties, reg: pd.DataFrame, cut: str) -> None:
    """Universities, CFT, IP and the big NGOs tie employers, municipalities, unions and the GORE."""
    k = t.keys
    of = lambda *types: reg[reg["tipo_actor"].isin(types)]  # noqa: E731
    employers_assoc, munis = of("asociacion_gremial", "camara", "asociacion_mipyme"), of("municipio")
    brokers = [*of("universidad", "cft", "instituto_profesional")["id"], k[f"{cut}:ong_grande:0"],
               k[f"{cut}:ong_grande:1"]]
    for broker in brokers:
        for partner in t.pick(employers_assoc, 3) + t.pick(munis, 3) + t.pick(of("federacion", "sindicato"), 2):
            t.add(int(broker), partner, "alianza")
        t.add(int(broker), k[f"{cut}:gore"], "alianza")


def _community(t: Ties, reg: pd.DataFrame) -> None:
    """Groups and neighbourhood organizations with their municipality or an NGO; OTEC and cooperatives."""
    of = lambda *types: reg[reg["tipo_actor"].isin(types)]  # noqa: E731
    munis = of("municipio")
    groups = of("organizacion_grupos_excluidos", "junta_vecinos", "organizacion_comunitaria")
    muni_by_comuna = dict(zip(munis["comuna_cut"], munis["id"], strict=True))
    ngos = of("ong", "fundacion")
    for group_id, comuna, tipo in zip(groups["id"], groups["comuna_cut"], groups["tipo_actor"], strict=True):
        roll = t.rng.random()
        if roll < 0.6 and comuna in muni_by_comuna:
            t.add(int(group_id), int(muni_by_comuna[comuna]), "alianza")
        elif roll < 0.85 and tipo == "organizacion_grupos_excluidos":
            for ngo in t.pick(ngos, 1):
                t.add(int(group_id), ngo, "alianza")
    _partners(t, of)


def _partners(t: Ties, of) -> None:  # the region's type filter
    """OTEC with trade associations, cooperatives and NGOs with municipalities."""
    munis, employers_assoc, ngos = of("municipio"), of("asociacion_gremial", "camara", "asociacion_mipyme"), \
        of("ong", "fundacion")
    for otec_id in t.pick(of("otec"), len(of("otec")) // 3):
        for partner in t.pick(employers_assoc, 1):
            t.add(otec_id, partner, "alianza")
    for coop_id in of("cooperativa")["id"]:
        if t.rng.random() < 0.4:
            for partner in t.pick(munis, 1):
                t.add(int(coop_id), partner, "alianza")
    for ngo_id in ngos["id"]:
        if t.rng.random() < 0.5:
            for partner in t.pick(munis, 1):
                t.add(int(ngo_id), partner, "alianza")


def _groups_with_national(t: Ties, orgs: pd.DataFrame) -> None:
    """Some groups work with the public service for their population (SENADIS, INJUV, …)."""
    groups = orgs[orgs["tipo_actor"] == "organizacion_grupos_excluidos"]
    for group_id, grupos in zip(groups["id"], groups["grupos_representados"], strict=True):
        body = cat.GROUP_BODY.get(grupos[0]) if grupos else None
        if body and t.rng.random() < 0.15:
            t.add(int(group_id), t.keys[f"nat:{body}"], "alianza")


def build_relationships(rng: np.random.Generator, orgs: pd.DataFrame, keys: dict[str, int]) -> pd.DataFrame:
    t = Ties(rng, orgs, keys)
    _national(t)
    synthetic_regional = orgs[orgs["escala"] != "nacional"]
    for region in cat.REGIONS:
        reg = synthetic_regional[synthetic_regional["region_cut"] == region.cut]
        reg = reg[~reg["id"].isin([keys["hostil:xss"], keys["hostil:formula"]])]
        _public(t, reg, region.cut)
        _workers(t, reg, region.cut)
        _employers(t, reg, region.cut)
        _alliances(t, reg, region.cut)
    _groups_with_national(t, orgs)
    return t.frame()
