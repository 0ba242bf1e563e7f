"""The store's schema, one SQL script per version.

``PRAGMA user_version`` records the newest version applied; opening an older
store applies the missing scripts in order (see ``StoreBase._migrate``). Append
new versions at the end, never edit a released one: stores written before must
keep opening.
"""

from __future__ import annotations

MIGRATIONS: list[str] = [
    # 1: initial schema
    """
    CREATE TABLE corpora (
        id INTEGER PRIMARY KEY,
        name TEXT NOT NULL UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE TABLE articles (
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        outlet TEXT NOT NULL,
        title TEXT NOT NULL,
        text TEXT NOT NULL,
        published TEXT,
        published_raw TEXT,
        url TEXT,
        source TEXT,
        content_hash TEXT NOT NULL,
        PRIMARY KEY (corpus_id, id)
    );
    CREATE INDEX articles_hash ON articles(corpus_id, content_hash);
    CREATE TABLE embeddings (
        model_id TEXT NOT NULL,
        text_hash TEXT NOT NULL,
        dim INTEGER NOT NULL,
        vector BLOB NOT NULL,
        PRIMARY KEY (model_id, text_hash)
    );
    CREATE TABLE results (
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        name TEXT NOT NULL,
        key TEXT NOT NULL,
        created_at TEXT NOT NULL,
        payload BLOB NOT NULL,
        PRIMARY KEY (corpus_id, name)
    );
    CREATE TABLE ingest_log (
        id INTEGER PRIMARY KEY,
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        at TEXT NOT NULL,
        summary TEXT NOT NULL,
        issues TEXT NOT NULL
    );
    """,
    # 2: lexicon edits made in the dashboard (the built-in lexicon file stays read-only)
    """
    CREATE TABLE user_lexicons (
        name TEXT PRIMARY KEY,
        toml TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    """,
    # 3: analysis results written batch by batch, so a stopped run resumes
    """
    CREATE TABLE result_parts (
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        key TEXT NOT NULL,
        name TEXT NOT NULL,
        part INTEGER NOT NULL,
        payload BLOB NOT NULL,
        PRIMARY KEY (corpus_id, key, name, part)
    );
    """,
    # 4: results remember the article-set digest they were computed from, and
    # one analysis or ingest per article set runs at a time (see store.locks)
    """
    ALTER TABLE results ADD COLUMN content TEXT;
    CREATE TABLE locks (
        corpus TEXT PRIMARY KEY,
        pid INTEGER NOT NULL,
        host TEXT NOT NULL,
        thread INTEGER NOT NULL,
        what TEXT NOT NULL,
        started_at TEXT NOT NULL
    );
    """,
    # 5: corrections of the event grouping, by article ids (framing.events.edits)
    """
    CREATE TABLE event_edits (
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        op TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (corpus_id, seq)
    );
    """,
    # 6 (i15-analyst): article dates added or corrected by a user, by article id;
    # kept apart from the articles so a re-ingest keeps them (framing.dates)
    """
    CREATE TABLE article_date_edits (
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        article_id TEXT NOT NULL,
        published TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (corpus_id, article_id)
    );
    """,
    # 7 (i15-teach): the teacher's quiz for a story, and the
    # class's answers, per article set and story (framing.reports.lesson_edits)
    """
    CREATE TABLE quiz_items (
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        story TEXT NOT NULL,
        items TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        PRIMARY KEY (corpus_id, story)
    );
    CREATE TABLE class_answers (
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        story TEXT NOT NULL,
        student TEXT NOT NULL,
        item INTEGER NOT NULL,
        wording TEXT NOT NULL,
        answer TEXT NOT NULL,
        answered_at TEXT NOT NULL,
        PRIMARY KEY (corpus_id, story, student, item)
    );
    """,
    # (h13-edits): corrections of the "who called it what" rows, by the label
    # sets of the rows they name (framing.referents.edits)
    """
    CREATE TABLE referent_edits (
        corpus_id INTEGER NOT NULL REFERENCES corpora(id) ON DELETE CASCADE,
        seq INTEGER NOT NULL,
        op TEXT NOT NULL,
        payload TEXT NOT NULL,
        created_at TEXT NOT NULL,
        undone INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (corpus_id, seq)
    );
    """,
]
SCHEMA_VERSION = len(MIGRATIONS)
