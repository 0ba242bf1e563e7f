"""Map user column names onto the canonical article fields."""

from __future__ import annotations

import re

# Names people commonly use for each canonical field. Matching is done after
# lower-casing and collapsing spaces, dashes and dots to underscores.
SYNONYMS: dict[str, tuple[str, ...]] = {
    "outlet": (
        "outlet",
        "source",
        "publisher",
        "publication",
        "site",
        "site_name",
        "sitename",
        "media",
        "media_outlet",
        "news_outlet",
        "outlet_name",
        "source_name",
        "newspaper",
        "paper",
        "channel",
        "agency",
        "domain",
    ),
    "title": ("title", "headline", "heading", "head", "article_title", "hed"),
    "text": (
        "text",
        "body",
        "content",
        "article",
        "article_text",
        "full_text",
        "fulltext",
        "story",
        "body_text",
        "maintext",
        "main_text",
        "article_body",
    ),
    "published": (
        "published",
        "date",
        "pub_date",
        "published_at",
        "publish_date",
        "publication_date",
        "published_date",
        "datetime",
        "timestamp",
        "time",
        "date_published",
        "pubdate",
    ),
    "url": ("url", "link", "href", "uri", "article_url", "permalink"),
    "id": ("id", "article_id", "doc_id", "docid", "uid", "uuid", "identifier", "guid", "key"),
}


def normalise_name(name: str) -> str:
    """Lower-case a column name and collapse separators to ``_``."""
    return re.sub(r"[\s\-.]+", "_", str(name).strip().lower()).strip("_")


def map_columns(names: list[str]) -> tuple[dict[str, str], list[str]]:
    """Decide which input column feeds each canonical field.

    Args:
        names: the column names as they appear in the input.

    Returns:
        (mapping canonical -> input name, list of input names left unused).
        When several input columns could feed one field, the one that is the
        earliest synonym wins (``text`` beats ``body``).
    """
    normalised = {normalise_name(n): n for n in names}
    mapping: dict[str, str] = {}
    for field, options in SYNONYMS.items():
        for option in options:
            if option in normalised and normalised[option] not in mapping.values():
                mapping[field] = normalised[option]
                break
    unused = [n for n in names if n not in mapping.values()]
    return mapping, unused


def accepted_names(field: str) -> str:
    """Comma-separated synonyms for ``field``, for error hints."""
    return ", ".join(SYNONYMS[field][:8])
