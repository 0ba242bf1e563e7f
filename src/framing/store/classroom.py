"""Classroom: a teacher's quiz for a story and the class's answers, per article set.

A story is named by ``framing.reports.lesson_edits.story_key`` (a digest of
its article ids), not by its event number, which a new analysis may change:
edits and answers stay with the articles they were made for. Items are kept
as a JSON list; what an item holds is ``framing.reports.lesson_edits``.
"""

from __future__ import annotations

import json

import pandas as pd

from framing.store.base import StoreBase, _now

CLASS_ANSWER_COLUMNS = ["student", "item", "wording", "answer", "answered_at"]


class ClassroomMixin(StoreBase):
    """Store methods for the Classroom's edited quizzes and recorded answers."""

    def save_quiz_items(self, name: str, story: str, items: list[dict]) -> None:
        """Keep the teacher's quiz (a list of item records) for one story of ``name``."""
        cid = self._require_corpus(name)
        text = json.dumps(list(items), ensure_ascii=False)
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO quiz_items(corpus_id, story, items, updated_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT(corpus_id, story) DO UPDATE SET items = excluded.items, "
                "updated_at = excluded.updated_at",
                (cid, story, text, _now()),
            )

    def quiz_items(self, name: str, story: str) -> list[dict] | None:
        """The teacher's quiz for one story, or ``None`` when it was never edited."""
        cid = self._corpus_id(name)
        if cid is None:
            return None
        row = self._conn.execute(
            "SELECT items FROM quiz_items WHERE corpus_id = ? AND story = ?", (cid, story)
        ).fetchone()
        return None if row is None else list(json.loads(row[0]))

    def reset_quiz_items(self, name: str, story: str) -> None:
        """Forget the teacher's edits of one story: the built quiz comes back."""
        cid = self._require_corpus(name)
        with self.transaction() as conn:
            conn.execute("DELETE FROM quiz_items WHERE corpus_id = ? AND story = ?", (cid, story))

    def record_answer(
        self, name: str, story: str, student: str, item: int, wording: str, answer: str
    ) -> None:
        """Keep one student's (or group's) answer to one item; a new answer replaces the old."""
        cid = self._require_corpus(name)
        with self.transaction() as conn:
            conn.execute(
                "INSERT INTO class_answers(corpus_id, story, student, item, wording, answer, "
                "answered_at) VALUES (?, ?, ?, ?, ?, ?, ?) "
                "ON CONFLICT(corpus_id, story, student, item) DO UPDATE SET "
                "wording = excluded.wording, answer = excluded.answer, "
                "answered_at = excluded.answered_at",
                (cid, story, student, int(item), wording, answer, _now()),
            )

    def class_answers(self, name: str, story: str) -> pd.DataFrame:
        """Every recorded answer to one story: ``CLASS_ANSWER_COLUMNS``, by student and item."""
        cid = self._corpus_id(name)
        rows = (
            []
            if cid is None
            else self._conn.execute(
                "SELECT student, item, wording, answer, answered_at FROM class_answers "
                "WHERE corpus_id = ? AND story = ? ORDER BY student, item",
                (cid, story),
            ).fetchall()
        )
        return pd.DataFrame(rows, columns=CLASS_ANSWER_COLUMNS).astype({"item": int})

    def clear_class_answers(self, name: str, story: str) -> int:
        """Delete the recorded answers to one story (a new class); how many went."""
        cid = self._require_corpus(name)
        with self.transaction() as conn:
            cur = conn.execute(
                "DELETE FROM class_answers WHERE corpus_id = ? AND story = ?", (cid, story)
            )
        return int(cur.rowcount)
