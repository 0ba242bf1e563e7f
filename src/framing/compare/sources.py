"""Who gets to speak: whom each outlet quotes, how much, and how it introduces them.

Everything here reads the stored ``sources`` table (one row per quotation or
reported statement, ``framing.cues.sources.SOURCE_COLUMNS``) and returns tidy
DataFrames for ``framing.viz.sources``. Scare quotes (``kind == "scare"``)
are the outlet's own distancing, not someone else's speech: they are left out
of every speaker count and counted on their own (``n_scare``).

A speaker is named by ``speaker_norm`` (``speaker`` when that is empty);
names that differ only in case or spacing are one speaker, shown in their
most frequent spelling, and a lone surname ("Trump") is the one full name of
its event that ends with it ("Donald Trump"; left alone when two do). A
quotation with no speaker is ``UNATTRIBUTED``; a bare pronoun the article's
chain did not resolve ("he said") is ``UNRESOLVED``.

Every function takes ``event_id`` (``None``: all events) and ``outlets`` (the
outlets to report, in this order; an outlet with no source gets zero rows
where that makes sense).

- ``speaker_counts``: who is quoted, how often, and how many words they get.
- ``outlet_sourcing``: one row per outlet: sources, speakers, the anonymous
  share (with its 95% interval), officials, neutral verbs, scare quotes.
- ``official_sides``: the share of the outlet's officials from each side.
- ``verb_mix`` and ``verb_counts``: how sources are introduced.
- ``speaker_matrix``: outlets x top speakers, for a matrix.

The texts behind a matrix cell are in ``framing.compare.quotations``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
from scipy.stats import beta

from framing.cues.sources import load_attribution
from framing.cues.speakers import PRONOUNS

UNATTRIBUTED = "(unattributed)"
UNRESOLVED = "(a pronoun, not resolved)"
NOT_NAMED = (UNATTRIBUTED, UNRESOLVED)
UNSTATED = "(side not stated)"
QUOTE_KINDS = ("direct", "partial")
REPORTED_KINDS = ("reported", "according_to")
SPEAKER_COLUMNS = [
    "outlet", "speaker", "speaker_type", "affiliation", "n_sources", "n_quotations",
    "n_reported", "n_words", "share",
]  # fmt: skip
SOURCING_COLUMNS = [
    "outlet", "n_sources", "n_quotations", "n_reported", "n_speakers", "n_words",
    "n_unattributed", "n_anonymous", "anonymous_share", "anonymous_lo", "anonymous_hi",
    "n_official", "official_share", "n_with_verb", "neutral_share", "n_scare",
]  # fmt: skip
OFFICIAL_COLUMNS = ["outlet", "affiliation", "n_official", "share", "n_sources"]
VERB_MIX_COLUMNS = ["outlet", "verb_class", "label", "count", "share", "n_with_verb"]
VERB_COLUMNS = ["outlet", "verb", "verb_class", "count"]
MATRIX_COLUMNS = ["outlet", "speaker", "count", "n_words", "speaker_total"]


def verb_labels() -> dict[str, str]:
    """Verb class key -> readable label, in the attribution data's order."""
    return dict(load_attribution()["labels"])


def scope(
    sources: pd.DataFrame, event_id: int | None, outlets: Sequence[str] | None
) -> pd.DataFrame:
    """The rows of one event (``None``: all) and of ``outlets`` (``None``: all)."""
    rows = sources
    if event_id is not None:
        rows = rows[rows["event_id"] == int(event_id)]
    if outlets is not None:
        rows = rows[rows["outlet"].isin(list(outlets))]
    return rows


def _outlet_order(rows: pd.DataFrame, outlets: Sequence[str] | None) -> list[str]:
    return list(outlets) if outlets is not None else sorted(rows["outlet"].unique())


def speaker_labels(sources: pd.DataFrame) -> pd.Series:
    """The speaker of each row as shown: one spelling per speaker.

    ``UNATTRIBUTED`` when the row has no speaker, ``UNRESOLVED`` for a bare pronoun.
    """
    if sources.empty:
        return pd.Series([], index=sources.index, dtype=object)
    raw = sources["speaker_norm"].fillna("").astype(str).str.strip()
    raw = raw.where(raw != "", sources["speaker"].fillna("").astype(str).str.strip())
    key = raw.str.split().str.join(" ").str.casefold()
    counts = pd.DataFrame({"key": key, "raw": raw}).value_counts().reset_index()
    # The most frequent spelling; among equals, one with capitals ("Kim", not "kim").
    counts["lower"] = counts["raw"] == counts["raw"].str.lower()
    counts = counts.sort_values(["count", "lower", "raw"], ascending=[False, True, True])
    shown = counts.drop_duplicates("key").set_index("key")["raw"]
    out = key.map(shown).where(~key.isin(PRONOUNS), UNRESOLVED)
    out = out.where(key != "", UNATTRIBUTED)
    events = sources["event_id"] if "event_id" in sources else pd.Series(0, index=sources.index)
    return out.groupby(events, group_keys=False, sort=False).apply(_full_names)


def _full_names(labels: pd.Series) -> pd.Series:
    """Lone surnames as the one full name of the same event that ends with them.

    Article chains already do this within an article; across articles of one
    event, "Trump" in one outlet and "Donald Trump" in another are one speaker.
    """
    named = labels[~labels.isin([UNATTRIBUTED, UNRESOLVED])]
    words = named.str.split()
    full: dict[str, set[str]] = {}
    for label, parts in zip(named, words, strict=True):
        if len(parts) > 1 and parts[-1][:1].isupper():
            full.setdefault(parts[-1].casefold(), set()).add(label)
    alone = {k: next(iter(v)) for k, v in full.items() if len(v) == 1 and not k.endswith(".")}
    single = words.str.len() == 1
    mapped = named[single].str.casefold().map(alone)
    return labels.where(~labels.index.isin(mapped.dropna().index), mapped.reindex(labels.index))


def speech_rows(sources: pd.DataFrame) -> pd.DataFrame:
    """The rows that are someone's speech (no scare quotes), with their ``label``."""
    rows = sources[sources["kind"] != "scare"]
    return rows.assign(label=speaker_labels(rows))


def _most_common(rows: pd.DataFrame, keys: list[str], column: str, empty: str) -> pd.Series:
    """Per group of ``keys``: the most frequent known value of ``column`` (``empty`` if none).

    Among equally frequent values, the one met first. Vectorised: one
    ``value_counts`` per speaker took most of the Who gets to speak page's
    first build (half a second for 500 quotations).
    """
    values = rows[column]
    known = rows[values.notna() & (values != "") & (values != "unknown")]
    counts = known.groupby([*keys, column], sort=False).size().reset_index(name="_n")
    top = counts.sort_values("_n", ascending=False, kind="stable").drop_duplicates(keys)
    found = top.set_index(keys)[column].astype(str)
    index = pd.MultiIndex.from_frame(rows[keys].drop_duplicates())
    return found.reindex(index).fillna(empty)


def speaker_counts(
    sources: pd.DataFrame,
    *,
    event_id: int | None = None,
    outlets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Who each outlet quotes, how often and how many words they get.

    Returns:
        Columns ``SPEAKER_COLUMNS``, one row per (outlet, speaker):
        ``n_sources`` quotations and reported statements, of which
        ``n_quotations`` in quotation marks (direct or partial) and
        ``n_reported`` reported or "according to"; ``n_words`` their words;
        ``share`` of the outlet's sources; the speaker's most frequent
        ``speaker_type`` (``unknown`` when never said) and ``affiliation``
        (``""``). Sorted by outlet, then most sources first.
    """
    rows = speech_rows(scope(sources, event_id, outlets))
    if rows.empty:
        return pd.DataFrame(columns=SPEAKER_COLUMNS)
    keys = ["outlet", "label"]
    rows = rows.assign(
        _quoted=rows["kind"].isin(QUOTE_KINDS), _reported=rows["kind"].isin(REPORTED_KINDS)
    )
    g = rows.groupby(keys, sort=False)
    out = pd.DataFrame(
        {
            "n_sources": g.size(),
            "n_quotations": g["_quoted"].sum(),
            "n_reported": g["_reported"].sum(),
            "n_words": g["n_words"].sum(),
        }
    )
    out["speaker_type"] = _most_common(rows, keys, "speaker_type", "unknown")
    out["affiliation"] = _most_common(rows, keys, "affiliation", "")
    out = out.reset_index()
    out = out.rename(columns={"label": "speaker"})
    out["share"] = out["n_sources"] / out.groupby("outlet")["n_sources"].transform("sum")
    out = out.sort_values(["outlet", "n_sources", "speaker"], ascending=[True, False, True])
    ints = ["n_sources", "n_quotations", "n_reported", "n_words"]
    return out[SPEAKER_COLUMNS].astype({c: int for c in ints}).reset_index(drop=True)


def share_interval(k: np.ndarray, n: np.ndarray, level: float = 0.95):
    """The exact (Clopper-Pearson) interval of the share ``k / n``; NaN where ``n`` is 0."""
    k = np.asarray(k, dtype=float)
    n = np.asarray(n, dtype=float)
    a = (1 - level) / 2
    with np.errstate(invalid="ignore", divide="ignore"):
        lo = np.where(k > 0, beta.ppf(a, k, n - k + 1), 0.0)
        hi = np.where(k < n, beta.ppf(1 - a, k + 1, n - k), 1.0)
    empty = n <= 0
    return np.where(empty, np.nan, lo), np.where(empty, np.nan, hi)


def outlet_sourcing(
    sources: pd.DataFrame,
    *,
    event_id: int | None = None,
    outlets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """One row per outlet: how much it quotes, whom, and how.

    Returns:
        Columns ``SOURCING_COLUMNS``: ``n_sources`` (quotations and reported
        statements, no scare quotes), ``n_quotations``, ``n_reported``,
        ``n_speakers`` (distinct named speakers), ``n_words`` (words quoted
        or reported), ``n_unattributed`` (no named speaker: none found,
        or a pronoun not resolved); ``n_anonymous``
        and ``anonymous_share`` of the sources, with the exact 95% interval
        ``anonymous_lo``/``anonymous_hi``; ``n_official`` and
        ``official_share``; ``n_with_verb`` (sources with an attribution
        verb) and ``neutral_share`` of them introduced neutrally ("said");
        ``n_scare``: scare quotes, the outlet's own distancing. Shares are
        NaN when their base is 0. In ``outlets`` order (default: sorted).
    """
    scoped = scope(sources, event_id, outlets)
    order = _outlet_order(scoped, outlets)
    speech = speech_rows(scoped)
    by = speech.groupby("outlet")

    def count(mask: pd.Series) -> pd.Series:
        return mask.groupby(speech["outlet"]).sum().reindex(order, fill_value=0).astype(int)

    n = by.size().reindex(order, fill_value=0).astype(int)
    named = speech[~speech["label"].isin(NOT_NAMED)]
    out = pd.DataFrame(
        {
            "outlet": order,
            "n_sources": n.to_numpy(),
            "n_quotations": count(speech["kind"].isin(QUOTE_KINDS)).to_numpy(),
            "n_reported": count(speech["kind"].isin(REPORTED_KINDS)).to_numpy(),
            "n_speakers": named.groupby("outlet")["label"]
            .nunique()
            .reindex(order, fill_value=0)
            .to_numpy(),
            "n_words": by["n_words"].sum().reindex(order, fill_value=0).to_numpy(),
            "n_unattributed": count(speech["label"].isin(NOT_NAMED)).to_numpy(),
            "n_anonymous": count(speech["speaker_type"] == "anonymous").to_numpy(),
            "n_official": count(speech["speaker_type"] == "official").to_numpy(),
            "n_with_verb": count(speech["verb_class"] != "").to_numpy(),
        }
    )
    neutral = count(speech["verb_class"] == "neutral").to_numpy()
    base = out["n_sources"].where(out["n_sources"] > 0)
    out["anonymous_share"] = out["n_anonymous"] / base
    out["anonymous_lo"], out["anonymous_hi"] = share_interval(out["n_anonymous"], out["n_sources"])
    out["official_share"] = out["n_official"] / base
    out["neutral_share"] = neutral / out["n_with_verb"].where(out["n_with_verb"] > 0)
    scare = scoped[scoped["kind"] == "scare"].groupby("outlet").size()
    out["n_scare"] = scare.reindex(order, fill_value=0).astype(int).to_numpy()
    ints = [c for c in SOURCING_COLUMNS if c.startswith("n_")]
    return out[SOURCING_COLUMNS].astype({c: int for c in ints})


def official_sides(
    sources: pd.DataFrame,
    *,
    event_id: int | None = None,
    outlets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Whose officials each outlet quotes: the share of its officials from each side.

    Returns:
        Columns ``OFFICIAL_COLUMNS``, one row per (outlet, affiliation) with
        at least one official: ``n_official``, ``share`` of the outlet's
        official sources, and ``n_sources`` (all the outlet's sources, for
        context). An official with no stated side is ``UNSTATED``. Sorted by
        outlet, then most officials first.
    """
    scoped = scope(sources, event_id, outlets)
    speech = speech_rows(scoped)
    officials = speech[speech["speaker_type"] == "official"]
    if officials.empty:
        return pd.DataFrame(columns=OFFICIAL_COLUMNS)
    side = officials["affiliation"].fillna("").astype(str).replace("", UNSTATED)
    out = officials.assign(affiliation=side).groupby(["outlet", "affiliation"]).size()
    out = out.rename("n_official").reset_index()
    out["share"] = out["n_official"] / out.groupby("outlet")["n_official"].transform("sum")
    out["n_sources"] = out["outlet"].map(speech.groupby("outlet").size()).astype(int)
    out = out.sort_values(["outlet", "n_official", "affiliation"], ascending=[True, False, True])
    return out[OFFICIAL_COLUMNS].reset_index(drop=True)


def verb_mix(
    sources: pd.DataFrame,
    *,
    event_id: int | None = None,
    outlets: Sequence[str] | None = None,
    labels: Mapping[str, str] | None = None,
) -> pd.DataFrame:
    """How each outlet introduces its sources: the share of each attribution-verb class.

    Only sources with an attribution verb count (a quotation standing alone
    has none). ``neutral`` ("said") is the class the others are read against.

    Args:
        sources: the stored ``sources`` table.
        event_id: one event, or ``None`` for all.
        outlets: the outlets to report; one with no verb gets no rows.
        labels: verb class -> label, in the order to report (default:
            ``verb_labels()``); classes outside it follow by name.

    Returns:
        Columns ``VERB_MIX_COLUMNS``: one row per outlet and class (zero
        counts included), ``share`` of the outlet's ``n_with_verb``.
    """
    labels = dict(labels) if labels is not None else verb_labels()
    speech = speech_rows(scope(sources, event_id, outlets))
    speech = speech[speech["verb_class"] != ""]
    if speech.empty:
        return pd.DataFrame(columns=VERB_MIX_COLUMNS)
    classes = list(labels) + sorted(set(speech["verb_class"]) - set(labels))
    counts = speech.groupby(["outlet", "verb_class"]).size().unstack(fill_value=0)
    counts = counts.reindex(columns=classes, fill_value=0)
    order = [o for o in _outlet_order(speech, outlets) if o in counts.index]
    out = counts.loc[order].stack().rename("count").reset_index()
    out["n_with_verb"] = out.groupby("outlet")["count"].transform("sum")
    out["share"] = out["count"] / out["n_with_verb"]
    out["label"] = out["verb_class"].map(lambda k: labels.get(k, k))
    return out[VERB_MIX_COLUMNS].astype({"count": int, "n_with_verb": int})


def verb_counts(
    sources: pd.DataFrame,
    *,
    event_id: int | None = None,
    outlets: Sequence[str] | None = None,
) -> pd.DataFrame:
    """Each attribution verb an outlet used, with its class and count (``VERB_COLUMNS``).

    Verbs are compared in lower case. Sorted by outlet, then most used first.
    """
    speech = speech_rows(scope(sources, event_id, outlets))
    speech = speech[speech["verb_class"] != ""]
    if speech.empty:
        return pd.DataFrame(columns=VERB_COLUMNS)
    verbs = speech["verb"].astype(str).str.lower().str.split().str.join(" ")
    out = speech.assign(verb=verbs).groupby(["outlet", "verb", "verb_class"]).size()
    out = out.rename("count").reset_index()
    out = out.sort_values(["outlet", "count", "verb"], ascending=[True, False, True])
    return out[VERB_COLUMNS].reset_index(drop=True)


def speaker_matrix(
    sources: pd.DataFrame,
    *,
    event_id: int | None = None,
    outlets: Sequence[str] | None = None,
    top: int = 15,
    unattributed: bool = False,
) -> pd.DataFrame:
    """Outlets x the most quoted speakers, long form, every cell present.

    Args:
        sources: the stored ``sources`` table.
        event_id: one event, or ``None`` for all.
        outlets: the rows of the matrix (default: every outlet with a source).
        top: keep this many speakers, most sources over all outlets first.
        unattributed: also count sources with no named speaker (``UNATTRIBUTED``
            and ``UNRESOLVED``).

    Returns:
        Columns ``MATRIX_COLUMNS``: ``count`` sources and ``n_words`` of each
        (outlet, speaker), 0 where the outlet never quotes them, and
        ``speaker_total`` over the outlets. Speakers in rank order (most
        sources, then name), outlets in ``outlets`` order within each.
    """
    scoped = scope(sources, event_id, outlets)
    order = _outlet_order(scoped, outlets)
    speech = speech_rows(scoped)
    if not unattributed:
        speech = speech[~speech["label"].isin(NOT_NAMED)]
    if speech.empty or not order:
        return pd.DataFrame(columns=MATRIX_COLUMNS)
    totals = speech.groupby("label").size().rename("n").reset_index()
    totals = totals.sort_values(["n", "label"], ascending=[False, True]).head(max(int(top), 0))
    speakers = totals["label"].tolist()
    g = speech[speech["label"].isin(speakers)].groupby(["label", "outlet"])
    cells = pd.DataFrame({"count": g.size(), "n_words": g["n_words"].sum()})
    index = pd.MultiIndex.from_product([speakers, order], names=["label", "outlet"])
    out = cells.reindex(index, fill_value=0).reset_index().rename(columns={"label": "speaker"})
    out["speaker_total"] = out["speaker"].map(dict(zip(totals["label"], totals["n"], strict=True)))
    return out[MATRIX_COLUMNS].astype({"count": int, "n_words": int, "speaker_total": int})
