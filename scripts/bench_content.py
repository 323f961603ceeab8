"""Start-up and content-loading figures: help_ms, python_ms, content_load_ms, synthetic_10k_load_ms."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from benchutil import PYTHON, command_ms, median_ms

from studycards.content.loader import load_library
from studycards.locations import shipped_content_dir


def write_synthetic_deck(root: Path, cards: int = 10_000, per_file: int = 500) -> Path:
    """A deck of `cards` basic cards spread over topic files, for load benchmarks."""
    deck = root / "synthetic"
    deck.mkdir(parents=True, exist_ok=True)
    topics = max(1, cards // per_file)
    manifest = ["deck: synthetic", "title: Synthetic", "topics:"]
    manifest += [
        f"  - {{slug: t{t}, title: Topic {t}, domains: [cost], tasks: ['4.2']}}" for t in range(topics)
    ]
    (deck / "deck.yaml").write_text("\n".join(manifest) + "\n")
    for t in range(topics):
        lines = [f"topic: t{t}", "cards:"]
        for i in range(per_file):
            n = t * per_file + i
            lines += [
                f"  - id: syn.t{t}.card-{n}",
                f"    front: What is the answer to synthetic question number {n}?",
                f"    back: It is answer {n}, which is a plain sentence of moderate length.",
                "    tags: [synthetic]",
                "    source: https://docs.aws.amazon.com/lambda/latest/dg/welcome.html",
            ]
        (deck / f"t{t}.yaml").write_text("\n".join(lines) + "\n")
    return root


def measure() -> dict[str, float]:
    """Run the content benchmarks."""
    studycards = shutil.which("studycards") or "studycards"
    results = {
        "help_ms": command_ms([studycards, "--help"]),
        "python_ms": command_ms([PYTHON, "-c", "pass"]),
        "content_load_ms": median_ms(lambda: load_library([shipped_content_dir()]), repeat=9),
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = write_synthetic_deck(Path(tmp))
        result = load_library([root])
        assert len(result.library.cards) == 10_000, result.problems[:3]
        results["synthetic_10k_load_ms"] = median_ms(lambda: load_library([root]), repeat=3)
    return results
