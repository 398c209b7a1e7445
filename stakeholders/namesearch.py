"""Find the option a user means from what they typed: accents, case and spacing aside.

Streamlit's select boxes filter their list by the exact letters typed, so «biobio» does not
find «Región del Biobío» and «chillan» does not find «Chillán». The pages let the box accept
what was typed and turn it into an option with :func:`find_by_name`.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping
from typing import TypeVar

from stakeholders.vocab import fold

K = TypeVar("K", bound=Hashable)

_WORD_BREAK = re.compile(r"[\s\-'’/(),.]+")


def _word_starts(name: str) -> list[str]:
    """The folded name from each word on: «Región del Biobío» → regiondelbiobio, delbiobio, biobio."""
    words = [fold(w) for w in _WORD_BREAK.split(name) if fold(w)]
    return ["".join(words[i:]) for i in range(len(words))]


def find_by_name(text: object, names: Mapping[K, str]) -> K | None:
    """The option whose name ``text`` names, ignoring accents, case, spaces and punctuation.

    In order of preference: the whole name («region de nuble»), a name with a word starting with
    the text («biobio», «los rios», «o higgins»), a name containing it («uble»). Ties go to the
    first option in ``names``' order (regions north to south). None when nothing matches.
    """
    key = fold(text)
    if not key:
        return None
    by_word: K | None = None
    inside: K | None = None
    for option, name in names.items():
        folded = fold(name)
        if folded == key:
            return option
        if by_word is None and any(start.startswith(key) for start in _word_starts(name)):
            by_word = option
        elif inside is None and key in folded:
            inside = option
    return by_word if by_word is not None else inside
