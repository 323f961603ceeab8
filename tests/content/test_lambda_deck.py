"""Checks on the shipped AWS Lambda deck that go beyond the schema.

Size and balance of the deck, answer keys, pinned ids (review history is keyed by them), a
correction card for every mistake in the seed notes, and dollar figures that agree with the
price table in `content/pricing/lambda.yaml`.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from decimal import Decimal
from typing import Any
from urllib.parse import urlparse

import pytest

from studycards.content.loader import load_or_raise
from studycards.content.model import DOMAINS, Card, Deck, Library, Question, render_cloze
from studycards.content.yamlread import read_yaml_file
from studycards.locations import shipped_content_dir

DECK = "lambda"
PRICING_TOPIC = "pricing"
MILLION = Decimal(1_000_000)

# A dollar amount such as $0.20, $5.80 or $0.0000166667 (commas allowed in the whole part).
DOLLAR_RE = re.compile(r"\$\s?(\d[\d,]*(?:\.\d+)?)")


# --------------------------------------------------------------------------- fixtures and helpers


@pytest.fixture(scope="module")
def lib() -> Library:
    return load_or_raise([shipped_content_dir()])


@pytest.fixture(scope="module")
def deck(lib: Library) -> Deck:
    found = [d for d in lib.decks if d.id == DECK]
    assert found, f"the shipped content has no {DECK!r} deck"
    return found[0]


@pytest.fixture(scope="module")
def cards(lib: Library) -> list[Card]:
    return [c for c in lib.cards if c.deck == DECK]


@pytest.fixture(scope="module")
def questions(lib: Library) -> list[Question]:
    return [q for q in lib.questions if q.deck == DECK]


@pytest.fixture(scope="module")
def price_table() -> dict[str, Any]:
    path = shipped_content_dir() / "pricing" / "lambda.yaml"
    data = read_yaml_file(path).data
    assert isinstance(data, dict), f"{path} is not a mapping"
    return data


def card_text(card: Card) -> str:
    """Everything a learner reads on a card; cloze deletions are shown filled in."""
    front = render_cloze(card.front, 0, reveal=False) if card.kind == "cloze" else card.front
    return "\n".join([front, card.back, card.extra])


def question_text(question: Question) -> str:
    """Stem, options and explanations of a question."""
    parts = [question.stem]
    for option in question.options:
        parts += [option.text, option.why]
    return "\n".join(parts)


def dollars(text: str) -> list[Decimal]:
    """Every `$<number>` amount in a text."""
    return [Decimal(m.group(1).replace(",", "")) for m in DOLLAR_RE.finditer(text)]


def walk_prices(node: Any, path: str = "") -> Iterator[tuple[str, Decimal]]:
    """(path, price) for every value of a key that names a price, anywhere in the table."""
    if isinstance(node, dict):
        for key, value in node.items():
            child = f"{path}.{key}" if path else str(key)
            if "price" in str(key) and not isinstance(value, (dict, list)):
                yield child, Decimal(str(value))
            else:
                yield from walk_prices(value, child)
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from walk_prices(value, f"{path}[{i}]")


def table_prices(table: dict[str, Any]) -> dict[Decimal, str]:
    """Every price in the table, mapped to where it is."""
    return {price: path for path, price in walk_prices(table)}


def derived_amounts(table: dict[str, Any]) -> dict[Decimal, str]:
    """Dollar figures the deck may teach that are computed from the table, with their derivation.

    Only AWS's own worked examples from the pricing page appear in the deck: the request charge
    after the 1M free requests.
    """
    per_million = Decimal(table["requests"]["price_per_million"])
    free_requests = Decimal(table["free_tier"]["requests"])

    def request_charge(requests: int) -> Decimal:
        return (Decimal(requests) - free_requests) / MILLION * per_million

    return {
        request_charge(3_000_000): "worked example 1: (3M - 1M free) requests x $0.20 per 1M = $0.40",
        request_charge(30_000_000): "worked example 2: (30M - 1M free) requests x $0.20 per 1M = $5.80",
    }


# --------------------------------------------------------------------------- size and balance


def test_every_topic_has_enough_cards_and_questions(
    deck: Deck, cards: list[Card], questions: list[Question]
) -> None:
    card_count = Counter(c.topic for c in cards)
    question_count = Counter(q.topic for q in questions)
    thin = [
        f"{t.slug}: {card_count[t.slug]} cards, {question_count[t.slug]} questions"
        for t in deck.topics
        if card_count[t.slug] < 8 or question_count[t.slug] < 4
    ]
    assert not thin, "topics below 8 cards / 4 questions:\n" + "\n".join(thin)


def test_deck_totals(cards: list[Card], questions: list[Question]) -> None:
    assert len(cards) >= 200
    assert len(questions) >= 90


def test_every_exam_domain_has_questions(questions: list[Question]) -> None:
    covered = Counter(q.domain for q in questions)
    missing = [d for d in DOMAINS if covered[d] == 0]
    assert not missing, f"no questions for domains: {missing}"


def test_share_of_choose_many_questions(questions: list[Question]) -> None:
    many = sum(1 for q in questions if q.choose > 1)
    share = many / len(questions)
    assert 1 / 8 <= share <= 1 / 4, f"{many} of {len(questions)} questions are choose-many ({share:.0%})"


# --------------------------------------------------------------------------- questions


def test_correct_options_match_choose(questions: list[Question]) -> None:
    bad = [
        f"{q.id}: choose {q.choose} but {len(q.correct_indexes)} correct"
        for q in questions
        if len(q.correct_indexes) != q.choose
    ]
    assert not bad, "\n".join(bad)


def test_choose_two_questions_have_five_options(questions: list[Question]) -> None:
    bad = [f"{q.id}: {len(q.options)} options" for q in questions if q.choose == 2 and len(q.options) != 5]
    assert not bad, "\n".join(bad)


def test_stems_leave_the_choose_hint_to_the_app(questions: list[Question]) -> None:
    bad = [q.id for q in questions if re.search(r"\(\s*choose\b", q.stem, re.IGNORECASE)]
    assert not bad, f"stems that spell out '(Choose ...)' themselves: {bad}"


def test_no_duplicate_option_texts_within_a_question(questions: list[Question]) -> None:
    bad = []
    for q in questions:
        texts = Counter(" ".join(o.text.split()).casefold() for o in q.options)
        bad += [f"{q.id}: {text!r}" for text, n in texts.items() if n > 1]
    assert not bad, "\n".join(bad)


def test_every_option_explains_itself(questions: list[Question]) -> None:
    bad = [f"{q.id} option {i + 1}" for q in questions for i, o in enumerate(q.options) if not o.why.strip()]
    assert not bad, "options without a why:\n" + "\n".join(bad)


def test_every_question_has_an_aws_source(questions: list[Question]) -> None:
    bad = []
    for q in questions:
        if not q.sources:
            bad.append(f"{q.id}: no source")
        for url in q.sources:
            parsed = urlparse(url)
            if parsed.scheme != "https" or not parsed.netloc.endswith("aws.amazon.com"):
                bad.append(f"{q.id}: {url}")
    assert not bad, "\n".join(bad)


# --------------------------------------------------------------------------- cards


def test_no_two_cards_share_a_front(cards: list[Card]) -> None:
    seen: dict[str, str] = {}
    duplicates = []
    for card in cards:
        key = " ".join(card.question_text().split()).casefold()
        if key in seen:
            duplicates.append(f"{card.id} and {seen[key]}: {card.question_text()!r}")
        else:
            seen[key] = card.id
    assert not duplicates, "\n".join(duplicates)


def test_every_card_has_an_aws_source(cards: list[Card]) -> None:
    bad = [
        f"{c.id}: {c.source!r}"
        for c in cards
        if urlparse(c.source).scheme != "https" or not urlparse(c.source).netloc.endswith("aws.amazon.com")
    ]
    assert not bad, "\n".join(bad)


# Renaming any of these silently orphans learners' review history.
PINNED_CARD_IDS = [
    "lambda.concurrency.reserved-zero",  # basic
    "lambda.deployment.misconception-layer-250",  # basic
    "lambda.concurrency.scaling-rate::c1",  # cloze
    "lambda.concurrency.scaling-rate::c2",
    "lambda.pricing.free-tier::c2",
    "lambda.execution.cold-start-numbers::c3",
    "lambda.limits.quota-value::asynchronous-invocation-payload-limit",  # table rows
    "lambda.invocation.trigger-model::amazon-s3",
    "lambda.pricing.x86-tier-price::first-6-billion-gb-s",
    "lambda.async.destination-types::on-failure",
]
PINNED_QUESTION_IDS = [
    "lambda.concurrency.q.noisy-neighbour",
    "lambda.pricing.q.example-512mb",
    "lambda.async.q.stale-alerts",
    "lambda.vpc.q.no-internet-path",
    "lambda.event-sources.q.poison-shard",
]


@pytest.mark.parametrize("card_id", PINNED_CARD_IDS)
def test_pinned_card_ids_exist(lib: Library, card_id: str) -> None:
    card = lib.card(card_id)
    assert card is not None, f"card {card_id} is gone; ids must never change"
    assert card.deck == DECK


@pytest.mark.parametrize("question_id", PINNED_QUESTION_IDS)
def test_pinned_question_ids_exist(lib: Library, question_id: str) -> None:
    question = lib.question(question_id)
    assert question is not None, f"question {question_id} is gone; ids must never change"
    assert question.deck == DECK


# --------------------------------------------------------------------------- seed-note mistakes

# Each mistake in the seed notes (see the checked fact sheet) has a card tagged `misconception`
# whose back states the correction: (card id, phrases the back must contain).
SEED_MISTAKES: dict[str, list[tuple[str, tuple[str, ...]]]] = {
    "1. 250 MB unzipped is per layer": [
        ("lambda.deployment.misconception-layer-250", ("250 MB", "layers", "together")),
    ],
    "2. burst of 500, then +500 per second": [
        ("lambda.concurrency.misconception-500", ("1,000", "10 seconds")),
    ],
    "3. async payload is 256 KB": [
        ("lambda.limits.misconception-async-256kb", ("1 MB",)),
    ],
    "4. Arm tiers break at 6 B / 15 B like x86": [
        ("lambda.pricing.misconception-arm-tiers", ("7.5", "18.75")),
    ],
    "5. memory is '10 GB'; image limit is compressed": [
        ("lambda.limits.misconception-memory-10gb", ("10,240 MB", "1 MB")),
        ("lambda.limits.misconception-image-compressed", ("10 GB", "uncompressed")),
    ],
    "6. cold starts take a fixed 100 ms-1 s": [
        ("lambda.execution.misconception-cold-band", ("under 100 ms", "over 1 second", "1%")),
    ],
    "7. synchronous calls are never retried": [
        ("lambda.invocation.misconception-sync-retries", ("no retries", "caller")),
    ],
    "8. FIFO DLQs/destinations; S3 on success": [
        ("lambda.async.misconception-fifo", ("standard", "non-FIFO")),
        ("lambda.async.misconception-s3-success", ("on-failure",)),
    ],
}


@pytest.mark.parametrize("mistake", sorted(SEED_MISTAKES))
def test_each_seed_mistake_has_a_misconception_card(lib: Library, mistake: str) -> None:
    for card_id, phrases in SEED_MISTAKES[mistake]:
        card = lib.card(card_id)
        assert card is not None, f"{mistake}: card {card_id} is missing"
        assert "misconception" in card.tags, f"{card_id} is not tagged misconception"
        assert card.back.startswith("False"), f"{card_id} should correct the myth, not confirm it"
        missing = [p for p in phrases if p not in card.back]
        assert not missing, f"{card_id}: back does not state {missing}"


def test_the_old_async_limit_is_never_taught_alone(lib: Library) -> None:
    """Anything that still mentions 256 KB must give the current 1 MB limit alongside it."""
    texts = [(c.id, card_text(c)) for c in lib.cards if c.deck == DECK]
    texts += [(q.id, question_text(q)) for q in lib.questions if q.deck == DECK]
    for note in lib.notes:
        if note.id.startswith(f"{DECK}."):
            texts.append((note.id, "\n".join([note.summary, *note.key_facts])))
    bad = [item_id for item_id, text in texts if "256 KB" in text and "1 MB" not in text]
    assert not bad, f"mentions 256 KB without the 1 MB limit: {bad}"


# --------------------------------------------------------------------------- prices


def test_price_table_has_the_expected_prices(price_table: dict[str, Any]) -> None:
    prices = table_prices(price_table)
    assert len(prices) >= 10, prices
    assert all(price > 0 for price in prices)


def test_derived_amounts_follow_from_the_table(price_table: dict[str, Any]) -> None:
    assert set(derived_amounts(price_table)) == {Decimal("0.40"), Decimal("5.80")}


def pricing_items(lib: Library) -> list[tuple[str, str]]:
    """(id, text) of every card, question and note of the pricing topic."""
    items = [(c.id, card_text(c)) for c in lib.cards if c.deck == DECK and c.topic == PRICING_TOPIC]
    items += [(q.id, question_text(q)) for q in lib.questions if q.deck == DECK and q.topic == PRICING_TOPIC]
    for note in lib.notes_for(PRICING_TOPIC):
        cells = [cell for table in note.tables for row in table.rows for cell in row]
        items.append((note.id, "\n".join([note.summary, *note.key_facts, *note.use_cases, *cells])))
    return items


def test_every_dollar_amount_in_the_pricing_topic_comes_from_the_price_table(
    lib: Library, price_table: dict[str, Any]
) -> None:
    allowed = {**table_prices(price_table), **derived_amounts(price_table)}
    unknown = [
        f"{item_id}: ${amount}"
        for item_id, text in pricing_items(lib)
        for amount in dollars(text)
        if amount not in allowed
    ]
    assert not unknown, (
        "dollar amounts that are neither in content/pricing/lambda.yaml nor a listed derivation:\n"
        + "\n".join(unknown)
    )
    found = {amount for _, text in pricing_items(lib) for amount in dollars(text)}
    assert len(found) >= 5, "the dollar-amount pattern found almost nothing; is the regex broken?"


def test_key_prices_are_in_the_table_and_taught_by_a_card(lib: Library, price_table: dict[str, Any]) -> None:
    request = Decimal(price_table["requests"]["price_per_million"])
    x86_first = Decimal(price_table["duration_tiers"]["x86_64"][0]["price_per_gb_second"])
    arm_first = Decimal(price_table["duration_tiers"]["arm64"][0]["price_per_gb_second"])
    free_requests = Decimal(price_table["free_tier"]["requests"])
    free_gb_s = Decimal(price_table["free_tier"]["gb_seconds"])

    assert request == Decimal("0.20")
    assert x86_first == Decimal("0.0000166667")
    assert arm_first == Decimal("0.0000133334")
    assert free_requests == Decimal(1_000_000)
    assert free_gb_s == Decimal(400_000)

    texts = [card_text(c) for c in lib.cards if c.deck == DECK and c.topic == PRICING_TOPIC]

    def per_million(text: str) -> bool:
        return "1M" in text or "1 million" in text

    assert any(request in dollars(t) and per_million(t) for t in texts), (
        "no card teaches $0.20 per 1M requests"
    )
    assert any(x86_first in dollars(t) for t in texts), "no card teaches the x86 first-tier price"
    assert any(arm_first in dollars(t) for t in texts), "no card teaches the Arm first-tier price"
    millions = f"{int(free_requests / MILLION)} million"
    gb_s = f"{int(free_gb_s):,}"
    assert any(millions in t and gb_s in t and "GB-s" in t for t in texts), (
        f"no card teaches the free tier of {millions} requests and {gb_s} GB-s"
    )
