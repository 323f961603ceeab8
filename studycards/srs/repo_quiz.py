"""Quiz results in the store: every answer, an FSRS state per scenario question, and the exams
still in progress (kept answer by answer until they are graded, all in one transaction)."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from studycards.errors import StudycardsError
from studycards.srs.day import day_number, next_day_start
from studycards.srs.model import CardState, Rating, State, ensure_utc, from_epoch, to_epoch
from studycards.srs.quizlog import (
    QUIZ_MODES,
    AnswerOutcome,
    PendingExam,
    PendingSlot,
    QuestionHistory,
    QuizAnswerRecord,
)
from studycards.srs.repo_cards import state_from_row, topic_clause

if TYPE_CHECKING:
    from studycards.srs.db import Db
    from studycards.srs.repo_settings import SettingsRepo
    from studycards.srs.scheduler import SrsScheduler


def _accuracy(correct: int, answered: int) -> float | None:
    return round(correct / answered, 4) if answered else None


class QuizRepo:
    """The `quiz_answers`, `question_state`, `pending_exams` and `pending_exam_slots` tables."""

    def __init__(self, db: Db, settings: SettingsRepo) -> None:
        self.db = db
        self.settings = settings

    # ---- answers and question state -----------------------------------------------------------

    def record_answer(self, *, session_id: str, question_id: str, topic: str, domain: str,
                      chosen_letters: Sequence[str], chosen_texts: Sequence[str], correct: bool,
                      now: datetime, scheduler: SrsScheduler, mode: str = "practice",
                      duration_ms: int | None = None) -> QuizAnswerRecord:
        """Store one quiz answer and review the question's FSRS state (wrong: Again, right: Good),
        both in one transaction."""
        if mode not in QUIZ_MODES:
            raise StudycardsError(f"unknown quiz mode '{mode}': use practice or exam")
        with self.db.transaction() as conn:
            return self._record(conn, session_id=session_id, question_id=question_id, topic=topic,
                                domain=domain, chosen_letters=chosen_letters, chosen_texts=chosen_texts,
                                correct=correct, now=now, scheduler=scheduler, mode=mode,
                                duration_ms=duration_ms)

    @staticmethod
    def _record(conn: sqlite3.Connection, *, session_id: str, question_id: str, topic: str, domain: str,
                chosen_letters: Sequence[str], chosen_texts: Sequence[str], correct: bool, now: datetime,
                scheduler: SrsScheduler, mode: str, duration_ms: int | None = None) -> QuizAnswerRecord:
        """The writes of one answer, inside the caller's transaction."""
        now = ensure_utc(now)
        settings = scheduler.settings
        cursor = conn.cursor()
        cursor.row_factory = sqlite3.Row
        found = cursor.execute("SELECT * FROM question_state WHERE question_id = ?",
                               (question_id,)).fetchone()
        before = state_from_row(found) if found else CardState()
        outcome = scheduler.review(before, Rating.Good if correct else Rating.Again, now)
        after = outcome.after
        conn.execute(
            "INSERT INTO question_state(question_id, topic, domain, state, step, stability, difficulty, "
            "due, last_review, reps, lapses) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(question_id) DO UPDATE SET topic = excluded.topic, domain = excluded.domain, "
            "state = excluded.state, step = excluded.step, stability = excluded.stability, "
            "difficulty = excluded.difficulty, due = excluded.due, last_review = excluded.last_review, "
            "reps = excluded.reps, lapses = excluded.lapses",
            (question_id, topic, domain, int(after.state), after.step, after.stability, after.difficulty,
             to_epoch(after.due), to_epoch(after.last_review), after.reps, after.lapses),
        )
        inserted = conn.execute(
            "INSERT INTO quiz_answers(session_id, question_id, topic, domain, chosen_letters, "
            "chosen_texts, correct, duration_ms, answered_at, day, mode) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (session_id, question_id, topic, domain, ",".join(chosen_letters),
             json.dumps(list(chosen_texts), ensure_ascii=False), int(bool(correct)),
             None if duration_ms is None else max(int(duration_ms), 0), to_epoch(now),
             day_number(now, settings.tz(), settings.day_starts_at), mode),
        )
        return QuizAnswerRecord(answer_id=int(inserted.lastrowid or 0), question_id=question_id,
                                correct=bool(correct), state=after)

    def question_state(self, question_id: str) -> CardState | None:
        """The FSRS state of one question (None until it is first answered)."""
        found = self.db.row("SELECT * FROM question_state WHERE question_id = ?", (question_id,))
        return state_from_row(found) if found else None

    def due_question_ids(self, now: datetime, topics: Iterable[str] | None = None) -> list[str]:
        """Questions due now, most overdue first: learning ones due by now, review ones due today."""
        settings = self.settings.settings()
        end = to_epoch(next_day_start(now, settings.tz(), settings.day_starts_at))
        where, topic_params = topic_clause(topics, has_deck=False)
        return [row[0] for row in self.db.rows(
            "SELECT question_id FROM question_state WHERE "
            f"((state IN (1, 3) AND due <= ?) OR (state = 2 AND due < ?)){where} ORDER BY due, question_id",
            [to_epoch(now), end, *topic_params])]

    def question_history(self, question_ids: Iterable[str] | None = None) -> dict[str, QuestionHistory]:
        """Per question: answers, correct answers, the last result and the FSRS due time."""
        rows = self.db.rows(
            "SELECT a.question_id AS qid, COUNT(*) AS answered, SUM(a.correct) AS correct, "
            "MAX(a.id) AS last_id, s.state AS state, s.due AS due "
            "FROM quiz_answers a LEFT JOIN question_state s ON s.question_id = a.question_id "
            "GROUP BY a.question_id")
        wanted = None if question_ids is None else set(question_ids)
        last = {r[0]: (bool(r[1]), r[2]) for r in self.db.rows(
            "SELECT question_id, correct, answered_at FROM quiz_answers "
            "WHERE id IN (SELECT MAX(id) FROM quiz_answers GROUP BY question_id)")}
        out: dict[str, QuestionHistory] = {}
        for row in rows:
            qid = row["qid"]
            if wanted is not None and qid not in wanted:
                continue
            last_correct, last_at = last.get(qid, (None, None))
            out[qid] = QuestionHistory(
                question_id=qid, answered=row["answered"], correct=row["correct"] or 0,
                last_correct=last_correct, last_answered_at=from_epoch(last_at),
                state=State(row["state"] if row["state"] is not None else 0), due=from_epoch(row["due"]),
            )
        return out

    def answers(self, question_id: str | None = None, session_id: str | None = None) -> list[dict[str, Any]]:
        """Stored answers (optionally of one question or one session), oldest first."""
        clauses, params = [], []
        if question_id is not None:
            clauses.append("question_id = ?")
            params.append(question_id)
        if session_id is not None:
            clauses.append("session_id = ?")
            params.append(session_id)
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        out = []
        for row in self.db.rows(f"SELECT * FROM quiz_answers{where} ORDER BY id", params):
            item = dict(row)
            item["chosen_texts"] = json.loads(item["chosen_texts"])
            item["chosen_letters"] = [x for x in item["chosen_letters"].split(",") if x]
            item["correct"] = bool(item["correct"])
            out.append(item)
        return out

    def outcomes(self) -> list[AnswerOutcome]:
        """Every stored answer as (question, correct, when, mode), oldest first."""
        return [AnswerOutcome(row[0], bool(row[1]), datetime.fromtimestamp(row[2], UTC), row[3])
                for row in self.db.rows(
                    "SELECT question_id, correct, answered_at, mode FROM quiz_answers ORDER BY id")]

    def last_session_id(self, mode: str | None = None) -> str | None:
        """The session of the most recent quiz answer (of one mode, if given)."""
        where, params = ("WHERE mode = ?", [mode]) if mode else ("", [])
        found: str | None = self.db.scalar(
            f"SELECT session_id FROM quiz_answers {where} ORDER BY id DESC LIMIT 1", params)
        return found

    def last_session_wrong_ids(self, mode: str | None = None) -> list[str]:
        """Questions answered wrong in the most recent quiz session, in the order they were asked."""
        session = self.last_session_id(mode)
        if session is None:
            return []
        ids = [r[0] for r in self.db.rows(
            "SELECT question_id FROM quiz_answers WHERE session_id = ? AND correct = 0 ORDER BY id",
            (session,))]
        return list(dict.fromkeys(ids))

    def summary(self, topics: Iterable[str] | None = None) -> dict[str, Any]:
        """`{answered, correct, accuracy, by_topic, by_domain}` over every stored quiz answer."""
        where, params = topic_clause(topics, keyword="WHERE", has_deck=False)

        def grouped(column: str) -> dict[str, dict[str, Any]]:
            return {
                row[0]: {"answered": row[1], "correct": row[2], "accuracy": _accuracy(row[2], row[1])}
                for row in self.db.rows(
                    f"SELECT {column}, COUNT(*), SUM(correct) FROM quiz_answers{where} GROUP BY {column} "
                    f"ORDER BY {column}", params)
            }

        totals = self.db.row(f"SELECT COUNT(*), COALESCE(SUM(correct), 0) FROM quiz_answers{where}", params)
        answered, correct = (totals[0], totals[1]) if totals else (0, 0)
        return {
            "answered": answered,
            "correct": correct,
            "accuracy": _accuracy(correct, answered),
            "by_topic": grouped("topic"),
            "by_domain": grouped("domain"),
        }

    # ---- exams in progress ----------------------------------------------------------------------

    def begin_pending_exam(self, session_id: str, started_at: datetime, time_limit_seconds: int,
                           slots: Sequence[PendingSlot], now: datetime, position: int = 0) -> None:
        """Store an exam in progress: its questions in order, with their option order and answers
        so far (replacing what was stored under `session_id`), in one transaction."""
        with self.db.transaction() as conn:
            conn.execute("DELETE FROM pending_exam_slots WHERE session_id = ?", (session_id,))
            conn.execute("DELETE FROM pending_exams WHERE session_id = ?", (session_id,))
            conn.execute(
                "INSERT INTO pending_exams(session_id, started_at, time_limit, position, updated_at) "
                "VALUES (?, ?, ?, ?, ?)",
                (session_id, to_epoch(started_at), int(time_limit_seconds), int(position), to_epoch(now)))
            conn.executemany(
                "INSERT INTO pending_exam_slots(session_id, position, question_id, option_order, "
                "chosen_letters, flagged, seconds) VALUES (?, ?, ?, ?, ?, ?, ?)",
                [(session_id, i, s.question_id, _join(s.order), _letters(s.chosen), int(s.flagged), s.seconds)
                 for i, s in enumerate(slots)])

    def save_pending_slot(self, session_id: str, index: int, slot: PendingSlot, position: int,
                          now: datetime) -> None:
        """Store one question's answer, flag and time (and where the learner is) in one transaction."""
        with self.db.transaction() as conn:
            updated = conn.execute(
                "UPDATE pending_exam_slots SET chosen_letters = ?, flagged = ?, seconds = ? "
                "WHERE session_id = ? AND position = ? AND question_id = ?",
                (_letters(slot.chosen), int(slot.flagged), max(slot.seconds, 0.0), session_id, index,
                 slot.question_id))
            if updated.rowcount != 1:
                raise StudycardsError(f"exam {session_id} has no question {index + 1} ({slot.question_id}) "
                                      "in progress; it was graded or discarded")
            conn.execute("UPDATE pending_exams SET position = ?, updated_at = ? WHERE session_id = ?",
                         (int(position), to_epoch(now), session_id))

    def pending_exam(self, session_id: str | None = None) -> PendingExam | None:
        """An exam in progress (the most recently started one unless `session_id` is given)."""
        if session_id is None:
            head = self.db.row("SELECT * FROM pending_exams ORDER BY started_at DESC, rowid DESC LIMIT 1")
        else:
            head = self.db.row("SELECT * FROM pending_exams WHERE session_id = ?", (session_id,))
        if head is None:
            return None
        slots = tuple(
            PendingSlot(
                question_id=row["question_id"],
                order=tuple(int(x) for x in row["option_order"].split(",") if x),
                chosen=None if row["chosen_letters"] is None else tuple(
                    x for x in row["chosen_letters"].split(",") if x),
                flagged=bool(row["flagged"]),
                seconds=float(row["seconds"]),
            )
            for row in self.db.rows("SELECT * FROM pending_exam_slots WHERE session_id = ? ORDER BY position",
                                    (head["session_id"],))
        )
        started = from_epoch(head["started_at"])
        assert started is not None
        return PendingExam(head["session_id"], started, head["time_limit"], head["position"], slots)

    def pending_answer_count(self) -> int:
        """Answers given in exams still in progress (stored, not yet graded)."""
        return int(self.db.scalar(
            "SELECT COUNT(*) FROM pending_exam_slots WHERE chosen_letters IS NOT NULL") or 0)

    def grade_pending_exam(self, session_id: str, answers: Sequence[dict[str, Any]], now: datetime,
                           scheduler: SrsScheduler) -> None:
        """Move an exam's answers into the quiz log (each scheduled as `record_answer` does) and
        forget the exam in progress: one transaction for every answer, its scheduling and the
        clean-up, so a failure half-way leaves the exam in progress and nothing logged. Each answer
        is the keyword arguments of `record_answer` without `session_id`, `now`, `mode` and
        `scheduler`."""
        with self.db.transaction() as conn:
            for answer in answers:
                self._record(conn, session_id=session_id, now=now, mode="exam", scheduler=scheduler, **answer)
            conn.execute("DELETE FROM pending_exam_slots WHERE session_id = ?", (session_id,))
            conn.execute("DELETE FROM pending_exams WHERE session_id = ?", (session_id,))


def _join(order: Iterable[int]) -> str:
    return ",".join(str(i) for i in order)


def _letters(chosen: Iterable[str] | None) -> str | None:
    return None if chosen is None else ",".join(sorted(chosen))
