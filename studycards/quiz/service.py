"""Quizzes against the store: choose questions from the learner's history, record answers."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import TYPE_CHECKING

from studycards.content.model import Library, Question
from studycards.content.topics import select_topics
from studycards.errors import StudycardsError
from studycards.quiz.blueprint import domain_weights, select_exam
from studycards.quiz.lookup import find_question as find_question  # where it used to live
from studycards.quiz.request import QuizMode
from studycards.quiz.request import QuizRequest as QuizRequest  # where it used to live
from studycards.quiz.select import Filters, QuestionRecord, select_questions
from studycards.quiz.session import QuizSession, Slot

if TYPE_CHECKING:
    from studycards.srs.store import Store

GENERATED_DECK = "lambda"  # the calculators' questions belong to the Lambda deck's topics
GENERATED_TOPICS = frozenset({"pricing", "concurrency"})
DEFAULT_GENERATED = 2


def _generated_names(topics: frozenset[str]) -> frozenset[str]:
    """The generated topics (bare slugs) among qualified or bare topic names."""
    out = set()
    for name in topics:
        deck, _, slug = name.rpartition("/")
        if slug in GENERATED_TOPICS and deck in ("", GENERATED_DECK):
            out.add(slug)
    return frozenset(out)


def default_generated(request: QuizRequest) -> int:
    """How many calculator-made questions are asked for (fewer join when the filters admit fewer)."""
    if request.decks and GENERATED_DECK not in request.decks:
        return 0
    if request.generated is not None:
        return request.generated
    if request.wrong_only:
        return 0
    return DEFAULT_GENERATED if _generated_names(frozenset(request.topics)) else 0


def plan_questions(
    store: Store, library: Library, request: QuizRequest, now: datetime, notes: list[str] | None = None
) -> list[Question]:
    """The questions of a new quiz: `--wrong` ones, or due, weak and unseen ones, plus generated.

    An exam follows the exam guide's blueprint (`quiz.blueprint`); a line for each domain it
    cannot fill is appended to `notes`, for the learner to see before it starts.
    """
    topics = frozenset(select_topics(library, request.topics, request.decks) or ())
    filters = Filters(topics, request.domain, request.difficulty)
    if request.wrong_only:
        wrong = [find_question(library, qid) for qid in store.last_session_wrong_ids()]
        chosen = [q for q in wrong if q is not None and filters.admits(q)][: request.count]
        if not chosen:
            raise StudycardsError("no missed questions to retry: your last quiz had none wrong (or none yet)")
        return chosen
    history = {
        qid: QuestionRecord(h.due, h.last_correct, h.answered) for qid, h in store.question_history().items()
    }
    by_topic = store.quiz_summary()["by_topic"]
    accuracy = {t: v["accuracy"] for t, v in by_topic.items() if v["accuracy"] is not None}
    n_generated = min(default_generated(request), request.count)
    generated = _generated_questions(filters, n_generated, request.seed) if n_generated else []
    n = request.count - len(generated)  # authored questions
    if request.mode is QuizMode.EXAM and library.exam is not None:
        weights = domain_weights(library.exam, filters.domain)
        draw = select_exam(library.questions, filters, n, weights, history, accuracy, now, request.seed)
        authored = draw.questions
        if notes is not None:
            notes.extend(draw.notes())
    else:
        authored = select_questions(library.questions, filters, n, history, accuracy, now, request.seed)
    if not authored and not generated:
        raise StudycardsError("no questions match those filters; try fewer filters (see 'studycards topics')")
    chosen = authored + generated
    if request.mode is QuizMode.EXAM and notes is not None and len(chosen) < request.count:
        notes.append(f"Only {len(chosen)} questions match: the exam has {len(chosen)}, not {request.count}.")
    return chosen


def _generated_questions(filters: Filters, count: int, seed: int | None) -> list[Question]:
    """Up to `count` calculator-made questions of the filters' domain and difficulty, on the chosen
    generated topics (or on both when the quiz names none of them)."""
    from studycards.calc.prices import load_price_table
    from studycards.calc.questions import generate_questions

    return generate_questions(
        load_price_table(),
        count,
        seed if seed is not None else _fresh_seed(),
        topics=set(_generated_names(filters.topics) or GENERATED_TOPICS),
        domain=filters.domain,
        difficulty=filters.difficulty,
    )


def _fresh_seed() -> int:
    return secrets.randbelow(2**31)


def new_session_id(now: datetime) -> str:
    """A unique, sortable quiz session id."""
    return f"{now:%Y%m%dT%H%M%S}-{secrets.token_hex(3)}"


def record_slot(store: Store, session_id: str, quiz: QuizSession, slot: Slot, now: datetime) -> None:
    """Store one answered question (and schedule it) in its own transaction."""
    if slot.chosen is None:
        return
    q = slot.presented.question
    letters = sorted(slot.chosen)
    store.record_quiz_answer(
        session_id=session_id,
        question_id=q.id,
        topic=q.topic,
        domain=q.domain,
        chosen_letters=letters,
        chosen_texts=[slot.presented.option_for(letter).text for letter in letters],
        correct=slot.correct,
        now=now,
        mode=quiz.mode.value,
        duration_ms=int(slot.seconds * 1000),
    )


def record_exam(store: Store, session_id: str, quiz: QuizSession, now: datetime) -> None:
    """Grade an ended exam: its answered questions go to the quiz log, and it is no longer in
    progress (one transaction)."""
    from studycards.quiz.pending import grade_exam

    grade_exam(store, session_id, quiz, now)
