"""Select boxes of places that also understand a name typed without accents.

Streamlit filters a select box's list by the exact letters typed: «biobio» does not find
«Región del Biobío». These boxes accept what was typed (``accept_new_options``) and, before
the page reruns, turn it into the option it names (:func:`stakeholders.namesearch.find_by_name`):
Enter after «biobio» opens the Biobío region. Text that names nothing keeps the previous
choice and says so in Spanish.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import streamlit as st

from i18n import t
from stakeholders.namesearch import find_by_name
from ui.common import escape_markdown

_LAST = "_{}_valido"
_MISS = "_{}_sin_coincidencia"


def _resolver(key: str, names: Mapping[Any, str]) -> Callable[[], None]:
    def resolve() -> None:
        value = st.session_state.get(key)
        if value not in names:
            options = list(names)
            # searched by position: an option may itself be None («Todo Chile»)
            found = find_by_name(value, dict(enumerate(names.values())))
            if found is None:
                st.session_state[_MISS.format(key)] = str(value)
                st.session_state[key] = st.session_state.get(_LAST.format(key))
            else:
                st.session_state[key] = options[found]

    return resolve


def typed_names(key: str, names: Mapping[Any, str], default: Any = None) -> dict[str, Any]:
    """Keyword arguments for ``st.selectbox(..., key=key)`` whose options are ``names``' keys.

    The box then takes a name typed without accents (or in part) and Enter picks the option it
    names; labels, options and the returned value stay what the page passed. ``default`` is
    what the box shows before any choice (kept when the first text typed names nothing).
    """
    current = st.session_state.get(key, default)
    if current in names:  # what the box shows now: restored if the next text names nothing
        st.session_state[_LAST.format(key)] = current
    return {"accept_new_options": True, "on_change": _resolver(key, names)}


def typed_miss(key: str, what: str) -> None:
    """Say once, under the box, that the text typed named no option (``what``: «región», «comuna»)."""
    missed = st.session_state.pop(_MISS.format(key), None)
    if missed is not None:
        st.warning(t("app.nombre_sin_coincidencia", que=what, texto=escape_markdown(missed)),
                   icon=":material/search_off:")
