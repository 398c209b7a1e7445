"""Export the registry: CSV (two dialects), XLSX, GeoJSON and GeoPackage, optionally by region.

Spreadsheets are written by :mod:`stakeholders.tabular.write` (BOM, «CSV para Excel (Chile)»,
Sí/No, rounding, formula neutralisation of cells and headers); the importer strips the
neutralising apostrophe again, so export → import round-trips to the same registry in every
format. Geographic exports are EPSG:4326 points.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import geopandas as gpd
import pandas as pd
from sqlalchemy import Engine

import geodata
from i18n import t
from stakeholders.access import User
from stakeholders.errors import InputError
from stakeholders.privacy import log_export, mask_contacts
from stakeholders.registry.schema import EXPORT_EXTRA, ORG_FILE_COLUMNS, ORG_FILE_OPTIONAL
from stakeholders.repository import load_organizations
from stakeholders.tabular import write as tabular
from stakeholders.tabular.formulas import neutralise

EXPORT_COLUMNS: list[str] = ORG_FILE_COLUMNS + ORG_FILE_OPTIONAL + EXPORT_EXTRA
#: Export formats in the order the Datos page offers them (Excel-Chile CSV first: what most users open).
FORMATS: dict[str, str] = {
    **{fmt: tabular.MEDIA_TYPES[fmt] for fmt in tabular.FORMATS},
    "geojson": "application/geo+json",
    "gpkg": "application/geopackage+sqlite3",
}
EXTENSIONS: dict[str, str] = {**tabular.EXTENSIONS, "geojson": "geojson", "gpkg": "gpkg"}
LIST_SEP = "; "
NUMERIC = ("latitud", "longitud", "n_miembros", "id")
__all__ = ["EXPORT_COLUMNS", "FORMATS", "export_frame", "export_organizations", "file_name", "format_label",
           "frame_to_csv_bytes", "frame_to_xlsx_bytes", "neutralise", "write_export"]


def format_label(fmt: str) -> str:
    """Spanish name of an export format for a select box («CSV para Excel (Chile)», «GeoPackage (QGIS)»)."""
    return tabular.format_label(fmt) if fmt in tabular.MEDIA_TYPES else t(f"exportacion.formato_{fmt}")


def neutralise_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Neutralise text columns only (numeric columns keep their type and sign): for the geo formats."""
    out = frame.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]) and not pd.api.types.is_bool_dtype(out[col]):
            out[col] = out[col].map(neutralise).astype(object)
    return out


def export_frame(engine: Engine, region_cut: str | None = None) -> pd.DataFrame:
    """Active organizations in the canonical layout plus ids, codes and the approximate flag."""
    orgs = load_organizations(engine, region_cut)
    regions = geodata.region_names()
    provinces = geodata.province_names()
    communes = geodata.commune_names()
    out = pd.DataFrame(index=orgs.index)
    for col in ORG_FILE_COLUMNS + ORG_FILE_OPTIONAL:
        out[col] = orgs[col] if col in orgs.columns else None
    out["region"] = orgs["region_cut"].map(lambda c: regions.get(c, c) if isinstance(c, str) else None)
    out["provincia"] = orgs["provincia_cut"].map(lambda c: provinces.get(c, c) if isinstance(c, str) else None)
    out["comuna"] = orgs["comuna_cut"].map(lambda c: communes.get(c, c) if isinstance(c, str) else None)
    out["grupos_representados"] = orgs["grupos_representados"].map(LIST_SEP.join)
    out["regiones_presencia"] = orgs["regiones_presencia"].map(LIST_SEP.join)
    for col in EXPORT_EXTRA:
        out[col] = orgs[col]
    out["latitud"] = pd.to_numeric(out["latitud"], errors="coerce").astype("float64")
    out["longitud"] = pd.to_numeric(out["longitud"], errors="coerce").astype("float64")
    out["n_miembros"] = pd.to_numeric(out["n_miembros"], errors="coerce").astype("Int64")
    out["id"] = out["id"].astype("int64")
    out["ubicacion_aproximada"] = out["ubicacion_aproximada"].fillna(False).astype(bool)
    text_cols = [c for c in out.columns if c not in NUMERIC and c != "ubicacion_aproximada"]
    out[text_cols] = out[text_cols].astype(object).where(out[text_cols].notna(), None)
    return out[EXPORT_COLUMNS].reset_index(drop=True)


def frame_to_csv_bytes(frame: pd.DataFrame, fmt: str = tabular.CSV) -> bytes:
    """CSV in UTF-8 with BOM (``csv`` or ``csv_excel``), through the one tabular writer."""
    return tabular.csv_bytes(frame, fmt)


def frame_to_xlsx_bytes(frame: pd.DataFrame, sheet: str = "datos") -> bytes:
    """XLSX with text neutralised, numbers stored as numbers, frozen header and fitted widths."""
    return tabular.xlsx_bytes({sheet: frame})


def _geo(frame: pd.DataFrame) -> gpd.GeoDataFrame:
    frame = neutralise_frame(frame)
    geometry = gpd.points_from_xy(frame["longitud"], frame["latitud"], crs="EPSG:4326")
    gdf = gpd.GeoDataFrame(frame.copy(), geometry=geometry, crs="EPSG:4326")
    gdf.loc[frame["latitud"].isna() | frame["longitud"].isna(), "geometry"] = None
    return gdf


def frame_to_geojson_bytes(frame: pd.DataFrame) -> bytes:
    return _geo(frame).to_json(drop_id=True, ensure_ascii=False).encode("utf-8")


def frame_to_gpkg_bytes(frame: pd.DataFrame, layer: str = "organizaciones") -> bytes:
    """A GeoPackage point layer in EPSG:4326 (QGIS reads the CRS from the file)."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.gpkg"
        _geo(frame).to_file(path, layer=layer, driver="GPKG", engine="pyogrio")
        return path.read_bytes()


def _csv_excel(frame: pd.DataFrame) -> bytes:
    return frame_to_csv_bytes(frame, tabular.CSV_EXCEL_CL)


WRITERS = {"csv": frame_to_csv_bytes, tabular.CSV_EXCEL_CL: _csv_excel, "xlsx": frame_to_xlsx_bytes,
           "geojson": frame_to_geojson_bytes, "gpkg": frame_to_gpkg_bytes}


def export_organizations(engine: Engine, fmt: str, region_cut: str | None = None, *,
                         user: User | None = None) -> bytes:
    """The registry (optionally one region) in ``fmt`` (csv, xlsx, geojson, gpkg) as bytes.

    Contact fields only for rows ``user`` may see (none without a user); the export is logged.
    """
    if fmt not in WRITERS:
        raise InputError(t("exportacion.formato_desconocido", formato=fmt, formatos=", ".join(WRITERS)))
    if region_cut is not None:
        region_cut = normalise_region(region_cut)
    frame = _for_user(engine, export_frame(engine, region_cut), user, fmt, region_cut)
    return WRITERS[fmt](frame)


def _for_user(engine: Engine, frame: pd.DataFrame, user: User | None, fmt: str,
              region_cut: str | None) -> pd.DataFrame:
    visible = mask_contacts(frame.assign(region_cut=_codes(frame)), user).drop(columns="region_cut")
    log_export(engine, user, "organizaciones", fmt, visible, region_cut)
    return visible


def _codes(frame: pd.DataFrame) -> pd.Series:
    """Region codes back from the export's region names (the privacy rule needs codes)."""
    names = {v: k for k, v in geodata.region_names().items()}
    return frame["region"].map(lambda n: names.get(n, n) if isinstance(n, str) else None)


def normalise_region(text: str) -> str:
    """A region code from ``5``, ``05`` or a name (``Valparaíso``); Spanish error otherwise."""
    res = geodata.resolve_region(str(text))
    if not res.ok:
        raise InputError(res.message())
    return str(res.code)


def write_export(engine: Engine, fmt: str, path: str | Path, region_cut: str | None = None, *,
                 user: User | None = None) -> int:
    """Write the export to ``path``; returns the number of organizations written."""
    if fmt not in WRITERS:
        raise InputError(t("exportacion.formato_desconocido", formato=fmt, formatos=", ".join(WRITERS)))
    region = normalise_region(region_cut) if region_cut else None
    frame = _for_user(engine, export_frame(engine, region), user, fmt, region)
    Path(path).write_bytes(WRITERS[fmt](frame))
    return len(frame)


def file_name(fmt: str, region_cut: str | None = None) -> str:
    """``organizaciones[_region_05].<ext>`` (both CSV dialects end in ``.csv``)."""
    suffix = f"_region_{region_cut}" if region_cut else ""
    return f"organizaciones{suffix}.{EXTENSIONS.get(fmt, fmt)}"
