"""Two user decks beside the shipped Lambda deck, sharing topic slugs: `mini` (alpha, beta) and
`storage` (core, alpha). `core` is also a Lambda topic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import MINI_MANIFEST, MINI_TOPIC

STORAGE_MANIFEST = """
deck: storage
title: Amazon S3 and storage
short: Storage
topics:
  - slug: core
    title: Storage basics
    domains: [resilient]
  - slug: alpha
    title: Storage alpha
    domains: [cost]
"""

STORAGE_CORE = """
topic: core
notes:
  - id: storage.core.note
    title: Storage
    summary: Buckets hold objects.
    sources: [https://example.com/s3]
cards:
  - id: storage.core.bucket
    front: What holds S3 objects?
    back: A bucket.
questions:
  - id: storage.core.q.durable
    stem: Which storage class is the default?
    domain: resilient
    difficulty: easy
    options:
      - {text: S3 Standard, correct: true, why: It is the default.}
      - {text: S3 Glacier Deep Archive, why: Archive.}
      - {text: S3 One Zone-IA, why: One zone.}
      - {text: S3 Express One Zone, why: Directory buckets.}
    sources: [https://example.com/s3]
"""

STORAGE_ALPHA = """
topic: alpha
cards:
  - id: storage.alpha.first
    front: Which storage letter comes first?
    back: Alpha, in storage too.
questions:
  - id: storage.alpha.q.first
    stem: Which storage option comes first?
    domain: cost
    difficulty: medium
    options:
      - {text: The first option, correct: true, why: First.}
      - {text: The second option, why: Second.}
      - {text: The third option, why: Third.}
      - {text: The fourth option, why: Fourth.}
    sources: [https://example.com/s3]
"""

TWO_DECKS = {
    "mini/deck.yaml": MINI_MANIFEST,
    "mini/alpha.yaml": MINI_TOPIC,
    "storage/deck.yaml": STORAGE_MANIFEST,
    "storage/core.yaml": STORAGE_CORE,
    "storage/alpha.yaml": STORAGE_ALPHA,
}


def write_two_decks(write_deck: Callable[..., Path]) -> Path:
    """The content root holding both decks."""
    return write_deck(TWO_DECKS)
