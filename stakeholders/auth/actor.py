"""Who acts from the command line: a token's user, or the single user of local mode.

``--usuario``/``--autor`` never choose who acts: they may only repeat the actor's own name (old
scripts pass it), so nobody can record a change in someone else's name or borrow their rights.
"""

from __future__ import annotations

from sqlalchemy import Engine

from i18n import t
from stakeholders import settings
from stakeholders.access import User, user_from_env
from stakeholders.auth.accounts import user_for_token


def cli_user(engine: Engine, claimed: str | None = None) -> User:
    token = settings.cli_token()
    if token:
        user = user_for_token(engine, token)
        if user is None:
            raise PermissionError(t("acceso.cli_token_invalido"))
    elif settings.auth_mode() == "local":
        user = user_from_env()
    else:
        raise PermissionError(t("acceso.cli_sin_token", modo=settings.auth_mode()))
    if claimed and claimed != user.nombre:
        raise PermissionError(t("acceso.cli_suplantacion", nombre=claimed, actor=user.nombre))
    return user
