"""Export → re-import of the unchanged sample is no change at all (issue 11 item 17)."""

from __future__ import annotations

from sqlalchemy import Engine, func, select

from stakeholders.access import User
from stakeholders.exporting import export_organizations
from stakeholders.importing import import_file
from stakeholders.models import ChangeLog, Organization
from stakeholders.sample import load_sample


def test_exported_sample_reimports_with_no_update(engine: Engine) -> None:
    load_sample(engine)
    with engine.connect() as conn:
        versions = dict(conn.execute(select(Organization.id, Organization.version)).all())
        logs = conn.scalar(select(func.count()).select_from(ChangeLog))
    central = User("central", "central")
    data = export_organizations(engine, "csv", user=central)  # a role that sees contact data (Ley 19.628)
    result = import_file(engine, data, central, name="organizaciones.csv")
    assert result.ok, result.issues[:3]
    assert (result.creadas, result.actualizadas) == (0, 0) and result.sin_cambios == len(versions)
    with engine.connect() as conn:
        assert dict(conn.execute(select(Organization.id, Organization.version)).all()) == versions
        assert conn.scalar(select(func.count()).select_from(ChangeLog)) == logs + 1  # the export's own entry
