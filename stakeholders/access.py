"""Who is acting, and what they may do where: roles scoped by territory, checked in the service layer.

A user holds one or more grants ``(role, region)``; ``region=None`` means national scope.

- ``director_regional`` (one region): edits organizations, ties and participation of that region
  and sees their contact data.
- ``planificador`` (one region, or national): builds, saves and exports council proposals.
- ``nivel_central`` (national): reads and compares all regions, edits any region and is the only
  role that manages national bodies and organizations present in other regions.
- ``lectura``: reads; never sees contact data.
- ``admin``: users, roles and the audit trail.

Every write in ``stakeholders`` calls :func:`require` (or :func:`check_can_edit`) before it
touches the database, so the CLI, the pages and scripts obey the same rules.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from i18n import t
from stakeholders import settings

ROLES = ("admin", "nivel_central", "director_regional", "planificador", "lectura")
#: Names of the first version of the app, still accepted in configuration and tests.
LEGACY_ROLES = {"central": "nivel_central", "regional": "director_regional"}
REGIONAL_ROLES = {"director_regional"}

# Actions checked by the service layer.
EDIT_REGISTRY = "editar_registro"  # organizations, ties, participation of a region
EDIT_NATIONAL = "editar_nacional"  # national bodies, presence in several regions
SAVE_PROPOSAL = "guardar_propuesta"  # save and export council proposals
VIEW_CONTACT = "ver_contacto"  # e-mail and phone (Ley 19.628)
ERASE_CONTACT = "borrar_contacto"
MANAGE_USERS = "administrar_usuarios"
VIEW_AUDIT = "ver_auditoria"
ACTIONS = (EDIT_REGISTRY, EDIT_NATIONAL, SAVE_PROPOSAL, VIEW_CONTACT, ERASE_CONTACT, MANAGE_USERS, VIEW_AUDIT)

# Which role may do each action: "region" = only in the grant's region (or anywhere for a
# national grant), "any" = anywhere.
_RULES: dict[str, dict[str, str]] = {
    EDIT_REGISTRY: {"director_regional": "region", "nivel_central": "any"},
    EDIT_NATIONAL: {"nivel_central": "any"},
    SAVE_PROPOSAL: {"planificador": "region"},
    VIEW_CONTACT: {"director_regional": "region", "planificador": "region", "nivel_central": "any"},
    ERASE_CONTACT: {"director_regional": "region", "nivel_central": "any"},
    MANAGE_USERS: {"admin": "any"},
    VIEW_AUDIT: {"admin": "any"},
}


@dataclass(frozen=True)
class Grant:
    rol: str
    region_cut: str | None = None


def make_grant(rol: str, region_cut: str | None, user: str = "?") -> Grant:
    """A validated grant: known role, a region for regional roles, none for national ones."""
    rol = LEGACY_ROLES.get(rol, rol)
    if rol not in ROLES:
        raise ValueError(t("acceso.rol_invalido", rol=rol, roles=", ".join(ROLES)))
    region = str(region_cut).zfill(2) if region_cut else None
    if rol in REGIONAL_ROLES and not region:
        raise ValueError(t("acceso.regional_sin_region", usuario=user))
    return Grant(rol, region)


@dataclass(frozen=True)
class User:
    """The acting person. ``User("ana", "director_regional", "08")`` is a one-grant shorthand."""

    nombre: str
    rol: str | None = None
    region_cut: str | None = None
    grants: tuple[Grant, ...] = field(default=())

    def __post_init__(self) -> None:
        grants = list(self.grants)
        if self.rol is not None:
            grants.insert(0, make_grant(self.rol, self.region_cut, self.nombre))
        if not grants:
            grants = [Grant("nivel_central")]
        object.__setattr__(self, "grants", tuple(dict.fromkeys(grants)))
        first = self.grants[0]
        regional = next((g.region_cut for g in self.grants if g.region_cut), None)
        object.__setattr__(self, "rol", first.rol)
        object.__setattr__(self, "region_cut", regional)

    @property
    def roles(self) -> set[str]:
        return {g.rol for g in self.grants}

    def describe(self) -> str:
        """Roles as people read them: ``director_regional (08), planificador (nacional)``."""
        return ", ".join(
            f"{g.rol} ({t('acceso.region_n', region=g.region_cut) if g.region_cut else t('acceso.nacional_corto')})"
            for g in self.grants
        )

    def can(self, action: str, region_cut: str | None = None) -> bool:
        """May this user do ``action`` on data of ``region_cut`` (``None`` = national / no region)?"""
        rules = _RULES[action]
        for grant in self.grants:
            scope = rules.get(grant.rol)
            if scope == "any" or (scope == "region" and (grant.region_cut is None or grant.region_cut == region_cut)):
                return True
        return False

    def regions_for(self, action: str) -> set[str] | None:
        """Regions where ``action`` is allowed; ``None`` = all of them."""
        rules = _RULES[action]
        out: set[str] = set()
        for grant in self.grants:
            scope = rules.get(grant.rol)
            if scope == "any" or (scope == "region" and grant.region_cut is None):
                return None
            if scope == "region" and grant.region_cut:
                out.add(grant.region_cut)
        return out

    def can_edit_region(self, region_cut: str | None) -> bool:
        if region_cut is None:
            return self.can(EDIT_NATIONAL)
        return self.can(EDIT_REGISTRY, region_cut)


def require(user: User, action: str, region_cut: str | None, what: str) -> None:
    """Raise ``PermissionError`` with a Spanish message saying who may do it instead."""
    if user.can(action, region_cut):
        return
    if user.roles <= {"lectura"}:
        raise PermissionError(t("acceso.solo_lectura", usuario=user.nombre))
    allowed = ", ".join(sorted(_RULES[action]))
    raise PermissionError(
        t(
            "acceso.sin_permiso",
            usuario=user.nombre,
            roles=user.describe(),
            accion=t(f"acceso.accion.{action}"),
            objetivo=what,
            region_objetivo=t("acceso.la_region_n", region=region_cut) if region_cut else t("acceso.nacional"),
            permitidos=allowed,
        )
    )


def check_can_edit(user: User, region_cut: str | None, what: str) -> None:
    """Registry write on ``region_cut``; ``None`` (a national record) needs ``nivel_central``."""
    if region_cut is None:
        require(user, EDIT_NATIONAL, None, what)
    else:
        require(user, EDIT_REGISTRY, region_cut, what)


def organization_regions(org: Mapping[str, Any] | Any) -> set[str | None]:
    """The territories an organization's record speaks for: its region, its regional presence,
    and ``None`` (national) for a national body. Works on a mapping or an ORM row."""
    get = org.get if isinstance(org, Mapping) else (lambda key: getattr(org, key, None))
    regions: set[str | None] = set()
    region = get("region_cut")
    if isinstance(region, str) and region:
        regions.add(region)
    presence = get("regiones_presencia")
    if isinstance(presence, Iterable) and not isinstance(presence, str):
        regions.update(str(r).zfill(2) for r in presence if r)
    if str(get("escala") or "").lower() == "nacional" or not regions:
        regions.add(None)
    return regions


def check_can_edit_organization(user: User, org: Mapping[str, Any] | Any) -> None:
    """An organization's record: every region it is present in, and national bodies, are checked.

    A body located in Santiago but national in scope belongs to ``nivel_central``, not to
    region 13; an organization present in several regions likewise.
    """
    name = str((org.get("nombre") if isinstance(org, Mapping) else getattr(org, "nombre", "")) or "?")
    regions = organization_regions(org)
    if None in regions or len(regions) > 1:
        require(user, EDIT_NATIONAL, None, name)
        return
    check_can_edit(user, next(iter(regions)), name)


def user_from_env() -> User:
    """The single user of local mode (``MAPA_USUARIO``, ``MAPA_ROL``, ``MAPA_REGION``).

    Without ``MAPA_ROL`` the local user may do everything (admin, central level and national
    planner): it is the owner of the machine and of its SQLite file.
    """
    region = settings.local_region()
    name = settings.local_user_name()
    role = settings.local_role()
    if role is None:
        if region:
            return User(name, "director_regional", region)
        return User(name, grants=(Grant("admin"), Grant("nivel_central"), Grant("planificador")))
    return User(name, role, region)
