"""Import of registry files: read (readers), map headers (headers), check rows (validate), write (pipeline).

Also the empty templates (templates) and the relationship/participation tables (links).
"""

from stakeholders.importing.pipeline import ImportResult, import_file, import_tables, validate_file, write_rejected
from stakeholders.importing.readers import ImportFileError, Table, read_tables
from stakeholders.importing.templates import TEMPLATE_KINDS, template_bytes, write_template
from stakeholders.importing.validate import Issue, Validation, issues_frame, validate_organizations

__all__ = [
    "TEMPLATE_KINDS", "ImportFileError", "ImportResult", "Issue", "Table", "Validation", "import_file",
    "import_tables", "issues_frame", "read_tables", "template_bytes", "validate_file", "validate_organizations",
    "write_rejected", "write_template",
]
