"""The sections of the offline event report, each an escaped HTML fragment.

Every value from the data goes through ``esc`` (article bodies through
:func:`framing.reports.highlight.highlight_html`, which escapes); article
links are only made for ``http(s)`` URLs. ``framing.reports.event_report``
puts the sections together.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence

import pandas as pd

from framing.cues.lexicon import Category
from framing.reports.highlight import highlight_html
from framing.reports.page import esc
from framing.viz.report import category_label


def chip(name: str, colors: Mapping[str, str]) -> str:
    """An outlet's name in its colour (escaped)."""
    return f'<span class="chip" style="--c:{colors.get(name, "#666666")}">{esc(name)}</span>'


def _num(value: object, fmt: str = "{:.2f}") -> str:
    try:
        v = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return ""
    return "" if math.isnan(v) else fmt.format(v)


def _link(url: object) -> str:
    text = "" if url is None else str(url).strip()
    if not text:
        return ""
    # Only web addresses become links: a javascript: or data: URL stays text.
    if re.match(r"https?://", text, flags=re.IGNORECASE):
        return f'<a href="{esc(text)}" rel="noopener noreferrer">{esc(text)}</a>'
    return esc(text)


def date_range(event: Mapping[str, object], articles: pd.DataFrame) -> str:
    """The event's dates, from the event row or else from its articles (escaped)."""
    start, end = str(event.get("start") or ""), str(event.get("end") or "")
    if not start and "published" in articles.columns:
        dated = [str(d) for d in articles["published"] if str(d or "") not in ("", "nan")]
        if dated:
            start, end = min(dated), max(dated)
    if not start:
        return "no dates in these articles"
    return esc(start) if start == end or not end else f"{esc(start)} to {esc(end)}"


def _table(head: Sequence[tuple[str, bool]], rows: Sequence[Sequence[str]]) -> str:
    """An HTML table from already-escaped cells; ``head`` is (label, numeric)."""
    ths = "".join(f"<th{' class=num' if n else ''}>{esc(h)}</th>" for h, n in head)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td{' class=num' if n else ''}>{c}</td>" for c, (_, n) in zip(row, head, strict=True)
        )
        + "</tr>"
        for row in rows
    )
    table = f"<table><thead><tr>{ths}</tr></thead><tbody>{body}</tbody></table>"
    return f'<div class="scroll">{table}</div>'


def section_html(anchor: str, title: str, intro: str, content: str) -> str:
    """One report section: heading, a line on how to read it, the content (already escaped)."""
    return (
        f'<section id="{anchor}"><h2>{esc(title)}</h2>'
        f'<p class="muted">{esc(intro)}</p>{content}</section>'
    )


def glance_table(
    outlets: list[str],
    members: pd.DataFrame,
    scores: pd.DataFrame,
    rates: pd.DataFrame,
    frames: pd.DataFrame,
    keys: list[str],
    cats: Mapping[str, Category],
    flabels: Mapping[str, str],
    colors: Mapping[str, str],
) -> str:
    """One row per outlet: articles, words, loaded score, most frequent cue, main frame.

    Args:
        outlets: the outlets covering the event, in row order.
        members: the event's articles.
        scores: the event's ``outlet_scores`` rows (for ``loaded_mean``).
        rates: the same rows in long form (``framing.compare.rates.event_rates``).
        frames: the event's ``frames`` rows.
        keys: the cue categories to consider, in order.
        cats: category metadata, for labels.
        flabels: frame key -> label.
        colors: outlet -> colour.
    """
    by_outlet = scores.set_index("outlet") if not scores.empty else pd.DataFrame()
    rows = []
    for o in outlets:
        sub = members[members["outlet"] == o]
        words = sub["n_words"].sum() if "n_words" in sub.columns else ""
        loaded, top_cat = "", ""
        if o in by_outlet.index:
            s = by_outlet.loc[o]
            loaded = _num(s.get("loaded_mean"))
            if keys:
                mine = rates[rates["outlet"] == o].set_index("category")["rate"]
                per_key = {k: float(mine[k]) for k in keys}
                best = max(per_key, key=per_key.get)
                if per_key[best] > 0:
                    top_cat = f"{esc(category_label(best, cats))} ({per_key[best]:.1f})"
        top_frame = ""
        fsub = frames[frames["outlet"] == o] if not frames.empty else frames
        if not fsub.empty:
            f = fsub.sort_values("share", ascending=False).iloc[0]
            top_frame = f"{esc(flabels.get(f['frame'], f['frame']))} ({f['share']:.0%})"
        rows.append(
            [chip(o, colors), str(len(sub)), esc(words), loaded, top_cat or "none", top_frame]
        )
    return _table(
        [
            ("Outlet", False),
            ("Articles", True),
            ("Words", True),
            ("Loaded score (0-1)", True),
            ("Most frequent cue (per 1,000 words)", False),
            ("Main frame (share)", False),
        ],
        rows,
    )


def rates_table(
    rates: pd.DataFrame, keys: list[str], cats: Mapping[str, Category], colors: Mapping[str, str]
) -> str:
    """Outlets x cue categories: rate per 1,000 words, its 95% range and the cue count.

    Args:
        rates: the event's rates in long form (``framing.compare.rates.event_rates``).
        keys: the cue categories (columns), in order.
        cats: category metadata, for labels.
        colors: outlet -> colour.
    """
    rows = []
    for outlet in dict.fromkeys(rates.sort_values("outlet", kind="stable")["outlet"]):
        mine = rates[rates["outlet"] == outlet].set_index("category")
        cells = [chip(str(outlet), colors)]
        for k in keys:
            r = mine.loc[k]
            cells.append(
                f"{_num(r['rate'], '{:.1f}')} "
                f'<span class="ci">[{_num(r["lo"], "{:.1f}")}-'
                f"{_num(r['hi'], '{:.1f}')}]"
                f" · {int(r['count'])} cue(s)"
                "</span>"
            )
        rows.append(cells)
    head = [("Outlet", False)] + [(category_label(k, cats), True) for k in keys]
    return _table(head, rows)


def loaded_sentences(
    outlets: list[str],
    members: pd.DataFrame,
    scores: pd.DataFrame,
    sentences: pd.DataFrame,
    colors: Mapping[str, str],
    per_outlet: int = 3,
) -> str:
    """Per outlet: its mean loaded score and its most loaded outlet-voice sentences."""
    if sentences.empty or "loaded_score" not in sentences.columns:
        return '<p class="note">No sentence scores were stored for this corpus.</p>'
    outlet_of = dict(zip(members["id"], members["outlet"], strict=True))
    sents = sentences.assign(outlet=sentences["id"].map(outlet_of))
    if "voice" in sents.columns:
        # The outlet's own wording: a loaded quotation is the speaker's.
        sents = sents[sents["voice"] == "outlet"]
    mean = dict(zip(scores["outlet"], scores["loaded_mean"], strict=True)) if len(scores) else {}
    parts = []
    for o in outlets:
        top = sents[sents["outlet"] == o].nlargest(per_outlet, "loaded_score")
        quotes = "".join(
            f"<blockquote>{esc(s.sentence)} "
            f'<span class="ci">score {_num(s.loaded_score)} · {esc(s.field)}</span></blockquote>'
            for s in top.itertuples(index=False)
        )
        parts.append(
            f"<div><h3>{chip(o, colors)} mean {_num(mean.get(o))}</h3>"
            f"{quotes or '<p class=note>No sentences scored.</p>'}</div>"
        )
    return '<div class="grid">' + "".join(parts) + "</div>"


def contrast_tables(outlets: list[str], contrast: pd.DataFrame, colors: Mapping[str, str]) -> str:
    """Per outlet: the phrases it used far more than the others on this event."""
    if contrast.empty:
        return (
            '<p class="note">No phrase stands out for any outlet here (an event needs '
            "at least two outlets, and a phrase must be used at least twice).</p>"
        )
    parts = []
    for o in outlets:
        sub = contrast[contrast["outlet"] == o].sort_values("z", ascending=False).head(10)
        if sub.empty:
            continue
        rows = [
            [esc(r.phrase), esc(r.count), esc(r.other_count), _num(r.z, "{:.1f}")]
            for r in sub.itertuples(index=False)
        ]
        table = _table(
            [("Phrase", False), ("Uses", True), ("Uses by the others", True), ("z", True)], rows
        )
        parts.append(f"<div><h3>{chip(o, colors)}</h3>{table}</div>")
    return '<div class="grid">' + "".join(parts) + "</div>"


def alignment_table(outlets: list[str], alignment: pd.DataFrame, colors: Mapping[str, str]) -> str:
    """Who called it what: referents x outlets, with an example sentence per cell."""
    if alignment.empty:
        return (
            '<p class="note">No shared referent was named with different wording by at '
            "least two outlets in this event.</p>"
        )
    named = [o for o in outlets if o in set(alignment["outlet"])]
    spread = alignment.groupby("referent").agg(n=("outlet", "nunique"), uses=("count", "sum"))
    order = spread.sort_values(["n", "uses"], ascending=False).index
    rows, examples = [], []
    for ref in order:
        sub = alignment[alignment["referent"] == ref].set_index("outlet")
        cells = [f"<b>{esc(ref)}</b>"]
        for o in named:
            if o in sub.index:
                r = sub.loc[o]
                r = r.iloc[0] if isinstance(r, pd.DataFrame) else r
                cells.append(f'{esc(r["phrase"])} <span class="ci">×{esc(r["count"])}</span>')
                examples.append(
                    f"<li><b>{esc(ref)}</b> · {chip(o, colors)} "
                    f"<i>{esc(r['phrase'])}</i>: “{esc(r['example'])}”</li>"
                )
            else:
                cells.append('<span class="ci">-</span>')
        rows.append(cells)
    head = [("Referent", False)] + [(o, False) for o in named]
    return (
        _table(head, rows) + "<details><summary>Example sentence for every cell</summary>"
        f"<ul>{''.join(examples)}</ul></details>"
    )


def frames_table(
    outlets: list[str],
    frames: pd.DataFrame,
    flabels: Mapping[str, str],
    colors: Mapping[str, str],
) -> str:
    """Per outlet: its top three frames and the confidence of the frame reading."""
    rows = []
    for o in outlets:
        sub = frames[frames["outlet"] == o].sort_values("share", ascending=False).head(3)
        if sub.empty:
            continue
        tops = "; ".join(
            f"{esc(flabels.get(r.frame, r.frame))} {r.share:.0%}" for r in sub.itertuples()
        )
        conf = _num(sub["confidence"].iloc[0]) if "confidence" in sub.columns else ""
        rows.append([chip(o, colors), tops, conf])
    return _table(
        [("Outlet", False), ("Top three frames (share of sentences)", False), ("Confidence", True)],
        rows,
    )


def article_cards(
    members: pd.DataFrame,
    texts: Mapping[str, str] | pd.Series,
    cues: pd.DataFrame,
    cats: Mapping[str, Category],
    colors: Mapping[str, str],
) -> str:
    """Each article as a card, its cues highlighted (text escaped)."""
    cards = []
    order = [c for c in ("outlet", "published", "id") if c in members.columns]
    for r in members.sort_values(order).to_dict("records"):
        spans = cues[cues["id"] == r["id"]] if not cues.empty else cues
        tspans = spans[spans["field"] == "title"] if not spans.empty else None
        bspans = spans[spans["field"] == "text"] if not spans.empty else None
        title = highlight_html(str(r.get("title") or ""), tspans, cats, paragraphs=False)
        text = texts.get(r["id"]) if hasattr(texts, "get") else None
        body = highlight_html(str(text), bspans, cats) if isinstance(text, str) else ""
        date = str(r.get("published") or "") or "no date"
        link = _link(r.get("url"))
        color = colors.get(str(r["outlet"]), "#666666")
        cards.append(
            f'<article class="card" style="--c:{color}">'
            f'<p class="kicker">{chip(str(r["outlet"]), colors)} {esc(date)}</p>'
            f"<h3>{title}</h3>"
            + (f'<p class="kicker">{link}</p>' if link else "")
            + f'<div class="body">{body or "<p class=note>Text not available.</p>"}</div>'
            "</article>"
        )
    return '<div class="grid">' + "".join(cards) + "</div>"
