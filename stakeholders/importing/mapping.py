"""Which column of a user's file feeds which registry field, and how its values translate.

A raw public file (the union registry, a school directory) rarely uses our headers. The importer
proposes a mapping from the header spellings it knows (:mod:`.headers`); the Datos page lets the
user correct it (each file column → a field or "no usar") and translate values ("SINDICATO
EMPRESA" → ``sindicato``), and remembers it per file layout. Columns left unused are listed in
the report, never dropped silently. ``Socios`` and ``Socias`` together make ``n_miembros`` (their
sum). Pure functions of headers and frames: no Streamlit, no database.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import pandas as pd

from stakeholders.importing.headers import TABLE_COLUMNS, canonical_header
from stakeholders.registry.schema import EXPORT_EXTRA
from stakeholders.registry.values import parse_count
from stakeholders.vocab import fold

MEMBERS = "n_miembros"
# Header spellings (folded) of the two halves of a membership count, as the union registry splits it.
MEN = {"socios", "n socios", "numero de socios", "cantidad de socios", "socios hombres"}
WOMEN = {"socias", "n socias", "numero de socias", "cantidad de socias", "socias mujeres"}
IGNORED = {"error", "_fila"}  # the rejected-rows file's own column, and our row numbers


@dataclass
class ColumnMapping:
    """File header → registry field (None: not used), per field file value → registry value, and
    fields the file lacks set to one value for every row (the union registry has no ``escala``)."""

    columns: dict[str, str | None]
    values: dict[str, dict[str, str]] = field(default_factory=dict)
    constants: dict[str, str] = field(default_factory=dict)

    def used(self) -> dict[str, str]:
        return {h: f for h, f in self.columns.items() if f}

    def unused(self) -> list[str]:
        return [h for h, f in self.columns.items() if not f and fold(h) not in IGNORED and h not in IGNORED]

    def sums_members(self) -> list[str]:
        """Headers summed into ``n_miembros`` (two or more: e.g. Socios + Socias)."""
        found = [h for h, f in self.columns.items() if f == MEMBERS]
        return found if len(found) > 1 else []

    def to_json(self) -> dict[str, object]:
        return {"columns": dict(self.columns), "values": {k: dict(v) for k, v in self.values.items()},
                "constants": dict(self.constants)}

    @classmethod
    def from_json(cls, data: dict[str, object]) -> ColumnMapping:
        columns = dict(data.get("columns") or {})  # type: ignore[call-overload]  # JSON object
        values = dict(data.get("values") or {})  # type: ignore[call-overload]  # JSON object
        constants = dict(data.get("constants") or {})  # type: ignore[call-overload]  # JSON object
        return cls(columns, {str(k): dict(v) for k, v in values.items()},
                   {str(k): str(v) for k, v in constants.items()})


def fields_of(kind: str) -> list[str]:
    """Registry fields a column of a ``kind`` table may feed (the choices of the mapping step)."""
    extra = EXPORT_EXTRA if kind == "organizaciones" else []
    return [*TABLE_COLUMNS[kind], *[c for c in extra if c not in TABLE_COLUMNS[kind]]]


def layout_key(headers: Iterable[object]) -> str:
    """A stable key for a file layout (its folded headers in order), to remember its mapping."""
    joined = "|".join(fold(str(h)) for h in headers)
    return hashlib.sha256(joined.encode("utf-8")).hexdigest()[:32]


def propose(headers: Iterable[object], kind: str = "organizaciones") -> ColumnMapping:
    """The mapping the importer would use on its own: known spellings mapped, the rest unused."""
    allowed = set(fields_of(kind))
    columns: dict[str, str | None] = {}
    taken: set[str] = set()
    heads = [str(h) for h in headers]
    folded = {h: fold(h) for h in heads}
    split_members = kind == "organizaciones" and any(f in MEN for f in folded.values()) and any(
        f in WOMEN for f in folded.values())
    for header in heads:
        if split_members and (folded[header] in MEN or folded[header] in WOMEN):
            columns[header] = MEMBERS
            continue
        canon = canonical_header(header, kind)
        if canon in allowed and canon not in taken:
            columns[header] = canon
            taken.add(canon)
        else:
            columns[header] = None
    if split_members and MEMBERS in taken:  # an explicit total wins over the halves
        for header in heads:
            if folded[header] in MEN | WOMEN:
                columns[header] = None
    return ColumnMapping(columns)


def _sum_counts(parts: list[pd.Series]) -> pd.Series:
    def add(values: tuple[object, ...]) -> str:
        texts = ["" if v is None or (isinstance(v, float) and pd.isna(v)) else str(v).strip() for v in values]
        if not any(texts):
            return ""
        try:
            return str(sum(parse_count(v) or 0 for v in texts))
        except ValueError:
            return " + ".join(x for x in texts if x)  # the validator reports the bad number
    return pd.Series([add(v) for v in zip(*parts, strict=True)], index=parts[0].index, dtype=object)


def apply_columns(frame: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """``frame`` under registry field names: unused columns dropped, ``n_miembros`` halves summed."""
    out = pd.DataFrame(index=frame.index)
    summed = mapping.sums_members()
    for header, target in mapping.used().items():
        if header not in frame.columns or target in out.columns:
            continue
        if target == MEMBERS and summed:
            out[MEMBERS] = _sum_counts([frame[h] for h in summed if h in frame.columns])
        else:
            out[target] = frame[header]
    for extra in ("latitud", "longitud"):  # geometry coordinates added by the geo reader
        if extra in frame.columns and extra not in out.columns and extra not in mapping.columns:
            out[extra] = frame[extra]
    for target, value in mapping.constants.items():
        if target not in out.columns or not out[target].astype(str).str.strip().any():
            out[target] = value
    return out


def apply_values(frame: pd.DataFrame, mapping: ColumnMapping) -> pd.DataFrame:
    """Translate values of mapped fields (compared without case or accents): "SINDICATO EMPRESA" → sindicato."""
    out = frame.copy()
    for target, table in mapping.values.items():
        if target not in out.columns or not table:
            continue
        lookup = {fold(k): v for k, v in table.items()}
        out[target] = [lookup.get(fold(v), v) if isinstance(v, str) and v else v for v in out[target].tolist()]
    return out


def unknown_values(frame: pd.DataFrame, header: str, parse: Callable[[str], object], limit: int = 30) -> list[str]:
    """Values of a file column that the field's vocabulary does not recognise (to be translated)."""
    return [v for v in distinct_values(frame, header, limit=500) if parse(v) is None][:limit]


def distinct_values(frame: pd.DataFrame, header: str, limit: int = 50) -> list[str]:
    """The most frequent values of one file column (what the value-mapping step shows)."""
    if header not in frame.columns:
        return []
    values = frame[header].astype(str).str.strip()
    return values[values != ""].value_counts().head(limit).index.tolist()
