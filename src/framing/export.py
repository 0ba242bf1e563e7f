"""Exports: spreadsheet-safe CSV, standalone interactive figures, an offline event report.

Three guarantees hold for everything made here:

- **CSV is safe to open in a spreadsheet.** Article text is untrusted, and a
  cell such as ``=HYPERLINK(...)`` would run as a formula in Excel, LibreOffice
  or Google Sheets. :func:`safe_csv` neutralises such cells (see
  :func:`neutralise`).
- **HTML works offline.** plotly.js is inlined (once per page), there is no
  CDN, web font or stylesheet link, and a Content-Security-Policy forbids the
  page from fetching anything.
- **Article text never becomes markup.** Every value that comes from the data
  goes through ``html.escape`` (article bodies through
  :func:`framing.highlight.highlight_html`, which escapes); values handed to
  plotly are escaped too, because plotly renders a small HTML subset (links
  included) in titles, ticks and hover labels.
"""

from __future__ import annotations

import datetime as dt
import html
import io
import math
import re
import zipfile
from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.offline import get_plotlyjs

from framing import __version__
from framing.cues.lexicon import Category
from framing.highlight import EXTRA_CATEGORIES, highlight_html, legend_html
from framing.viz.theme import base_layout, outlet_colors

__all__ = [
    "event_frames_figure",
    "event_rates_figure",
    "event_report_html",
    "figure_html",
    "neutralise",
    "safe_csv",
    "tables_zip",
]

# A cell whose first visible character is one of these starts a formula in at
# least one common spreadsheet (OWASP "CSV injection"); the full-width forms
# are read as their ASCII twins by some East Asian locales.
_TRIGGERS = "=+-@\uff1d\uff0b\uff0d\uff20"
# Invisible characters a spreadsheet skips before deciding a cell is a formula.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


def neutralise(cell: str) -> str:
    """Make one text cell inert in a spreadsheet by prefixing a single quote.

    A cell is neutralised when it starts with a tab or a carriage return, or
    when its first character after any leading whitespace (or zero-width
    character) is ``=``, ``+``, ``-`` or ``@`` (or their full-width forms).

    Why a quote: it is the OWASP recommendation, and Excel and Google Sheets
    treat a leading ``'`` as "this is text" and hide it. The cost is that the
    quote stays visible in tools that do not (LibreOffice with default CSV
    import options, pandas); strip a leading ``'`` there if needed. Text that
    merely looks like a negative number (``"-1"``) is neutralised as well:
    only real numeric values are left alone.

    Args:
        cell: the cell text.

    Returns:
        The text unchanged, or prefixed with ``'``.
    """
    if not cell:
        return cell
    if cell[0] in "\t\r":
        return "'" + cell
    visible = cell.lstrip()
    while visible and visible[0] in _INVISIBLE:
        visible = visible[1:].lstrip()
    if visible[:1] and visible[0] in _TRIGGERS:
        return "'" + cell
    return cell


def _safe_cell(value: object) -> object:
    if isinstance(value, str):
        return neutralise(value)
    if value is None or isinstance(value, bool | int | float | np.number | np.bool_):
        return value
    if value is pd.NA or value is pd.NaT:
        return value
    # Anything else is written through str() by the CSV writer anyway.
    return neutralise(str(value))


def _safe_frame(df: pd.DataFrame) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        series = out[col]
        if pd.api.types.is_numeric_dtype(series) or pd.api.types.is_bool_dtype(series):
            continue
        if pd.api.types.is_datetime64_any_dtype(series):
            continue
        out[col] = series.astype(object).map(_safe_cell)
    out.columns = [neutralise(str(c)) for c in out.columns]
    return out


def safe_csv(df: pd.DataFrame) -> bytes:
    """A table as CSV bytes that are safe to open in a spreadsheet.

    Text cells and column names go through :func:`neutralise`; numeric,
    boolean and datetime columns are written as they are (a negative number
    stays a number). UTF-8 with a byte-order mark, so Excel detects the
    encoding; CRLF line ends as in RFC 4180. The index is not written (call
    ``reset_index()`` first to keep it).

    Args:
        df: any DataFrame.

    Returns:
        The CSV file's bytes; ``pd.read_csv(io.BytesIO(data))`` reads it back.
    """
    text = _safe_frame(df).to_csv(index=False, lineterminator="\r\n")
    return text.encode("utf-8-sig")


def tables_zip(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """Several tables as one ZIP of safe CSV files (``<name>.csv`` each)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, df in tables.items():
            safe_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", str(name)) or "table"
            zf.writestr(f"{safe_name}.csv", safe_csv(df))
    return buf.getvalue()


# --- HTML ------------------------------------------------------------------

# plotly.js 4 shows a "Share chart" button that uploads the data to Plotly
# Cloud: a report on untrusted or unpublished articles must not offer that.
PLOTLY_CONFIG = {
    "showSendToCloud": False,
    "displaylogo": False,
    "responsive": True,
    "toImageButtonOptions": {"format": "png", "scale": 2},
}

# Scripts are inline (plotly.js and each figure's call); 'unsafe-eval' because
# plotly's WebGL traces (the event map) compile shader code at run time.
# Everything else, network included, is refused: the page cannot phone home
# and behaves the same offline.
_CSP = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'unsafe-inline'; img-src data: blob:; font-src data:; worker-src blob:; "
    "form-action 'none'; base-uri 'none'"
)

_FONT_STACK = "system-ui, -apple-system, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif"


def _e(value: object) -> str:
    """Escape any value for HTML text or a quoted attribute; missing -> ''."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(value), quote=True)


def _page(title: str, body: str, *, css: str = "", with_plotly: bool = False) -> str:
    script = f"<script>{get_plotlyjs()}</script>\n" if with_plotly else ""
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{_CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="generator" content="framing-dashboard">\n'
        f"<title>{_e(title)}</title>\n<style>{css}</style>\n{script}</head>\n"
        f"<body>\n{body}\n</body>\n</html>\n"
    )


def _figure_div(fig: go.Figure, height: str = "480px") -> str:
    # plotly escapes '<', '>' and '/' in the figure JSON, so data cannot close
    # the script element.
    return fig.to_html(
        full_html=False,
        include_plotlyjs=False,
        config=PLOTLY_CONFIG,
        default_height=height,
        default_width="100%",
    )


def _figure_title(fig: go.Figure) -> str:
    text = fig.layout.title.text or "Figure"
    # base_layout puts the caption under the title after a <br>.
    return " ".join(re.sub(r"<[^>]+>", "", text.split("<br>")[0]).split()) or "Figure"


def figure_html(fig: go.Figure, *, title: str | None = None) -> str:
    """A figure as a standalone, interactive HTML page that works offline.

    plotly.js is inlined (the equivalent of ``include_plotlyjs=True``), so the
    file needs no network; zoom, hover and the PNG download keep working.

    Args:
        fig: the figure.
        title: the page title; defaults to the figure's title.

    Returns:
        A complete HTML document (about 5 MB, mostly plotly.js).
    """
    page_title = title or html.unescape(_figure_title(fig))
    css = f"html,body{{height:100%;margin:0;font-family:{_FONT_STACK}}}.plot{{padding:8px}}"
    body = f'<div class="plot">{_figure_div(fig, height="92vh")}</div>'
    return _page(page_title, body, css=css, with_plotly=True)


# --- Event figures ----------------------------------------------------------


def _rate_keys(outlet_scores: pd.DataFrame, categories: Mapping[str, Category]) -> list[str]:
    """Cue categories that have a rate and an interval in ``outlet_scores``."""
    cols = set(outlet_scores.columns)
    found = [
        c[: -len("_rate")]
        for c in outlet_scores.columns
        if c.endswith("_rate") and {c[:-5] + "_lo", c[:-5] + "_hi"} <= cols
    ]
    order = {k: i for i, k in enumerate(categories)}
    return sorted(found, key=lambda k: (order.get(k, len(order)), k))


def _label(key: str, categories: Mapping[str, Category]) -> str:
    cat = categories.get(key)
    return cat.label if cat is not None else key.replace("_", " ").capitalize()


def _event_rows(df: pd.DataFrame | None, event_id: object) -> pd.DataFrame:
    if df is None or df.empty or "event_id" not in df.columns:
        return pd.DataFrame()
    return df[df["event_id"] == event_id]


def event_rates_figure(
    outlet_scores: pd.DataFrame,
    event_id: int,
    *,
    categories: Mapping[str, Category] | None = None,
    all_outlets: Sequence[str] | None = None,
) -> go.Figure:
    """Cue rates per 1,000 words by category and outlet, for one event, with 95% intervals.

    Args:
        outlet_scores: the ``outlet_scores`` table (``event_id, outlet,
            <cat>_rate, <cat>_lo, <cat>_hi``).
        event_id: the event (``-1`` for all events).
        categories: category metadata, for labels and order.
        all_outlets: every outlet of the corpus, so colours stay fixed.
    """
    cats = dict(categories or {})
    rows = _event_rows(outlet_scores, event_id).sort_values("outlet")
    colors = outlet_colors(all_outlets or rows.get("outlet", []))
    keys = _rate_keys(rows, cats) if not rows.empty else []
    labels = [html.escape(_label(k, cats)) for k in keys]
    fig = go.Figure()
    for r in rows.itertuples(index=False):
        r = r._asdict()
        rate = [float(r[f"{k}_rate"]) for k in keys]
        fig.add_trace(
            go.Bar(
                x=labels,
                y=rate,
                name=html.escape(str(r["outlet"])),
                marker_color=colors.get(str(r["outlet"]), "#666666"),
                error_y={
                    "type": "data",
                    "symmetric": False,
                    "array": [float(r[f"{k}_hi"]) - v for k, v in zip(keys, rate, strict=True)],
                    "arrayminus": [
                        v - float(r[f"{k}_lo"]) for k, v in zip(keys, rate, strict=True)
                    ],
                    "thickness": 1,
                    "width": 3,
                },
                customdata=[int(r.get(f"{k}_count", 0)) for k in keys],
                hovertemplate="%{x}<br>%{fullData.name}: %{y:.1f} per 1,000 words"
                " (%{customdata} cue(s))<extra></extra>",
            )
        )
    fig.update_layout(
        **base_layout(
            "Framing cues per outlet",
            "How often each outlet used each kind of framing wording, per 1,000 words; "
            "the thin lines show the 95% uncertainty range.",
        ),
        barmode="group",
    )
    fig.update_xaxes(title_text="Cue category")
    fig.update_yaxes(title_text="Cues per 1,000 words", rangemode="tozero")
    return fig


def _frame_labels() -> dict[str, str]:
    from framing.cues.frames import load_frames

    return {f.key: f.label for f in load_frames()}


def event_frames_figure(
    frames: pd.DataFrame,
    event_id: int,
    *,
    frame_labels: Mapping[str, str] | None = None,
) -> go.Figure:
    """Frame-dimension shares per outlet for one event, as a heatmap of percentages.

    Args:
        frames: the ``frames`` table (``event_id, outlet, frame, share, confidence``).
        event_id: the event (``-1`` for all events).
        frame_labels: frame key -> label (default: the bundled frame definitions).
    """
    labels = dict(frame_labels) if frame_labels is not None else _frame_labels()
    rows = _event_rows(frames, event_id)
    fig = go.Figure()
    if not rows.empty:
        table = rows.pivot_table(index="outlet", columns="frame", values="share", aggfunc="mean")
        order = [k for k in labels if k in table.columns] + sorted(
            c for c in table.columns if c not in labels
        )
        table = table[order].fillna(0.0).sort_index()
        pct = table.to_numpy() * 100
        fig.add_trace(
            go.Heatmap(
                z=pct,
                x=[html.escape(labels.get(k, str(k))) for k in table.columns],
                y=[html.escape(str(o)) for o in table.index],
                text=[[f"{v:.0f}%" for v in row] for row in pct],
                texttemplate="%{text}",
                colorscale="Blues",
                zmin=0,
                showscale=False,
                hovertemplate="%{y}<br>%{x}: %{z:.1f}% of sentences<extra></extra>",
            )
        )
        fig.update_layout(height=max(300, 140 + 42 * len(table.index)))
    fig.update_layout(
        **base_layout(
            "Frames per outlet",
            "Which angle each outlet's sentences take (economy, security, politics...), "
            "as a share of its sentences on this event.",
        )
    )
    fig.update_xaxes(title_text="Frame dimension", tickangle=-30)
    fig.update_yaxes(title_text="Outlet", autorange="reversed")
    return fig


# --- Event report -------------------------------------------------------------

_REPORT_CSS = f"""
:root{{--ink:#1d1d1f;--muted:#5f6368;--line:#d9d9de;--bg:#fafafa}}
*{{box-sizing:border-box}}
body{{font-family:{_FONT_STACK};color:var(--ink);background:#fff;margin:0;line-height:1.5}}
main{{max-width:1200px;margin:0 auto;padding:24px 28px 60px}}
h1{{font-size:1.7rem;margin:.2em 0}} h2{{margin-top:2.2em;border-bottom:1px solid var(--line);
padding-bottom:.2em}} h3{{margin:.4em 0}}
.kicker,.note,.muted,figcaption{{color:var(--muted);font-size:.9rem}}
.chip{{display:inline-block;border-radius:999px;padding:1px 10px;margin:2px 4px 2px 0;
font-size:.85rem;border:2px solid var(--c);background:#fff;white-space:nowrap}}
.chip::before{{content:"";display:inline-block;width:.7em;height:.7em;border-radius:50%;
background:var(--c);margin-right:.4em}}
dl.meta{{display:grid;grid-template-columns:max-content 1fr;gap:4px 16px}}
dl.meta dt{{font-weight:600}} dl.meta dd{{margin:0}}
nav.toc a{{margin-right:14px}}
table{{border-collapse:collapse;width:100%;margin:.6em 0;font-size:.9rem}}
th,td{{border-bottom:1px solid var(--line);padding:5px 8px;text-align:left;vertical-align:top}}
th{{background:var(--bg)}} td.num,th.num{{text-align:right;font-variant-numeric:tabular-nums}}
.ci{{color:var(--muted);font-size:.8rem;white-space:nowrap}} td.num .ci{{display:block}}
.scroll{{overflow-x:auto}}
.grid{{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:16px}}
article.card{{border:1px solid var(--line);border-top:6px solid var(--c);border-radius:8px;
padding:12px 16px;break-inside:avoid}}
article.card h3{{font-size:1.1rem}} .body{{font-size:.95rem}}
blockquote{{margin:.3em 0;padding:.2em .8em;border-left:3px solid var(--line)}}
figure{{margin:1em 0}} .legend{{margin:.5em 0 1em}}
details summary{{cursor:pointer;color:var(--muted)}}
@media print{{nav.toc{{display:none}} h2{{break-after:avoid}} .plot{{break-inside:avoid}}}}
"""

_HOW_TO_READ = (
    "Highlighted words are framing cues: wording that casts one side as a threat, "
    "an aggressor or a victim, softens or distances, or escalates. Hover a highlight "
    "to see its category and why it counts. Rates are cues per 1,000 words with a 95% "
    "uncertainty range (short articles give wide ranges). The loaded-language score "
    "(0 = plain, 1 = strongly loaded) is a model's reading of each sentence's wording, "
    "not a judgement of truth or balance. Treat every number as a lead to the "
    "sentences behind it, which are quoted below."
)


def _chip(name: str, colors: Mapping[str, str]) -> str:
    return f'<span class="chip" style="--c:{colors.get(name, "#666666")}">{_e(name)}</span>'


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
        return f'<a href="{_e(text)}" rel="noopener noreferrer">{_e(text)}</a>'
    return _e(text)


def _date_range(event: Mapping[str, object], articles: pd.DataFrame) -> str:
    start, end = str(event.get("start") or ""), str(event.get("end") or "")
    if not start and "published" in articles.columns:
        dated = [str(d) for d in articles["published"] if str(d or "") not in ("", "nan")]
        if dated:
            start, end = min(dated), max(dated)
    if not start:
        return "no dates in these articles"
    return _e(start) if start == end or not end else f"{_e(start)} to {_e(end)}"


def _table(head: Sequence[tuple[str, bool]], rows: Sequence[Sequence[str]]) -> str:
    """An HTML table from already-escaped cells; ``head`` is (label, numeric)."""
    ths = "".join(f"<th{' class=num' if n else ''}>{_e(h)}</th>" for h, n in head)
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


def _section(anchor: str, title: str, intro: str, content: str) -> str:
    return (
        f'<section id="{anchor}"><h2>{_e(title)}</h2>'
        f'<p class="muted">{_e(intro)}</p>{content}</section>'
    )


def _glance(
    outlets: list[str],
    members: pd.DataFrame,
    scores: pd.DataFrame,
    frames: pd.DataFrame,
    keys: list[str],
    cats: Mapping[str, Category],
    flabels: Mapping[str, str],
    colors: Mapping[str, str],
) -> str:
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
                rates = {k: float(s[f"{k}_rate"]) for k in keys}
                best = max(rates, key=rates.get)
                if rates[best] > 0:
                    top_cat = f"{_e(_label(best, cats))} ({rates[best]:.1f})"
        top_frame = ""
        fsub = frames[frames["outlet"] == o] if not frames.empty else frames
        if not fsub.empty:
            f = fsub.sort_values("share", ascending=False).iloc[0]
            top_frame = f"{_e(flabels.get(f['frame'], f['frame']))} ({f['share']:.0%})"
        rows.append(
            [_chip(o, colors), str(len(sub)), _e(words), loaded, top_cat or "none", top_frame]
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


def _rates_table(
    scores: pd.DataFrame, keys: list[str], cats: Mapping[str, Category], colors: Mapping[str, str]
) -> str:
    rows = []
    for r in scores.sort_values("outlet").to_dict("records"):
        cells = [_chip(str(r["outlet"]), colors)]
        for k in keys:
            count = r.get(f"{k}_count")
            cells.append(
                f"{_num(r[f'{k}_rate'], '{:.1f}')} "
                f'<span class="ci">[{_num(r[f"{k}_lo"], "{:.1f}")}-'
                f"{_num(r[f'{k}_hi'], '{:.1f}')}]"
                + (f" · {int(count)} cue(s)" if count is not None else "")
                + "</span>"
            )
        rows.append(cells)
    head = [("Outlet", False)] + [(_label(k, cats), True) for k in keys]
    return _table(head, rows)


def _loaded_sentences(
    outlets: list[str],
    members: pd.DataFrame,
    scores: pd.DataFrame,
    sentences: pd.DataFrame,
    colors: Mapping[str, str],
    per_outlet: int = 3,
) -> str:
    if sentences.empty or "loaded_score" not in sentences.columns:
        return '<p class="note">No sentence scores were stored for this corpus.</p>'
    outlet_of = dict(zip(members["id"], members["outlet"], strict=True))
    sents = sentences.assign(outlet=sentences["id"].map(outlet_of))
    mean = dict(zip(scores["outlet"], scores["loaded_mean"], strict=True)) if len(scores) else {}
    parts = []
    for o in outlets:
        top = sents[sents["outlet"] == o].nlargest(per_outlet, "loaded_score")
        quotes = "".join(
            f"<blockquote>{_e(s.sentence)} "
            f'<span class="ci">score {_num(s.loaded_score)} · {_e(s.field)}</span></blockquote>'
            for s in top.itertuples(index=False)
        )
        parts.append(
            f"<div><h3>{_chip(o, colors)} mean {_num(mean.get(o))}</h3>"
            f"{quotes or '<p class=note>No sentences scored.</p>'}</div>"
        )
    return '<div class="grid">' + "".join(parts) + "</div>"


def _contrast(outlets: list[str], contrast: pd.DataFrame, colors: Mapping[str, str]) -> str:
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
            [_e(r.phrase), _e(r.count), _e(r.other_count), _num(r.z, "{:.1f}")]
            for r in sub.itertuples(index=False)
        ]
        table = _table(
            [("Phrase", False), ("Uses", True), ("Uses by the others", True), ("z", True)], rows
        )
        parts.append(f"<div><h3>{_chip(o, colors)}</h3>{table}</div>")
    return '<div class="grid">' + "".join(parts) + "</div>"


def _alignment(outlets: list[str], alignment: pd.DataFrame, colors: Mapping[str, str]) -> str:
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
        cells = [f"<b>{_e(ref)}</b>"]
        for o in named:
            if o in sub.index:
                r = sub.loc[o]
                r = r.iloc[0] if isinstance(r, pd.DataFrame) else r
                cells.append(f'{_e(r["phrase"])} <span class="ci">×{_e(r["count"])}</span>')
                examples.append(
                    f"<li><b>{_e(ref)}</b> · {_chip(o, colors)} "
                    f"<i>{_e(r['phrase'])}</i>: “{_e(r['example'])}”</li>"
                )
            else:
                cells.append('<span class="ci">-</span>')
        rows.append(cells)
    head = [("Referent", False)] + [(o, False) for o in named]
    return (
        _table(head, rows) + "<details><summary>Example sentence for every cell</summary>"
        f"<ul>{''.join(examples)}</ul></details>"
    )


def _frames_table(
    outlets: list[str],
    frames: pd.DataFrame,
    flabels: Mapping[str, str],
    colors: Mapping[str, str],
) -> str:
    rows = []
    for o in outlets:
        sub = frames[frames["outlet"] == o].sort_values("share", ascending=False).head(3)
        if sub.empty:
            continue
        tops = "; ".join(
            f"{_e(flabels.get(r.frame, r.frame))} {r.share:.0%}" for r in sub.itertuples()
        )
        conf = _num(sub["confidence"].iloc[0]) if "confidence" in sub.columns else ""
        rows.append([_chip(o, colors), tops, conf])
    return _table(
        [("Outlet", False), ("Top three frames (share of sentences)", False), ("Confidence", True)],
        rows,
    )


def _articles(
    members: pd.DataFrame,
    texts: Mapping[str, str] | pd.Series,
    cues: pd.DataFrame,
    cats: Mapping[str, Category],
    colors: Mapping[str, str],
) -> str:
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
            f'<p class="kicker">{_chip(str(r["outlet"]), colors)} {_e(date)}</p>'
            f"<h3>{title}</h3>"
            + (f'<p class="kicker">{link}</p>' if link else "")
            + f'<div class="body">{body or "<p class=note>Text not available.</p>"}</div>'
            "</article>"
        )
    return '<div class="grid">' + "".join(cards) + "</div>"


def _frame(df: pd.DataFrame | None) -> pd.DataFrame:
    return df if df is not None else pd.DataFrame()


def event_report_html(
    event: Mapping[str, object] | pd.Series,
    articles: pd.DataFrame,
    texts: Mapping[str, str] | pd.Series,
    *,
    cues: pd.DataFrame | None = None,
    sentences: pd.DataFrame | None = None,
    contrast: pd.DataFrame | None = None,
    alignment: pd.DataFrame | None = None,
    outlet_scores: pd.DataFrame | None = None,
    frames: pd.DataFrame | None = None,
    categories: Mapping[str, Category] | None = None,
    all_outlets: Sequence[str] | None = None,
    outlets: Sequence[str] | None = None,
    corpus: str = "",
    note: str = "",
) -> str:
    """A self-contained HTML report on how the outlets covered one event.

    The page opens offline: CSS and plotly.js are inline (plotly.js once, for
    both figures), nothing is loaded from the network. Every value from the
    data is escaped; article links are only made for ``http(s)`` URLs.

    Args:
        event: the event's row of the ``events`` table (``event_id, label``;
            ``headline, start, end`` used when present).
        articles: analysed articles (``id, outlet, title``; ``published, url,
            n_words, event_id`` used when present); rows of other events are
            ignored.
        texts: article id -> full text (offsets of ``cues`` index it).
        cues, sentences, contrast, alignment, outlet_scores, frames: the stored
            cue tables (columns in docs/cues.md), unfiltered or filtered; rows
            of other articles/events are ignored. ``None`` or empty when the
            corpus was analysed without cues.
        categories: cue category metadata, for labels and the legend.
        all_outlets: every outlet of the corpus, so colours match the dashboard.
        outlets: the outlets being compared (default: ``all_outlets``); those
            without an article in the event are listed as silent.
        corpus: corpus name, for the header.
        note: one line on how the data was filtered, shown under the header.

    Returns:
        The HTML document.
    """
    event = dict(event)
    event_id = event.get("event_id")
    cats: dict[str, Category] = {**EXTRA_CATEGORIES, **dict(categories or {})}
    members = articles
    if "event_id" in members.columns and event_id is not None:
        members = members[members["event_id"] == event_id]
    ids = set(members["id"])
    palette_names = list(all_outlets or []) or sorted(set(members["outlet"]))
    colors = outlet_colors(palette_names)
    covered = sorted({str(o) for o in members["outlet"]})
    compared = sorted({str(o) for o in (outlets if outlets is not None else palette_names)})
    silent = [o for o in compared if o not in covered]

    def by_id(df: pd.DataFrame | None) -> pd.DataFrame:
        df = _frame(df)
        return df[df["id"].isin(ids)] if "id" in df.columns else df

    def by_event(df: pd.DataFrame | None) -> pd.DataFrame:
        df = _event_rows(df, event_id)
        return df[df["outlet"].isin(covered)] if "outlet" in df.columns else df

    cues_, sents_ = by_id(cues), by_id(sentences)
    contrast_, align_ = by_event(contrast), by_event(alignment)
    scores_, frames_ = by_event(outlet_scores), by_event(frames)
    keys = _rate_keys(scores_, cats) if not scores_.empty else []
    flabels = _frame_labels()

    label = str(event.get("label") or f"Event {event_id}")
    heading = f"E{event_id}: {label}" if event_id is not None else label
    no_cues = cues_.empty and scores_.empty and sents_.empty
    figs = []
    if keys:
        fig = event_rates_figure(scores_, event_id, categories=cats, all_outlets=palette_names)
        figs.append(("rates", fig))
    if not frames_.empty:
        figs.append(("frames", event_frames_figure(frames_, event_id, frame_labels=flabels)))

    parts = [
        "<main>",
        f'<p class="kicker">framing-dashboard · event report'
        f"{' · corpus ' + _e(corpus) if corpus else ''}</p>",
        f"<h1>{_e(heading)}</h1>",
    ]
    if event.get("headline"):
        parts.append(f"<p>Most central headline: <i>{_e(event['headline'])}</i></p>")
    parts.append(
        '<dl class="meta">'
        f"<dt>Dates</dt><dd>{_date_range(event, members)}</dd>"
        f"<dt>Articles</dt><dd>{len(members)}</dd>"
        f"<dt>Covered by</dt><dd>{''.join(_chip(o, colors) for o in covered) or 'nobody'}</dd>"
        f"<dt>Silent</dt><dd>{''.join(_chip(o, colors) for o in silent) or 'none'}</dd>"
        "</dl>"
    )
    if note:
        parts.append(f'<p class="note">{_e(note)}</p>')
    if len(covered) < 2:
        parts.append(
            '<p class="note"><b>Only one outlet covered this event</b>, so there is '
            "nothing to compare it with; its wording is shown on its own.</p>"
        )
    if no_cues:
        parts.append(
            '<p class="note">This corpus was analysed without framing cues, so the '
            "report shows the articles only.</p>"
        )
    toc = [("articles", "Articles")]
    if not no_cues:
        toc = [
            ("glance", "At a glance"),
            ("rates", "Cue categories"),
            ("loaded", "Loaded language"),
            ("contrast", "Distinctive phrases"),
            ("wording", "Who called it what"),
            ("frames", "Frames"),
            *toc,
        ]
    parts.append(
        '<nav class="toc">' + "".join(f'<a href="#{a}">{_e(t)}</a>' for a, t in toc) + "</nav>"
    )
    parts.append(f'<p class="muted">{_e(_HOW_TO_READ)}</p>')

    if not no_cues:
        parts.append(
            _section(
                "glance",
                "At a glance",
                "One row per outlet: how much it wrote, how loaded its wording reads, "
                "its most frequent cue and its main frame.",
                _glance(covered, members, scores_, frames_, keys, cats, flabels, colors),
            )
        )
        rates = (
            _rates_table(scores_, keys, cats, colors)
            if keys
            else '<p class="note">No cue rates were stored for this event.</p>'
        )
        figure = (
            f'<figure class="plot">{_figure_div(figs[0][1])}</figure>'
            if figs and figs[0][0] == "rates"
            else ""
        )
        parts.append(
            _section(
                "rates",
                "Cue categories per outlet",
                "Cues per 1,000 words; in brackets the 95% range and the number of cues "
                "behind the rate. The highlighted articles below show each cue.",
                figure + rates,
            )
        )
        parts.append(
            _section(
                "loaded",
                "Loaded language",
                "Mean loaded-language score per outlet (0 = plain, 1 = strongly loaded), "
                "with the sentences that scored highest.",
                _loaded_sentences(covered, members, scores_, sents_, colors),
            )
        )
        parts.append(
            _section(
                "contrast",
                "Distinctive phrases",
                "Phrases each outlet used far more than the other outlets covering this "
                "event (log-odds with an informative prior; z of 1.96 or more).",
                _contrast(covered, contrast_, colors),
            )
        )
        parts.append(
            _section(
                "wording",
                "Who called it what",
                "The same thing named with different words by different outlets. These "
                "are leads to read, not a finished thesaurus.",
                _alignment(covered, align_, colors),
            )
        )
        frames_fig = next((f for name, f in figs if name == "frames"), None)
        frames_body = (
            f'<figure class="plot">{_figure_div(frames_fig)}</figure>' if frames_fig else ""
        ) + (
            _frames_table(covered, frames_, flabels, colors)
            if not frames_.empty
            else '<p class="note">No frame shares were stored for this event.</p>'
        )
        parts.append(
            _section(
                "frames",
                "Frames",
                "The angle of each outlet's sentences, after the Media Frames Corpus "
                "dimensions; confidence is the mean probability of the top frame.",
                frames_body,
            )
        )

    present = [k for k in dict.fromkeys(cues_["category"]) if k in cats] if len(cues_) else []
    legend = f'<div class="legend">{legend_html(cats[k] for k in present)}</div>' if present else ""
    parts.append(
        _section(
            "articles",
            "Articles",
            "Each outlet's article with its framing cues highlighted; hover a highlight "
            "for the category and the reason.",
            legend + _articles(members, texts, cues_, cats, colors),
        )
    )
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts.append(
        f'<p class="note">Made with framing-dashboard {_e(__version__)} on {stamp}. '
        "Article text is shown as the outlet published it; highlights and scores "
        "are the tool's reading of the wording, not a verdict.</p></main>"
    )
    return _page(
        f"Event report: {heading}", "\n".join(parts), css=_REPORT_CSS, with_plotly=bool(figs)
    )
