"""Import dialogues and ideas from a spreadsheet template, with the registry importer's rules.

The template (XLSX) has a ``dialogos`` sheet (one row per dialogue, a ``clave`` the ideas refer
to) and an ``ideas`` sheet. Every row is checked first and every problem is reported with the
sheet, row, field, value and what to do (:class:`~stakeholders.registry.issues.Issue`); only a
file without problems is written, in one transaction — nothing is half-imported.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import load_workbook
from sqlalchemy import Engine, select

import geodata
from i18n import t
from stakeholders.access import User
from stakeholders.db import session_scope
from stakeholders.dialogues.status import STATES, label, parse_state
from stakeholders.dialogues.store import DIALOGUE_TYPES, DialogueInput, IdeaInput, add_dialogue, check_counts
from stakeholders.errors import InputError
from stakeholders.exporting import frame_to_xlsx_bytes
from stakeholders.models import Organization
from stakeholders.registry.issues import Issue, issues_frame
from stakeholders.tabular.formulas import unneutralise

DIALOGUE_COLUMNS = ["clave", "nombre", "tipo", "fecha", "region", "provincia", "comuna", "tema", "personas",
                    "mujeres", "hombres", "otros_generos", "organizaciones"]
IDEA_COLUMNS = ["dialogo", "texto", "tema", "votos", "estado", "unidad_responsable", "fecha_compromiso",
                "motivo_descarte"]
SHEET_D, SHEET_I = "dialogos", "ideas"


@dataclass
class DialogueImport:
    dialogues: list[DialogueInput] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    written: int = 0
    ideas_written: int = 0

    @property
    def ok(self) -> bool:
        return not self.issues

    def report(self) -> pd.DataFrame:
        return issues_frame(self.issues)


def template_bytes() -> bytes:
    """The empty template: both sheets with their headers, and the allowed states and types."""
    book = load_workbook(io.BytesIO(frame_to_xlsx_bytes(pd.DataFrame(columns=DIALOGUE_COLUMNS), SHEET_D)))
    ideas = book.create_sheet(SHEET_I)
    ideas.append(IDEA_COLUMNS)
    help_sheet = book.create_sheet("valores")
    help_sheet.append(["campo", "valores"])
    help_sheet.append(["tipo", ", ".join(DIALOGUE_TYPES)])
    help_sheet.append(["estado", ", ".join(label(s) for s in STATES)])
    help_sheet.append(["organizaciones", t("seguimiento.plantilla_organizaciones")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.date().isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return unneutralise(str(value).strip())


def read_workbook(data: bytes | str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Both sheets as text frames with ``_fila`` (the row number a user sees)."""
    raw = Path(data).read_bytes() if isinstance(data, (str, Path)) else data
    try:
        sheets = pd.read_excel(io.BytesIO(raw), sheet_name=None, dtype=object)
    except Exception as exc:  # noqa: BLE001 - any unreadable workbook is the same Spanish message
        raise InputError(t("seguimiento.error_libro", detalle=exc)) from None
    out = []
    for name, columns in ((SHEET_D, DIALOGUE_COLUMNS), (SHEET_I, IDEA_COLUMNS)):
        if name not in sheets:
            raise InputError(t("seguimiento.error_hoja", hoja=name))
        frame = sheets[name]
        frame.columns = [str(c).strip().lower() for c in frame.columns]
        missing = [c for c in columns if c not in frame.columns]
        if missing:
            raise InputError(t("seguimiento.error_columnas", hoja=name, columnas=", ".join(missing)))
        text = pd.DataFrame({c: [_text(v) for v in frame[c]] for c in columns}, dtype=object)
        text["_fila"] = range(2, len(text) + 2)
        out.append(text[(text[columns] != "").any(axis=1)].reset_index(drop=True))
    return out[0], out[1]


class _Row:
    """Collects one row's issues while parsing its cells."""

    def __init__(self, issues: list[Issue], sheet: str, row: dict[str, str]) -> None:
        self.issues, self.sheet, self.row = issues, sheet, row

    def fail(self, column: str, problem: str, action: str) -> None:
        self.issues.append(Issue(int(self.row["_fila"]), column, problem, action, self.row.get(column, ""), self.sheet))

    def required(self, column: str) -> str:
        value = self.row[column]
        if not value:
            self.fail(column, t("seguimiento.imp_falta"), t("seguimiento.imp_falta_accion"))
        return value

    def integer(self, column: str, required: bool = False) -> int | None:
        value = self.row[column]
        if not value:
            if required:
                self.fail(column, t("seguimiento.imp_falta"), t("seguimiento.imp_falta_accion"))
            return None
        try:
            number = int(float(value.replace(",", ".")))
        except ValueError:
            number = -1
        if number < 0:
            self.fail(column, t("seguimiento.imp_entero"), t("seguimiento.imp_entero_accion"))
            return None
        return number

    def day(self, column: str, required: bool = False) -> date | None:
        value = self.row[column]
        if not value:
            if required:
                self.fail(column, t("seguimiento.imp_falta"), t("seguimiento.imp_falta_accion"))
            return None
        parsed = pd.to_datetime(value, errors="coerce", dayfirst="-" in value[:3] or "/" in value)
        if pd.isna(parsed):
            self.fail(column, t("seguimiento.imp_fecha"), t("seguimiento.imp_fecha_accion"))
            return None
        return parsed.date()


def _territory(r: _Row) -> tuple[str | None, str | None, str | None]:
    region = geodata.resolve_region(r.required("region")) if r.row["region"] else None
    if region is not None and not region.ok:
        r.fail("region", region.message(), t("seguimiento.imp_territorio_accion"))
        return None, None, None
    code = region.code if region is not None else None
    prov = comm = None
    if r.row["provincia"] and code:
        res = geodata.resolve_province(r.row["provincia"], code)
        prov = res.code if res.ok else r.fail("provincia", res.message(), t("seguimiento.imp_territorio_accion"))
    if r.row["comuna"] and code:
        res = geodata.resolve_commune(r.row["comuna"], code)
        comm = res.code if res.ok else r.fail("comuna", res.message(), t("seguimiento.imp_territorio_accion"))
    return code, prov, comm


def _dialogue(r: _Row, known_orgs: set[int]) -> DialogueInput | None:
    before = len(r.issues)
    kind = r.row["tipo"] or "dialogo"
    if kind not in DIALOGUE_TYPES:
        r.fail("tipo", t("seguimiento.error_tipo", tipo=kind, tipos=", ".join(DIALOGUE_TYPES)),
               t("seguimiento.imp_lista_accion"))
    region, prov, comm = _territory(r)
    orgs: list[int] = []
    for part in r.row["organizaciones"].replace(",", ";").split(";"):
        if part.strip():
            if not part.strip().isdigit() or int(part) not in known_orgs:
                r.fail("organizaciones", t("seguimiento.error_organizaciones", ids=part.strip()),
                       t("seguimiento.imp_organizaciones_accion"))
            else:
                orgs.append(int(part))
    d = DialogueInput(nombre=r.required("nombre"), fecha=r.day("fecha", True) or date.min, region_cut=region or "",
                      tema=r.required("tema"), personas=r.integer("personas", True) or 0, tipo=kind,
                      provincia_cut=prov, comuna_cut=comm, mujeres=r.integer("mujeres"), hombres=r.integer("hombres"),
                      otros_generos=r.integer("otros_generos"), organizaciones=orgs)
    for problem in check_counts(d):
        r.fail("personas", problem, t("seguimiento.imp_personas_accion"))
    return d if len(r.issues) == before else None


def _idea(r: _Row) -> IdeaInput | None:
    before = len(r.issues)
    try:
        state = parse_state(r.row["estado"] or "recibida")
    except ValueError as exc:
        r.fail("estado", str(exc), t("seguimiento.imp_lista_accion"))
        state = "recibida"
    idea = IdeaInput(texto=r.required("texto"), tema=r.row["tema"] or None, votos=r.integer("votos") or 0,
                     estado=state, unidad_responsable=r.row["unidad_responsable"] or None,
                     fecha_compromiso=r.day("fecha_compromiso"), motivo_descarte=r.row["motivo_descarte"] or None)
    if state in ("comprometida", "implementada") and (not idea.unidad_responsable or idea.fecha_compromiso is None):
        r.fail("fecha_compromiso", t("seguimiento.error_compromiso_incompleto"), t("seguimiento.imp_compromiso_accion"))
    if state == "descartada" and not idea.motivo_descarte:
        r.fail("motivo_descarte", t("seguimiento.error_sin_motivo"), t("seguimiento.imp_motivo_accion"))
    return idea if len(r.issues) == before else None


def validate(dialogues: pd.DataFrame, ideas: pd.DataFrame, known_orgs: set[int]) -> DialogueImport:
    """Every problem of both sheets, and the dialogues (with their ideas) when there are none."""
    result = DialogueImport()
    by_key: dict[str, DialogueInput] = {}
    for row in dialogues.to_dict("records"):
        r = _Row(result.issues, SHEET_D, row)
        key = r.required("clave")
        if key and key in by_key:
            r.fail("clave", t("seguimiento.imp_clave_repetida"), t("seguimiento.imp_clave_accion"))
        d = _dialogue(r, known_orgs)
        if d is not None and key:
            by_key[key] = d
    keys = set(dialogues["clave"])
    for row in ideas.to_dict("records"):
        r = _Row(result.issues, SHEET_I, row)
        key = r.required("dialogo")
        if key and key not in keys:
            r.fail("dialogo", t("seguimiento.imp_sin_dialogo", clave=key), t("seguimiento.imp_sin_dialogo_accion"))
        idea = _idea(r)
        if idea is not None and key in by_key:
            by_key[key].ideas.append(idea)
    result.dialogues = list(by_key.values())
    return result


def import_workbook(engine: Engine, data: bytes | str | Path, user: User) -> DialogueImport:
    """Validate, then write everything in one transaction (or nothing, with the report)."""
    dialogues, ideas = read_workbook(data)
    with session_scope(engine) as session:
        known = set(session.scalars(select(Organization.id)))
    result = validate(dialogues, ideas, known)
    if not result.ok:
        return result
    with session_scope(engine) as session:
        for d in result.dialogues:
            add_dialogue(session, user, d)
            result.written += 1
            result.ideas_written += len(d.ideas)
    return result
