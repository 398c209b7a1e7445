"""How a cell of a file becomes a stored value: names, numbers, yes/no, database-ready values.

Pure functions, shared by the importer, the edit form, the export and the sample, so that one
name or one number means the same everywhere.
"""

from __future__ import annotations

import math
import re
import unicodedata
from typing import Any

import numpy as np
import pandas as pd

from stakeholders.registry.schema import NAME_KEY_LEN

_WORD = re.compile(r"[a-z0-9]+")
TRUE_WORDS = {"si", "sí", "true", "verdadero", "1", "x", "yes", "s"}


def normalize_name(text: object) -> str:
    """Lowercase, no accents, single spaces: two spellings of one name compare equal."""
    s = str(text or "")
    if not s.isascii():  # plain ASCII is its own NFKD form
        s = unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode("ascii")
    return " ".join(_WORD.findall(s.lower()))


def name_key(text: object) -> str:
    """The stored matching key of a name: :func:`normalize_name` cut to the key column's width."""
    return normalize_name(text)[:NAME_KEY_LEN]


def parse_number(text: str) -> float | None:
    """``-33,45`` or ``-33.45`` → float; empty → None; anything else → ValueError."""
    if type(text) is str and text.isascii() and text and not text.strip("0123456789.-"):
        return float(text)  # the usual "-33.45": what the steps below would give (or the same ValueError)
    s = str(text).strip().replace("\u2212", "-").replace(" ", "")
    if not s:
        return None
    if "," in s and "." in s:  # 1.234,5 (Chile) or 1,234.5 (English)
        s = s.replace(".", "").replace(",", ".") if s.rfind(",") > s.rfind(".") else s.replace(",", "")
    elif "," in s:
        s = s.replace(",", ".")
    value = float(s)
    if math.isnan(value) or math.isinf(value):
        raise ValueError(text)
    return value


def parse_count(text: str) -> int | None:
    """A non-negative whole number; accepts ``1.200`` (Chilean thousands) and ``120,0``."""
    if type(text) is str and text.isascii() and text.isdigit() and len(text) < 16:
        return int(text)  # the usual "120": exactly what the steps below give
    s = str(text).strip().replace(" ", "")
    if not s:
        return None
    if re.fullmatch(r"\d{1,3}(\.\d{3})+", s):
        s = s.replace(".", "")
    value = parse_number(s)
    if value is None or value < 0 or not float(value).is_integer():
        raise ValueError(text)
    return int(value)


def is_true(text: object) -> bool:
    return str(text).strip().lower() in TRUE_WORDS


def clean_value(value: Any) -> Any:
    """NaN/NA → None, numpy scalars → Python: values as they go to the database."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return None
    if isinstance(value, np.generic):
        return value.item()
    return value


def same_value(a: Any, b: Any) -> bool:
    """Stored value ``a`` equals new value ``b`` (floats to 1e-9, NaN = None, lists as sets: the
    regions or groups of an organization have no order, so an export that lists them otherwise is
    no change)."""
    a, b = clean_value(a), clean_value(b)
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, rel_tol=0, abs_tol=1e-9)
    if isinstance(a, list) or isinstance(b, list):
        return sorted(map(str, a or [])) == sorted(map(str, b or []))
    return bool(a == b)
