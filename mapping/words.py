"""The most frequent words as a readable horizontal bar chart (the table beside it is the alternative).

One colour (Okabe–Ito blue, contrast ≥ 4.5 on white) because bars differ by length, not by
category; the count is printed at the end of each bar so nothing depends on reading an axis.
Words are user text: drawn with ``parse_math=False`` so ``$…$`` is never mathtext.
"""

from __future__ import annotations

import pandas as pd

from i18n import t
from mapping.palette import TEXT

BAR = "#0072B2"


def words_figure(table: pd.DataFrame):
    """Bars for ``palabra, veces`` (most frequent on top)."""
    import matplotlib  # noqa: PLC0415 - lazy: only drawn files need it

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt  # noqa: PLC0415 - lazy: only drawn files need it

    rows = table.iloc[::-1]
    fig, ax = plt.subplots(figsize=(7.5, 0.34 * max(len(rows), 3) + 1.0))
    positions = range(len(rows))
    ax.barh(list(positions), rows["veces"].tolist(), color=BAR)
    ax.set_yticks(list(positions))
    ax.set_yticklabels([str(w) for w in rows["palabra"]], fontsize=11, color=TEXT)
    for label in ax.get_yticklabels():
        label.set_parse_math(False)
    top = float(rows["veces"].max()) if len(rows) else 1.0
    for y, value in zip(positions, rows["veces"], strict=True):
        ax.text(float(value) + top * 0.01, y, str(int(value)), va="center", fontsize=10, color=TEXT, parse_math=False)
    ax.set_xlim(0, top * 1.12)
    ax.set_xlabel(t("seguimiento.grafico_eje"), fontsize=10, color=TEXT)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return fig
