"""The bundled sample ("datos de ejemplo"): a deterministic generator and its shipped output.

The app starts with a realistic registry so every page can be tried at once: the real national
peak bodies and public services, every region's government, labour SEREMI, SENCE directorate and
presidential delegation, a municipality (with its OMIL) for each of the 345 communes that have a
territory polygon — Antártica (12202) has none in the DPA layer, so it gets no municipality —
plus synthetic employers, unions, training providers and civil-society groups in numbers that
follow each region's population and economy, with affiliations, alliances and six years of
participation (see :mod:`.participation` for the over-convened organizations SENCE found in the
field). Everything is labelled ``fuente = SAMPLE_SOURCE``.

:func:`generate` builds the frames from a fixed seed; :func:`write_sample_files` stores them as
CSV under ``stakeholders/data/sample/`` (shipped in the repository); :func:`load_sample` bulk-loads
those files in one transaction, keeping ids, and :func:`ensure_sample` does so only into an empty
registry.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import numpy as np
import pandas as pd
from sqlalchemy import Engine
from sqlalchemy.exc import IntegrityError

import geodata
from i18n import t
from stakeholders.analysis.sample import create_sample_analysis
from stakeholders.dialogues.sample import create_sample_dialogues
from stakeholders.errors import InputError
from stakeholders.models import SAMPLE_SOURCE
from stakeholders.sample import catalog as cat
from stakeholders.sample.orgs import ORG_FIELDS
from stakeholders.sample.participation import build_participation
from stakeholders.sample.places import locate
from stakeholders.sample.store import insert_sample, read_frames, registry_is_empty, write_frames
from stakeholders.sample.synthetic import build_organizations
from stakeholders.sample.ties import build_relationships

__all__ = ["SAMPLE_SOURCE", "SampleData", "ensure_sample", "generate", "load_sample", "read_sample_files",
           "write_sample_files"]
SEED = 20_210_301
DATA_DIR = Path(__file__).resolve().parents[1] / "data" / "sample"


@dataclass
class SampleData:
    """The sample's tables, with the columns of the registry tables they load into."""

    organizations: pd.DataFrame
    relationships: pd.DataFrame
    spaces: pd.DataFrame
    memberships: pd.DataFrame
    events: pd.DataFrame
    attendance: pd.DataFrame

    def frames(self) -> dict[str, pd.DataFrame]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def over_convened_ids(data: SampleData) -> list[int]:
    """Ids of the organizations planted as over-convened (four per region), by their external id.

    They are the regional CUT chapter, the main chamber of commerce and the two large NGOs of each
    region; found again from the loaded data so tests can check the fatigue measure against them.
    """
    orgs = data.organizations
    out: list[int] = []
    for region in cat.REGIONS:
        reg = orgs[orgs["region_cut"] == region.cut]
        out += reg.loc[reg["nombre"] == f"CUT Región {region.nombre}", "id"].tolist()
        out += reg.loc[reg["nombre"].str.startswith("Cámara de Comercio, Servicios y Turismo de"), "id"].tolist()
        out += reg.loc[reg["nombre"].str.endswith("para el Empleo y el Desarrollo Local"), "id"].tolist()
    return [int(i) for i in out]


def generate(seed: int = SEED) -> SampleData:
    """Build the whole sample from ``seed`` (same seed, same frames, byte for byte once written)."""
    rng = np.random.default_rng(seed)
    communes = geodata.commune_table().sort_values("comuna_cut").reset_index(drop=True)
    builder, _ = build_organizations(rng, communes)
    orgs = pd.DataFrame(builder.rows, columns=ORG_FIELDS)
    orgs["n_miembros"] = orgs["n_miembros"].astype("Int64")
    orgs = locate(orgs, communes, rng)
    relationships = build_relationships(rng, orgs, builder.keys)
    participation = build_participation(rng, orgs, builder.keys)
    return SampleData(organizations=orgs, relationships=relationships, **participation)


def write_sample_files(folder: Path | str = DATA_DIR, data: SampleData | None = None) -> list[Path]:
    """Write the sample as UTF-8 CSV files (one per table); returns the paths written."""
    return write_frames(Path(folder), data or generate())


def read_sample_files(folder: Path | str = DATA_DIR) -> SampleData:
    """The shipped sample as frames with proper types (lists, dates, codes as text)."""
    return SampleData(**read_frames(Path(folder)))


def load_sample(engine: Engine, folder: Path | str = DATA_DIR) -> dict[str, int]:
    """Insert the shipped sample in one transaction, keeping its ids; returns rows per table.

    Raises ``ValueError`` (Spanish message) when the registry already has organizations: the
    sample's ids would collide with theirs.
    """
    if not registry_is_empty(engine):
        raise InputError(t("muestra.no_cargada"))

    counts = insert_sample(engine, read_sample_files(folder))
    create_sample_analysis(engine)  # the power–interest matrix the Análisis page opens on
    create_sample_dialogues(engine)  # the dialogues and ideas the Seguimiento page opens on
    return counts


def load_message(counts: dict[str, int]) -> str:
    """One Spanish line summarising a load (for the CLI and the logs)."""
    return t("muestra.cargada", organizaciones=counts.get("organizations", 0),
             relaciones=counts.get("relationships", 0), eventos=counts.get("events", 0),
             asistencias=counts.get("attendance", 0))


def ensure_sample(engine: Engine) -> bool:
    """Load the sample when the registry has no organizations at all; True when it loaded."""
    if not registry_is_empty(engine):
        return False
    try:
        load_sample(engine)
    except (IntegrityError, ValueError):  # another process loaded it at the same moment
        return False
    return True
