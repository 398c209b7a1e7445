"""Benchmark harness for ``python -m stakeholders bench``.

Each stage lives in its own module of this package (found automatically) and registers a function with
``@stage(name, order)``. A stage receives a :class:`BenchContext` and returns :class:`Metric`
rows; the runner prints one table and optionally writes the same rows as JSON. Speed goals
live here, never in unit tests.
"""

from __future__ import annotations

import importlib
import json
import pkgutil
import platform
import resource
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from i18n import t
from stakeholders.errors import InputError


@dataclass
class Metric:
    """One measured value, with the goal it is held to (if any)."""

    stage: str
    name: str
    value: float
    unit: str
    target: str | None = None
    ok: bool | None = None


@dataclass
class BenchContext:
    """What every stage may use: the scale asked for and a seed for synthetic data."""

    orgs: int = 200_000
    seed: int = 20261122
    workdir: Path = field(default_factory=lambda: Path(".bench"))
    extra: dict[str, Any] = field(default_factory=dict)


StageFn = Callable[[BenchContext], list[Metric]]
_REGISTRY: dict[str, tuple[int, StageFn]] = {}


def stage(name: str, order: int = 100) -> Callable[[StageFn], StageFn]:
    """Register a benchmark stage under ``name`` (run in ascending ``order``)."""

    def decorate(fn: StageFn) -> StageFn:
        _REGISTRY[name] = (order, fn)
        return fn

    return decorate


def available_stages() -> list[str]:
    for info in pkgutil.iter_modules(__path__):
        importlib.import_module(f"{__name__}.{info.name}")
    return [name for name, _ in sorted(_REGISTRY.items(), key=lambda kv: (kv[1][0], kv[0]))]


@contextmanager
def timer() -> Iterator[dict[str, float]]:
    """Wall-clock seconds of the enclosed block, in ``result["s"]``."""
    result: dict[str, float] = {}
    start = time.perf_counter()
    try:
        yield result
    finally:
        result["s"] = time.perf_counter() - start


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(ctx: BenchContext, names: list[str] | None = None) -> list[Metric]:
    """Run the chosen stages (all by default) and return their metrics."""
    known = available_stages()
    chosen = names or known
    for name in chosen:
        if name not in _REGISTRY:
            raise InputError(t("bench.etapa_desconocida", nombre=name, disponibles=", ".join(known)))
    ctx.workdir.mkdir(parents=True, exist_ok=True)
    metrics: list[Metric] = []
    for name in chosen:
        print(t("bench.ejecutando", nombre=name), flush=True)
        metrics.extend(_REGISTRY[name][1](ctx))
    return metrics


def _number(value: float) -> str:
    """Three decimals, or three significant digits for small values (probabilities)."""
    if value != 0 and abs(value) < 0.1:
        return f"{value:.3g}"
    return f"{value:,.3f}".rstrip("0").rstrip(".")


def format_table(metrics: list[Metric]) -> str:
    rows = [t("bench.encabezado").split(" | ")]
    for m in metrics:
        ok = "" if m.ok is None else ("sí" if m.ok else "NO")
        rows.append([m.stage, m.name, _number(m.value), m.unit, m.target or "", ok])
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(cell.ljust(widths[i]) for i, cell in enumerate(r)) for r in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def to_json(metrics: list[Metric], ctx: BenchContext) -> str:
    payload = {
        "orgs": ctx.orgs,
        "seed": ctx.seed,
        "python": platform.python_version(),
        "machine": platform.machine(),
        "metrics": [asdict(m) for m in metrics],
    }
    return json.dumps(payload, ensure_ascii=False, indent=2)
