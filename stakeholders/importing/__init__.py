"""Import of registry files: read (tables), map headers (headers), check rows (registry), write (pipeline).

Also the empty templates (templates), the relationship/participation tables (links) and the
results an import hands back (results). The rules for one organization live in
:mod:`stakeholders.registry`; reading raw files in :mod:`stakeholders.tabular.read`.
"""

from stakeholders.importing.pipeline import import_file, import_tables, validate_file, write_rejected
from stakeholders.importing.results import ImportResult
from stakeholders.importing.tables import Table, read_tables
from stakeholders.importing.templates import TEMPLATE_KINDS, template_bytes, write_template
from stakeholders.registry.issues import Issue, issues_frame
from stakeholders.registry.validation import Validation, validate_organizations
from stakeholders.tabular.read import ImportFileError

__all__ = [
    "TEMPLATE_KINDS", "ImportFileError", "ImportResult", "Issue", "Table", "Validation", "import_file",
    "import_tables", "issues_frame", "read_tables", "template_bytes", "validate_file", "validate_organizations",
    "write_rejected", "write_template",
]
