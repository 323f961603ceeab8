"""The quiz rules every front end drives: picking, checking, moving, flagging, saving and ending."""

from __future__ import annotations

from datetime import timedelta

import pytest

from studycards.quiz.controller import IncompleteAnswer, QuizController
from studycards.quiz.plain import report_text
from studycards.quiz.request import DEFAULT_COUNT, QuizMode, QuizRequest
from studycards.quiz.session import QuizSession, Slot
from tests.unit.test_quiz_engine import BANK, NOW, make_question

TWO = make_question("two", correct=(0, 1), n=5)


class Recorder:
    """Writes kept in order, with the position the exam was at when each was made."""

    def __init__(self, fail: bool = False) -> None:
        self.writes: list[tuple[str, object]] = []
        self.fail = fail

    def begin_exam(self, session_id: str, quiz: QuizSession) -> None:
        self.writes.append(("begin", len(quiz.slots)))

    def save_exam_slot(self, session_id: str, quiz: QuizSession, index: int) -> None:
        if self.fail:
            raise OSError("disk full")
        slot = quiz.slots[index]
        self.writes.append(("slot", (index, slot.chosen, slot.flagged, quiz.position)))

    def record_quiz_answer(self, session_id: str, quiz: QuizSession, slot: Slot) -> None:
        self.writes.append(("answer", (slot.presented.question.id, slot.chosen)))

    def record_exam(self, session_id: str, quiz: QuizSession) -> None:
        self.writes.append(("grade", sum(s.answered for s in quiz.slots)))


def start(questions, mode: QuizMode, recorder: Recorder | None = None) -> QuizController:
    return QuizController.start(questions, mode, NOW, seed=3, recorder=recorder or Recorder())


def key(controller: QuizController) -> list[str]:
    return sorted(controller.current.presented.correct_letters)


def test_choose_one_replaces_and_choose_n_toggles_up_to_n() -> None:
    one = start([BANK[0]], QuizMode.PRACTICE)
    assert one.pick("a", NOW) == "" and one.pick("b", NOW) == "" and one.pending == {"b"}
    two = start([TWO], QuizMode.PRACTICE)
    two.pick("a", NOW)
    two.pick("b", NOW)
    assert two.pick("c", NOW) == "Already 2 selected: press one again to clear it."
    assert two.pending == {"a", "b"}
    two.pick("a", NOW)
    assert two.pending == {"b"}
    assert two.pick("z", NOW) == "" and two.pending == {"b"}  # not an option: ignored


def test_practice_checks_only_a_full_answer_and_stores_it_when_asked() -> None:
    recorder = Recorder()
    quiz = start([TWO, BANK[0]], QuizMode.PRACTICE, recorder)
    with pytest.raises(IncompleteAnswer, match=r"Pick 2 more first\."):
        quiz.check(NOW)
    first, second = key(quiz)
    quiz.pick(first, NOW)
    with pytest.raises(IncompleteAnswer, match=r"Pick 1 more first\."):
        quiz.check(NOW)
    quiz.pick(second, NOW)
    assert quiz.check(NOW).correct and quiz.revealed
    assert quiz.pick(first, NOW) == "" and quiz.pending == {first, second}  # no picking once checked
    assert recorder.writes == []  # the app stores off its UI thread
    quiz.save_answer(quiz.position)
    assert recorder.writes == [("answer", ("two", frozenset({first, second})))]
    assert quiz.advance(NOW) and not quiz.revealed and quiz.pending == set()
    one = start([BANK[0]], QuizMode.PRACTICE)
    with pytest.raises(IncompleteAnswer, match=r"Pick an option first\."):
        one.check(NOW)


def test_a_line_mode_practice_answer_is_checked_and_stored_at_once() -> None:
    recorder = Recorder()
    quiz = start([BANK[0], BANK[1]], QuizMode.PRACTICE, recorder)
    feedback = quiz.answer(frozenset(key(quiz)), NOW)
    assert feedback.correct and recorder.writes == [("answer", ("q0", frozenset(key(quiz))))]
    assert quiz.advance(NOW) and quiz.position == 1
    quiz.answer(frozenset(key(quiz)), NOW)
    assert not quiz.advance(NOW)  # the last question: the quiz is done


def test_an_exam_stores_each_pick_and_flag_the_moment_it_is_given() -> None:
    recorder = Recorder()
    quiz = start([TWO, BANK[0]], QuizMode.EXAM, recorder)
    assert recorder.writes == [("begin", 2)]
    first, second = key(quiz)
    quiz.pick(first, NOW)  # partial: stored as it is
    assert recorder.writes[-1] == ("slot", (0, frozenset({first}), False, 0))
    quiz.pick(second, NOW)
    assert recorder.writes[-1] == ("slot", (0, frozenset({first, second}), False, 0))
    quiz.pick(second, NOW)
    quiz.pick(first, NOW)  # unticking everything clears the answer
    assert recorder.writes[-1] == ("slot", (0, None, False, 0))
    assert quiz.flag() and recorder.writes[-1] == ("slot", (0, None, True, 0))


def test_a_line_mode_exam_answer_is_stored_with_where_the_exam_goes_on() -> None:
    recorder = Recorder()
    quiz = start([BANK[0], BANK[1], BANK[2]], QuizMode.EXAM, recorder)
    quiz.answer(frozenset(key(quiz)), NOW)
    assert quiz.position == 1 and recorder.writes[-1][1][3] == 1
    quiz.jump(2, NOW)
    quiz.answer(frozenset(key(quiz)), NOW)
    assert quiz.position == 1 and not quiz.all_complete  # back round to the one left open
    quiz.answer(frozenset(key(quiz)), NOW)
    assert quiz.all_complete


def test_exam_moves_on_from_the_last_question_to_the_first_still_open() -> None:
    quiz = start([BANK[0], BANK[1], BANK[2]], QuizMode.EXAM)
    assert not quiz.previous(NOW)
    quiz.jump(2, NOW)
    quiz.pick(key(quiz)[0], NOW)
    assert quiz.advance(NOW) and quiz.position == 0
    for index in (0, 1):
        quiz.jump(index, NOW)
        quiz.pick(key(quiz)[0], NOW)
    quiz.jump(2, NOW)
    assert not quiz.advance(NOW) and quiz.position == 2  # every one answered
    assert quiz.previous(NOW) and quiz.position == 1 and quiz.pending == set(key(quiz))


def test_a_failed_exam_write_is_reported_and_the_exam_goes_on() -> None:
    errors: list[Exception] = []
    quiz = QuizController.start([BANK[0]], QuizMode.EXAM, NOW, recorder=Recorder(fail=True),
                                on_save_error=errors.append)
    quiz.pick("a", NOW)
    assert quiz.current.chosen == frozenset("a") and [str(e) for e in errors] == ["disk full"]
    raising = start([BANK[0]], QuizMode.EXAM, Recorder(fail=True))
    with pytest.raises(OSError, match="disk full"):
        raising.flag()


def test_finishing_grades_an_exam_and_not_a_practice_quiz() -> None:
    exam_recorder, practice_recorder = Recorder(), Recorder()
    exam = start([BANK[0], BANK[1]], QuizMode.EXAM, exam_recorder)
    exam.pick("a", NOW)
    report = exam.finish(NOW + timedelta(minutes=1))
    assert report.mode is QuizMode.EXAM and exam_recorder.writes[-1] == ("grade", 1)
    practice = start([BANK[0]], QuizMode.PRACTICE, practice_recorder)
    practice.finish(NOW)
    assert practice_recorder.writes == []


def test_expiry_follows_the_exam_clock() -> None:
    quiz = start([BANK[0]], QuizMode.EXAM)
    assert quiz.remaining(NOW) == timedelta(minutes=2) and not quiz.expired(NOW)
    assert quiz.expired(NOW + timedelta(minutes=2))
    assert start([BANK[0]], QuizMode.PRACTICE).remaining(NOW) is None


def test_a_single_question_keeps_its_written_option_order() -> None:
    quiz = QuizController.single(TWO, NOW)
    assert quiz.mode is QuizMode.PRACTICE and quiz.current.presented.order == (0, 1, 2, 3, 4)
    quiz.pick("a", NOW)
    quiz.pick("b", NOW)
    assert quiz.check(NOW).correct


def test_modes_keep_their_stored_values_and_requests_their_defaults() -> None:
    assert [m.value for m in QuizMode] == ["practice", "exam"]
    assert QuizMode("exam") is QuizMode.EXAM and QuizMode.PRACTICE == "practice"
    assert DEFAULT_COUNT == {QuizMode.PRACTICE: 10, QuizMode.EXAM: 65}
    assert QuizRequest().count == 10 and QuizRequest.default_count(QuizMode.EXAM) == 65


def test_a_full_exam_report_reads_its_limit_in_hours() -> None:
    quiz = QuizSession.start(BANK * 3, mode="exam", now=NOW, seed=1)  # 90 questions: 3 hours
    text = report_text(quiz.submit(NOW + timedelta(minutes=61, seconds=5)))
    assert quiz.time_limit == timedelta(minutes=180)
    assert "Time used: 1:01:05 of 3:00:00" in text
