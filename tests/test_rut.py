"""Chilean RUT: modulo-11 check digit and normalisation."""

from __future__ import annotations

import pytest

from stakeholders.rut import InvalidRutError, check_digit, format_rut, is_valid_rut, normalize_rut


@pytest.mark.parametrize(("text", "expected"), [
    ("76.123.456-0", "76123456-0"), ("76123456-0", "76123456-0"), ("761234560", "76123456-0"),
    (" 11.111.111-1 ", "11111111-1"), ("70.000.001-k", "70000001-K"), ("70000001K", "70000001-K"),
    ("76 123 456-0", "76123456-0"), ("76.123.456 - 0", "76123456-0"), ("1-9", "1-9"),
])
def test_normalize(text: str, expected: str) -> None:
    assert normalize_rut(text) == expected


def test_check_digit_values() -> None:
    assert check_digit(76123456) == "0"
    assert check_digit(70000001) == "K"
    assert format_rut(11111111) == "11111111-1"


@pytest.mark.parametrize("text", [
    "76.123.456-1", "abc", "", "1", "12.3x4-5",
    # Only RUT-shaped text (issue 11 item 16): no digits fished out of prose, no zero, no 17 digits.
    "hola 7 6 . 1 2 3 . 4 5 6 - 0 chao", "0-0", "00.000.000-0", "12345678901234567", "7612.3456-0",
    "RUT 76.123.456-0", "76.123.456-0-0",
])
def test_invalid(text: str) -> None:
    with pytest.raises(InvalidRutError):
        normalize_rut(text)
    assert not is_valid_rut(text)


def test_message_says_expected_digit() -> None:
    with pytest.raises(InvalidRutError, match="debería ser 0"):
        normalize_rut("76.123.456-1")
