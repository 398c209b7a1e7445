"""Nothing phones home: the app server, started as the README says, opens no outbound connection.

Streamlit in headless mode asks ``checkip.amazonaws.com`` for the machine's external IP to
print an "External URL"; ``.streamlit/config.toml`` turns that message off. The server runs
with ``tests/e2e/outbound/sitecustomize.py`` on its path, which records (and refuses) every
DNS lookup of a non-local name and every connection to a non-loopback address.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

from tests.e2e.conftest import running_app

pytestmark = pytest.mark.e2e

RECORDER = Path(__file__).resolve().parent / "outbound"


def test_server_start_and_first_page_make_no_outbound_connection() -> None:
    workdir = Path(tempfile.mkdtemp(prefix="mapa-salidas-"))
    record = workdir / "salidas.txt"
    env = {"PYTHONPATH": os.pathsep.join(p for p in (str(RECORDER), os.environ.get("PYTHONPATH", "")) if p),
           "MAPA_REGISTRO_SALIDAS": str(record)}
    try:
        with running_app(workdir, extra_env=env) as (url, log):
            with urllib.request.urlopen(f"{url}/", timeout=30) as resp:
                assert resp.status == 200
            text = log.read_text(errors="replace")
        assert not record.exists() or record.read_text().strip() == "", record.read_text()
        assert "external IP" not in text and "External URL" not in text
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def test_the_recorder_catches_an_outbound_lookup(tmp_path: Path) -> None:
    """Control: the same environment does record a lookup, so an empty record means none happened."""
    record = tmp_path / "salidas.txt"
    env = {**os.environ, "PYTHONPATH": str(RECORDER), "MAPA_REGISTRO_SALIDAS": str(record)}
    code = "import socket\ntry:\n    socket.getaddrinfo('checkip.amazonaws.com', 80)\nexcept OSError:\n    pass\n"
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=60)
    assert record.read_text().split("\n")[0] == "dns checkip.amazonaws.com"
