"""Browser test fixtures: the app on a free port, headless Debian Chromium, localhost only.

Reusable by every ``tests/e2e/test_*_e2e.py``:

- ``app_url`` (session): ``streamlit run app.py`` on a free loopback port with a fresh SQLite
  database (the sample loads on first run); e.g. ``f"{app_url}/consejo"`` (the default page,
  Mapa, is at ``f"{app_url}/"``).
- ``browser_page``: a fresh page (new context) whose every request to anything but
  127.0.0.1/localhost is aborted and recorded in ``network_guard.blocked``; dialogs
  (``alert``…) are dismissed and recorded in ``network_guard.dialogs``; console errors (page
  and iframes) in ``network_guard.console_errors``, responses ≥ 400 in ``network_guard.failed``.
- ``wait_for_app(page)``: wait until Streamlit has finished running the script.
- ``save_screenshot(page, name)``: ``test-artifacts/screenshots/<name>.png``.

Chromium is never downloaded: Debian's ``/usr/bin/chromium`` (``MAPA_CHROMIUM``) is required
(skipped on a laptop without it, a failure in CI).
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests._components import CHROMIUM, chromium_available, require

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "screenshots"
LOCAL_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
APP_START_TIMEOUT_S = 120


# Opened directly at a page's URL (/red), Streamlit's frontend first probes /red/_stcore/health and
# /red/_stcore/host-config to discover its base path, gets 404 and retries at /. That probe is
# Streamlit's own and harmless (README: what Streamlit does not let us change); anything else
# answering ≥ 400 is a real missing resource.
_BASE_PATH_PROBE = re.compile(r"^/[a-z_]+/_stcore/(health|host-config)$")


def is_base_path_probe(url: str) -> bool:
    return bool(_BASE_PATH_PROBE.match(urlparse(url).path))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def is_local(url: str) -> bool:
    parsed = urlparse(url)
    if parsed.scheme in ("data", "blob", "about", "chrome-error"):
        return True
    return (parsed.hostname or "") in LOCAL_HOSTS


def _wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.time() + APP_START_TIMEOUT_S
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit terminó al iniciar:\n{log.read_text(errors='replace')[-4000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as resp:  # loopback
                if resp.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"streamlit no respondió en {APP_START_TIMEOUT_S} s:\n{log.read_text(errors='replace')[-4000:]}")


@contextmanager
def running_app(workdir: Path, *, extra_env: dict[str, str] | None = None,
                extra_args: list[str] | None = None, drop_env: tuple[str, ...] = ()) -> Iterator[tuple[str, Path]]:
    """``streamlit run app.py`` on a free loopback port over a fresh SQLite registry in ``workdir``.

    Yields ``(base_url, log_path)``. Only the port is given on the command line unless
    ``extra_args`` adds more, so the repository's ``.streamlit/config.toml`` is what is tested.
    ``drop_env`` names variables of the caller's environment the server must not inherit.
    """
    port = free_port()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir / 'registro.sqlite'}", "MAPA_DATA_DIR": str(workdir),
           **(extra_env or {})}
    for name in ("MAP_TILES_URL", *drop_env):
        env.pop(name, None)
    log = workdir / "streamlit.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port), *(extra_args or [])],
            cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, proc, log)
        yield url, log
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


@pytest.fixture(scope="session")
def app_url() -> Iterator[str]:
    """Base URL of a private app server on a fresh SQLite registry (sample data loaded).

    ``MAPA_E2E_URL`` reuses a server already running (debugging); by default one is started.
    """
    require(chromium_available(), f"Chromium no está instalado ({CHROMIUM}; paquete Debian chromium)")
    if os.environ.get("MAPA_E2E_URL"):
        yield os.environ["MAPA_E2E_URL"].rstrip("/")
        return
    workdir = Path(tempfile.mkdtemp(prefix="mapa-e2e-"))
    try:
        with running_app(workdir, extra_args=["--server.address", "127.0.0.1"]) as (url, _log):
            yield url
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    require(chromium_available(), f"Chromium no está instalado ({CHROMIUM}; paquete Debian chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        instance = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


@dataclass
class NetworkGuard:
    """What a page tried to do that it must not: leave localhost, open dialogs."""

    blocked: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # responses ≥ 400 (404s for missing files)

    def clean(self) -> bool:
        return not (self.blocked or self.dialogs or self.console_errors or self.failed)


@pytest.fixture
def network_guard() -> NetworkGuard:
    return NetworkGuard()


@pytest.fixture
def browser_page(browser, network_guard: NetworkGuard) -> Iterator[object]:
    """A fresh page (own context, no cache or storage) that can only reach localhost."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="es-CL")

    def guard(route) -> None:
        url = route.request.url
        if is_local(url):
            route.continue_()
        else:
            network_guard.blocked.append(url)
            route.abort()

    context.route("**/*", guard)
    page = context.new_page()

    def on_dialog(dialog) -> None:
        network_guard.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    def on_console(msg) -> None:
        location = (msg.location or {}).get("url", "")
        if msg.type == "error" and not is_base_path_probe(location):  # a 404's message names its URL
            network_guard.console_errors.append(f"{msg.text} @ {msg.location}")

    def on_response(resp) -> None:
        if resp.status >= 400 and not is_base_path_probe(resp.url):
            network_guard.failed.append(f"{resp.status} {resp.url}")

    page.on("console", on_console)
    page.on("pageerror", lambda exc: network_guard.console_errors.append(f"pageerror: {exc}"))
    page.on("response", on_response)
    yield page
    context.close()


def open_list(page, label: str):
    """Click the select box named ``label`` until its list is open, and return the box.

    Right after an expander opens, a click may only focus the box and leave its list closed
    (typing then selects nothing): a person clicks again, and so does this.
    """
    box = page.get_by_role("combobox", name=label, exact=True)
    for _ in range(6):
        box.click()
        if box.get_attribute("aria-expanded") == "true":
            return box
        page.wait_for_timeout(500)
    raise AssertionError(f"la lista de «{label}» no se abrió tras 6 clics")


def wait_for_app(page, timeout_ms: int = 60_000) -> None:
    """Wait until the Streamlit script has run to the end (twice-checked, reruns settle)."""
    selector = '[data-testid="stApp"][data-test-script-state="notRunning"]'
    page.wait_for_selector(selector, timeout=timeout_ms)
    page.wait_for_timeout(300)
    page.wait_for_selector(selector, timeout=timeout_ms)


def save_screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test under ``tests/e2e`` is an ``e2e`` test, marked or not (``-m "not e2e"`` leaves them all)."""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)
