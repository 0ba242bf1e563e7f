"""Tidy tables for the "who called it what" view, from the stored referents.

The ``alignment`` table (``framing.referents.rows``) says what each outlet
mostly calls a referent; these read the ``mentions`` table beside it for
what a cell needs: every label with its uses and loaded score, the quoted
labels with their speakers, and every sentence behind a cell.
"""

from __future__ import annotations

import pandas as pd

from framing.referents.rows import display_forms

LABEL_COLUMNS = ["referent_id", "outlet", "norm", "label", "voice", "speaker", "count", "loaded"]
SENTENCE_COLUMNS = ["id", "field", "start", "end", "sentence", "labels", "spans", "voice"]


def cell_labels(mentions: pd.DataFrame) -> pd.DataFrame:
    """Every label of every referent x outlet cell, the most used first.

    Args:
        mentions: rows of the ``mentions`` table (any events).

    Returns:
        ``LABEL_COLUMNS``: one row per referent, outlet, label (``norm``, its
        identity, and ``label``, its written form) and voice (``outlet`` or
        ``quoted``); ``speaker`` joins the speakers of a quoted
        label with ", "; ``loaded`` is the label's highest loaded score.
    """
    if mentions is None or mentions.empty:
        return pd.DataFrame(columns=LABEL_COLUMNS)
    m = mentions[mentions["referent_id"].astype(str) != ""]
    # the written forms the alignment shows, chosen over the whole referent
    shown = {rid: display_forms(ref) for rid, ref in m.groupby("referent_id", sort=False)}
    rows = []
    for (rid, outlet, norm, voice), g in m.groupby(
        ["referent_id", "outlet", "norm", "voice"], sort=False
    ):
        speakers = sorted({s for s in g["speaker"].astype(str) if s})
        rows.append(
            {
                "referent_id": rid,
                "outlet": outlet,
                "norm": norm,
                "label": shown[rid][norm],
                "voice": voice,
                "speaker": ", ".join(speakers),
                "count": len(g),
                "loaded": round(float(g["loaded"].max()), 3),
            }
        )
    out = pd.DataFrame(rows, columns=LABEL_COLUMNS)
    return out.sort_values(
        ["referent_id", "outlet", "voice", "count", "label"],
        ascending=[True, True, True, False, True],
        kind="stable",
    ).reset_index(drop=True)


def cell_text(labels: pd.DataFrame) -> str:
    """One cell as text: own labels with uses and loaded score, then the quoted ones.

    E.g. ``migrants (3) / illegal aliens (1, loaded 0.80) · quoted: 'invaders' (Trump)``.
    """
    own = labels[labels["voice"] != "quoted"]
    parts = [
        f"{r.label} ({r.count}" + (f", loaded {r.loaded:.2f})" if r.loaded >= 0.05 else ")")
        for r in own.itertuples(index=False)
    ]
    text = " / ".join(parts)
    # a label the outlet also uses itself is its own (as in the alignment's quoted_phrase)
    quoted = labels[(labels["voice"] == "quoted") & ~labels["norm"].isin(own["norm"])]
    if len(quoted):
        said = ", ".join(
            f"'{r.label}'" + (f" ({r.speaker})" if r.speaker else "")
            for r in quoted.itertuples(index=False)
        )
        text = f"{text} · quoted: {said}" if text else f"quoted: {said}"
    return text


def cell_sentences(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    referent_id: str,
    outlet: str,
) -> pd.DataFrame:
    """Every sentence where ``outlet`` names the referent, in article order.

    Args:
        mentions: rows of the ``mentions`` table.
        sentences: rows of the ``sentences`` table (``id, field, start, end,
            sentence``) of the same articles.
        referent_id: the referent.
        outlet: the outlet.

    Returns:
        ``SENTENCE_COLUMNS``: the sentence with its article, field and span;
        ``labels`` (its mentions' texts joined by " / "), ``spans`` (their
        offsets within the sentence as ``(start, end)`` pairs) and ``voice``
        (``quoted`` when every mention in it is quoted).
    """
    m = mentions[(mentions["referent_id"] == referent_id) & (mentions["outlet"] == outlet)]
    if m.empty or sentences is None or sentences.empty:
        return pd.DataFrame(columns=SENTENCE_COLUMNS)
    sents = sentences[sentences["id"].isin(set(m["id"]))]
    rows: dict[tuple, dict] = {}
    for r in m.sort_values(["id", "field", "start"], kind="stable").itertuples(index=False):
        found = sents[
            (sents["id"] == r.id)
            & (sents["field"] == r.field)
            & (sents["start"] <= r.start)
            & (sents["end"] > r.start)
        ]
        if found.empty:
            continue
        s = found.iloc[0]
        key = (r.id, r.field, int(s["start"]))
        row = rows.setdefault(
            key,
            {"id": r.id, "field": r.field, "start": int(s["start"]), "end": int(s["end"]),
             "sentence": str(s["sentence"]), "labels": [], "spans": [], "voices": set()},
        )  # fmt: skip
        row["labels"].append(str(r.text))
        row["spans"].append((int(r.start) - int(s["start"]), int(r.end) - int(s["start"])))
        row["voices"].add(r.voice)
    out = []
    for row in rows.values():
        voices = row.pop("voices")
        row["labels"] = " / ".join(dict.fromkeys(row["labels"]))
        row["voice"] = "quoted" if voices == {"quoted"} else "outlet"
        out.append(row)
    return pd.DataFrame(out, columns=SENTENCE_COLUMNS)


def filled_matrix(
    text: pd.DataFrame, alignment: pd.DataFrame, labels: pd.DataFrame
) -> pd.DataFrame:
    """A copy of the wording matrix ``text`` (referent x outlet) with every cell
    that has labels written by ``cell_text``.

    Args:
        text: the matrix of ``framing.compare.event.wording_matrix``.
        alignment: the rows shown (``referent, referent_id``).
        labels: ``cell_labels`` of the event's mentions.
    """
    out = text.copy()
    rid_of = alignment.drop_duplicates("referent").set_index("referent")["referent_id"]
    by_cell = cell_texts(labels)
    for referent in out.index:
        for outlet in out.columns:
            cell = by_cell.get((rid_of.get(referent), outlet))
            if cell is not None:
                out.loc[referent, outlet] = cell
    return out


def cell_texts(labels: pd.DataFrame) -> dict[tuple[str, str], str]:
    """``cell_text`` of every (referent_id, outlet) cell of ``cell_labels``."""
    return {k: cell_text(g) for k, g in labels.groupby(["referent_id", "outlet"], sort=False)}
