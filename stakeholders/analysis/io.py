"""Files of an analysis: the XLSX export, the workshop template and the workshop import.

Workbooks are written by :mod:`stakeholders.tabular.write` like every other spreadsheet
(formula-neutralised cells and headers, Sí/No, dd-mm-aaaa dates, frozen headers, widths). The import reads what
a workshop filled in (CSV in any common encoding/separator, or XLSX), checks every row and
reports Spanish errors per row; nothing is written unless every row is valid.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from openpyxl.worksheet.datavalidation import DataValidation
from sqlalchemy import Engine

import geodata
from i18n import t
from stakeholders.access import User
from stakeholders.analysis import service
from stakeholders.analysis.quadrants import (
    HIGH_FROM,
    POSITIONS,
    SCALE_MAX,
    SCALE_MIN,
    parse_position,
    position_label,
    strategy_label,
)
from stakeholders.errors import InputError
from stakeholders.repository import load_organizations
from stakeholders.rut import InvalidRutError, normalize_rut
from stakeholders.tabular import write as tabular
from stakeholders.tabular.formulas import neutralise, unneutralise
from stakeholders.tabular.read import detect_encoding, detect_separator
from stakeholders.vocab import ACTOR_TYPE_VOCAB, SECTOR_VOCAB, fold

ID_COLUMNS = ("organizacion_id", "rut", "nombre")
SCORE_COLUMNS = ("poder", "interes", "posicion")
OPTIONAL_COLUMNS = ("justificacion", "estrategia")
HEADER_ALIASES = {
    "organizacionid": "organizacion_id", "id": "organizacion_id", "idorganizacion": "organizacion_id",
    "rut": "rut", "nombre": "nombre", "organizacion": "nombre", "actor": "nombre", "nombreorganizacion": "nombre",
    "poder": "poder", "interes": "interes", "posicion": "posicion", "postura": "posicion",
    "justificacion": "justificacion", "comentario": "justificacion", "estrategia": "estrategia",
}
ACTOR_SHEET_COLUMNS = [
    "organizacion_id", "nombre", "rut", "sector", "tipo_actor", "escala", "comuna_cut",
    "poder", "interes", "posicion", "cuadrante", "estrategia", "justificacion", "autor", "fecha",
    "poder_inicial", "interes_inicial", "posicion_inicial", "estrategia_inicial", "fecha_inicial",
    "n_evaluaciones", "se_movio",
]
HISTORY_SHEET_COLUMNS = ["fecha", "organizacion_id", "nombre", "poder", "interes", "posicion", "estrategia",
                         "justificacion", "poder_sugerido", "origen", "autor"]


def actor_sheet(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per actor with current and first assessment, in the export's words (pure)."""
    out = pd.DataFrame({
        "organizacion_id": frame["organizacion_id"],
        "nombre": frame["nombre"],
        "rut": frame["rut"],
        "sector": frame["sector_tripartito"].map(SECTOR_VOCAB.label),
        "tipo_actor": frame["tipo_actor"].map(ACTOR_TYPE_VOCAB.label),
        "escala": frame["escala"],
        "comuna_cut": frame["comuna_cut"],
        "poder": frame["poder"],
        "interes": frame["interes"],
        "posicion": frame["posicion"].map(position_label),
        "cuadrante": frame["cuadrante"].map(lambda q: strategy_label(q) if isinstance(q, str) else None),
        "estrategia": frame["estrategia"],
        "justificacion": frame["justificacion"],
        "autor": frame["autor"],
        "fecha": frame["momento"],
        "poder_inicial": frame["poder_inicial"],
        "interes_inicial": frame["interes_inicial"],
        "posicion_inicial": frame["posicion_inicial"].map(position_label),
        "estrategia_inicial": frame["estrategia_inicial"],
        "fecha_inicial": frame["momento_inicial"],
        "n_evaluaciones": frame["n_evaluaciones"],
        "se_movio": frame["se_movio"],
    })
    return out[ACTOR_SHEET_COLUMNS]


def history_sheet(history: pd.DataFrame) -> pd.DataFrame:
    out = history.rename(columns={"momento": "fecha"}).copy()
    out["posicion"] = out["posicion"].map(position_label)
    return out[HISTORY_SHEET_COLUMNS]


def export_xlsx(info: service.AnalysisInfo, frame: pd.DataFrame, history: pd.DataFrame,
                territory: str | None = None) -> bytes:
    """Workbook: «Actores» (one row per actor), «Historial» (every assessment), «Análisis» (metadata)."""
    sheets = {t("analisis.hoja_actores"): actor_sheet(frame), t("analisis.hoja_historial"): history_sheet(history)}
    meta = pd.DataFrame({
        "campo": [t("analisis.meta_titulo"), t("analisis.meta_pregunta"), t("analisis.meta_territorio"),
                  t("analisis.meta_autor"), t("analisis.meta_creado"), t("analisis.meta_descripcion"),
                  t("analisis.meta_regla"), t("analisis.meta_exportado")],
        "valor": [info.titulo, info.pregunta, territory or info.region_cut or t("analisis.nacional"), info.autor,
                  info.creado_en, info.descripcion,
                  t("analisis.regla_texto", alto=HIGH_FROM, min=SCALE_MIN, max=SCALE_MAX), datetime.now()],
    })
    sheets[t("analisis.hoja_analisis")] = meta
    return tabular.xlsx_bytes(sheets)


def workshop_template(frame: pd.DataFrame) -> bytes:
    """An XLSX to fill in a workshop: the actors with their current scores, plus instructions."""
    sheet = pd.DataFrame({
        "organizacion_id": frame["organizacion_id"], "rut": frame["rut"], "nombre": frame["nombre"],
        "sector": frame["sector_tripartito"].map(SECTOR_VOCAB.label),
        "poder": frame["poder"], "interes": frame["interes"], "posicion": frame["posicion"].map(position_label),
        "justificacion": [None] * len(frame), "estrategia": [None] * len(frame),
    })
    wb = tabular.new_workbook()
    ws = tabular.add_sheet(wb, t("analisis.hoja_actores"), sheet)
    n = max(len(sheet) + 200, 300)
    scores = DataValidation(type="whole", operator="between", formula1=str(SCALE_MIN), formula2=str(SCALE_MAX),
                            allow_blank=True)
    scores.add(f"E2:F{n}")
    positions = DataValidation(type="list", formula1='"' + ",".join(position_label(p) for p in POSITIONS) + '"',
                               allow_blank=True)
    positions.add(f"G2:G{n}")
    ws.add_data_validation(scores)
    ws.add_data_validation(positions)
    help_ws = wb.create_sheet(t("analisis.hoja_instrucciones"))
    for line in t("analisis.instrucciones_taller").split("\n"):
        help_ws.append([line])
    help_ws.column_dimensions["A"].width = 110
    return tabular.workbook_bytes(wb)


# ------------------------------------------------------------------ workshop import

@dataclass
class WorkshopResult:
    """Validated rows (empty when any row failed) and the Spanish errors, one per problem."""

    items: list[service.AssessmentInput] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    new_actors: list[int] = field(default_factory=list)
    rows_read: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def read_table(data: bytes, filename: str) -> pd.DataFrame:
    """The first sheet (or the «Actores» sheet) of an XLSX, or a CSV, as text cells."""
    suffix = Path(filename).suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc: # any openpyxl failure means "not a workbook"
            raise InputError(t("analisis.error_archivo", archivo=filename, detalle=exc)) from exc
        name = t("analisis.hoja_actores")
        ws = wb[name] if name in wb.sheetnames else wb.worksheets[0]
        rows = [["" if v is None else _text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    elif suffix in (".csv", ".txt"):
        text = data.decode(detect_encoding(data))
        rows = list(csv.reader(io.StringIO(text), delimiter=detect_separator(text)))
    else:
        raise InputError(t("analisis.error_extension", archivo=filename))
    if not rows:
        raise InputError(t("analisis.error_vacio", archivo=filename))
    header = [HEADER_ALIASES.get(fold(h), fold(h)) for h in rows[0]]
    body = [r + [""] * (len(header) - len(r)) for r in rows[1:]]
    return pd.DataFrame([r[: len(header)] for r in body], columns=header, dtype=object)


def _text(value: object) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _score(raw: str, column: str, row: int, errors: list[str]) -> int | None:
    text = raw.strip().replace(",", ".")
    try:
        number = float(text)
    except ValueError:
        number = float("nan")
    if math.isnan(number) or not number.is_integer() or not SCALE_MIN <= number <= SCALE_MAX:
        errors.append(t("analisis.error_fila_puntaje", fila=row, campo=column, valor=raw, min=SCALE_MIN,
                        max=SCALE_MAX))
        return None
    return int(number)


class _Resolver:
    """Finds the organization a workshop row speaks of: by id, else RUT, else exact name."""

    def __init__(self, candidates: pd.DataFrame) -> None:
        self.frame = candidates
        self.ids = set(candidates["id"].astype(int))
        self.by_rut = {r: int(i) for r, i in zip(candidates["rut"], candidates["id"], strict=True) if r}
        self.by_name: dict[str, list[int]] = {}
        order = candidates.sort_values("en_analisis", ascending=False, kind="stable")
        for name, ident, inside in zip(order["nombre"], order["id"], order["en_analisis"], strict=True):
            self.by_name.setdefault(fold(name), []).append(int(ident) if inside else -int(ident))

    def resolve(self, rec: dict[str, str], row: int, errors: list[str]) -> int | None:
        ident, rut, name = (rec.get(c, "").strip() for c in ID_COLUMNS)
        if ident:
            if not ident.isdigit() or int(ident) not in self.ids:
                errors.append(t("analisis.error_fila_id", fila=row, valor=ident))
                return None
            return int(ident)
        if rut:
            try:
                norm = normalize_rut(rut)
            except InvalidRutError as exc:
                errors.append(t("analisis.error_fila_rut", fila=row, detalle=exc))
                return None
            if norm not in self.by_rut:
                errors.append(t("analisis.error_fila_rut_desconocido", fila=row, valor=rut))
                return None
            return self.by_rut[norm]
        if name:
            found = self.by_name.get(fold(name), [])
            inside = [i for i in found if i > 0]
            pick = inside if inside else [-i for i in found]
            if len(pick) == 1:
                return pick[0]
            key = "analisis.error_fila_nombre_ambiguo" if pick else "analisis.error_fila_nombre_desconocido"
            errors.append(t(key, fila=row, valor=name, n=len(pick)))
            return None
        errors.append(t("analisis.error_fila_sin_id", fila=row))
        return None


def validate_workshop(table: pd.DataFrame, candidates: pd.DataFrame) -> WorkshopResult:
    """Check every row of a workshop table (pure).

    ``candidates``: organizations the analysis may include (columns id, nombre, rut,
    en_analisis). Rows for organizations not yet in the analysis are accepted and reported in
    ``new_actors``. Any error empties ``items``: the import is all or nothing.
    """
    result = WorkshopResult()
    missing = [c for c in SCORE_COLUMNS if c not in table.columns]
    if not any(c in table.columns for c in ID_COLUMNS):
        missing.append(" / ".join(ID_COLUMNS))
    if missing:
        result.errors.append(t("analisis.error_columnas", faltan=", ".join(missing)))
        return result
    resolver = _Resolver(candidates)
    inside = set(candidates.loc[candidates["en_analisis"], "id"].astype(int))
    seen: dict[int, int] = {}
    for offset, rec in enumerate(table.fillna("").astype(str).to_dict("records")):
        row = offset + 2  # the header is row 1
        rec = {k: unneutralise(v) for k, v in rec.items()}
        if not any(v.strip() for v in rec.values()):
            continue
        result.rows_read += 1
        errors: list[str] = []
        org_id = resolver.resolve(rec, row, errors)
        power = _score(rec["poder"], "poder", row, errors)
        interest = _score(rec["interes"], "interes", row, errors)
        position = parse_position(rec["posicion"]) if rec["posicion"].strip() else None
        if position is None:
            errors.append(t("analisis.error_fila_posicion", fila=row, valor=rec["posicion"],
                            permitidos=", ".join(position_label(p) for p in POSITIONS)))
        if org_id is not None and org_id in seen:
            errors.append(t("analisis.error_fila_repetida", fila=row, otra=seen[org_id]))
        if errors:
            result.errors.extend(errors)
            continue
        assert org_id is not None and power is not None and interest is not None and position is not None
        seen[org_id] = row
        if org_id not in inside:
            result.new_actors.append(org_id)
        result.items.append(service.AssessmentInput(
            organizacion_id=org_id, poder=power, interes=interest, posicion=position,
            justificacion=rec.get("justificacion", "").strip() or None,
            estrategia=rec.get("estrategia", "").strip() or None))
    if result.rows_read == 0 and not result.errors:
        result.errors.append(t("analisis.error_sin_filas"))
    if result.errors:
        result.items, result.new_actors = [], []
    return result


def candidates_for(engine: Engine, analysis_id: int) -> pd.DataFrame:
    """Organizations a workshop row may name: the analysis' actors and those present in its region."""
    info = service.get_analysis(engine, analysis_id)
    orgs = load_organizations(engine, info.region_cut)[["id", "nombre", "rut"]]
    actors = service.load_actors(engine, analysis_id)
    extra = actors.rename(columns={"organizacion_id": "id"})[["id", "nombre", "rut"]]
    out = pd.concat([orgs, extra]).drop_duplicates("id").reset_index(drop=True)
    out["en_analisis"] = out["id"].isin(set(actors["organizacion_id"]))
    return out


def import_workshop(engine: Engine, user: User, analysis_id: int, data: bytes, filename: str,
                    *, dry_run: bool = False) -> WorkshopResult:
    """Validate a workshop file and, when every row is valid, append its assessments at once."""
    result = validate_workshop(read_table(data, filename), candidates_for(engine, analysis_id))
    if result.ok and not dry_run:
        service.assess_many(engine, user, analysis_id, result.items, origin="taller", add_missing=True)
    return result


PictureRenderer = Callable[[pd.DataFrame, str, str, str], bytes]


def write_export(engine: Engine, analysis_id: int, out: Path, territory: str | None = None,
                 *, render: PictureRenderer | None = None) -> Path:
    """Write the analysis to ``out`` as .xlsx, .png or .pdf (by extension).

    Pictures are drawn by ``render(frame, title, subtitle, fmt)`` (``mapping.matrix.render``,
    passed in by the caller so the registry never imports the drawing layer).
    """
    info = service.get_analysis(engine, analysis_id)
    frame = service.matrix_frame(engine, analysis_id)
    fmt = out.suffix.lower().lstrip(".")
    if fmt == "xlsx":
        payload = export_xlsx(info, frame, service.load_history(engine, analysis_id), territory)
    elif fmt in ("png", "pdf") and render is not None:
        payload = render(frame, info.titulo, subtitle(info, frame, territory), fmt)
    else:
        raise InputError(t("analisis.error_formato", formato=out.suffix or out.name))
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(payload)
    return out


def subtitle(info: service.AnalysisInfo, frame: pd.DataFrame, territory: str | None = None) -> str:
    """«Región de Ñuble · 20 actores evaluados de 22 · autor»: the printable page's second line."""
    assessed = int(frame["poder"].notna().sum())
    return t("analisis.subtitulo", territorio=territory or info.region_cut or t("analisis.nacional"),
             evaluados=assessed, total=len(frame), autor=info.autor)


def file_stem(info: service.AnalysisInfo) -> str:
    """A safe file name for downloads: «analisis_12_plan-regional-de-capacitacion-2027»."""
    slug = "-".join(filter(None, "".join(c if c.isalnum() else " " for c in fold_spaces(info.titulo)).split()))
    return f"analisis_{info.id}_{slug[:60]}"


def fold_spaces(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


__all__: Sequence[str] = [
    "WorkshopResult", "actor_sheet", "export_xlsx", "import_workshop", "neutralise", "read_table",
    "validate_workshop", "workshop_template", "write_export",
]


def territory_name(region_cut: str | None) -> str:
    """«Región de Ñuble»: the one name of an analysis' region (national when no region)."""
    if not region_cut:
        return t("analisis.nacional")
    return geodata.region_names().get(region_cut, region_cut)
