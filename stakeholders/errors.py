"""The errors a user can cause and fix: one base so callers tell them from programming errors.

``InputError`` (a ``ValueError``) means "the data or the request is wrong, here is what to do"; its
message is Spanish and is shown as is. The CLI and the pages catch ``InputError`` and
``PermissionError`` only: any other exception is a bug, logged with its traceback and shown to
the user as a generic message with an error id.
"""

from __future__ import annotations


class InputError(ValueError):
    """Bad input the user can fix; ``str()`` is the Spanish explanation."""


class InvalidRutError(InputError):
    """The text is not a RUT or its check digit is wrong."""


class RowInputError(InputError):
    """One row of an imported table is wrong (field, problem, what to do)."""


class ImportFileError(InputError):
    """The file cannot be read at all (format, encoding, no header): nothing to validate."""


class EditRejectedError(InputError):
    """An edit of one record does not pass validation."""


class InfeasibleCouncilError(InputError):
    """No council meets every requested quota."""


USER_ERRORS: tuple[type[Exception], ...] = (InputError, PermissionError)
"""What the CLI and the pages show as a Spanish message instead of a failure."""


class DeploymentError(RuntimeError):
    """The server or database is not set up as the app needs; the message says what the IT team must do."""
