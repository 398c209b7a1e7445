"""Import of relationships and participation (spaces, memberships, events, attendance).

These rows point at organizations by RUT, else ``id_externo``, else exact name + commune, and
at spaces by name + region. Each row is checked against the registry as it stands inside the
import's transaction, so a workbook can create organizations and their ties in one go.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from sqlalchemy import insert, select

import geodata
from i18n import t
from stakeholders.access import check_can_edit
from stakeholders.audit import snapshot
from stakeholders.errors import RowInputError
from stakeholders.importing.results import TableResult, WriteContext, rejected_rows
from stakeholders.importing.tables import Table
from stakeholders.models import Attendance, ChangeLog, Event, Membership, Organization, ParticipationSpace, Relationship
from stakeholders.registry.issues import Issue
from stakeholders.registry.values import name_key, parse_number
from stakeholders.rut import InvalidRutError, normalize_rut
from stakeholders.vocab import RELATION_VOCAB, SPACE_VOCAB

DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y", "%Y/%m/%d")


class RowError(RowInputError):
    """One problem of one row: field, problem, what to do."""

    def __init__(self, campo: str, problema: str, accion: str, valor: object = "") -> None:
        super().__init__(problema)
        self.campo, self.problema, self.accion, self.valor = campo, problema, accion, str(valor or "")


def parse_date(text: str, campo: str) -> date | None:
    s = str(text).strip()
    if not s:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(s[:10], fmt).date()
        except ValueError:
            continue
    raise RowError(campo, t("importacion.fecha_invalida", valor=s), t("importacion.accion_fecha"), s)


class Directory:
    """Registered organizations and spaces, looked up the ways a file can name them."""

    def __init__(self, ctx: WriteContext) -> None:
        ctx.session.flush()
        org = Organization.__table__
        rows = ctx.session.execute(select(org.c.id, org.c.rut, org.c.id_externo, org.c.nombre, org.c.comuna_cut,
                                          org.c.region_cut)).all()
        self.by_rut = {r.rut: r.id for r in rows if r.rut}
        self.by_ext = {r.id_externo: r.id for r in rows if r.id_externo}
        self.by_name: dict[tuple[str, str | None], list[int]] = {}
        self.region = {r.id: r.region_cut for r in rows}
        for r in rows:
            self.by_name.setdefault((name_key(r.nombre), r.comuna_cut), []).append(r.id)
        sp = ParticipationSpace.__table__
        spaces = ctx.session.execute(select(sp.c.id, sp.c.nombre, sp.c.region_cut)).all()
        self.spaces = {(name_key(s.nombre), s.region_cut): s.id for s in spaces}
        self.space_region = {s.id: s.region_cut for s in spaces}

    def organization(self, row: dict[str, str], prefix: str) -> int:
        rut, ext = row.get(f"{prefix}_rut", ""), row.get(f"{prefix}_id_externo", "")
        name, commune = row.get(f"{prefix}_nombre", ""), row.get(f"{prefix}_comuna", "")
        if rut:
            try:
                found = self.by_rut.get(normalize_rut(rut))
            except InvalidRutError as exc:
                raise RowError(f"{prefix}_rut", str(exc), t("importacion.accion_rut"), rut) from None
            if found is None:
                raise RowError(f"{prefix}_rut", t("importacion.org_no_encontrada", ref=rut),
                               t("importacion.accion_org_ref"), rut)
            return found
        if ext:
            if ext not in self.by_ext:
                raise RowError(f"{prefix}_id_externo", t("importacion.org_no_encontrada", ref=ext),
                               t("importacion.accion_org_ref"), ext)
            return self.by_ext[ext]
        if not name:
            raise RowError(f"{prefix}_nombre", t("importacion.org_sin_referencia"), t("importacion.accion_org_ref"))
        code = resolve_commune_code(commune, f"{prefix}_comuna") if commune else None
        ids = self.by_name.get((name_key(name), code), [])
        if not ids:
            raise RowError(f"{prefix}_nombre", t("importacion.org_no_encontrada", ref=f"{name} ({commune or '—'})"),
                           t("importacion.accion_org_ref"), name)
        if len(ids) > 1:
            raise RowError(f"{prefix}_nombre", t("importacion.org_ambigua", ref=name, n=len(ids)),
                           t("importacion.accion_org_ref"), name)
        return ids[0]

    def space(self, row: dict[str, str]) -> int:
        name = row.get("espacio", "")
        if not name:
            raise RowError("espacio", t("importacion.falta_valor", campo="espacio"), t("importacion.accion_espacio"))
        region = resolve_region_code(row.get("espacio_region", ""), "espacio_region")
        found = self.spaces.get((name_key(name), region))
        if found is None:
            raise RowError("espacio", t("importacion.espacio_no_encontrado", espacio=name),
                           t("importacion.accion_espacio"), name)
        return found


def resolve_commune_code(text: str, campo: str) -> str:
    res = geodata.resolve_commune(text)
    if not res.ok:
        raise RowError(campo, res.message(), t("importacion.accion_comuna"), text)
    return str(res.code)


def resolve_region_code(text: str, campo: str) -> str | None:
    if not text:
        return None
    res = geodata.resolve_region(text)
    if not res.ok:
        raise RowError(campo, res.message(), t("importacion.accion_region"), text)
    return str(res.code)


def _source(row: dict[str, str]) -> dict[str, str]:
    """An explicit ``fuente`` is data; without one the file name is set on creation only."""
    return {"fuente": row["fuente"][:300]} if row.get("fuente") else {}


def _vocab(value: str, vocab: Any, campo: str) -> str:
    parsed = vocab.parse(value)
    if parsed is None:
        problem = t("importacion.falta_valor", campo=campo) if not value else t(
            "importacion.valor_no_permitido", campo=campo, valor=value, permitidos=vocab.allowed())
        raise RowError(campo, problem, t("importacion.accion_elegir"), value)
    return str(parsed)


def _check_region(ctx: WriteContext, region: str | None, what: str) -> None:
    try:
        check_can_edit(ctx.user, region, what)
    except PermissionError as exc:
        raise RowError("region", str(exc), t("importacion.accion_permiso")) from None


# ---------------------------------------------------------------- one handler per table
# Each returns (key, values, model): an existing row with the same key is updated when its
# values differ, left alone when equal; otherwise a new row is inserted.

Planned = tuple[tuple[Any, ...], dict[str, Any], type]
Handler = Callable[[WriteContext, Directory, dict[str, str]], Planned]


def _relationship(ctx: WriteContext, d: Directory, row: dict[str, str]) -> Planned:
    origin, target = d.organization(row, "origen"), d.organization(row, "destino")
    if origin == target:
        raise RowError("destino_nombre", t("importacion.relacion_consigo"), t("importacion.accion_org_ref"))
    kind = _vocab(row.get("tipo", ""), RELATION_VOCAB, "tipo")
    _check_region(ctx, d.region.get(origin), row.get("origen_nombre") or str(origin))
    try:
        weight = parse_number(row.get("peso", ""))
    except ValueError:
        raise RowError("peso", t("importacion.numero_invalido", valor=row.get("peso")),
                       t("importacion.accion_peso"), row.get("peso")) from None
    if weight is not None and weight <= 0:
        raise RowError("peso", t("importacion.numero_invalido", valor=row.get("peso")), t("importacion.accion_peso"))
    values = {"peso": 1.0 if weight is None else weight, "desde": parse_date(row.get("desde", ""), "desde"),
              "hasta": parse_date(row.get("hasta", ""), "hasta"), **_source(row)}
    return (origin, target, kind), {"origen_id": origin, "destino_id": target, "tipo": kind, **values}, Relationship


def _space(ctx: WriteContext, d: Directory, row: dict[str, str]) -> Planned:
    name = row.get("espacio", "")
    if not name:
        raise RowError("espacio", t("importacion.falta_valor", campo="espacio"), t("importacion.accion_espacio"))
    kind = _vocab(row.get("tipo", ""), SPACE_VOCAB, "tipo")
    commune = resolve_commune_code(row["comuna"], "comuna") if row.get("comuna") else None
    region = resolve_region_code(row.get("region", ""), "region") or (commune[:2] if commune else None)
    _check_region(ctx, region, name)
    values = {"nombre": name, "tipo": kind, "region_cut": region, "comuna_cut": commune,
              "descripcion": row.get("descripcion") or None, **_source(row)}
    return (name_key(name), region), values, ParticipationSpace


def _membership(ctx: WriteContext, d: Directory, row: dict[str, str]) -> Planned:
    space, org = d.space(row), d.organization(row, "organizacion")
    _check_region(ctx, d.space_region.get(space), row.get("espacio", ""))
    rol = (row.get("rol") or "integrante").strip().lower()
    start, end = parse_date(row.get("desde", ""), "desde"), parse_date(row.get("hasta", ""), "hasta")
    values = {"espacio_id": space, "organizacion_id": org, "rol": rol, "desde": start, "hasta": end}
    return (space, org, rol, start), values, Membership


def _event(ctx: WriteContext, d: Directory, row: dict[str, str]) -> Planned:
    space = d.space(row)
    _check_region(ctx, d.space_region.get(space), row.get("espacio", ""))
    when = parse_date(row.get("fecha", ""), "fecha")
    if when is None:
        raise RowError("fecha", t("importacion.falta_valor", campo="fecha"), t("importacion.accion_fecha"))
    name = row.get("evento") or None
    return (space, when, name_key(name or "")), {"espacio_id": space, "fecha": when, "nombre": name}, Event


HANDLERS: dict[str, Handler] = {"relaciones": _relationship, "espacios": _space, "membresias": _membership,
                                "eventos": _event}


def _existing_rows(ctx: WriteContext, model: type) -> dict[tuple[Any, ...], Any]:
    rows = ctx.session.scalars(select(model)).all()
    keys: dict[type, Callable[[Any], tuple[Any, ...]]] = {
        Relationship: lambda r: (r.origen_id, r.destino_id, r.tipo),
        ParticipationSpace: lambda r: (name_key(r.nombre), r.region_cut),
        Membership: lambda r: (r.espacio_id, r.organizacion_id, r.rol, r.desde),
        Event: lambda r: (r.espacio_id, r.fecha, name_key(r.nombre or "")),
    }
    return {keys[model](r): r for r in rows}


def import_links(ctx: WriteContext, table: Table) -> tuple[TableResult, list[Issue]]:
    result = TableResult(table.kind, table.sheet, total=len(table.frame), notes=list(table.notes),
                         separator=table.separator)
    issues: list[Issue] = list(table.problems)
    blocked = {i.fila for i in table.problems}
    directory = Directory(ctx)
    if table.kind == "asistencia":
        _import_attendance(ctx, directory, table, result, issues)
    else:
        handler = HANDLERS[table.kind]
        model_rows: dict[type, dict[tuple[Any, ...], Any]] = {}
        seen: dict[tuple[Any, ...], int] = {}
        for row in table.frame.to_dict("records"):
            fila = int(row.pop("_fila"))
            if fila in blocked:
                continue
            try:
                key, values, model = handler(ctx, directory, {k: str(v) for k, v in row.items()})
            except RowError as err:
                issues.append(Issue(fila, err.campo, err.problema, err.accion, err.valor, table.sheet))
                continue
            if key in seen:
                issues.append(Issue(fila, "", t("importacion.fila_repetida", fila=seen[key]),
                                    t("importacion.accion_duplicado"), "", table.sheet))
                continue
            seen[key] = fila
            existing = model_rows.setdefault(model, _existing_rows(ctx, model)).get(key)
            _upsert(ctx, model, existing, values, result)
            if model is ParticipationSpace:
                ctx.session.flush()
    result.rechazadas = len({i.fila for i in issues})
    result.rejected = rejected_rows(table, issues)
    return result, issues


def _upsert(ctx: WriteContext, model: type, existing: Any, values: dict[str, Any], result: TableResult) -> None:
    entity = model.__tablename__  # type: ignore[attr-defined]
    if existing is None:
        if hasattr(model, "fuente") and "fuente" not in values:
            values = {**values, "fuente": ctx.archivo[:300]}
        obj = model(**values)
        ctx.session.add(obj)
        ctx.session.flush()
        ctx.session.add(ChangeLog(entidad=entity, entidad_id=obj.id, accion="crear", usuario=ctx.user.nombre,
                                  momento=ctx.now, antes=None, despues=snapshot(obj), motivo=ctx.reason))
        result.creadas += 1
        return
    changed = {k: v for k, v in values.items() if getattr(existing, k) != v}
    if not changed:
        result.sin_cambios += 1
        return
    before = snapshot(existing)
    for k, v in changed.items():
        setattr(existing, k, v)
    ctx.session.add(ChangeLog(entidad=entity, entidad_id=existing.id, accion="actualizar", usuario=ctx.user.nombre,
                              momento=ctx.now, antes={k: before[k] for k in changed},
                              despues={k: snapshot(existing)[k] for k in changed}, motivo=ctx.reason))
    result.actualizadas += 1


def _import_attendance(ctx: WriteContext, d: Directory, table: Table, result: TableResult,
                       issues: list[Issue]) -> None:
    """Attendance rows name the space, the date (and optionally the event): missing events are created."""
    events = _existing_rows(ctx, Event)
    by_day: dict[tuple[int, date], list[Any]] = {}
    for (space, when, _), ev in events.items():
        by_day.setdefault((space, when), []).append(ev)
    present = {(a.evento_id, a.organizacion_id) for a in ctx.session.scalars(select(Attendance)).all()}
    new_rows: list[dict[str, Any]] = []
    for row in table.frame.to_dict("records"):
        fila = int(row.pop("_fila"))
        try:
            event, org = _attendance_row(ctx, d, {k: str(v) for k, v in row.items()}, events, by_day)
        except RowError as err:
            issues.append(Issue(fila, err.campo, err.problema, err.accion, err.valor, table.sheet))
            continue
        if (event.id, org) in present:
            result.sin_cambios += 1
            continue
        present.add((event.id, org))
        new_rows.append({"evento_id": event.id, "organizacion_id": org})
    if new_rows:
        ctx.session.execute(insert(Attendance), new_rows)
        # Attendance rows are identified by their (event, organization) pair, kept in full.
        pairs = [[r["evento_id"], r["organizacion_id"]] for r in new_rows]
        ctx.session.add(ChangeLog(entidad="asistencia", entidad_id=None, accion="crear", usuario=ctx.user.nombre,
                                  momento=ctx.now, antes=None, despues={"filas": len(new_rows), "asistencias": pairs},
                                  motivo=ctx.reason))
    result.creadas += len(new_rows)


def _attendance_row(ctx: WriteContext, d: Directory, row: dict[str, str], events: dict[tuple[Any, ...], Any],
                    by_day: dict[tuple[int, date], list[Any]]) -> tuple[Any, int]:
    space = d.space(row)
    org = d.organization(row, "organizacion")
    _check_region(ctx, d.space_region.get(space), row.get("espacio", ""))
    when = parse_date(row.get("fecha", ""), "fecha")
    if when is None:
        raise RowError("fecha", t("importacion.falta_valor", campo="fecha"), t("importacion.accion_fecha"))
    name = row.get("evento") or ""
    event = events.get((space, when, name_key(name))) if name else None
    if event is None and not name and len(by_day.get((space, when), [])) == 1:
        event = by_day[(space, when)][0]
    if event is None:
        event = Event(espacio_id=space, fecha=when, nombre=name or None)
        ctx.session.add(event)
        ctx.session.flush()
        ctx.session.add(ChangeLog(entidad="evento", entidad_id=event.id, accion="crear", usuario=ctx.user.nombre,
                                  momento=ctx.now, antes=None, region_cut=d.space_region.get(space),
                                  despues={"espacio_id": space, "fecha": when.isoformat(), "nombre": name or None},
                                  motivo=ctx.reason))
        events[(space, when, name_key(name))] = event
        by_day.setdefault((space, when), []).append(event)
    return event, org
