"""Participation spaces of the sample, their members, sessions (2021–2026) and attendance.

Per region: the Consejo Regional de Capacitación (quarterly), a yearly Diálogo Participativo,
a Mesa Regional de Empleabilidad (six sessions a year), a Mesa Público-Privada de Capital Humano
(quarterly) and, from 2023, thematic mesas where the region calls for them (inclusion, mining,
migration, indigenous employability). Nationally, SENCE's COSOC (quarterly).

As SENCE found in the field, the same few actors are convened to everything: in every region
the CUT chapter, the main chamber of commerce and two large NGOs sit in every space and attend
almost every session (:func:`over_convened`), while most organizations come once a year to the
dialogue, if at all. Conveners (chair, technical secretary) are recorded with those roles so the
fatigue measure can leave them out.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import numpy as np
import pandas as pd

from stakeholders.sample import catalog as cat

START_YEAR, END = 2021, date(2026, 10, 31)
YEARS = range(START_YEAR, END.year + 1)
TERMS = ((date(2021, 1, 1), date(2022, 12, 31)), (date(2023, 1, 1), date(2024, 12, 31)),
         (date(2025, 1, 1), None))
ATTEND_P = {"presidencia": 0.95, "secretaria_tecnica": 0.95, "convocante": 0.95, "integrante": 0.65,
            "invitado": 0.4, "frecuente": 0.93}
CONSEJO_MONTHS, MESA_EMP_MONTHS, QUARTERLY = (3, 6, 9, 12), (3, 4, 6, 7, 9, 11), (4, 6, 8, 10)
INCLUSION, MINING, MIGRATION, INDIGENOUS = ("13", "05", "08", "09", "10"), ("01", "02", "03"), \
    ("15", "01", "02", "13"), ("09",)


def over_convened(keys: dict[str, int], region_cut: str) -> list[int]:
    """The organizations planted as over-convened in a region."""
    return [keys[f"{region_cut}:{k}"] for k in ("cut", "camara", "ong_grande:0", "ong_grande:1")]


@dataclass
class Spaces:
    rng: np.random.Generator
    spaces: list[dict] = field(default_factory=list)
    members: list[dict] = field(default_factory=list)
    events: list[dict] = field(default_factory=list)
    attendance: list[tuple[int, int]] = field(default_factory=list)

    def space(self, nombre: str, tipo: str, region: str | None, descripcion: str) -> int:
        ident = len(self.spaces) + 1
        comuna = f"{region}101" if region else None
        self.spaces.append({"id": ident, "nombre": nombre, "tipo": tipo, "region_cut": region, "comuna_cut": comuna,
                            "descripcion": descripcion})
        return ident

    def member(self, space: int, org: int, rol: str, desde: date, hasta: date | None = None) -> None:
        self.members.append({"id": len(self.members) + 1, "espacio_id": space, "organizacion_id": org, "rol": rol,
                             "desde": desde, "hasta": hasta})

    def sessions(self, space: int, months: tuple[int, ...], label: str, first_year: int = START_YEAR) -> list[dict]:
        out = []
        for year in YEARS:
            if year < first_year:
                continue
            for n, month in enumerate(months, start=1):
                day = date(year, month, int(self.rng.integers(5, 26)))
                if day <= END:
                    out.append(self._event(space, f"{label} {n}/{year}", day))
        return out

    def _event(self, space: int, nombre: str, fecha: date) -> dict:
        event = {"id": len(self.events) + 1, "espacio_id": space, "nombre": nombre, "fecha": fecha}
        self.events.append(event)
        return event

    def attend(self, space: int, events: list[dict], frequent: set[int], guests: list[int] | None = None) -> None:
        """Members attend their space's sessions while their membership lasts; guests now and then."""
        mine = [m for m in self.members if m["espacio_id"] == space]
        for event in events:
            present: set[int] = set()
            for m in mine:
                if m["desde"] <= event["fecha"] and (m["hasta"] is None or event["fecha"] <= m["hasta"]):
                    p = ATTEND_P["frecuente"] if m["organizacion_id"] in frequent else ATTEND_P[m["rol"]]
                    if self.rng.random() < p:
                        present.add(m["organizacion_id"])
            if guests:
                for g in self.rng.choice(guests, size=min(len(guests), int(self.rng.integers(0, 3))), replace=False):
                    present.add(int(g))
            self.attendance.extend((event["id"], org) for org in sorted(present))


class RegionSpaces:
    def __init__(self, s: Spaces, orgs: pd.DataFrame, keys: dict[str, int], region: cat.Region) -> None:
        self.s, self.keys, self.region, self.cut = s, keys, region, region.cut
        self.reg = orgs[(orgs["region_cut"] == region.cut) & (orgs["escala"] != "nacional")]
        self.frequent = set(over_convened(keys, region.cut))
        self.sence = keys[f"{self.cut}:sence"]

    def k(self, name: str) -> int:
        return self.keys[f"{self.cut}:{name}"]

    def pick(self, n: int, *types: str, where: pd.Series | None = None) -> list[int]:
        pool = self.reg[self.reg["tipo_actor"].isin(types)]
        if where is not None:
            pool = pool[where.reindex(pool.index, fill_value=False)]
        pool = pool[~pool["id"].isin(self.frequent)]
        n = min(n, len(pool))
        return [int(i) for i in self.s.rng.choice(pool["id"].to_numpy(), size=n, replace=False)] if n else []

    def guests(self) -> list[int]:
        return [int(i) for i in self.reg["id"]]

    def consejo(self) -> None:
        s, label = self.s, f"Región {self.region.nombre}"
        sp = s.space(f"Consejo Regional de Capacitación, {label}", "consejo", self.cut,
                     "Consejo tripartito asesor del Gobierno Regional (Ley 19.518, DS 98/1997).")
        start = TERMS[0][0]
        s.member(sp, self.k("gore"), "presidencia", start)
        s.member(sp, self.sence, "secretaria_tecnica", start)
        for org in (self.k("seremi_trabajo"), self.k("seremi_economia"), self.k("cut"), self.k("camara")):
            s.member(sp, org, "integrante", start)
        for org in (self.k("ong_grande:0"), self.k("ong_grande:1")):  # civil society, invited every time
            s.member(sp, org, "invitado", start)
        for desde, hasta in TERMS:  # rotating seats: one federation, one trade association per term
            for org in self.pick(1, "federacion") + self.pick(1, "asociacion_gremial"):
                s.member(sp, org, "integrante", desde, hasta)
        s.attend(sp, s.sessions(sp, CONSEJO_MONTHS, "Sesión ordinaria"), self.frequent)

    def dialogue(self) -> None:
        s = self.s
        sp = s.space(f"Diálogo Participativo SENCE, Región {self.region.nombre}", "dialogo_participativo", self.cut,
                     "Diálogo anual abierto a las organizaciones de la región (Ley 20.500).")
        s.member(sp, self.sence, "convocante", TERMS[0][0])
        weight = self.reg["sector_tripartito"].map({"sociedad_civil": 2.0, "trabajadores": 1.0, "empleadores": 0.7,
                                                    "gobierno": 1.2}).to_numpy()
        ids = self.reg["id"].to_numpy()
        size = int(np.clip(12 + len(self.reg) // 40, 15, 70))
        for year in YEARS:
            day = date(year, int(s.rng.integers(4, 11)), int(s.rng.integers(5, 26)))
            event = s._event(sp, f"Diálogo Participativo {year}", day)
            chosen = set(int(i) for i in s.rng.choice(ids, size=size, replace=False, p=weight / weight.sum()))
            chosen |= {o for o in self.frequent if s.rng.random() < ATTEND_P["frecuente"]}
            chosen.add(self.sence)
            s.attendance.extend((event["id"], org) for org in sorted(chosen))

    def mesa(self, nombre: str, descripcion: str, months: tuple[int, ...], chair: int,
             members: list[int], first_year: int = START_YEAR, secretary: int | None = None,
             invited: tuple[int, ...] = ()) -> None:
        s = self.s
        sp = s.space(f"{nombre}, Región {self.region.nombre}", "mesa", self.cut, descripcion)
        start = date(first_year, 1, 1)
        s.member(sp, chair, "presidencia", start)
        if secretary is not None:
            s.member(sp, secretary, "secretaria_tecnica", start)
        for org in dict.fromkeys(members):
            if org not in (chair, secretary):
                s.member(sp, org, "integrante", start)
        for org in invited:
            s.member(sp, org, "invitado", start)
        s.attend(sp, s.sessions(sp, months, "Reunión", first_year), self.frequent, self.guests())

    def mesas(self) -> None:
        f, k = self.frequent, self.k
        self.mesa("Mesa Regional de Empleabilidad", "Coordinación de la oferta pública de empleo con OMIL y actores.",
                  MESA_EMP_MONTHS, self.sence,
                  [*f, k(f"muni:{self.cut}101"), *self.pick(3, "municipio"), *self.pick(2, "otec"),
                   *self.pick(1, "liceo_tp"), *self.pick(1, "organizacion_grupos_excluidos")],
                  invited=(k("seremi_trabajo"),))
        self.mesa("Mesa Público-Privada de Capital Humano", "Brechas de capital humano de la estrategia regional.",
                  QUARTERLY, k("seremi_economia"),
                  [*f, *self.pick(3, "asociacion_gremial"),
                   *self.pick(2, "empresa", where=self.reg["escala"] == "regional"), *self.pick(1, "cft"),
                   *self.pick(1, "universidad"), *self.pick(1, "instituto_profesional")],
                  secretary=self.sence)
        groups = self.reg["grupos_representados"]
        has = lambda g: groups.map(lambda gs: g in gs)  # noqa: E731
        nat = lambda key: self.keys[f"nat:{key}"]  # noqa: E731
        if self.cut in INCLUSION:
            self.mesa("Mesa de Inclusión Laboral", "Empleo de personas con discapacidad y otros grupos excluidos.",
                      QUARTERLY, self.sence,
                      [*f, nat("senadis"), *self.pick(4, "organizacion_grupos_excluidos"), *self.pick(1, "fundacion")],
                      first_year=2023)
        if self.cut in MINING:
            self.mesa("Mesa de Capital Humano Minero", "Formación para la minería y sus proveedores.", QUARTERLY,
                      self.sence, [*f, k("seremi_economia"), nat("ctc"), *self.pick(2, "sindicato",
                                   where=self.reg["rubro"] == "B"), *self.pick(1, "cft")], first_year=2023)
        if self.cut in MIGRATION:
            self.mesa("Mesa de Migración y Trabajo", "Inserción laboral de personas migrantes.", QUARTERLY,
                      self.sence, [*f, nat("migraciones"), nat("sjm"), k(f"muni:{self.cut}101"),
                                   *self.pick(4, "organizacion_grupos_excluidos", where=has("migrantes"))],
                      first_year=2023)
        if self.cut in INDIGENOUS:
            self.mesa("Mesa de Empleabilidad Indígena", "Empleo y emprendimiento de personas y comunidades indígenas.",
                      QUARTERLY, self.sence,
                      [*f, nat("conadi"),
                       *self.pick(5, "organizacion_grupos_excluidos", where=has("pueblos_indigenas"))],
                      first_year=2023)


def cosoc(s: Spaces, orgs: pd.DataFrame, keys: dict[str, int]) -> None:
    sp = s.space("Consejo de la Sociedad Civil (COSOC) de SENCE", "cosoc", None,
                 "Consejo consultivo de la sociedad civil de SENCE (Ley 20.500).")
    start = TERMS[0][0]
    s.member(sp, keys["nat:sence"], "secretaria_tecnica", start)
    for key in ("hogar", "emplea", "tph", "descubreme", "comunidadmujer", "fsp", "sjm", "cut", "cat", "conapyme",
                "multigremial"):
        s.member(sp, keys[f"nat:{key}"], "integrante", start)
    groups = orgs[orgs["tipo_actor"] == "organizacion_grupos_excluidos"]["id"].to_numpy()
    for desde, hasta in TERMS:  # regional seats, two-year terms without re-election
        for org in s.rng.choice(groups, size=4, replace=False):
            s.member(sp, int(org), "integrante", desde, hasta)
    s.attend(sp, s.sessions(sp, (3, 6, 9, 11), "Sesión"), set())


def build_participation(rng: np.random.Generator, orgs: pd.DataFrame, keys: dict[str, int]) -> dict[str, pd.DataFrame]:
    s = Spaces(rng)
    cosoc(s, orgs, keys)
    for region in cat.REGIONS:
        rs = RegionSpaces(s, orgs, keys, region)
        rs.consejo()
        rs.dialogue()
        rs.mesas()
    attendance = pd.DataFrame(s.attendance, columns=["evento_id", "organizacion_id"]).drop_duplicates()
    attendance.insert(0, "id", range(1, len(attendance) + 1))
    return {
        "spaces": pd.DataFrame(s.spaces),
        "memberships": pd.DataFrame(s.members),
        "events": pd.DataFrame(s.events),
        "attendance": attendance,
    }
