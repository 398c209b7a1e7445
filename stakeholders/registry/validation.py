"""Row validation of organizations: pure functions from a text frame to clean values + issues.

Each problem becomes an :class:`Issue` saying the row as the user sees it in their file, the
field, the problem and what to do, in Spanish. Checks work column-wise (each distinct value is
parsed once, all coordinates go through ``geodata.assign_points`` in one call) so that a
200 000-row file validates in seconds. The same checks serve the importer and the edit form.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import shapely
from pyproj import Geod

import geodata
from geodata import Resolution
from i18n import t
from stakeholders.access import EDIT_NATIONAL, User, check_can_edit_organization
from stakeholders.registry.issues import Issue, note
from stakeholders.registry.matching import Registry, match_existing, place_key
from stakeholders.registry.schema import FIELDS_OF_COLUMN, MAX_LEN, MAX_MEMBERS, MAX_USER_NAME, REQUIRED_COLUMNS
from stakeholders.registry.values import is_true, name_key, parse_count, parse_number
from stakeholders.rut import InvalidRutError, normalize_rut
from stakeholders.vocab import (
    ACTOR_TYPE_VOCAB,
    ACTOR_TYPES,
    GENDER_VOCAB,
    GROUP_VOCAB,
    RUBRO_VOCAB,
    SCALE_VOCAB,
    SECTOR_VOCAB,
    SECTORS,
    Vocabulary,
    types_of_sector,
)

BORDER_TOLERANCE_M = 500  # DPA polygons are simplified: official points can sit tens to hundreds of metres out
_GEOD = Geod(ellps="WGS84")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
LIST_SPLIT = re.compile(r"\s*[;,|/]\s*")


@dataclass
class Validation:
    """Clean values of every row (``_fila`` = row in the file) and the issues found."""

    records: pd.DataFrame
    issues: list[Issue]
    present: frozenset[str] = field(default_factory=frozenset)
    notes: list[Issue] = field(default_factory=list)

    @property
    def bad_rows(self) -> set[int]:
        return {i.fila for i in self.issues}

    @property
    def valid(self) -> pd.DataFrame:
        return self.records[~self.records["_fila"].isin(self.bad_rows)]

    @property
    def ok(self) -> bool:
        return not self.issues



def _parse_rubro(value: str) -> str | None:
    found = RUBRO_VOCAB.parse(value)
    if found:
        return found
    match = re.match(r"^\s*([A-Ua-u])\b", value)
    return match.group(1).upper() if match else None


def _parse_groups(value: str) -> tuple[list[str], list[str]]:
    ids, unknown = [], []
    for part in LIST_SPLIT.split(value.strip()):
        if not part:
            continue
        parsed = GROUP_VOCAB.parse(part)
        if parsed:
            if parsed not in ids:
                ids.append(parsed)
        else:
            unknown.append(part)
    return ids, unknown



# ---------------------------------------------------------------- territory (geodata)

@lru_cache(maxsize=1)
def _communes() -> pd.DataFrame:
    table = geodata.commune_table().copy()
    return table.set_index("comuna_cut", drop=False)


@lru_cache(maxsize=1)
def _commune_info() -> dict[str, dict[str, Any]]:
    """Commune code → its name, province, region and representative point (plain dicts: fast)."""
    info: dict[str, dict[str, Any]] = _communes()[["nombre", "provincia_cut", "region_cut", "lat", "lon"]].to_dict(
        "index")
    return info


@lru_cache(maxsize=1)
def _commune_shapes() -> dict[str, Any]:
    shapes = geodata.communes()
    return dict(zip(shapes["comuna_cut"], shapes.geometry, strict=True))


def distance_to_commune(code: str, lon: float, lat: float) -> float:
    """Geodesic metres from a point to the (simplified) polygon of commune ``code``; 0 inside."""
    shape = _commune_shapes().get(code)
    if shape is None:
        return math.inf
    point = shapely.Point(lon, lat)
    if shape.covers(point):
        return 0.0
    near = shapely.shortest_line(point, shape).coords[-1]
    return float(_GEOD.inv(lon, lat, near[0], near[1])[2])


#: Resolvers that take a region as scope (a region itself has none).
_SCOPED_RESOLVERS: dict[str, Callable[[str, str], Resolution]] = {
    "comuna": geodata.resolve_commune, "provincia": geodata.resolve_province}


@lru_cache(maxsize=4096)
def _scoped(level: str, name: str, region_cut: str) -> Resolution:
    return _SCOPED_RESOLVERS[level](name, region_cut)


def _resolver(level: str) -> Callable[[str], Resolution]:
    resolvers: dict[str, Callable[[str], Resolution]] = {
        "comuna": geodata.resolve_commune, "region": geodata.resolve_region, "provincia": geodata.resolve_province}
    return resolvers[level]


# ---------------------------------------------------------------- validator

class _Report:
    def __init__(self, filas: np.ndarray, sheet: str | None) -> None:
        self.filas = filas
        self.sheet = sheet
        self.issues: list[Issue] = []
        self.notes: list[Issue] = []

    def add(self, pos: int | np.integer[Any], campo: str, problema: str, accion: str, valor: object = "") -> None:
        self.issues.append(Issue(int(self.filas[pos]), campo, problema, accion, _shown(valor), self.sheet))

    def note(self, pos: int | np.integer[Any], campo: str, problema: str, accion: str = "", valor: object = "") -> None:
        self.notes.append(note(int(self.filas[pos]), campo, problema, accion, _shown(valor), self.sheet))


def _nullable(values: np.ndarray) -> np.ndarray:
    """Floats as an object column with None where NaN (what the database gets for a missing value)."""
    out = values.astype(object)
    out[np.isnan(values)] = None
    return out


def _shown(value: object, limit: int = 80) -> str:
    """A cell as quoted in the report: a 1 MB cell is shown by its start and its length."""
    text = str(value or "")
    return text if len(text) <= limit else t("importacion.valor_cortado", inicio=text[:limit], n=len(text))


def _other_text(value: object) -> str:
    return value.strip() if isinstance(value, str) else ("" if value is None or pd.isna(value) else str(value).strip())


def _col(frame: pd.DataFrame, name: str) -> pd.Series:
    if name in frame.columns:
        values = frame[name].tolist()
        values = (list(map(str.strip, values)) if set(map(type, values)) == {str}
                  else [v.strip() if type(v) is str else _other_text(v) for v in values])
        return pd.Series(values, index=frame.index, dtype=object)
    return pd.Series([""] * len(frame), index=frame.index, dtype=object)


def _none_if_empty(values: pd.Series) -> np.ndarray:
    return np.array([v if v else None for v in values.tolist()], dtype=object)


def _vocab_column(values: pd.Series, vocab: Vocabulary) -> np.ndarray:
    """Parsed ids (None when empty or unknown) as an object array: no NaN sneaking in."""
    parsed = {v: vocab.parse(v) for v in values.unique() if v}
    return np.array(list(map(parsed.get, values.tolist())), dtype=object)  # "" is not a key: None


@dataclass
class FileState:
    """What one file's earlier rows left behind, so a file validated in chunks finds its duplicates:
    keys (RUT, id_externo) and keyless names by the row that first used them."""

    keys: dict[tuple[str, object], int] = field(default_factory=dict)
    names: dict[tuple[str, str | None], int] = field(default_factory=dict)
    claimed: dict[int, int] = field(default_factory=dict)
    index: Registry | None = None  # the registered organizations' keys, indexed once per file
    places: dict[tuple[str, str], Resolution] = field(default_factory=dict)  # (level, name) resolved once per file


class OrganizationValidator:
    """Column-wise checks of an organization table; see :func:`validate_organizations`."""

    def __init__(self, frame: pd.DataFrame, sheet: str | None = None, state: FileState | None = None) -> None:
        self.frame = frame.reset_index(drop=True)
        self.state = state or FileState()
        n = len(self.frame)
        filas = self.frame["_fila"].to_numpy() if "_fila" in self.frame else np.arange(2, n + 2)
        self.report = _Report(filas, sheet)
        self.out: dict[str, Any] = {"_fila": filas}
        self.n = n
        self.province_of_commune: dict[int, str] = {}
        self._columns: dict[str, pd.Series] = {}

    def _text(self, name: str) -> pd.Series:
        """Column ``name`` as stripped text (empty when absent), computed once per column."""
        if name not in self._columns:
            self._columns[name] = _col(self.frame, name)
        return self._columns[name]

    def run(self) -> Validation:
        self._text_fields()
        self._vocabularies()
        self._rut()
        self._territory()
        self._coordinates()
        self._scale_needs_territory()
        self._duplicates_in_file()
        records = pd.DataFrame(self.out)
        present: set[str] = set()
        for column in self.frame.columns:
            present.update(FIELDS_OF_COLUMN.get(column, ()))
        return Validation(records, self.report.issues, frozenset(present), self.report.notes)

    # -- plain text
    def _text_fields(self) -> None:
        rep = self.report
        names = self._text("nombre")
        for pos in np.flatnonzero((names == "").to_numpy()):
            rep.add(pos, "nombre", t("importacion.falta_valor", campo="nombre"), t("importacion.accion_nombre"))
        self.out["nombre"] = _none_if_empty(names)
        self.out["nombre_normalizado"] = np.array([name_key(n) for n in names.tolist()], dtype=object)
        self._nul_bytes()
        for name in ("nombre", "email", "telefono", "id_externo"):
            values = self._text(name)
            too_long = values.str.len() > MAX_LEN[name]
            for pos in np.flatnonzero(too_long.to_numpy()):
                rep.add(pos, name, t("importacion.muy_largo", campo=name, maximo=MAX_LEN[name]),
                        t("importacion.accion_acortar"), values.iloc[pos])
            if name != "nombre":
                self.out[name] = _none_if_empty(values)
        emails = self._text("email")
        bad = (emails != "") & ~emails.str.match(EMAIL_RE)
        for pos in np.flatnonzero(bad.to_numpy()):
            rep.add(pos, "email", t("importacion.email_invalido", valor=emails.iloc[pos]),
                    t("importacion.accion_email"), emails.iloc[pos])
        self._members()

    def _members(self) -> None:
        rep = self.report
        parsed: list[int | None] = []
        for pos, value in enumerate(self._text("n_miembros").tolist()):
            try:
                count = parse_count(value)
            except ValueError:
                count = None
                rep.add(pos, "n_miembros", t("importacion.numero_invalido", valor=value),
                        t("importacion.accion_entero"), value)
            if count is not None and count > MAX_MEMBERS:
                count = None
                rep.add(pos, "n_miembros", t("importacion.miembros_excesivo", valor=value,
                        maximo=f"{MAX_MEMBERS:,}".replace(",", ".")), t("importacion.accion_entero"), value)
            parsed.append(count)
        self.out["n_miembros"] = np.array(parsed, dtype=object)

    def _nul_bytes(self) -> None:
        """A NUL character cannot be stored (PostgreSQL refuses it) and is never meant: report it."""
        for column in self.frame.columns:
            if column == "_fila":
                continue
            values = self._text(str(column))
            if "\x00" not in "".join(values.tolist()):
                continue
            for pos in np.flatnonzero(values.str.contains("\x00", regex=False).to_numpy()):
                self.report.add(pos, str(column), t("importacion.caracter_nulo", campo=column),
                                t("importacion.accion_caracter_nulo"), values.iat[pos].replace("\x00", "␀"))

    # -- closed vocabularies
    def _vocabularies(self) -> None:
        rep = self.report
        sector_raw = self._text("sector_tripartito")
        type_raw = self._text("tipo_actor")
        scale_raw = self._text("escala")
        sector = _vocab_column(sector_raw, SECTOR_VOCAB)
        kind = _vocab_column(type_raw, ACTOR_TYPE_VOCAB)
        scale = _vocab_column(scale_raw, SCALE_VOCAB)
        sector_of_type = {k: v[0] for k, v in ACTOR_TYPES.items()}
        kind_sector = np.array(list(map(sector_of_type.get, kind.tolist())), dtype=object)  # None: None
        odd = ((sector_raw != "").to_numpy() & (sector == None)) | (kind == None) | (scale == None)  # noqa: E711
        odd |= (sector != None) & (kind != None) & (kind_sector != sector)  # noqa: E711
        s_list, k_list, sc_list = sector_raw.tolist(), type_raw.tolist(), scale_raw.tolist()
        for pos in np.flatnonzero(odd).tolist():  # only rows with something to report, in row order
            s_raw, k_raw, sc_raw = s_list[pos], k_list[pos], sc_list[pos]
            s, k = sector[pos], kind[pos]
            if s_raw and s is None:
                rep.add(pos, "sector_tripartito", t("importacion.valor_no_permitido", campo="sector_tripartito",
                        valor=s_raw, permitidos=", ".join(SECTORS)), t("importacion.accion_elegir"), s_raw)
            if not k_raw:
                rep.add(pos, "tipo_actor", t("importacion.falta_valor", campo="tipo_actor"),
                        t("importacion.accion_tipo", permitidos=", ".join(ACTOR_TYPES)))
            elif k is None:
                allowed = types_of_sector(s) if s else list(ACTOR_TYPES)
                rep.add(pos, "tipo_actor", t("importacion.valor_no_permitido", campo="tipo_actor", valor=k_raw,
                        permitidos=", ".join(allowed)), t("importacion.accion_elegir"), k_raw)
            elif s is not None and ACTOR_TYPES[k][0] != s:
                rep.add(pos, "tipo_actor", t("importacion.tipo_otro_sector", tipo=k, sector_tipo=ACTOR_TYPES[k][0],
                        sector=s, permitidos=", ".join(types_of_sector(s))),
                        t("importacion.accion_tipo_sector"), k_raw)
            if not sc_raw:
                rep.add(pos, "escala", t("importacion.falta_valor", campo="escala"),
                        t("importacion.accion_tipo", permitidos=SCALE_VOCAB.allowed()))
            elif scale[pos] is None:
                rep.add(pos, "escala", t("importacion.valor_no_permitido", campo="escala", valor=sc_raw,
                        permitidos=SCALE_VOCAB.allowed()), t("importacion.accion_elegir"), sc_raw)
        self.out["sector_tripartito"] = np.array(
            [s if s is not None else (sector_of_type[k] if k else None)
             for s, k in zip(sector.tolist(), kind.tolist(), strict=True)], dtype=object)
        self.out["tipo_actor"] = kind
        self.out["escala"] = scale
        self._optional_vocab("genero_representante", GENDER_VOCAB, default="ND")
        rubro_raw = self._text("rubro")
        rubros = {v: _parse_rubro(v) for v in rubro_raw.unique() if v}
        rubro = np.array(list(map(rubros.get, rubro_raw.tolist())), dtype=object)  # "" is not a key: None
        unknown_rubro = (rubro_raw != "").to_numpy() & (rubro == None)  # noqa: E711
        for pos in np.flatnonzero(unknown_rubro).tolist():
            rep.add(pos, "rubro", t("importacion.valor_no_permitido", campo="rubro", valor=rubro_raw.iat[pos],
                    permitidos=", ".join(RUBRO_VOCAB.labels)), t("importacion.accion_rubro"), rubro_raw.iat[pos])
        self.out["rubro"] = rubro
        groups_raw = self._text("grupos_representados")
        groups = {v: _parse_groups(v) for v in groups_raw.unique()}
        group_values = groups_raw.tolist()
        if any(unknown for _known, unknown in groups.values()):  # only then look for the rows
            for pos, value in enumerate(group_values):
                unknown = groups[value][1]
                if unknown:
                    rep.add(pos, "grupos_representados", t("importacion.valor_no_permitido",
                            campo="grupos_representados", valor=", ".join(unknown),
                            permitidos=", ".join(GROUP_VOCAB.labels)), t("importacion.accion_grupos"), value)
        known = {v: parsed[0] for v, parsed in groups.items()}
        self.out["grupos_representados"] = list(map(list, map(known.__getitem__, group_values)))  # a list per row

    def _optional_vocab(self, name: str, vocab: Vocabulary, default: str | None) -> None:
        raw = self._text(name)
        parsed = _vocab_column(raw, vocab)
        for pos in np.flatnonzero((raw != "").to_numpy() & np.array([p is None for p in parsed], dtype=bool)):
            self.report.add(pos, name, t("importacion.valor_no_permitido", campo=name, valor=raw.iat[pos],
                            permitidos=vocab.allowed()), t("importacion.accion_elegir"), raw.iat[pos])
        self.out[name] = np.array([p if p is not None else default for p in parsed], dtype=object)

    # -- RUT
    def _rut(self) -> None:
        raw = self._text("rut")
        cache: dict[str, str | InvalidRutError] = {}
        out: list[str | None] = []
        for pos, value in enumerate(raw.tolist()):
            if not value:
                out.append(None)
                continue
            if value not in cache:
                try:
                    cache[value] = normalize_rut(value)
                except InvalidRutError as exc:
                    cache[value] = exc
            result = cache[value]
            if isinstance(result, InvalidRutError):
                self.report.add(pos, "rut", t("importacion.rut_invalido", detalle=str(result)),
                                t("importacion.accion_rut"), value)
                out.append(None)
            else:
                out.append(result)
        self.out["rut"] = np.array(out, dtype=object)

    # -- region / province / commune names → codes
    def _territory(self) -> None:
        communes = _communes()
        info = _commune_info()
        commune_raw, code_raw = self._text("comuna"), self._text("comuna_cut")
        region_raw, region_code_raw = self._text("region"), self._text("region_cut")
        prov_raw = self._text("provincia")
        region = self._codes("region", region_raw, region_code_raw, 2, set(communes["region_cut"]),
                             t("importacion.accion_region"))
        comuna = self._codes("comuna", commune_raw, code_raw, 5, set(communes.index), t("importacion.accion_comuna"),
                             scope=region)
        prov = self._codes("provincia", prov_raw, self._text("provincia_cut"), 3,
                           set(communes["provincia_cut"]), t("importacion.accion_provincia"))
        for pos, code in self.province_of_commune.items():
            if prov[pos] is None:
                prov[pos] = code
        for pos in range(self.n):
            if comuna[pos] is None:
                if prov[pos] is not None and region[pos] is None:
                    region[pos] = prov[pos][:2]
                continue
            row = info[comuna[pos]]
            if region[pos] is not None and region[pos] != row["region_cut"]:
                self.report.add(pos, "region", t("importacion.region_no_coincide", comuna=row["nombre"],
                                region=row["region_cut"], declarada=region[pos]),
                                t("importacion.accion_region_comuna"), region_raw.iat[pos] or region_code_raw.iat[pos])
            if prov[pos] is not None and prov[pos] != row["provincia_cut"]:
                self.report.add(pos, "provincia", t("importacion.provincia_no_coincide", comuna=row["nombre"],
                                provincia=row["provincia_cut"], declarada=prov[pos]),
                                t("importacion.accion_region_comuna"), prov_raw.iat[pos])
            region[pos], prov[pos] = row["region_cut"], row["provincia_cut"]
        self.out["comuna_cut"], self.out["region_cut"], self.out["provincia_cut"] = comuna, region, prov
        self._presence()

    def _codes(self, level: str, names: pd.Series, codes: pd.Series, width: int, known: set[str],
               action: str, scope: np.ndarray | None = None) -> np.ndarray:
        """A code column (export files) wins; else each distinct name is resolved once.

        A name shared by places of several regions is resolved again within the row's region.
        """
        resolver, places = _resolver(level), self.state.places
        for name in set(names[codes == ""].tolist()) - {""}:  # each distinct name once per file, not per chunk
            if (level, name) not in places:
                places[level, name] = resolver(name)
        out = np.full(self.n, None, dtype=object)
        # A name resolved on its own (the usual row: no code, a known name) needs no row-wise step.
        direct = {name: res.code for (lvl, name), res in places.items() if lvl == level and res.ok}
        for pos, (name, code) in enumerate(zip(names.tolist(), codes.tolist(), strict=True)):
            if not code and name in direct:
                out[pos] = direct[name]
                continue
            code = code.zfill(width) if code else ""
            if code in known:
                out[pos] = code
            elif name:
                res = places.get((level, name)) or resolver(name)
                if not res.ok and scope is not None and scope[pos] and getattr(res, "reason", "") == "ambigua":
                    res = _scoped(level, name, scope[pos])
                if res.ok:
                    out[pos] = res.code
                elif not (level == "comuna" and self._province_as_commune(pos, name, scope)):
                    self.report.add(pos, level, res.message(), action, name)
        return out

    def _province_as_commune(self, pos: int, name: str, scope: np.ndarray | None) -> bool:
        """A province typed in the commune column ("CORDILLERA", "MARGA MARGA"): kept at province level."""
        region = scope[pos] if scope is not None else None
        res = _scoped("provincia", name, region) if region else _resolver("provincia")(name)
        if res.code is None:  # not recognised (what ``res.ok`` means)
            return False
        self.province_of_commune[pos] = res.code
        self.report.note(pos, "comuna", t("importacion.provincia_como_comuna", valor=name, provincia=res.name,
                         codigo=res.code), t("importacion.accion_solo_region"), name)
        return True

    def _presence(self) -> None:
        raw = self._text("regiones_presencia")
        if not "".join(raw.tolist()):  # the usual case: no presence given anywhere in the chunk
            self.out["regiones_presencia"] = [[] for _ in range(self.n)]
            return
        resolve = _resolver("region")
        cache: dict[str, Any] = {}
        out: list[list[str]] = []
        for pos, value in enumerate(raw.tolist()):
            codes: list[str] = []
            for part in LIST_SPLIT.split(value) if value else []:
                if not part:
                    continue
                if part not in cache:
                    cache[part] = resolve(part)
                res = cache[part]
                if res.ok:
                    if res.code not in codes:
                        codes.append(res.code)
                else:
                    self.report.add(pos, "regiones_presencia", res.message(), t("importacion.accion_region"), part)
            out.append(sorted(codes))
        self.out["regiones_presencia"] = out

    # -- coordinates
    def _coordinates(self) -> None:
        rep = self.report
        lat_raw, lon_raw = self._text("latitud"), self._text("longitud")
        lat = np.full(self.n, np.nan)
        lon = np.full(self.n, np.nan)
        lat_list, lon_list = lat_raw.tolist(), lon_raw.tolist()
        for pos in np.flatnonzero(((lat_raw != "") | (lon_raw != "")).to_numpy()):
            try:
                la, lo = parse_number(lat_list[pos]), parse_number(lon_list[pos])
            except ValueError:
                rep.add(pos, "latitud, longitud", t("importacion.coordenada_no_numerica", lat=lat_raw.iat[pos],
                        lon=lon_raw.iat[pos]), t("importacion.accion_coordenadas"))
                continue
            if la is None or lo is None:
                rep.add(pos, "latitud, longitud", t("importacion.coordenada_incompleta"),
                        t("importacion.accion_coordenadas"))
                continue
            lat[pos], lon[pos] = la, lo
        has = ~np.isnan(lat)
        approx_raw = self._text("ubicacion_aproximada")
        approx = (approx_raw.map(is_true).to_numpy() & has) if "ubicacion_aproximada" in self.frame else np.zeros(
            self.n, dtype=bool)
        comuna = self.out["comuna_cut"]
        idx = np.flatnonzero(has)
        if len(idx):
            self._judge_points(idx, lat, lon)
        # Missing coordinates: the commune's representative point, flagged as approximate.
        info = _commune_info()
        for pos in np.flatnonzero(~has):
            if comuna[pos] is not None:
                lat[pos], lon[pos] = info[comuna[pos]]["lat"], info[comuna[pos]]["lon"]
                approx[pos] = True
        self.out["latitud"] = _nullable(lat)
        self.out["longitud"] = _nullable(lon)
        self.out["ubicacion_aproximada"] = approx.astype(bool)

    def _judge_points(self, idx: np.ndarray, lat: np.ndarray, lon: np.ndarray) -> None:
        """Outside Chile, swapped, or in another commune than declared (one assign_points call)."""
        rep = self.report
        comuna, region, prov = self.out["comuna_cut"], self.out["region_cut"], self.out["provincia_cut"]
        where = geodata.assign_points(lon[idx], lat[idx]).reset_index(drop=True)
        state = where["estado"].astype(str).to_numpy()
        swapped = where["coordenadas_invertidas"].fillna(False).astype(bool).to_numpy()
        found = where["comuna_cut"].to_numpy(dtype=object)
        info = _commune_info()
        # The usual point: in Chile, not swapped, in the commune declared (a known code, so one of
        # ``info``): nothing to say or fill in.
        declared = comuna[idx]
        agrees = ~swapped & (state != "rechazado") & (declared != None) & (declared == found)  # noqa: E711
        for j in np.flatnonzero(~agrees).tolist():
            pos = int(idx[j])
            value = f"{lat[pos]}, {lon[pos]}"
            if swapped[j]:
                rep.add(pos, "latitud, longitud", t("importacion.coordenadas_invertidas", lat=lat[pos], lon=lon[pos]),
                        t("importacion.accion_invertir"), value)
            elif state[j] == "rechazado" or not isinstance(found[j], str) or found[j] not in info:
                rep.add(pos, "latitud, longitud", t("importacion.fuera_de_chile", lat=lat[pos], lon=lon[pos]),
                        t("importacion.accion_coordenadas"), value)
            elif comuna[pos] is not None and found[j] != comuna[pos]:
                self._border(pos, comuna[pos], found[j], lat[pos], lon[pos])
            elif comuna[pos] is None:
                row = info[found[j]]
                if region[pos] is not None and region[pos] != row["region_cut"]:
                    rep.add(pos, "latitud, longitud", t("importacion.coordenadas_otra_region", region=region[pos],
                            encontrada=row["region_cut"]), t("importacion.accion_coordenadas_comuna"), value)
                elif self.out["escala"][pos] == "local":
                    comuna[pos], prov[pos], region[pos] = found[j], row["provincia_cut"], row["region_cut"]

    def _border(self, pos: int, declared: str, found: str, lat: float, lon: float) -> None:
        """A point in another commune than declared: within :data:`BORDER_TOLERANCE_M` of the declared
        commune the declared one wins (the DPA polygons are simplified), with a note; farther, an error
        that says how far."""
        info = _commune_info()
        metres = distance_to_commune(declared, lon, lat)
        shown = f"{metres:,.0f}".replace(",", ".")
        if metres <= BORDER_TOLERANCE_M:
            self.report.note(pos, "latitud, longitud", t("importacion.borde_tolerado", comuna=info[declared]["nombre"],
                             encontrada=info[found]["nombre"], metros=shown, tolerancia=BORDER_TOLERANCE_M),
                             "", f"{lat}, {lon}")
            return
        self.report.add(pos, "latitud, longitud", t("importacion.coordenadas_otra_comuna",
                        comuna=info[declared]["nombre"], encontrada=info[found]["nombre"], metros=shown),
                        t("importacion.accion_coordenadas_comuna"), f"{lat}, {lon}")

    def _scale_needs_territory(self) -> None:
        commune_given = (self._text("comuna") != "").to_numpy()
        region_given = (self._text("region") != "").to_numpy() | commune_given
        scales = self.out["escala"]
        local = (scales == "local") & (self.out["comuna_cut"] == None) & ~commune_given  # noqa: E711
        regional = (scales == "regional") & (self.out["region_cut"] == None) & ~region_given  # noqa: E711
        for pos in np.flatnonzero(local | regional).tolist():  # only rows that may need a remark
            scale = self.out["escala"][pos]
            if scale == "local" and self.out["comuna_cut"][pos] is None and not commune_given[pos]:
                # Registries that give a region but no commune (the union registry): kept at region (or
                # province) level, flagged, never placed at an invented commune.
                level = "provincia" if self.out["provincia_cut"][pos] is not None else (
                    "region" if self.out["region_cut"][pos] is not None else None)
                if level is not None:
                    self.report.note(pos, "comuna", t(f"importacion.solo_{level}"), t("importacion.accion_solo_region"))
                elif not region_given[pos]:
                    self.report.add(pos, "comuna", t("importacion.local_sin_comuna"), t("importacion.accion_comuna"))
            elif scale == "regional" and self.out["region_cut"][pos] is None and not region_given[pos]:
                self.report.add(pos, "region", t("importacion.regional_sin_region"), t("importacion.accion_region"))

    # -- duplicates inside the file
    def _duplicates_in_file(self) -> None:
        """Keys and keyless names seen earlier in the file (this chunk or an earlier one: ``state``)."""
        first = self.state.keys
        filas = [int(f) for f in self.report.filas.tolist()]
        keys = (("rut", self.out["rut"]), ("id_externo", self.out["id_externo"]))
        flagged: set[int] = set()
        for name, values in keys:
            for pos, value in enumerate(values.tolist()):
                if value is None:
                    continue
                prev = first.setdefault((name, value), filas[pos])
                if prev != filas[pos]:
                    flagged.add(pos)
                    self.report.add(pos, name, t("importacion.duplicado_archivo", campo=name, valor=value,
                                    fila=prev), t("importacion.accion_duplicado"), value)
        # Same name in the same place: the same organization only when neither row has a key (a RUT
        # or an id_externo); with keys they are told apart by them (see registry.matching).
        seen = self.state.names
        places = zip(self.out["nombre_normalizado"], self.out["comuna_cut"], self.out["region_cut"],
                     self.out["rut"].tolist(), self.out["id_externo"].tolist(), strict=True)
        for pos, (name, comuna, region, rut, external) in enumerate(places):
            if not name or pos in flagged or rut or external:
                continue
            place = place_key(comuna, region)
            prev = seen.setdefault((name, place), filas[pos])
            if prev != filas[pos]:
                where = t("importacion.lugar_comuna") if comuna else (
                    t("importacion.lugar_region") if place else t("importacion.lugar_sin_territorio"))
                self.report.add(pos, "nombre", t("importacion.nombre_repetido_archivo", nombre=self.out["nombre"][pos],
                                fila=prev, lugar=where), t("importacion.accion_duplicado"),
                                self.out["nombre"][pos])


def user_name_problem(user: User) -> str | None:
    """Spanish message when the user's name does not fit the provenance and log columns."""
    if len(user.nombre) <= MAX_USER_NAME:
        return None
    return t("importacion.usuario_muy_largo", inicio=user.nombre[:30], n=len(user.nombre), maximo=MAX_USER_NAME)


def missing_columns(frame: pd.DataFrame) -> list[str]:
    """Required columns that the file does not have at all (the file is unusable then)."""
    return [c for c in REQUIRED_COLUMNS if c not in frame.columns]


def validate_organizations(frame: pd.DataFrame, existing: pd.DataFrame | None = None, user: User | None = None,
                           sheet: str | None = None, state: FileState | None = None) -> Validation:
    """Check every row of an organization table (text cells under canonical headers).

    With ``existing`` (see :func:`match_existing`) rows are also matched against the registry
    (``match_id``) and duplicates against it reported; with ``user``, rows the user may not
    change are reported too.
    """
    state = state or FileState()
    result = OrganizationValidator(frame, sheet, state).run()
    records = result.records
    if existing is not None:
        if state.index is None:
            state.index = Registry(existing)
        matching = match_existing(records, existing, sheet, state.claimed, state.index)
        records["match_id"] = matching.ids
        records["regla"] = matching.rules
        result.issues.extend(matching.issues)
        result.notes.extend(matching.notes)
    else:
        records["match_id"] = None
        records["regla"] = None
    if user is not None:
        result.issues.extend(check_access(records, existing, user, sheet))
    return result


def check_access(records: pd.DataFrame, existing: pd.DataFrame | None, user: User,
                 sheet: str | None = None) -> list[Issue]:
    """Rows the user may not write: a regional user writes only in their region, and only the
    central level writes national bodies or organizations present in other regions (the row as
    imported and, for an update, the record as it stands)."""
    if user.can(EDIT_NATIONAL):
        return []
    old: dict[int, dict[str, Any]] = {}
    if existing is not None and "match_id" in records:
        cols = [c for c in ("id", "region_cut", "escala", "regiones_presencia", "nombre") if c in existing]
        old = {int(r["id"]): r for r in existing[cols].to_dict("records")}
    issues = []
    for rec in records.to_dict("records"):
        match = rec.get("match_id")
        targets = [rec]
        if match is not None and not pd.isna(match) and int(match) in old:
            targets.append(old[int(match)])
        for target in targets:
            try:
                check_can_edit_organization(user, {**target, "nombre": rec.get("nombre") or "?"})
            except PermissionError as exc:
                issues.append(Issue(int(rec["_fila"]), "region", str(exc), t("importacion.accion_permiso"), "",
                                    sheet))
                break
    return issues

