"""The exam's fixed words: SAA-C03 domains, question difficulties, 'choose N' numbers.

Kept apart from the deck model so the CLI can build its options (`--domain`, `--difficulty`)
without importing the model's classes.
"""

from __future__ import annotations

DOMAINS: dict[str, str] = {
    "secure": "Design Secure Architectures",
    "resilient": "Design Resilient Architectures",
    "performance": "Design High-Performing Architectures",
    "cost": "Design Cost-Optimized Architectures",
}
DIFFICULTIES: tuple[str, ...] = ("easy", "medium", "hard")
CHOOSE_WORDS: dict[int, str] = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five"}
