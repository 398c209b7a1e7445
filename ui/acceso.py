"""Page "Usuarios" (admin): accounts, their roles by region, new accounts, deactivation.

Roles are written as ``rol`` or ``rol:REGION`` (``director_regional:08``); the service layer
(:mod:`stakeholders.auth.accounts`) validates them and logs every change.
"""

from __future__ import annotations

import streamlit as st

from i18n import t
from stakeholders.access import MANAGE_USERS, ROLES
from stakeholders.auth import accounts
from stakeholders.errors import USER_ERRORS
from ui.common import current_user, engine, show_error


def main() -> None:
    user = current_user()
    st.header(t("usuarios.titulo"))
    if not user.can(MANAGE_USERS):
        show_error(t("usuarios.sin_permiso"))
        st.stop()

    st.dataframe(accounts.list_users(engine(), user), hide_index=True, width="stretch")
    st.caption(t("usuarios.ayuda_roles", roles=", ".join(ROLES)))

    with st.form("usuario_nuevo", clear_on_submit=True):
        st.subheader(t("usuarios.nuevo"))
        c1, c2 = st.columns(2)
        name = c1.text_input(t("usuarios.campo_usuario"))
        email = c2.text_input(t("usuarios.campo_email"))
        password = c1.text_input(t("usuarios.campo_clave"), type="password")
        roles = c2.text_input(t("usuarios.campo_roles"), placeholder="director_regional:08, planificador:08")
        if st.form_submit_button(t("usuarios.crear")):
            try:
                grants = [r.strip() for r in roles.split(",") if r.strip()]
                accounts.add_user(engine(), user, name.strip(), grants, password=password, email=email.strip() or None)
                st.success(t("usuarios.creado", usuario=name.strip(), roles=", ".join(grants)))
            except USER_ERRORS as exc:
                show_error(exc)

    with st.form("usuario_roles"):
        st.subheader(t("usuarios.cambiar_roles"))
        c1, c2 = st.columns(2)
        target = c1.text_input(t("usuarios.campo_usuario"), key="roles_usuario")
        roles = c2.text_input(t("usuarios.campo_roles"), key="roles_roles")
        deactivate = st.checkbox(t("usuarios.desactivar"))
        if st.form_submit_button(t("usuarios.guardar")):
            try:
                if deactivate:
                    accounts.set_active(engine(), user, target.strip(), False)
                else:
                    grants = [r.strip() for r in roles.split(",") if r.strip()]
                    accounts.set_grants(engine(), user, target.strip(), grants)
                st.success(t("usuarios.hecho"))
            except USER_ERRORS as exc:
                show_error(exc)


main()
