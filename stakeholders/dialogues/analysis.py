"""Follow-up figures as pure functions of frames: per status, overdue, the 30 % set, words, per organization.

Inputs are the frames of :mod:`stakeholders.dialogues.store` (``ideas``: id, dialogo_id, texto,
tema, votos, estado, unidad_responsable, fecha_compromiso, region_cut; ``participants``:
dialogo_id, organizacion_id).
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

import pandas as pd

from stakeholders.dialogues.status import STATES

VOTE_SHARE = 0.30
WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*", re.UNICODE)
# Spanish function words and the dialogue boilerplate that says nothing about the idea itself.
STOP_WORDS = frozenset("""
a al algo algunas algunos ante antes como con contra cual cuales cuando de del desde donde durante e el
ella ellas ellos en entre era es esa esas ese eso esos esta estas este esto estos fue fueron ha han hasta
hay la las le les lo los mas más me mi mis mucho muy ni no nos nosotros o os otra otras otro otros para
pero poco por porque que qué quien quienes se sea sean ser si sí sin sino sobre son su sus tambien también
tan tanto te tener tiene tienen todo todos tu tus un una unas uno unos y ya yo él ésta éste cada así
debe deben deberia debería hacer mayor mejor mejorar más través vez ser estar sus hacia
""".split())


def per_status(ideas: pd.DataFrame) -> pd.DataFrame:
    """``estado, ideas, votos`` for every state (zeros kept, fixed order)."""
    counts = ideas.groupby("estado").agg(ideas=("id", "size"), votos=("votos", "sum"))
    out = counts.reindex(list(STATES), fill_value=0).reset_index().rename(columns={"index": "estado"})
    return out.astype({"ideas": int, "votos": int})


def overdue(ideas: pd.DataFrame, today: date) -> pd.DataFrame:
    """Committed ideas whose due date has passed, most overdue first, with ``dias_atraso``."""
    due = pd.to_datetime(ideas["fecha_compromiso"], errors="coerce")
    late = ideas[(ideas["estado"] == "comprometida") & due.notna() & (due < pd.Timestamp(today))].copy()
    late["dias_atraso"] = (pd.Timestamp(today) - pd.to_datetime(late["fecha_compromiso"])).dt.days.astype(int)
    return late.sort_values(["dias_atraso", "id"], ascending=[False, True]).reset_index(drop=True)


def top_share(ideas: pd.DataFrame, share: float = VOTE_SHARE) -> pd.DataFrame:
    """The smallest set of ideas gathering ``share`` of all votes: the most voted first (ties by id).

    Taking ideas in decreasing votes is optimal: any set reaching the share has at least as
    many ideas as the greedy prefix.
    """
    total = int(ideas["votos"].sum())
    if total <= 0:
        return ideas.iloc[0:0].assign(votos_acumulados=0, porcentaje_acumulado=0.0)
    ranked = ideas.sort_values(["votos", "id"], ascending=[False, True]).reset_index(drop=True)
    cum = ranked["votos"].cumsum()
    n = int((cum < share * total - 1e-9).sum()) + 1
    out = ranked.head(n).copy()
    out["votos_acumulados"] = cum.head(n).astype(int)
    out["porcentaje_acumulado"] = out["votos_acumulados"] / total
    return out


def words(texts: pd.Series | list[str], top: int = 20) -> pd.DataFrame:
    """``palabra, veces``: most frequent words, lower-cased with accents kept, stop words removed."""
    counter: Counter[str] = Counter()
    for text in texts:
        for w in WORD.findall(str(text).lower()):
            if len(w) > 2 and w not in STOP_WORDS:
                counter[w] += 1
    rows = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))[:top]
    return pd.DataFrame(rows, columns=["palabra", "veces"])


def per_organization(ideas: pd.DataFrame, participants: pd.DataFrame, names: pd.DataFrame | None = None
                     ) -> pd.DataFrame:
    """Per organization: dialogues, ideas of those dialogues and how many ended in each state."""
    joined = participants.merge(ideas[["id", "dialogo_id", "estado"]], on="dialogo_id", how="left")
    dialogues = participants.groupby("organizacion_id")["dialogo_id"].nunique().rename("dialogos")
    table = pd.crosstab(joined["organizacion_id"], joined["estado"]).reindex(columns=list(STATES), fill_value=0)
    table["ideas"] = table[list(STATES)].sum(axis=1)
    out = dialogues.to_frame().join(table, how="left").fillna(0).astype(int).reset_index()
    if names is not None:
        out = names.rename(columns={"id": "organizacion_id"})[["organizacion_id", "nombre"]].merge(
            out, on="organizacion_id", how="right")
    return out.sort_values(["ideas", "organizacion_id"], ascending=[False, True]).reset_index(drop=True)
