"""Per-region organizations: public bodies, municipalities and synthetic actors.

Counts follow the region's population (a floor plus a population share) and the employers'
activities follow the region's economy (:data:`catalog.RUBRO_BASE` times the region's
multipliers). Unions, federations and trade associations take activities from the same mix so
affiliation chains make sense.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from stakeholders.sample import catalog as cat
from stakeholders.sample.orgs import REGIONAL_SCALE, Builder

MINIMUM = {"camara": 2, "federacion": 3, "asociacion_gremial": 3, "cft": 1, "universidad": 1,
           "instituto_profesional": 1, "ong": 3, "fundacion": 2, "otec": 3, "liceo_tp": 2}
MAX_FEDERATIONS = 12
COASTAL_FISHING = {"15", "01", "02", "03", "04", "05", "08", "14", "10", "11", "12"}


def region_counts(region: cat.Region, total_population: int) -> dict[str, int]:
    """Synthetic organizations of each actor type in a region (largest-remainder rounding)."""
    total = cat.BASE_PER_REGION + round(cat.PER_POPULATION * region.poblacion / total_population)
    shares = {t: s * cat.SECTOR_SHARES[g] for g, types in cat.TYPE_SHARES.items() for t, s in types.items()}
    raw = {t: total * s for t, s in shares.items()}
    counts = {t: int(v) for t, v in raw.items()}
    for t in sorted(raw, key=lambda t: raw[t] - counts[t], reverse=True)[: total - sum(counts.values())]:
        counts[t] += 1
    counts = {t: max(n, MINIMUM.get(t, 0)) for t, n in counts.items()}
    extra = counts["federacion"] - MAX_FEDERATIONS  # one federation per activity at most
    if extra > 0:
        counts["federacion"], counts["sindicato"] = MAX_FEDERATIONS, counts["sindicato"] + extra
    return counts


def rubro_weights(region: cat.Region) -> tuple[list[str], np.ndarray]:
    letters = list(cat.RUBRO_BASE)
    w = np.array([cat.RUBRO_BASE[r] * region.rubro_boost.get(r, 1.0) for r in letters], dtype=float)
    return letters, w / w.sum()


class RegionGenerator:
    """Generates one region's organizations into a shared :class:`Builder`."""

    def __init__(self, b: Builder, region: cat.Region, total_population: int) -> None:
        self.b, self.region, self.total_population = b, region, total_population
        communes = b.communes[(b.communes["region_cut"] == region.cut) & ~b.communes["sin_geometria"]]
        self.codes = communes["comuna_cut"].tolist()
        self.names = dict(zip(communes["comuna_cut"], communes["nombre"], strict=True))
        self.capital = f"{region.cut}101"
        big = set(region.comunas_grandes)
        weights = np.array([
            (1 + 9 * (c == self.capital) + 3 * c.endswith("01") + 6 * (c in big)) * float(np.exp(b.rng.normal(0, 0.5)))
            for c in self.codes
        ])
        self.weights = weights / weights.sum()
        self.letters, self.rubro_p = rubro_weights(region)
        self.companies: dict[str, list[tuple[int, str]]] = {}
        self.key = region.cut

    # -- helpers -------------------------------------------------------------------------------
    def commune(self, tipo: str = "") -> str:
        if tipo in REGIONAL_SCALE and self.b.rng.random() < 0.6:
            return self.capital
        return self.codes[int(self.b.rng.choice(len(self.codes), p=self.weights))]

    def rubro(self) -> str:
        return self.letters[int(self.b.rng.choice(len(self.letters), p=self.rubro_p))]

    def label(self) -> str:
        return f"Región {self.region.nombre}"

    # -- public bodies -------------------------------------------------------------------------
    def public_bodies(self) -> None:
        b, r, cap = self.b, self.region, self.capital
        delegacion = ("Delegación Presidencial de la Región Metropolitana de Santiago" if r.cut == "13"
                      else f"Delegación Presidencial Regional {r.nombre}")
        bodies = [
            ("gore", r.gore, "gobierno_regional"),
            ("delegacion", delegacion, "delegacion_presidencial"),
            ("seremi_trabajo", f"SEREMI del Trabajo y Previsión Social, {self.label()}", "seremi"),
            ("seremi_economia", f"SEREMI de Economía, Fomento y Turismo, {self.label()}", "seremi"),
            ("seremi_educacion", f"SEREMI de Educación, {self.label()}", "seremi"),
            ("sence", f"Dirección Regional de SENCE, {self.label()}", "servicio_publico"),
        ]
        for key, name, tipo in bodies:
            b.add(f"{r.cut}:{key}", name, tipo, "regional", cap, real=True)
        b.add(f"{r.cut}:cut", f"CUT {self.label()}", "central_sindical", "regional", cap, real=True)

    def municipalities(self) -> None:
        for code in self.codes:
            self.b.add(f"{self.region.cut}:muni:{code}", f"Ilustre Municipalidad de {self.names[code]}", "municipio",
                       "local", code, real=True)

    # -- synthetic actors ----------------------------------------------------------------------
    def synthetic(self) -> None:
        counts = region_counts(self.region, self.total_population)
        order = ["camara", "asociacion_gremial", "empresa", "cooperativa", "asociacion_mipyme", "federacion",
                 "sindicato", "asociacion_funcionarios", "otec", "cft", "instituto_profesional", "universidad",
                 "liceo_tp", "ong", "fundacion", "organizacion_grupos_excluidos", "junta_vecinos",
                 "organizacion_comunitaria"]
        self._federation_rubros = self._top_rubros(counts["federacion"])
        for tipo in order:
            for i in range(counts[tipo]):
                getattr(self, f"_{tipo}")(i)

    def _top_rubros(self, n: int) -> list[str]:
        order = np.argsort(-self.rubro_p, kind="stable")
        return [self.letters[i] for i in order[:n]]

    def _add(self, tipo: str, make, comuna: str, key: str | None = None, **kw) -> int:
        name = self.b.unique_name(make)
        escala = "regional" if tipo in REGIONAL_SCALE or kw.pop("regional", False) else "local"
        return self.b.add(key, name, tipo, escala, comuna, **kw)

    def _add_anywhere(self, tipo: str, make, **kw) -> int:  # make(commune) -> name
        """Like ``_add``, but a name already taken is retried in another commune first."""
        for _ in range(25):
            c = self.commune(tipo)
            name = make(c)
            if not self.b.taken(name):
                break
        return self._add(tipo, lambda: name, c, **kw)

    def _camara(self, i: int) -> None:
        b, cap = self.b, self.capital
        if i == 0:
            name = f"Cámara de Comercio, Servicios y Turismo de {self.names[cap]}"
            self._add("camara", lambda: name, cap, f"{self.key}:camara", rubro="G")
            return
        kind, rubro = b.choice((("Comercio", "G"), ("Turismo", "I"), ("la Producción y el Comercio", "G"),
                                ("Comercio Detallista", "G"), ("Comercio y Turismo", "I"),
                                ("Industria y Comercio", "C")))
        self._add_anywhere("camara", lambda c: f"Cámara de {kind} de {self.names[c]}", rubro=rubro)

    def _asociacion_gremial(self, i: int) -> None:
        r = self.rubro() if i >= 2 else self._top_rubros(2)[i]
        noun = self.b.choice(("Productores", "Empresarios", "Pequeños Productores") if r == "A"
                             else ("Empresas", "Empresarios", "Pequeños Empresarios"))
        self._add_anywhere("asociacion_gremial",
                           lambda c: f"Asociación de {noun} {cat.RUBRO_SHORT[r]} de {self.names[c]} A.G.", rubro=r)

    def _empresa(self, _i: int) -> None:
        b, r, c = self.b, self.rubro(), self.commune()
        roots = cat.AQUA_ROOTS if r == "A" and self.region.cut in COASTAL_FISHING and b.rng.random() < 0.4 \
            else cat.COMPANY_ROOTS[r]

        def make() -> str:
            place = f" de {self.names[c]}" if b.rng.random() < 0.3 else ""
            return f"{b.choice(roots)} {b.word()}{place} {b.choice(cat.LEGAL_FORMS)}"

        ident = self._add("empresa", make, c, rubro=r, regional=b.rng.random() < 0.15)
        self.companies.setdefault(r, []).append((ident, self.b.rows[ident - 1]["nombre"]))

    def _cooperativa(self, _i: int) -> None:
        b, c = self.b, self.commune()
        kind, r = b.choice((("Agrícola", "A"), ("Campesina", "A"), ("de Trabajo", "S"), ("de Servicios", "N"),
                            ("de Pescadores", "A"), ("de Vivienda", "F")))
        self._add("cooperativa", lambda: f"Cooperativa {kind} {b.word()} Ltda.", c, rubro=r,
                  grupos=["rurales"] if r == "A" and b.rng.random() < 0.5 else [])

    def _asociacion_mipyme(self, _i: int) -> None:
        b = self.b
        patterns = ("Asociación de Emprendedores y Mipymes de {c}", "Agrupación de Pequeños Comerciantes {w}",
                    "Asociación de Feriantes {w} de {c}", "Red de Microempresarios {w}")
        self._add_anywhere("asociacion_mipyme", lambda c: b.choice(patterns).format(c=self.names[c], w=b.word()),
                           rubro="G", regional=b.rng.random() < 0.2)

    def _federacion(self, i: int) -> None:
        r = self._federation_rubros[i]
        label = self.label()
        self._add("federacion", lambda: f"Federación de Sindicatos {cat.RUBRO_SHORT[r]} de la {label}",
                  self.capital, rubro=r)

    def _sindicato(self, _i: int) -> None:
        b, r = self.b, self.rubro()
        companies = self.companies.get(r, [])
        roll = b.rng.random()
        if companies and roll < 0.6:
            for _ in range(10):  # a company with unions N°1–3 already: try another company
                ident, company = companies[int(b.rng.integers(len(companies)))]
                name = f"Sindicato de Trabajadores N°{int(b.rng.integers(1, 4))} {company.rsplit(' ', 1)[0]}"
                if not b.taken(name):
                    break
            c = b.rows[ident - 1]["comuna_cut"]
            make = lambda: name  # noqa: E731
        elif r == "A" and self.region.cut in COASTAL_FISHING and roll < 0.8:
            c = self.commune()
            make = lambda: f"Sindicato de Pescadores Artesanales {b.word()} de {self.names[c]}"  # noqa: E731
        elif r == "G" and roll < 0.8:
            c = self.commune()
            make = lambda: f"Sindicato de Trabajadores Independientes Feriantes {b.word()} de {self.names[c]}"  # noqa: E731
        else:
            c = self.commune()
            make = lambda: f"Sindicato Interempresa N°{int(b.rng.integers(1, 9))} de Trabajadores {cat.RUBRO_SHORT[r]} de {self.names[c]}"  # noqa: E731, E501
        self._add("sindicato", make, c, rubro=r)

    def _asociacion_funcionarios(self, _i: int) -> None:
        b = self.b
        kind, r = b.choice((("Municipales", "O"), ("de la Salud Municipal", "Q"), ("del Hospital", "Q"),
                            ("de la Educación", "P"), ("del CESFAM", "Q"), ("del DAEM", "P"),
                            ("de la Municipalidad", "O")))
        self._add_anywhere("asociacion_funcionarios", lambda c: f"Asociación de Funcionarios {kind} de {self.names[c]}",
                           rubro=r)

    def _otec(self, _i: int) -> None:
        b, c = self.b, self.commune()
        patterns = ("OTEC {w} Capacitación SpA", "Centro de Capacitación {w} Ltda.", "Capacitación Laboral {w} SpA",
                    "OTEC Formación {w} de {c}", "OTEC {b} {w} SpA", "{b} {w} Capacitación Ltda.")
        brands = cat.TRAINING_BRANDS
        self._add("otec", lambda: b.choice(patterns).format(w=b.word(), c=self.names[c], b=b.choice(brands)), c,
                  regional=b.rng.random() < 0.3)

    def _cft(self, _i: int) -> None:
        c = self.commune("cft")
        self._add("cft", lambda: f"Centro de Formación Técnica {self.b.word()}", c)

    def _instituto_profesional(self, _i: int) -> None:
        c = self.commune("instituto_profesional")
        self._add("instituto_profesional", lambda: f"Instituto Profesional {self.b.word()}", c)

    def _universidad(self, _i: int) -> None:
        c = self.commune("universidad")
        self._add("universidad", lambda: f"Universidad Técnica {self.b.word()}", c)

    def _liceo_tp(self, _i: int) -> None:
        b, c = self.b, self.commune()
        pattern = b.choice(("Liceo Técnico Profesional {w} de {c}", "Liceo Industrial {w}", "Liceo Agrícola {w}",
                            "Liceo Polivalente {w} de {c}"))
        self._add("liceo_tp", lambda: pattern.format(w=b.word(), c=self.names[c]), c)

    def _ong(self, i: int) -> None:
        b = self.b
        if i < 2:  # the two big regional NGOs that every space convenes
            c = self.capital
            self._add("ong", lambda: f"Corporación {b.word()} para el Empleo y el Desarrollo Local", c,
                      f"{self.key}:ong_grande:{i}", regional=True, grupos=self._some_groups(1.0))
            return
        c = self.commune()
        pattern = b.choice(("ONG {w}", "ONG Desarrollo {w}", "Corporación {w} para el Desarrollo Local"))
        self._add("ong", lambda: pattern.format(w=b.word()), c, grupos=self._some_groups(0.6))

    def _fundacion(self, _i: int) -> None:
        c = self.commune("fundacion")
        b = self.b
        self._add("fundacion", lambda: f"Fundación {b.word()}" if b.rng.random() < 0.4
                  else f"Fundación {b.word()} para {b.choice(cat.CAUSES)}", c, grupos=self._some_groups(0.6))

    def _some_groups(self, p: float) -> list[str]:
        if self.b.rng.random() >= p:
            return []
        groups = list(cat.GROUP_NAMES)
        return [groups[int(self.b.rng.integers(len(groups)))]]

    def _group_weights(self) -> dict[str, float]:
        r = self.region
        pueblos = {"09": 0.30, "15": 0.15, "01": 0.15, "14": 0.12, "10": 0.12, "08": 0.10}.get(r.cut, 0.05)
        return {"mujeres": 0.22, "jovenes": 0.14, "personas_con_discapacidad": 0.15, "pueblos_indigenas": pueblos,
                "migrantes": 0.04 * r.migrantes, "personas_mayores": 0.12, "cuidadoras": 0.05,
                "personas_privadas_de_libertad": 0.03, "disidencias_sexogenericas": 0.03,
                "trabajadores_informales": 0.05}

    def _organizacion_grupos_excluidos(self, _i: int) -> None:
        b = self.b
        weights = self._group_weights()
        groups = list(weights)
        p = np.array([weights[g] for g in groups])
        group = groups[int(b.rng.choice(len(groups), p=p / p.sum()))]
        if group == "pueblos_indigenas":
            self._indigenous()
            return
        c = self.commune()
        pattern = b.choice(cat.GROUP_NAMES[group])

        def make() -> str:
            w = b.word() if b.rng.random() < 0.6 else f"de {self.names[c]}"
            return pattern.format(w=w, origen=b.choice(cat.MIGRANT_ORIGINS))

        extra = ["mujeres"] if group != "mujeres" and b.rng.random() < 0.1 else []
        self._add("organizacion_grupos_excluidos", make, c, grupos=[group, *extra], women=group == "mujeres")

    def _indigenous(self) -> None:
        b = self.b
        pueblo = b.choice(self.region.pueblos)
        places = [x for x in cat.PUEBLO_COMUNAS.get(pueblo, ()) if x in self.names]
        c = places[0] if places and b.rng.random() < 0.8 else self.commune()
        label = cat.PUEBLOS[pueblo]
        if pueblo.startswith("mapuche"):
            pattern = b.choice(("Asociación Indígena {m} de {c}", "Comunidad Indígena {m}",
                                "Agrupación de Mujeres {p} {m}"))
        else:
            pattern = b.choice(("Asociación Indígena {p} {w}", "Comunidad {p} {w}", "Agrupación de Mujeres {p} {w}"))

        def make() -> str:
            return pattern.format(m=b.choice(cat.MAPUDUNGUN), c=self.names[c], p=label, w=b.word())

        women = "Mujeres" in pattern
        grupos = ["pueblos_indigenas", "mujeres"] if women else ["pueblos_indigenas"]
        self._add("organizacion_grupos_excluidos", make, c, grupos=grupos, women=women)

    def _junta_vecinos(self, _i: int) -> None:
        b, c = self.b, self.commune()
        self._add("junta_vecinos", lambda: f"Junta de Vecinos {b.word()} N°{int(b.rng.integers(1, 60))}", c)

    def _organizacion_comunitaria(self, _i: int) -> None:
        b = self.b
        pattern = b.choice(("Centro Comunitario {w}", "Centro Cultural {w}", "Comité de Desarrollo Local {w}",
                            "Unión Comunal de Juntas de Vecinos de {c}"))
        self._add_anywhere("organizacion_comunitaria", lambda c: pattern.format(w=b.word(), c=self.names[c]))


def national_bodies(b: Builder, capital: str = "13101") -> None:
    """The real national bodies, in Santiago, with their regional chapters."""
    every = [r.cut for r in cat.REGIONS]
    for key, name, tipo, chapters in cat.NATIONAL_BODIES:
        presencia = every if chapters == cat.ALL else list(chapters)  # type: ignore[arg-type]
        b.add(f"nat:{key}", name, tipo, "nacional", capital, real=True, presencia=presencia,
              rubro=cat.NATIONAL_RUBRO.get(key))


def national_confederations(b: Builder, capital: str = "13101") -> None:
    """Synthetic national confederations by activity (the real CTC, CONFUSAM, ANEF are in the catalogue)."""
    for r in ("A", "C", "F", "G", "H", "I", "K", "N", "P", "S"):
        name = f"Confederación Nacional de Sindicatos {cat.RUBRO_SHORT[r]}"
        b.add(f"nat:conf:{r}", b.unique_name(lambda name=name: name), "confederacion", "nacional", capital,
              rubro=r, presencia=[])


def hostile_organizations(b: Builder) -> None:
    """Two clearly synthetic names that attack HTML rendering and spreadsheet formulas (for security tests)."""
    b.add("hostil:xss", "<script>alert('xss')</script> Sindicato de prueba", "sindicato", "local", "13101",
          rubro="G")
    b.add("hostil:formula", '=HIPERVINCULO("http://x";"Cooperativa de prueba")', "cooperativa", "local", "05101",
          rubro="A")


def build_organizations(rng: np.random.Generator, communes: pd.DataFrame) -> tuple[Builder, dict[str, dict]]:
    """All organizations; returns the builder (rows, keys) and each region's company index."""
    b = Builder(rng=rng, communes=communes)
    total = sum(r.poblacion for r in cat.REGIONS)
    national_bodies(b)
    national_confederations(b)
    companies: dict[str, dict] = {}
    for region in cat.REGIONS:
        gen = RegionGenerator(b, region, total)
        gen.public_bodies()
        gen.municipalities()
        gen.synthetic()
        companies[region.cut] = gen.companies
    hostile_organizations(b)
    return b, companies
