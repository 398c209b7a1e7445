"""Password hashing with Argon2id (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from i18n import t
from stakeholders.errors import InputError

MIN_LENGTH = 12
_HASHER = PasswordHasher()
# Verified against when the account does not exist, so a wrong name costs the same time.
_DUMMY = _HASHER.hash("cuenta-inexistente-para-igualar-el-tiempo")


def check_strength(password: str, user_name: str) -> None:
    if len(password) < MIN_LENGTH:
        raise InputError(t("usuarios.clave_corta", minimo=MIN_LENGTH))
    if user_name.lower() in password.lower():
        raise InputError(t("usuarios.clave_con_nombre"))


def hash_password(password: str) -> str:
    return _HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    try:
        return _HASHER.verify(stored or _DUMMY, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def needs_rehash(stored: str) -> bool:
    return _HASHER.check_needs_rehash(stored)
