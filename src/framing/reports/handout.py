"""A printable, self-contained HTML handout for one classroom lesson.

No real outlet name appears before the answer key, there are no scripts, and
every piece of article text is escaped. Wording is meant for students.
"""

from __future__ import annotations

import html
from collections.abc import Sequence

import pandas as pd

from framing.cues.lexicon import Category
from framing.reports.classroom import Lesson

_HANDOUT_CSS = """
@page { size: A4; margin: 18mm 16mm; }
* { box-sizing: border-box; }
body { font-family: Georgia, 'Times New Roman', serif; font-size: 12pt; line-height: 1.5;
       color: #111; max-width: 180mm; margin: 0 auto; padding: 8mm 0; }
h1 { font-size: 20pt; margin: 0 0 4pt; }
h2 { font-size: 15pt; margin: 18pt 0 6pt; border-bottom: 1.5pt solid #111; }
h3 { font-size: 13pt; margin: 10pt 0 4pt; }
.meta, .note { color: #444; font-size: 10.5pt; }
.article { border: 1pt solid #999; border-radius: 4pt; padding: 6pt 10pt; margin: 8pt 0;
           break-inside: auto; }
.article h3 { margin-top: 0; }
.outlet { font-family: Helvetica, Arial, sans-serif; font-weight: bold; font-size: 11pt;
          text-transform: uppercase; letter-spacing: 0.05em; }
table { border-collapse: collapse; width: 100%; margin: 6pt 0; }
th, td { border: 1pt solid #999; padding: 4pt 6pt; text-align: left; vertical-align: top; }
th { background: #eee; }
.choices span { display: inline-block; min-width: 18mm; }
.box { display: inline-block; width: 9mm; height: 9mm; border: 1pt solid #333;
       text-align: center; line-height: 9mm; margin-right: 3mm; }
.page-break { break-before: page; page-break-before: always; }
@media print {
  body { padding: 0; max-width: none; }
  .article, tr { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .screen-only { display: none; }
}
"""


def _paras(text: str) -> str:
    parts = [" ".join(p.split()) for p in str(text).split("\n\n")]
    return "".join(f"<p>{html.escape(p)}</p>" for p in parts if p)


def handout_html(
    lesson: Lesson,
    *,
    ratings: pd.DataFrame | None = None,
    categories: Sequence[Category] = (),
    title: str = "Same story, different words",
) -> str:
    """A printable, self-contained HTML handout for one lesson.

    Pages: the articles under their anonymous names, the questions (who wrote
    each wording; how slanted each version is, 1 to 5), then the answer key
    on its own last page: which outlet is which, the right answers with the
    sentence each wording comes from, the computer's slant rating (from
    ``slant_ratings``) and what each kind of highlighted wording means. No
    real outlet name appears before the answer key; no scripts; every piece
    of article text is escaped.

    Args:
        lesson: from ``build_lesson``.
        ratings: ``slant_ratings`` output (only its computer columns are used).
        categories: kinds of wording to explain in the key (``categories_present``).
        title: the handout's heading.
    """
    e = html.escape
    out = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        f"<title>{e(title)}: {e(lesson.label)}</title>",
        f"<style>{_HANDOUT_CSS}</style></head><body>",
        f"<h1>{e(title)}</h1>",
        f'<p class="meta">The story: {e(lesson.label)} · {len(lesson.letters)} outlets · '
        f"{len(lesson.articles)} articles</p>",
        '<p class="note">The names of the news outlets are hidden. Read each version of the '
        "same story, then answer the questions at the end.</p>",
        "<h2>Part 1 · Read</h2>",
    ]
    for r in lesson.articles.itertuples(index=False):
        out.append(
            f'<section class="article"><div class="outlet">{e(r.letter)}</div>'
            f"<h3>{e(r.anon_title)}</h3>{_paras(r.anon_text)}</section>"
        )
    out.append('<h2 class="page-break">Part 2 · Guess</h2>')
    choices = "".join(f"<span>&#9744; {e(c)}</span>" for c in lesson.choices)
    if lesson.items:
        out.append("<h3>Who wrote it?</h3><p>Tick the outlet that used each wording.</p>")
        out.append("<table><tr><th>#</th><th>Wording</th><th>Which outlet?</th></tr>")
        for i, item in enumerate(lesson.items, start=1):
            hint = (
                f'<div class="note">Other outlets wrote: '
                f"{', '.join('&ldquo;' + e(o) + '&rdquo;' for o in item.others)}</div>"
                if item.others
                else ""
            )
            out.append(
                f"<tr><td>{i}</td><td>&ldquo;{e(item.wording)}&rdquo;{hint}</td>"
                f'<td class="choices">{choices}</td></tr>'
            )
        out.append("</table>")
    boxes = "".join(f'<span class="box">{n}</span>' for n in range(1, 6))
    out.append(
        "<h3>How slanted is each version?</h3>"
        "<p>Circle 1 for plain, neutral wording and 5 for very slanted wording.</p>"
        "<table><tr><th>Outlet</th><th>Rating</th><th>Why?</th></tr>"
    )
    for letter in lesson.choices:
        out.append(f"<tr><td>{e(letter)}</td><td>{boxes}</td><td></td></tr>")
    out.append("</table>")

    out.append('<section class="page-break answer-key"><h2>Answer key</h2>')
    out.append("<h3>Who is who</h3><table><tr><th>Hidden name</th><th>Outlet</th></tr>")
    for letter in lesson.choices:
        out.append(f"<tr><td>{e(letter)}</td><td>{e(lesson.outlet_of(letter))}</td></tr>")
    out.append("</table>")
    if lesson.items:
        out.append(
            "<h3>Who wrote it?</h3><table><tr><th>#</th><th>Wording</th><th>Answer</th>"
            "<th>Where it comes from</th></tr>"
        )
        for i, item in enumerate(lesson.items, start=1):
            out.append(
                f"<tr><td>{i}</td><td>&ldquo;{e(item.wording)}&rdquo;</td>"
                f"<td>{e(item.letter)} ({e(item.outlet)})</td><td>{e(item.example)}</td></tr>"
            )
        out.append("</table>")
    if ratings is not None and not ratings.empty and ratings["computer_rating"].notna().any():
        out.append(
            "<h3>The computer's slant rating</h3>"
            '<p class="note">1 = plain, 5 = very slanted. The computer reads the wording '
            "only: not whether the story is true or fair.</p>"
            "<table><tr><th>Outlet</th><th>Rating (1-5)</th></tr>"
        )
        for r in ratings.itertuples(index=False):
            value = "n/a" if r.computer_rating != r.computer_rating else f"{r.computer_rating:.1f}"
            out.append(f"<tr><td>{e(r.letter)} ({e(r.outlet)})</td><td>{value}</td></tr>")
        out.append("</table>")
    if categories:
        out.append("<h3>Kinds of slanted wording in these articles</h3><ul>")
        for cat in categories:
            out.append(f"<li><b>{e(cat.label)}</b>: {e(cat.explain or cat.description)}</li>")
        out.append("</ul>")
    out.append("</section></body></html>")
    return "\n".join(out)
