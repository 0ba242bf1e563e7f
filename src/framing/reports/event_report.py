"""The offline event report: one self-contained HTML page on how the outlets
covered one event.

Two guarantees hold for the page:

- **It works offline.** plotly.js is inlined once for both figures, and the
  page's Content-Security-Policy forbids fetching anything
  (``framing.reports.page``).
- **Article text never becomes markup.** Every value from the data is
  escaped (article bodies through
  :func:`framing.reports.highlight.highlight_html`, which escapes); values
  handed to plotly are escaped in ``framing.viz.report``, because plotly
  renders a small HTML subset (links included) in titles, ticks and hovers.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from framing import __version__
from framing.compare.event import event_rows
from framing.compare.rates import event_rates, rate_categories
from framing.cues.lexicon import Category
from framing.referents.corrected import visible_rows
from framing.reports.event_sections import (
    alignment_table,
    article_cards,
    chip,
    contrast_tables,
    date_range,
    frames_table,
    glance_table,
    loaded_sentences,
    rates_table,
    section_html,
)
from framing.reports.highlight import EXTRA_CATEGORIES, legend_html
from framing.reports.page import FONT_STACK, esc, figure_div, page_html
from framing.viz.report import default_frame_labels, event_frames_figure, event_rates_figure
from framing.viz.theme import outlet_colors

__all__ = ["event_report_html"]

_REPORT_CSS = f"""
:root{{--ink:#1d1d1f;--muted:#5f6368;--line:#d9d9de;--bg:#fafafa}}
*{{box-sizing:border-box}}
body{{font-family:{FONT_STACK};color:var(--ink);background:#fff;margin:0;line-height:1.5}}
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
        df = event_rows(df, event_id)
        return df[df["outlet"].isin(covered)] if "outlet" in df.columns else df

    cues_, sents_ = by_id(cues), by_id(sentences)
    # Rows a user hid (framing.referent_fixes) stay out of the report.
    contrast_, align_ = by_event(contrast), visible_rows(by_event(alignment))
    scores_, frames_ = by_event(outlet_scores), by_event(frames)
    keys = rate_categories(scores_, order=cats) if not scores_.empty else []
    rates_ = event_rates(scores_)
    flabels = default_frame_labels()

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
        f"{' · corpus ' + esc(corpus) if corpus else ''}</p>",
        f"<h1>{esc(heading)}</h1>",
    ]
    if event.get("headline"):
        parts.append(f"<p>Most central headline: <i>{esc(event['headline'])}</i></p>")
    parts.append(
        '<dl class="meta">'
        f"<dt>Dates</dt><dd>{date_range(event, members)}</dd>"
        f"<dt>Articles</dt><dd>{len(members)}</dd>"
        f"<dt>Covered by</dt><dd>{''.join(chip(o, colors) for o in covered) or 'nobody'}</dd>"
        f"<dt>Silent</dt><dd>{''.join(chip(o, colors) for o in silent) or 'none'}</dd>"
        "</dl>"
    )
    if note:
        parts.append(f'<p class="note">{esc(note)}</p>')
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
        '<nav class="toc">' + "".join(f'<a href="#{a}">{esc(t)}</a>' for a, t in toc) + "</nav>"
    )
    parts.append(f'<p class="muted">{esc(_HOW_TO_READ)}</p>')

    if not no_cues:
        parts.append(
            section_html(
                "glance",
                "At a glance",
                "One row per outlet: how much it wrote, how loaded its wording reads, "
                "its most frequent cue and its main frame.",
                glance_table(
                    covered, members, scores_, rates_, frames_, keys, cats, flabels, colors
                ),
            )
        )
        rates = (
            rates_table(rates_, keys, cats, colors)
            if keys
            else '<p class="note">No cue rates were stored for this event.</p>'
        )
        figure = (
            f'<figure class="plot">{figure_div(figs[0][1])}</figure>'
            if figs and figs[0][0] == "rates"
            else ""
        )
        parts.append(
            section_html(
                "rates",
                "Cue categories per outlet",
                "Cues per 1,000 words; in brackets the 95% range and the number of cues "
                "behind the rate. The highlighted articles below show each cue.",
                figure + rates,
            )
        )
        parts.append(
            section_html(
                "loaded",
                "Loaded language",
                "Mean loaded-language score per outlet (0 = plain, 1 = strongly loaded), "
                "with the sentences that scored highest.",
                loaded_sentences(covered, members, scores_, sents_, colors),
            )
        )
        parts.append(
            section_html(
                "contrast",
                "Distinctive phrases",
                "Phrases each outlet used far more than the other outlets covering this "
                "event (log-odds with an informative prior; z of 1.96 or more).",
                contrast_tables(covered, contrast_, colors),
            )
        )
        parts.append(
            section_html(
                "wording",
                "Who called it what",
                "The same thing named with different words by different outlets. These "
                "are leads to read, not a finished thesaurus.",
                alignment_table(covered, align_, colors),
            )
        )
        frames_fig = next((f for name, f in figs if name == "frames"), None)
        frames_body = (
            f'<figure class="plot">{figure_div(frames_fig)}</figure>' if frames_fig else ""
        ) + (
            frames_table(covered, frames_, flabels, colors)
            if not frames_.empty
            else '<p class="note">No frame shares were stored for this event.</p>'
        )
        parts.append(
            section_html(
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
        section_html(
            "articles",
            "Articles",
            "Each outlet's article with its framing cues highlighted; hover a highlight "
            "for the category and the reason.",
            legend + article_cards(members, texts, cues_, cats, colors),
        )
    )
    stamp = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC")
    parts.append(
        f'<p class="note">Made with framing-dashboard {esc(__version__)} on {stamp}. '
        "Article text is shown as the outlet published it; highlights and scores "
        "are the tool's reading of the wording, not a verdict.</p></main>"
    )
    return page_html(
        f"Event report: {heading}", "\n".join(parts), css=_REPORT_CSS, with_plotly=bool(figs)
    )
