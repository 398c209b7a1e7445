"""Population per region for the "per 100 000 inhabitants" rates, and the importer of a commune table.

Shipped: INE's Censo 2017 count per region (``stakeholders/data/poblacion/``, see its
``SOURCES.md``). Nothing is downloaded: a newer table (INE's official projections, or the
2017 census per commune) is imported from a CSV file that follows the template; regions are
then the sum of their communes, and the page says which year and source it uses.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from i18n import t
from stakeholders.errors import ImportFileError, RowInputError
from stakeholders.tabular.read import cell_text, read_csv_frame

DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "poblacion"
REGIONS_FILE = DATA_DIR / "censo2017_regiones.csv"
TEMPLATE_FILE = DATA_DIR / "plantilla_poblacion_comunal.csv"
REQUIRED = ("comuna_cut", "poblacion")


@dataclass(frozen=True)
class Population:
    """Inhabitants per region (index ``region_cut``), optionally per commune, with year and source."""

    regions: pd.Series
    year: int
    source: str
    communes: pd.Series | None = None

    def note(self) -> str:
        return t("comparar.poblacion_nota", anio=self.year, fuente=self.source)


def census_2017() -> Population:
    """The shipped table: Censo 2017 (INE), population counted per region."""
    frame = pd.read_csv(REGIONS_FILE, dtype={"region_cut": str})
    series = frame.set_index("region_cut")["poblacion"].astype("int64")
    return Population(series, 2017, t("comparar.fuente_censo2017"))


def template_csv() -> bytes:
    """The importer's template (UTF-8 with BOM, opens in Excel Chile)."""
    return ("\ufeff" + TEMPLATE_FILE.read_text(encoding="utf-8")).encode("utf-8")


def _population(value: str, line: int, path: str) -> int:
    digits = value.strip().replace(".", "").replace(" ", "").replace("\u00a0", "")
    if not digits.isdigit():
        raise RowInputError(t("comparar.error_poblacion", archivo=path, fila=line, valor=value))
    return int(digits)


def read_commune_population(path: str | Path, communes: pd.DataFrame) -> Population:
    """Read a commune table (``comuna_cut``, ``poblacion``, optional ``anio``, ``fuente``).

    ``communes`` is the territory (``comuna_cut``, ``region_cut``): unknown codes are an error
    naming the file and row. Codes without the leading zero are accepted ("5101" → "05101").
    """
    frame = read_csv_frame(Path(path).read_bytes(), str(path)).frame
    missing = [c for c in REQUIRED if c not in frame.columns]
    if missing:
        raise ImportFileError(t("comparar.error_columnas", archivo=path, columnas=", ".join(missing)))
    region_of = dict(zip(communes["comuna_cut"], communes["region_cut"], strict=True))
    values: dict[str, int] = {}
    years: set[str] = set()
    sources: set[str] = set()
    for line, row in enumerate(frame.to_dict("records"), start=2):
        raw_code = cell_text(row.get("comuna_cut"))
        code = raw_code.zfill(5)
        if code not in region_of:
            raise RowInputError(t("comparar.error_comuna", archivo=path, fila=line, valor=raw_code))
        values[code] = _population(cell_text(row.get("poblacion")), line, str(path))
        years.add(cell_text(row.get("anio")))
        sources.add(cell_text(row.get("fuente")))
    by_commune = pd.Series(values, dtype="int64").sort_index()
    by_region = by_commune.groupby(by_commune.index.map(region_of)).sum().astype("int64")
    year = next((int(y) for y in sorted(years) if y.isdigit()), 0)
    source = "; ".join(sorted(s for s in sources if s)) or Path(path).name
    return Population(by_region, year, source, by_commune)
