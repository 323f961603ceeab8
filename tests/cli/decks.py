"""Two user decks beside the shipped Lambda deck, sharing topic slugs: `mini` (alpha, beta) and
`vault` (core, alpha). `core` is also a Lambda topic."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tests.conftest import MINI_MANIFEST, MINI_TOPIC

STORAGE_MANIFEST = """
deck: vault
title: Amazon S3 and vault
short: Vault
topics:
  - slug: core
    title: Vault basics
    domains: [resilient]
    tasks: ["2.1"]
  - slug: alpha
    title: Vault alpha
    domains: [cost]
    tasks: ["2.1"]
"""

STORAGE_CORE = """
topic: core
notes:
  - id: vault.core.note
    title: Vault
    summary: Buckets hold objects.
    sources: [https://example.com/s3]
cards:
  - id: vault.core.bucket
    front: What holds S3 objects?
    back: A bucket.
questions:
  - id: vault.core.q.durable
    stem: Which vault class is the default?
    domain: resilient
    tasks: ["2.1"]
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
  - id: vault.alpha.first
    front: Which vault letter comes first?
    back: Alpha, in vault too.
questions:
  - id: vault.alpha.q.first
    stem: Which vault option comes first?
    domain: cost
    tasks: ["2.1"]
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
    "vault/deck.yaml": STORAGE_MANIFEST,
    "vault/core.yaml": STORAGE_CORE,
    "vault/alpha.yaml": STORAGE_ALPHA,
}


def write_two_decks(write_deck: Callable[..., Path]) -> Path:
    """The content root holding both decks."""
    return write_deck(TWO_DECKS)
