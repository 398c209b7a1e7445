"""Test-only: record every outbound connection attempt of the process it is loaded into.

Put this directory on ``PYTHONPATH`` and set ``MAPA_REGISTRO_SALIDAS`` to a file: each DNS
lookup of a non-local name and each ``connect()`` to a non-loopback address is appended to it
(one line each) and refused, so a server started this way can prove it never phones home.
"""

from __future__ import annotations

import ipaddress
import os
import socket

_LOG = os.environ.get("MAPA_REGISTRO_SALIDAS")
_LOCAL_NAMES = {"localhost", "127.0.0.1", "::1", "0.0.0.0", "::", "", None}


def _record(what: str) -> None:
    if _LOG:
        with open(_LOG, "a", encoding="utf-8") as out:
            out.write(what + "\n")


def _is_local(host: object) -> bool:
    if host in _LOCAL_NAMES:
        return True
    try:
        address = ipaddress.ip_address(str(host))
    except ValueError:
        return False
    return address.is_loopback or address.is_unspecified


if _LOG:
    _getaddrinfo = socket.getaddrinfo
    _connect = socket.socket.connect
    _connect_ex = socket.socket.connect_ex

    def getaddrinfo(host, *args, **kwargs):  # type: ignore[no-untyped-def]
        name = host.decode() if isinstance(host, bytes) else host
        if not _is_local(name):
            _record(f"dns {name}")
            raise socket.gaierror(socket.EAI_NONAME, "bloqueado por la prueba")
        return _getaddrinfo(host, *args, **kwargs)

    def _guard(sock: socket.socket, address: object) -> None:
        if sock.family in (socket.AF_INET, socket.AF_INET6) and isinstance(address, tuple) \
                and not _is_local(address[0]):
            _record(f"connect {address[0]}:{address[1]}")
            raise ConnectionRefusedError("bloqueado por la prueba")

    def connect(self, address):  # type: ignore[no-untyped-def]
        _guard(self, address)
        return _connect(self, address)

    def connect_ex(self, address):  # type: ignore[no-untyped-def]
        _guard(self, address)
        return _connect_ex(self, address)

    socket.getaddrinfo = getaddrinfo
    socket.socket.connect = connect  # type: ignore[method-assign]
    socket.socket.connect_ex = connect_ex  # type: ignore[method-assign]
