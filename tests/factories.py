"""Shared test data: the corpus of hostile organization names every builder and export must survive.

Each name reaches HTML, JavaScript, Jinja/branca templates, Markdown, matplotlib text,
spreadsheets and SQL somewhere in the app. ``hostile_names(marker)`` embeds a payload that would
create ``marker`` if any template engine ever evaluated it, so a test can check the file is absent.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["HOSTILE_FIXED", "hostile_names"]

HOSTILE_FIXED: tuple[str, ...] = (
    "{% raw %} Sindicato {% endraw %}",
    "{# comentario #} Cámara {{ 7*7 }}",
    "${alert(1)} Cooperativa `whoami`",
    "</script><script>alert('x')</script> Junta",
    "[Sindicato falso](http://example.invalid) ![img](http://example.invalid/x.png)",
    r"Fundación $\invalidcmd{x}$ y $2$ socios",
    "=1+2*cmd|' /C calc'!A0",
    "+56 Sindicato", "-Sindicato", "@SUMA(A1)",
    "Agrupación\u202eonaciremA\u202c",  # RTL override
    "Nombre con NUL\x00 dentro",
    "Ñandú & Cía. <b>negrita</b> \"comillas\" 'simples'",
    "O" * 2000,
)


def hostile_names(marker: Path) -> list[str]:
    """The fixed corpus plus server-side template payloads that would create ``marker``."""
    cmd = f"touch {marker}"
    return [
        "{{ lipsum.__globals__.os.popen('" + cmd + "').read() }} Sindicato",
        "{{ cycler.__init__.__globals__.os.system('" + cmd + "') }}",
        "{% for x in range(1) %}{{ lipsum.__globals__['os'].popen('" + cmd + "') }}{% endfor %}",
        *HOSTILE_FIXED,
    ]


# ------------------------------------------------------------------ registry rows and snapshots
# Shared by the importer, editing, export, CLI and Datos page tests (formerly in tests/test_importing_data.py).

import warnings  # noqa: E402 - this file is append-only: the shared helpers below keep their imports here
from typing import Any  # noqa: E402

import pandas as pd  # noqa: E402
from sqlalchemy import Engine, MetaData, select  # noqa: E402

from stakeholders.access import User  # noqa: E402
from stakeholders.councils.synthetic import synthetic_pool  # noqa: E402
from stakeholders.db import make_engine, session_scope  # noqa: E402
from stakeholders.models import Organization  # noqa: E402
from stakeholders.registry.schema import ORG_FILE_COLUMNS  # noqa: E402
from stakeholders.repository import load_organizations  # noqa: E402

__all__ += [
    "BIOBIO", "CENTRAL", "NUBLE", "NUNOA", "READER", "SANTIAGO", "VALPARAISO", "VINA", "council_registry",
    "db_snapshot", "make_orgs", "org", "registry_frame", "valid_rows", "write_csv",
]

# Points inside their communes (checked against the DPA layer by geodata).
VALPARAISO = ("-33.045", "-71.62")
SANTIAGO = ("-33.4489", "-70.6693")
NUNOA = ("-33.4569", "-70.5979")
VINA = ("-33.0245", "-71.5518")


def org(**overrides: Any) -> dict[str, str]:
    """A valid organization row in the canonical layout; override any field."""
    row = {c: "" for c in ORG_FILE_COLUMNS}
    row.update({
        "nombre": "Sindicato Portuario Uno", "rut": "76.123.456-0", "sector_tripartito": "trabajadores",
        "tipo_actor": "sindicato", "escala": "local", "region": "Valparaíso", "comuna": "Valparaíso",
        "latitud": VALPARAISO[0], "longitud": VALPARAISO[1], "rubro": "H",
        "grupos_representados": "mujeres; jóvenes", "genero_representante": "F", "n_miembros": "120",
        "email": "contacto@sindicato.cl", "telefono": "+56 9 1234 5678",
    })
    row.update({k: str(v) for k, v in overrides.items()})
    return row


def valid_rows() -> list[dict[str, str]]:
    """Four organizations of different sectors, scales and territories (no problems)."""
    return [
        org(),
        org(nombre="Cámara de Comercio de Santiago", rut="", sector_tripartito="Empleadores", tipo_actor="Cámara",
            escala="regional", region="13", comuna="Santiago", latitud=SANTIAGO[0], longitud=SANTIAGO[1], rubro="G",
            grupos_representados="", genero_representante="M", n_miembros="1.200", email="", telefono=""),
        org(nombre="ONG Inclusión Laboral", rut="65.000.001-3", sector_tripartito="", tipo_actor="ONG", escala="local",
            region="", comuna="Ñuñoa", latitud="", longitud="", rubro="", genero_representante="ND",
            grupos_representados="personas con discapacidad", n_miembros="", email="", telefono=""),
        org(nombre="Confederación Nacional de Prueba", rut="70.000.001-k", sector_tripartito="trabajadores",
            tipo_actor="confederacion", escala="nacional", region="", comuna="", latitud="", longitud="", rubro="",
            grupos_representados="", n_miembros="50000", email="", telefono=""),
    ]


def write_csv(path: Path, rows: list[dict[str, str]], sep: str = ",", encoding: str = "utf-8-sig") -> Path:
    pd.DataFrame(rows).to_csv(path, index=False, sep=sep, encoding=encoding)
    return path


def db_snapshot(engine: Engine) -> dict[str, list[tuple[str, ...]]]:
    """Every row of every table (sorted): two equal snapshots mean an unchanged database."""
    meta = MetaData()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PostGIS "geometry" type is unknown to plain SQLAlchemy
        meta.reflect(engine)
    out: dict[str, list[tuple[str, ...]]] = {}
    with engine.connect() as conn:
        for name, table in sorted(meta.tables.items()):
            cols = [c for c in table.columns if c.name != "geom"]
            out[name] = sorted((tuple(map(repr, r)) for r in conn.execute(select(*cols))), key=str)
    return out


def registry_frame(engine: Engine) -> pd.DataFrame:
    """The registry's data fields (no ids, timestamps or provenance) for comparisons."""
    frame = load_organizations(engine, include_inactive=True)
    keep = ["nombre", "rut", "sector_tripartito", "tipo_actor", "escala", "region_cut", "provincia_cut", "comuna_cut",
            "regiones_presencia", "latitud", "longitud", "ubicacion_aproximada", "rubro", "grupos_representados",
            "genero_representante", "n_miembros", "email", "telefono", "id_externo", "activo"]
    frame = frame[keep].copy()
    for col in ("regiones_presencia", "grupos_representados"):
        frame[col] = frame[col].map(lambda v: ";".join(v))
    frame["latitud"] = frame["latitud"].astype(float).round(9)
    frame["longitud"] = frame["longitud"].astype(float).round(9)
    return frame.astype(str).sort_values("nombre").reset_index(drop=True)


# ------------------------------------------------------------------ analyses (formerly tests/test_analysis_service.py)

CENTRAL = User("central.ana", "central")
NUBLE = User("nuble.pedro", "regional", "16")
BIOBIO = User("biobio.rosa", "regional", "08")
READER = User("lectora", "lectura")

ANALYSIS_ORGS = [
    ("Gobierno Regional de Ñuble", "gobierno", "gobierno_regional", "regional", "76.543.210-3"),
    ("SEREMI del Trabajo Ñuble", "gobierno", "seremi", "regional", None),
    ("Municipalidad de Chillán", "gobierno", "municipio", "local", None),
    ("Cámara de Comercio de Chillán", "empleadores", "camara", "regional", None),
    ("Agrícola Los Robles", "empleadores", "empresa", "local", None),
    ("Sindicato de Temporeras de San Carlos", "trabajadores", "sindicato", "local", None),
    ("CUT Provincial Diguillín", "trabajadores", "central_sindical", "regional", None),
    ("OTEC Capacita Ñuble", "sociedad_civil", "otec", "regional", None),
    ("Junta de Vecinos Villa Esperanza", "sociedad_civil", "junta_vecinos", "local", None),
    ("=HYPERLINK(\"http://x\")", "sociedad_civil", "ong", "local", None),
]


def make_orgs(engine: Engine, region: str = "16") -> list[int]:
    """A small registry: ten organizations of Ñuble across the four sectors, one in Biobío."""
    ids = []
    with session_scope(engine) as session:
        for k, (name, sector, kind, scale, rut) in enumerate(ANALYSIS_ORGS):
            org = Organization(nombre=name, nombre_normalizado=name.lower(), sector_tripartito=sector,
                               tipo_actor=kind, escala=scale, region_cut=region, comuna_cut=f"{region}101",
                               latitud=-36.6 + k * 0.02, longitud=-72.1 + k * 0.02, rut=rut,
                               n_miembros=1500 if kind == "central_sindical" else None)
            session.add(org)
            session.flush()
            ids.append(org.id)
        other = Organization(nombre="Cámara de la Construcción Biobío", nombre_normalizado="x",
                             sector_tripartito="empleadores", tipo_actor="camara", escala="regional", region_cut="08")
        session.add(other)
        session.flush()
        ids.append(other.id)
    return ids


# ------------------------------------------------------------------ councils (formerly tests/test_councils_io.py)


def council_registry(url: str) -> None:
    """A database at ``url`` holding a synthetic Aysén pool of 120 organizations (ids kept)."""
    cands = synthetic_pool(120, seed=9, region_cut="11")
    engine = make_engine(url)
    with session_scope(engine) as s:
        for r in cands.to_dict("records"):
            s.add(
                Organization(
                    id=int(r["id"]),
                    nombre=r["nombre"],
                    nombre_normalizado=r["nombre"].lower(),
                    sector_tripartito=r["sector_tripartito"],
                    tipo_actor=r["tipo_actor"],
                    escala=r["escala"],
                    region_cut="11",
                    provincia_cut="11" + r["provincia_cut"][-1],
                    comuna_cut=r["comuna_cut"],
                    rubro=r["rubro"],
                    grupos_representados=r["grupos_representados"],
                    genero_representante=r["genero_representante"],
                    n_miembros=int(r["n_miembros"]),
                    regiones_presencia=[],
                )
            )
    engine.dispose()


# --- network (tests/test_network_*.py): small graphs with hand-computed answers -------------------
__all__ += ["NETWORK_BRIDGE", "NETWORK_EMPLOYERS", "NETWORK_UNION", "NETWORK_WORKERS", "bridge_network", "clique",
            "network_orgs", "network_ties"]
NETWORK_EMPLOYERS = [1, 2, 3, 4]
NETWORK_WORKERS = [11, 12, 13, 14]
NETWORK_BRIDGE, NETWORK_UNION = 20, 30


def network_orgs(rows: list[tuple[int, str]], region: str = "08") -> pd.DataFrame:
    """Organizations ``(id, sector)`` of one region with the columns the network reads."""
    return pd.DataFrame([
        {"id": i, "nombre": f"Org {i}", "sector_tripartito": s,
         "tipo_actor": "sindicato" if i == NETWORK_UNION else "ong", "region_cut": region,
         "comuna_cut": f"{region}101", "regiones_presencia": []}
        for i, s in rows
    ])


def network_ties(pairs: list[tuple[int, int]], kind: str = "alianza", **extra: list) -> pd.DataFrame:
    """Relationships ``origen → destino`` of one type (extra columns by keyword)."""
    frame = pd.DataFrame(pairs, columns=["origen_id", "destino_id"]).assign(tipo=kind, peso=1.0, activo=True)
    for key, values in extra.items():
        frame[key] = values
    return frame


def clique(ids: list[int]) -> list[tuple[int, int]]:
    return [(a, b) for k, a in enumerate(ids) for b in ids[k + 1:]]


def bridge_network() -> tuple[pd.DataFrame, pd.DataFrame]:
    """An employers' clique and a workers' clique, a government office tied to two of each, an isolated union."""
    orgs = network_orgs([*((i, "empleadores") for i in NETWORK_EMPLOYERS),
                         *((i, "trabajadores") for i in NETWORK_WORKERS),
                         (NETWORK_BRIDGE, "gobierno"), (NETWORK_UNION, "trabajadores")])
    ties = clique(NETWORK_EMPLOYERS) + clique(NETWORK_WORKERS) + [
        (NETWORK_BRIDGE, 1), (NETWORK_BRIDGE, 2), (NETWORK_BRIDGE, 11), (NETWORK_BRIDGE, 12)]
    return orgs, network_ties(ties)


def write_then_fail(engine: Engine) -> None:
    """A transaction that adds an organization and then fails half-way (it must leave no trace)."""
    try:
        with session_scope(engine) as s:
            s.add(Organization(nombre="A", nombre_normalizado="a", sector_tripartito="gobierno",
                               tipo_actor="ministerio", escala="nacional"))
            s.flush()
            raise RuntimeError("falla a mitad de la transacción")
    except RuntimeError:
        pass


def council_page_env(tmp_path: Path, monkeypatch: Any, name: str = "consejo") -> str:
    """The Consejo page's environment: a council registry (Aysén), no sample, a planner of region 11.

    Returns the database URL. Saving a proposal needs a planner of the region, hence the role.
    """
    url = f"sqlite:///{tmp_path / f'{name}.sqlite'}"
    council_registry(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.setenv("MAPA_CARGAR_EJEMPLO", "0")
    monkeypatch.setenv("MAPA_REGION", "11")
    monkeypatch.setenv("MAPA_ROL", "planificador")
    return url
