"""Generated pools with quotas, as self-selected volunteer pools look (for the benchmark and tests).

Each candidate has a latent "propensity to volunteer" that skews every feature the same way
(the over-represented answer more often), so the pool's mix differs from the population's and
the quotas — set around the population shares with a seat of slack — pull against the pool:
the shape that makes fair selection hard (Flanigan et al., 2021).
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from stakeholders.selection.program import Quota


def synthetic_request(n: int, categories: int, k: int, seed: int = 0) -> tuple[list[Quota], pd.DataFrame]:
    """``categories`` features with 2–5 values each over ``n`` candidates; quotas for panels of ``k``."""
    rng = np.random.default_rng(seed)
    propensity = rng.normal(size=n)
    pool = pd.DataFrame({"id": np.arange(1, n + 1)})
    quotas: list[Quota] = []
    for c in range(categories):
        feature = f"f{c + 1}"
        size = int(rng.integers(2, 6))
        values = [f"v{j + 1}" for j in range(size)]
        population = rng.dirichlet(np.full(size, 4.0))
        tilt = rng.normal(size=size)  # which values volunteers over- or under-report
        logits = np.log(population)[None, :] + 0.8 * propensity[:, None] * tilt[None, :]
        probs = np.exp(logits - logits.max(axis=1, keepdims=True))
        probs /= probs.sum(axis=1, keepdims=True)
        draws = (probs.cumsum(axis=1) > rng.random(n)[:, None]).argmax(axis=1)
        pool[feature] = [values[d] for d in draws]
        present = pool[feature].value_counts()
        for j, value in enumerate(values):
            share = population[j] * k
            available = int(present.get(value, 0))
            lo = min(max(math.floor(share) - 1, 0), available)
            hi = max(math.ceil(share) + 1, lo)
            quotas.append(Quota(feature, value, lo, min(hi, k)))
    return quotas, pool
