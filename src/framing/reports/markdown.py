"""Untrusted text inside Markdown: outlet names, titles, file names, speakers.

Streamlit renders Markdown in many places besides ``st.markdown``: captions,
alerts, metric and widget labels, tabs, expanders, radio options, tooltips and
the cells of ``st.table``. A name such as ``Pixel ![p](http://host/t.png)``
would become an image the browser fetches there, ``[x](javascript:...)`` a
link, and a bare URL an autolink. :func:`md_escape` makes such text literal.
"""

from __future__ import annotations

import re

import pandas as pd

__all__ = ["md_escape", "md_escape_frame", "md_unescape"]

# Every ASCII punctuation character that Markdown, GFM or Streamlit's own
# extensions (``:red[...]``, ``:material/icon:``, ``$math$``) give a meaning;
# a backslash makes each one literal. ``:``, ``.`` and ``@`` are among them so
# that URLs, ``www.`` names and e-mail addresses are not autolinked, ``<`` and
# ``&`` so that no HTML tag or entity is read, ``=`` against setext headings.
_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$&:@=])")
_ESCAPED = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|<>~$&:@=])")
# GFM finds URLs and e-mail addresses in the text *after* escapes are
# resolved, so backslashes do not stop autolinks: a word joiner (invisible,
# zero width) inside ``http://``, ``www.`` and before ``@`` does.
_JOINER = "\u2060"
_AUTOLINKS = [
    (re.compile(r"(?i)(https?|ftp|mailto|xmpp):"), r"\1:" + _JOINER),
    (re.compile(r"(?i)\b(www)\."), r"\1" + _JOINER + "."),
    (re.compile(r"(?<=[-.\w+])@"), _JOINER + "@"),
]
# C0/C1 controls other than tab and newline: invisible, and some terminals or
# renderers act on them.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def md_escape(text: object) -> str:
    """Escape untrusted text for Markdown (and the HTML it may contain), keeping it readable.

    Each Markdown special character gets a backslash, which Markdown removes
    on display, so the text reads as it was written; an invisible word joiner
    (U+2060) inside ``http://``, ``www.`` and before ``@`` stops autolinks;
    control characters are dropped and a newline becomes a Markdown line break.

    Args:
        text: the untrusted text (anything; it goes through ``str``).

    Returns:
        Markdown that shows ``text`` literally: no link, image, autolink,
        HTML tag, entity or formatting comes from it.
    """
    clean = _CONTROLS.sub("", str(text))
    for pattern, joined in _AUTOLINKS:
        clean = pattern.sub(joined, clean)
    return _SPECIAL.sub(r"\\\1", clean).replace("\n", "  \n")


def md_unescape(markdown: str) -> str:
    """The text a reader sees of :func:`md_escape`'s output (for tests and logs).

    ``md_unescape(md_escape(t)) == t`` for text without control characters
    or word joiners.
    """
    return _ESCAPED.sub(r"\1", markdown.replace("  \n", "\n")).replace(_JOINER, "")


def md_escape_frame(df: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``df`` with its text cells escaped, for ``st.table`` (which renders Markdown).

    Numbers, booleans and missing values are left as they are, so they keep
    their formatting. The column names are the caller's own headers and stay
    as they are; set a text index after escaping, so its labels are escaped too.
    """
    out = df.copy()
    for col in out.columns:
        if not (pd.api.types.is_numeric_dtype(out[col]) or pd.api.types.is_bool_dtype(out[col])):
            out[col] = out[col].map(lambda v: md_escape(v) if isinstance(v, str) else v)
    return out
