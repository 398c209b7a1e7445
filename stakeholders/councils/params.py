"""Council parameters: everything a planner can set, with the defaults the field work suggests.

One frozen dataclass so a proposal's parameters can be stored verbatim in its record
(``to_dict``/``from_dict`` round-trip) and a re-run with the same record gives the same council.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import Any

from i18n import t
from stakeholders.errors import InputError

# Seat categories in display order; the inclusion seats are filled from civil society.
SEAT_SECTORS: tuple[str, ...] = ("gobierno", "empleadores", "trabajadores", "sociedad_civil")
SEAT_CODES: dict[str, str] = {"G": "gobierno", "E": "empleadores", "T": "trabajadores", "I": "sociedad_civil"}
DEFAULT_SEATS: dict[str, int] = {"gobierno": 3, "empleadores": 3, "trabajadores": 3, "sociedad_civil": 2}
# Sectors whose seats follow the region's productive structure (largest remainder over rubros).
PRODUCTIVE_SECTORS: tuple[str, ...] = ("empleadores", "trabajadores")
# Civil-society actor types that may take an inclusion seat even without a declared excluded group.
TRAINING_TYPES: frozenset[str] = frozenset({"otec", "cft", "instituto_profesional", "universidad", "liceo_tp"})

DEFAULT_WEIGHTS: dict[str, float] = {"tamano": 0.3, "alcance": 0.3, "intermediacion": 0.2, "cobertura": 0.2}
MODES: tuple[str, ...] = ("optimizar", "sorteo")


@dataclass(frozen=True)
class CouncilParams:
    """What the planner asks for; every field is shown in the record and the exports."""

    seats: dict[str, int] = field(default_factory=lambda: dict(DEFAULT_SEATS))
    gender_rule: str = "maximo"  # "maximo": no sex above max_share; "paridad": |F - M| <= 1
    max_share: float = 0.6
    province_coverage: bool = True  # as many provinces as possible (all when seats allow)
    sector_province_cover: tuple[str, ...] = ()  # sectors that need >= 1 seat in every province
    productive_structure: bool = True
    sector_shares: dict[str, float] | None = None  # rubro -> share; None = registry's own mix
    inclusion_min: int = 1  # members representing groups at risk of labour exclusion
    group_quotas: dict[str, int] = field(default_factory=dict)  # group -> minimum members
    fatigue_override: dict[int, str] = field(default_factory=dict)  # fatigued id -> reason
    max_carry_share: float = 0.5
    previous_members: tuple[int, ...] = ()
    one_per_parent: bool = True
    must_include: dict[int, str] = field(default_factory=dict)  # id -> reason
    must_exclude: dict[int, str] = field(default_factory=dict)  # id -> reason
    weights: dict[str, float] = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    alternates_per_seat: int = 1
    panels: int = 1000  # lottery: equally likely panels after rounding

    @property
    def total_seats(self) -> int:
        return int(sum(self.seats.values()))

    def validate(self) -> None:
        """Raise ``ValueError`` in Spanish for requests that make no sense before any solving."""
        for sector, k in self.seats.items():
            if sector not in SEAT_SECTORS:
                raise InputError(t("consejo.error_sector", sector=sector))
            if int(k) < 0:
                raise InputError(t("consejo.error_asientos_negativos", sector=sector))
        if self.total_seats <= 0:
            raise InputError(t("consejo.error_sin_asientos"))
        if self.gender_rule not in ("maximo", "paridad"):
            raise InputError(t("consejo.error_regla_genero", regla=self.gender_rule))
        if not 0.5 <= self.max_share <= 1:
            raise InputError(t("consejo.error_maximo_genero"))
        if not 0 <= self.max_carry_share <= 1:
            raise InputError(t("consejo.error_continuidad"))
        if self.panels < 1:
            raise InputError(t("consejo.error_paneles"))
        self._validate_overrides()

    def _validate_overrides(self) -> None:
        """Every override needs a written reason: it is what makes the proposal non-discretionary."""
        for kind, overrides in (("incluir", self.must_include), ("excluir", self.must_exclude),
                                ("fatiga", self.fatigue_override)):
            for org_id, reason in overrides.items():
                if not str(reason or "").strip():
                    raise InputError(t("consejo.error_motivo", id=org_id, tipo=kind))
        both = set(self.must_include) & set(self.must_exclude)
        if both:
            raise InputError(t("consejo.error_incluir_excluir", ids=", ".join(map(str, sorted(both)))))

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly (int keys become strings; tuples become lists)."""
        out = asdict(self)
        for key in ("fatigue_override", "must_include", "must_exclude"):
            out[key] = {str(k): v for k, v in getattr(self, key).items()}
        out["previous_members"] = [int(v) for v in self.previous_members]
        out["sector_province_cover"] = list(self.sector_province_cover)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> CouncilParams:
        data = dict(data)
        for key in ("fatigue_override", "must_include", "must_exclude"):
            data[key] = {int(k): str(v) for k, v in (data.get(key) or {}).items()}
        data["previous_members"] = tuple(int(v) for v in data.get("previous_members") or ())
        data["sector_province_cover"] = tuple(data.get("sector_province_cover") or ())
        known = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in data.items() if k in known})

    def with_(self, **changes: Any) -> CouncilParams:
        return replace(self, **changes)


def parse_seats(text: str) -> dict[str, int]:
    """``"3,3,3,2"`` (G,E,T,I) or ``"G=3,E=3,T=3,I=2"`` → seats per sector."""
    parts = [p.strip() for p in str(text).split(",") if p.strip()]
    codes = list(SEAT_CODES)
    out: dict[str, int] = {}
    try:
        if all("=" in p for p in parts):
            for p in parts:
                code, value = (s.strip().upper() for s in p.split("=", 1))
                out[SEAT_CODES[code]] = int(value)
        elif len(parts) == len(codes):
            out = {SEAT_CODES[c]: int(v) for c, v in zip(codes, parts, strict=True)}
        else:
            raise ValueError
    except (KeyError, ValueError):
        raise InputError(t("consejo.error_formato_asientos", valor=text)) from None
    return {s: out.get(s, 0) for s in SEAT_SECTORS}
