"""Checks on the whole-exam decks (storage to integration) that go beyond the schema.

The same bar for every whole-exam deck: size per deck and per topic, every domain, a share of
choose-two questions, answer keys, task statements, AWS sources, pinned ids, and every number a
card teaches present in the deck's fact sheet (`docs/facts/<deck>.md`).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest

from studycards.content.loader import load_or_raise
from studycards.content.model import DOMAINS, Card, Library, Question
from studycards.locations import shipped_content_dir

DECKS = ["storage", "databases", "networking", "compute", "security", "integration", "analytics",
         "operations"]
FACTS = Path(__file__).resolve().parents[2] / "docs" / "facts"
NUMBER_RE = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
ADDRESS_RE = re.compile(r"\b\d{1,3}(?:\.\d{1,3}){3}(?:/\d{1,2})?")  # example IPs and CIDRs, not facts

# Renaming any of these orphans learners' review history.
PINNED = {
    "storage": ["storage.s3-security.note", "storage.backup.note", "storage.hybrid-transfer.note"],
    "databases": ["databases.rds.note", "databases.aurora.note", "databases.dynamodb.note",
                  "databases.db-choices.note"],
    "networking": ["networking.vpc-basics.note", "networking.route53.note", "networking.cloudfront.note"],
    "compute": ["compute.ec2-basics.note", "compute.autoscaling.note", "compute.load-balancing.note"],
    "security": ["security.iam-policies.note", "security.encryption.note", "security.threat-protection.note"],
    "integration": ["integration.sqs.note", "integration.eventbridge.note", "integration.kinesis.note"],
    "analytics": ["analytics.athena-glue.note", "analytics.data-lakes.note", "analytics.ml-services.note"],
    "operations": ["operations.cloudwatch.note", "operations.disaster-recovery.note",
                   "operations.cost-management.note"],
}


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_or_raise([shipped_content_dir()])


def cards_of(lib: Library, deck: str) -> list[Card]:
    return [c for c in lib.cards if c.deck == deck]


def questions_of(lib: Library, deck: str) -> list[Question]:
    return [q for q in lib.questions if q.deck == deck]


@pytest.mark.parametrize("deck", DECKS)
def test_deck_size(lib: Library, deck: str) -> None:
    assert len(cards_of(lib, deck)) >= 200
    assert len(questions_of(lib, deck)) >= 100


@pytest.mark.parametrize("deck", DECKS)
def test_every_topic_has_enough_cards_and_questions(lib: Library, deck: str) -> None:
    cards = Counter(c.topic for c in cards_of(lib, deck))
    questions = Counter(q.topic for q in questions_of(lib, deck))
    topics = next(d for d in lib.decks if d.id == deck).topics
    thin = [f"{t.slug}: {cards[t.slug]} cards, {questions[t.slug]} questions"
            for t in topics if cards[t.slug] < 8 or questions[t.slug] < 4]
    assert not thin


@pytest.mark.parametrize("deck", DECKS)
def test_every_domain_and_a_share_of_choose_two(lib: Library, deck: str) -> None:
    questions = questions_of(lib, deck)
    assert set(DOMAINS) <= {q.domain for q in questions}
    share = sum(q.choose > 1 for q in questions) / len(questions)
    assert 0.1 <= share <= 0.3, share


@pytest.mark.parametrize("deck", DECKS)
def test_answer_keys_options_and_tasks(lib: Library, deck: str) -> None:
    exam = lib.exam
    assert exam is not None
    for q in questions_of(lib, deck):
        assert sum(o.correct for o in q.options) == q.choose, q.id
        texts = [o.text.casefold() for o in q.options]
        assert len(set(texts)) == len(texts), q.id
        assert all(o.why for o in q.options), q.id
        assert q.tasks and set(q.tasks) <= set(exam.tasks), q.id


@pytest.mark.parametrize("deck", DECKS)
def test_correct_positions_are_spread(lib: Library, deck: str) -> None:
    first_correct = Counter(min(q.correct_indexes) for q in questions_of(lib, deck) if q.choose == 1)
    total = sum(first_correct.values())
    assert all(first_correct[i] / total < 0.4 for i in range(4)), first_correct


@pytest.mark.parametrize("deck", DECKS)
def test_every_question_and_sourced_card_cites_aws(lib: Library, deck: str) -> None:
    def aws(url: str) -> bool:
        parts = urlparse(url)
        host = parts.netloc
        # AWS's own guides on GitHub count as AWS pages
        aws_github = host == "github.com" and parts.path.startswith(("/aws/", "/awsdocs/"))
        return parts.scheme == "https" and (host.endswith("amazon.com") or host == "repost.aws" or aws_github)

    assert [q.id for q in questions_of(lib, deck) if not all(aws(u) for u in q.sources)] == []
    assert [c.id for c in cards_of(lib, deck) if c.source and not aws(c.source)] == []


@pytest.mark.parametrize(("deck", "ident"), [(d, i) for d, ids in PINNED.items() for i in ids])
def test_pinned_ids_exist(lib: Library, deck: str, ident: str) -> None:
    assert any(n.id == ident for n in lib.notes)


@pytest.mark.parametrize("deck", DECKS)
def test_every_number_a_card_teaches_is_in_the_fact_sheet(lib: Library, deck: str) -> None:
    sheet = (FACTS / f"{deck}.md").read_text(encoding="utf-8")
    known = {n.replace(",", "") for n in re.findall(r"\d[\d,]*(?:\.\d+)?", sheet)}  # "v4.2" counts too
    missing = []
    for card in cards_of(lib, deck):
        text = ADDRESS_RE.sub(" ", f"{card.question_text()} {card.answer_text()}")
        for number in NUMBER_RE.findall(text):
            plain = number.replace(",", "")
            if len(plain.replace(".", "")) > 1 and plain not in known:  # single digits are words
                missing.append(f"{card.id}: {number}")
    assert not missing, "numbers on cards that the fact sheet does not list:\n" + "\n".join(missing)
