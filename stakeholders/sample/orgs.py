"""Organizations of the sample: real national and regional bodies, municipalities, synthetic actors.

Every synthetic organization gets a valid, unique RUT in a plausible range, a commune, a point
near the commune's representative point (checked later by :mod:`.places`), a gender for its
(fictional) representative and contact data on ``example.cl`` sub-domains with phone numbers whose
local part starts with 0 (never assigned to a subscriber in Chile). Real bodies get no RUT,
contacts or member counts: the sample invents nothing about real organizations.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from stakeholders.rut import format_rut
from stakeholders.sample import catalog as cat
from stakeholders.vocab import fold, sector_of

ORG_FIELDS = [
    "id", "id_externo", "nombre", "rut", "sector_tripartito", "tipo_actor", "escala", "region_cut",
    "provincia_cut", "comuna_cut", "regiones_presencia", "latitud", "longitud", "rubro",
    "grupos_representados", "genero_representante", "n_miembros", "email", "telefono",
]
SECTOR_OF_GROUP = {"empleadores": "empleadores", "trabajadores": "trabajadores", "formacion": "sociedad_civil",
                   "social": "sociedad_civil"}
GENDER_MIX = {  # F, M, X, ND
    "gobierno": (0.42, 0.53, 0.0, 0.05), "empleadores": (0.28, 0.64, 0.005, 0.075),
    "trabajadores": (0.38, 0.56, 0.01, 0.05), "sociedad_civil": (0.56, 0.37, 0.02, 0.05),
}
RUT_RANGES = {
    "company": (76_000_000, 77_999_999), "union": (73_000_000, 75_999_999),
    "nonprofit": (65_000_000, 65_999_999), "education": (71_000_000, 72_999_999),
}
RUT_KIND = {"empresa": "company", "otec": "company", "cooperativa": "company", "sindicato": "union",
            "federacion": "union", "confederacion": "union", "asociacion_funcionarios": "union",
            "cft": "education", "instituto_profesional": "education", "universidad": "education"}
REGIONAL_SCALE = {"asociacion_gremial", "camara", "federacion", "cft", "instituto_profesional", "universidad",
                  "fundacion", "asociacion_funcionarios"}
# log-normal (mu, sigma, min, max) of n_miembros by type; None = not meaningful.
MEMBERS = {
    "empresa": (3.2, 1.3, 1, 20_000), "asociacion_gremial": (3.8, 0.8, 8, 400), "camara": (4.5, 0.8, 20, 900),
    "cooperativa": (3.5, 1.0, 8, 600), "asociacion_mipyme": (3.6, 0.8, 10, 500), "sindicato": (4.0, 1.0, 8, 2_500),
    "federacion": (7.5, 0.8, 300, 15_000), "confederacion": (9.5, 0.6, 3_000, 60_000),
    "asociacion_funcionarios": (4.3, 0.9, 15, 1_200), "otec": (2.3, 0.8, 2, 120), "ong": (3.0, 0.9, 5, 400),
    "fundacion": (3.5, 0.9, 8, 500), "organizacion_grupos_excluidos": (3.4, 0.8, 8, 400),
    "junta_vecinos": (4.9, 0.7, 30, 1_500), "organizacion_comunitaria": (3.5, 0.8, 10, 400),
}


def slug(text: str, length: int = 28) -> str:
    """ASCII, lowercase, hyphenated: for synthetic e-mail domains."""
    s = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    s = re.sub(r"[^a-z0-9]+", "-", s).strip("-")
    return s[:length].strip("-") or "org"


@dataclass
class Builder:
    """Accumulates organization rows; owns the random generator and the uniqueness checks."""

    rng: np.random.Generator
    communes: pd.DataFrame  # commune_table() rows with geometry
    rows: list[dict] = field(default_factory=list)
    keys: dict[str, int] = field(default_factory=dict)
    _names: set[str] = field(default_factory=set)
    _ruts: set[int] = field(default_factory=set)

    def choice(self, options: tuple | list, p: list[float] | np.ndarray | None = None):
        return options[int(self.rng.choice(len(options), p=p))]

    def word(self) -> str:
        return self.choice(cat.WORDS)

    def taken(self, name: str) -> bool:
        return fold(name) in self._names

    def unique_name(self, make) -> str:  # a zero-argument callable
        for _ in range(25):
            name = make()
            if fold(name) not in self._names:
                break
        else:
            base, k = name, 2
            while fold(name) in self._names:
                name, k = f"{base} {k}", k + 1
        self._names.add(fold(name))
        return name

    def rut(self, kind: str) -> str:
        low, high = RUT_RANGES[kind]
        while True:
            body = int(self.rng.integers(low, high + 1))
            if body not in self._ruts:
                self._ruts.add(body)
                return format_rut(body)

    def gender(self, sector: str, women_group: bool = False) -> str:
        p = (0.95, 0.02, 0.01, 0.02) if women_group else GENDER_MIX[sector]
        return self.choice(("F", "M", "X", "ND"), p=np.array(p) / sum(p))

    def members(self, tipo: str) -> int | None:
        spec = MEMBERS.get(tipo)
        if spec is None:
            return None
        mu, sigma, low, high = spec
        return int(np.clip(round(float(np.exp(self.rng.normal(mu, sigma)))), low, high))

    def contact(self, name: str) -> tuple[str, str]:
        email = f"contacto@{slug(name)}.example.cl"
        area = "9" if self.rng.random() < 0.6 else "2"
        digits = f"{int(self.rng.integers(0, 10_000_000)):07d}"
        return email, f"+56 {area} 0{digits[:3]} {digits[3:]}"

    def add(self, key: str | None, nombre: str, tipo: str, escala: str, comuna: str, *, real: bool = False,
            rubro: str | None = None, grupos: list[str] | None = None, presencia: list[str] | None = None,
            women: bool = False) -> int:
        sector = sector_of(tipo)
        ident = len(self.rows) + 1
        self._names.add(fold(nombre))
        email, phone = (None, None) if real else self.contact(nombre)
        kind = RUT_KIND.get(tipo, "nonprofit")
        row = {
            "id": ident, "id_externo": f"ejemplo-{ident:05d}", "nombre": nombre,
            "rut": None if real or sector == "gobierno" else self.rut(kind),
            "sector_tripartito": sector, "tipo_actor": tipo, "escala": escala, "region_cut": comuna[:2],
            "provincia_cut": comuna[:3], "comuna_cut": comuna, "regiones_presencia": presencia or [],
            "latitud": None, "longitud": None, "rubro": rubro, "grupos_representados": grupos or [],
            "genero_representante": self.gender(sector, women), "n_miembros": None if real else self.members(tipo),
            "email": email, "telefono": phone,
        }
        self.rows.append(row)
        if key:
            self.keys[key] = ident
        return ident
