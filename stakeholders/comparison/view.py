"""Tables and sentences the Comparar page and the PDF show, as pure functions of a :class:`Comparison`.

Kept out of ``ui/`` so the wording of "far from the median" and the table layouts are tested
without a browser and shared with the exports.
"""

from __future__ import annotations

import pandas as pd

from i18n import t
from stakeholders.comparison.definitions import INDICATORS, SECTOR_KEYS, format_value, label
from stakeholders.comparison.table import Comparison, far_from_median, median_of
from stakeholders.comparison.territory import NATIONAL
from stakeholders.vocab import SECTORS

MARKS = {1: "▲", -1: "▼", 0: ""}


def flags(comp: Comparison, key: str) -> pd.Series:
    return far_from_median(comp.regions[key])


def display_table(comp: Comparison, key: str, include_national: bool = False) -> pd.DataFrame:
    """Regions × every indicator (numbers rounded, so columns sort as numbers), Spanish headers.

    The first column marks regions far from the median of ``key`` (▲ above, ▼ below).
    """
    source = comp.table if include_national else comp.regions
    marks = flags(comp, key).reindex(source.index).fillna(0).astype(int).map(MARKS)
    out = pd.DataFrame({t("comparar.marca"): marks.to_numpy(), t("comparar.region"): source["nombre_corto"].to_numpy()},
                       index=source.index)
    for ind in INDICATORS:
        column = source[ind.key]
        if ind.unit == "si_no":
            out[label(ind.key)] = column.map(lambda v, k=ind.key: format_value(k, v)).to_numpy()
        elif ind.numeric:
            out[label(ind.key)] = column.astype(float).round(ind.decimals).to_numpy()
        else:
            out[label(ind.key)] = column.fillna("").astype(str).to_numpy()
    return out


def far_sentences(comp: Comparison, key: str) -> list[str]:
    """One sentence per region far from the median (above first, then below), or the "none" sentence."""
    values = comp.regions[key].astype(float)
    marks = flags(comp, key)
    median = format_value(key, median_of(values))
    out = []
    for sign, text_key in ((1, "comparar.lejana_arriba"), (-1, "comparar.lejana_abajo")):
        chosen = values[marks == sign].sort_values(ascending=sign < 0)
        out += [t(text_key, region=comp.table.loc[code, "nombre_corto"], valor=format_value(key, v), mediana=median)
                for code, v in chosen.items()]
    return out or [t("comparar.lejanas_ninguna", mediana=median, indicador=label(key))]


def ranking(comp: Comparison, key: str) -> pd.DataFrame:
    """Regions sorted by ``key`` (highest first), formatted value and mark: the charts' text alternative."""
    values = comp.regions[key].astype(float)
    marks = flags(comp, key)
    order = values.sort_values(ascending=False, na_position="last").index
    return pd.DataFrame({
        t("comparar.posicion"): range(1, len(order) + 1),
        t("comparar.region"): comp.table.loc[order, "nombre_corto"].to_numpy(),
        t("comparar.valor"): [format_value(key, values[c]) for c in order],
        t("comparar.marca"): [MARKS[int(marks.get(c, 0))] for c in order],
    })


def side_by_side(comp: Comparison, a: str, b: str) -> pd.DataFrame:
    """Indicators as rows; the two regions and the national row as columns (formatted text)."""
    codes = [a, b, NATIONAL]
    data = {comp.table.loc[c, "nombre_corto"]: [format_value(i.key, comp.table.loc[c, i.key]) for i in INDICATORS]
            for c in codes}
    return pd.DataFrame(data, index=[label(i.key) for i in INDICATORS])


def balance_frame(comp: Comparison, codes: list[str]) -> pd.DataFrame:
    """Share of each sector (%) per chosen region: rows = region short names, columns = sector labels."""
    frame = comp.table.loc[codes, [f"pct_{s}" for s in SECTOR_KEYS]].astype(float).round(1)
    frame.index = comp.table.loc[codes, "nombre_corto"].to_numpy()
    frame.columns = [SECTORS[s] for s in SECTOR_KEYS]
    return frame
