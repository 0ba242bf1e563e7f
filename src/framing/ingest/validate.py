"""Row-by-row validation, normalisation and duplicate detection."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from datetime import date, datetime

import pandas as pd

from framing.config import IngestLimits
from framing.ingest.formats import RawRecord, nul_note
from framing.schema import ARTICLE_COLUMNS, IngestReport, Issue

_WS = re.compile(r"\s+")


def normalise_for_hash(value: str) -> str:
    """NFKC, case-folded, whitespace-collapsed form used to spot duplicates."""
    return _WS.sub(" ", unicodedata.normalize("NFKC", value)).strip().casefold()


def content_hash(outlet: str, text: str) -> str:
    """SHA-256 of the normalised outlet and text.

    The outlet is part of the key: the same wire copy run by two outlets is two
    articles (who reran it matters), the same text twice from one outlet is one.
    """
    key = normalise_for_hash(outlet) + "\x1f" + normalise_for_hash(text)
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def parse_date(value: str) -> str | None:
    """Return ``YYYY-MM-DD`` for an ISO 8601 date or date-time, else ``None``."""
    value = value.strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    try:
        return date.fromisoformat(value[:10]).isoformat() if len(value) >= 10 else None
    except ValueError:
        return None


def _derive_title(text: str) -> str:
    words = text.split()
    title = " ".join(words[:12])
    return title + ("…" if len(words) > 12 else "")


class ArticleCollector:
    """Validates candidate articles one by one and keeps the accepted ones.

    Args:
        limits: ingest bounds (row count, text length).
    """

    def __init__(self, limits: IngestLimits) -> None:
        self.limits = limits
        self.report = IngestReport()
        self._rows: list[dict] = []
        self._by_hash: dict[str, dict] = {}
        self._by_id: dict[str, dict] = {}
        self._seen = 0
        self.full = False

    def add_issue(self, issue: Issue) -> None:
        """Record a problem found by a reader."""
        self.report.issues.append(issue)

    def add(self, record: RawRecord) -> None:
        """Validate one candidate; accept it, reject it with an issue, or merge a duplicate."""
        self.report.issues.extend(record.notes)
        self._seen += 1
        if self._seen > self.limits.max_rows:
            if not self.full:
                self.full = True
                self.add_issue(
                    Issue(
                        record.source,
                        record.location,
                        "",
                        f"the row limit of {self.limits.max_rows:,} articles was reached here; "
                        "this article and everything after it were not read.",
                        "Split the input, or raise limits.max_rows in the settings.",
                    )
                )
            return
        f = {k: ("" if v is None else str(v)) for k, v in record.fields.items()}
        for key, value in f.items():
            if "\x00" in value:
                # The same wherever the NUL stands: removed, located, the row kept.
                f[key] = value.replace("\x00", "")
                self.add_issue(nul_note(record.source, record.location, key, value.count("\x00")))

        def reject(field: str, message: str, hint: str) -> None:
            self.add_issue(
                Issue(record.source, record.location, field, message, hint, raw=record.raw)
            )

        outlet = f.get("outlet", "").strip()
        text = f.get("text", "")
        if not outlet:
            return reject("outlet", "the outlet is empty.", "Name the outlet that published it.")
        if not text.strip():
            return reject("text", "the article text is empty.", "Add the article body.")
        if len(text) > self.limits.max_text_chars:
            return reject(
                "text",
                f"the text has {len(text):,} characters, over the limit of "
                f"{self.limits.max_text_chars:,}.",
                "Check that several articles were not merged into one field, "
                "or raise limits.max_text_chars.",
            )
        title = f.get("title", "").strip()
        if not title:
            title = _derive_title(text)
            self.add_issue(
                Issue(
                    record.source,
                    record.location,
                    "title",
                    "the title is empty; the first words of the text are used instead.",
                    "Add a title to show a better one.",
                    severity="warning",
                )
            )
        raw_date = f.get("published", "").strip()
        published = parse_date(raw_date)
        if raw_date and published is None:
            self.add_issue(
                Issue(
                    record.source,
                    record.location,
                    "published",
                    f"'{raw_date}' is not an ISO 8601 date; the article is kept without a date "
                    "(the original value is kept in published_raw).",
                    "Write dates as YYYY-MM-DD, e.g. 2022-11-02.",
                    severity="warning",
                )
            )
        chash = content_hash(outlet, text)
        source = (
            record.source if record.location == "file" else f"{record.source}:{record.location}"
        )
        if chash in self._by_hash:
            kept = self._by_hash[chash]
            self.report.duplicates.append(
                {"source": source, "duplicate_of": kept["id"], "kept_source": kept["source"]}
            )
            return
        art_id = f.get("id", "").strip() or f"a-{chash[:12]}"
        if art_id in self._by_id:
            return reject(
                "id",
                f"id '{art_id}' is already used by {self._by_id[art_id]['source']} "
                "for a different article.",
                "Give every article a unique id, or leave the id empty to have one made.",
            )
        row = {
            "id": art_id,
            "outlet": outlet,
            "title": title,
            "text": text,
            "published": published or "",
            "published_raw": raw_date,
            "url": f.get("url", "").strip(),
            "source": source,
            "content_hash": chash,
        }
        self._rows.append(row)
        self._by_hash[chash] = row
        self._by_id[art_id] = row

    def finish(self) -> IngestReport:
        """Return the report with the accepted articles as a DataFrame."""
        self.report.articles = pd.DataFrame(self._rows, columns=ARTICLE_COLUMNS)
        return self.report
