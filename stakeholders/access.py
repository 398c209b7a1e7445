"""Who is acting, and what they may change.

Central staff (``central``) change any region; a regional user (``regional``) changes only
organizations of their own region (national bodies are central-only). Identity comes from
the deployment (a reverse proxy header, or environment variables); see the README.
"""

from __future__ import annotations

from dataclasses import dataclass

from i18n import t
from stakeholders import settings
from stakeholders.errors import InputError

ROLES = ("central", "regional", "lectura")


@dataclass(frozen=True)
class User:
    nombre: str
    rol: str = "central"
    region_cut: str | None = None

    def __post_init__(self) -> None:
        if self.rol not in ROLES:
            raise InputError(t("acceso.rol_invalido", rol=self.rol, roles=", ".join(ROLES)))
        if self.rol == "regional" and not self.region_cut:
            raise InputError(t("acceso.regional_sin_region", usuario=self.nombre))

    def can_edit_region(self, region_cut: str | None) -> bool:
        if self.rol == "central":
            return True
        if self.rol == "lectura":
            return False
        return region_cut is not None and region_cut == self.region_cut


def check_can_edit(user: User, region_cut: str | None, what: str) -> None:
    """Raise ``PermissionError`` (Spanish message) when ``user`` may not change ``what``."""
    if user.can_edit_region(region_cut):
        return
    if user.rol == "lectura":
        raise PermissionError(t("acceso.solo_lectura", usuario=user.nombre))
    raise PermissionError(
        t(
            "acceso.fuera_de_region",
            usuario=user.nombre,
            region=user.region_cut or "?",
            objetivo=what,
            region_objetivo=region_cut or t("acceso.nacional"),
        )
    )


def user_from_env() -> User:
    """The local user (``MAPA_USUARIO``, ``MAPA_ROL``, ``MAPA_REGION``); defaults to central."""
    region = settings.local_region()
    return User(
        nombre=settings.local_user_name(),
        rol=settings.local_role() or ("regional" if region else "central"),
        region_cut=region,
    )
