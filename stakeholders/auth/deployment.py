"""Start-up rules of a deployment: which sign-in mode may run where, and when a proxy is trusted.

Pure functions over the configuration (no Streamlit), so the rules are tested directly; the web
layer calls :func:`startup_problem` on every run and refuses to serve while it returns a message.
"""

from __future__ import annotations

from i18n import t
from stakeholders import settings

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def is_loopback(address: str | None) -> bool:
    """``server.address`` bound to this machine only (empty means every interface)."""
    return bool(address) and address.strip().lower() in LOOPBACK


def startup_problem(mode: str, address: str | None, header: str | None, trusted: str | None) -> str | None:
    """The Spanish reason this configuration must not serve, or ``None`` when it is safe."""
    if mode not in settings.AUTH_MODES:
        return t("acceso.modo_desconocido", modo=mode, modos=", ".join(settings.AUTH_MODES))
    shown = address or t("acceso.todas_las_interfaces")
    if mode == "local" and not is_loopback(address):
        return t("acceso.local_expuesto", direccion=shown)
    if (mode == "proxy" or header) and not (is_loopback(address) or trusted):
        return t("acceso.proxy_inseguro", direccion=shown)
    if mode == "proxy" and not header:
        return t("acceso.proxy_sin_cabecera", cabecera="MAPA_HEADER_USUARIO")
    return None


def header_trusted(peer_ip: str | None, address: str | None, trusted: str | None) -> bool:
    """Trust the proxy's header only from the configured proxy, or from loopback on a loopback-bound app.

    ``peer_ip`` is the TCP peer (``None`` when it is loopback), which a client cannot forge.
    """
    if trusted:
        return peer_ip == trusted or (peer_ip is None and trusted in LOOPBACK)
    return peer_ip is None and is_loopback(address)
