"""Browser: a regional director signs in with an account and cannot change another region.

A private server in accounts mode (``MAPA_AUTENTICACION=cuentas``) on the sample registry plus
an organization of region 13 whose name is a Markdown link and image. The director of region 08
signs in, tries to deactivate it on the Datos page, and gets the Spanish refusal: the name shows
literally (no link, no image element, nothing fetched) and the organization stays active.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from stakeholders.access import User
from stakeholders.auth.accounts import add_user
from stakeholders.db import make_engine
from stakeholders.editing import create_organization
from stakeholders.models import Organization
from stakeholders.sample import ensure_sample
from tests.e2e.conftest import running_app, save_screenshot, wait_for_app
from tests.factories import SANTIAGO, org

PASSWORD = "directora del biobío 2026"
HOSTILE = "[Sindicato falso](http://example.invalid) ![img](http://example.invalid/x.png) Zeta Santiago"


@pytest.fixture(scope="module")
def accounts_app() -> Iterator[tuple[str, str]]:
    workdir = Path(tempfile.mkdtemp(prefix="mapa-e2e-acceso-"))
    url = f"sqlite:///{workdir / 'registro.sqlite'}"
    engine = make_engine(url)
    ensure_sample(engine)
    central = User("central", "nivel_central")
    create_organization(engine, org(nombre=HOSTILE, rut="", region="13", comuna="Santiago", latitud=SANTIAGO[0],
                                    longitud=SANTIAGO[1]), central)
    add_user(engine, None, "adm", ["admin"], password="gestión de cuentas 2026")
    add_user(engine, User("adm", "admin"), "dr08", ["director_regional:08"], password=PASSWORD)
    engine.dispose()
    try:
        with running_app(workdir, extra_env={"MAPA_AUTENTICACION": "cuentas"},
                         extra_args=["--server.address", "127.0.0.1"],
                         drop_env=("MAPA_ROL", "MAPA_REGION", "MAPA_HEADER_USUARIO")) as (base, _log):
            yield base, url
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def _sign_in(page, base: str, user: str, password: str) -> None:
    page.goto(f"{base}/datos")
    wait_for_app(page)
    page.get_by_label("Usuario").fill(user)
    page.get_by_label("Contraseña").fill(password)
    page.get_by_role("button", name="Ingresar").click()
    wait_for_app(page)


def test_sign_in_required_and_wrong_password_refused(accounts_app, browser_page, network_guard) -> None:
    base, _ = accounts_app
    page = browser_page
    page.goto(f"{base}/mapa")
    wait_for_app(page)
    assert page.get_by_text("Ingresar a Mapa de Actores").is_visible()
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0  # nothing of the app before signing in
    _sign_in(page, base, "dr08", "otra clave cualquiera")
    assert page.get_by_text("Usuario o contraseña incorrectos.").is_visible()
    assert network_guard.blocked == []


def test_regional_director_cannot_edit_another_region(accounts_app, browser_page, network_guard) -> None:
    base, url = accounts_app
    page = browser_page
    _sign_in(page, base, "dr08", PASSWORD)
    sidebar = page.locator('[data-testid="stSidebar"]')
    assert "dr08" in sidebar.inner_text() and "director_regional (región 08)" in sidebar.inner_text()
    assert page.get_by_role("link", name="Auditoría").count() == 0  # admin pages hidden

    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name="Datos").click()
    wait_for_app(page)
    page.get_by_role("tab", name="Agregar o corregir").click()
    wait_for_app(page)
    chooser = page.get_by_label("Organización", exact=True).first
    chooser.click()
    page.keyboard.type("Zeta Santiago")
    page.keyboard.press("Enter")
    wait_for_app(page)
    # Ley 19.628: the contact data of another region's organization is not shown to this role
    assert page.get_by_label("Correo electrónico").first.input_value() == ""
    assert page.get_by_label("Teléfono").first.input_value() == ""
    page.get_by_text("Desactivar esta organización").click()
    page.get_by_label("Motivo de la desactivación").fill("prueba de permisos")
    page.get_by_role("button", name="Desactivar", exact=True).click()
    wait_for_app(page)
    alert = page.locator('[data-testid="stAlert"]').filter(has_text="no puede")
    alert.first.wait_for(timeout=30_000)
    save_screenshot(page, "acceso_director_otra_region")
    text = alert.first.inner_text().replace("\u200b", "")  # zero-width spaces break autolinks
    assert "dr08" in text and "la región 13" in text
    assert "[Sindicato falso](http://example.invalid)" in text  # the name, literally
    assert alert.first.locator("a, img").count() == 0
    assert not any("example.invalid" in u for u in network_guard.blocked)

    engine = make_engine(url)
    with engine.connect() as conn:
        active = conn.execute(select(Organization.activo).where(Organization.nombre == HOSTILE)).scalar()
    engine.dispose()
    assert active is True
