"""Network readings cached by a hash of the data they come from, so they are never stale.

A reading (all measures of a region) costs up to a second; the key is the SHA-256 of every input
frame (:func:`stakeholders.repository.frame_hash`) plus the region and the tie filter, so an edit or an
import changes the key and the next call recomputes, whatever the page's own version counter says.
"""

from __future__ import annotations

import hashlib
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import TypeVar

import pandas as pd

from stakeholders.repository import frame_hash

__all__ = ["ReadingCache", "data_key"]

T = TypeVar("T")


def data_key(*frames: pd.DataFrame | None, extra: str = "") -> str:
    """SHA-256 of the frames' content (None counts as empty) and of ``extra`` (region, filter…)."""
    digest = hashlib.sha256(extra.encode())
    for frame in frames:
        digest.update(b"|" + (frame_hash(frame) if frame is not None else "none").encode())
    return digest.hexdigest()


class ReadingCache:
    """A small thread-safe least-recently-used cache keyed by :func:`data_key`."""

    def __init__(self, size: int = 16) -> None:
        self.size = size
        self._items: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()
        self.misses = 0

    def get(self, key: str, compute: Callable[[], T]) -> T:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
                return self._items[key]  # type: ignore[return-value]  # stored by this same call site
        value = compute()
        with self._lock:
            self.misses += 1
            self._items[key] = value
            while len(self._items) > self.size:
                self._items.popitem(last=False)
        return value
