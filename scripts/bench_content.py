"""Start-up and content-loading figures.

help_ms, click_import_ms (and their ratio), python_ms, content_load_ms, synthetic_10k_load_ms,
and content_load_10x_cold_ms / content_load_10x_warm_ms: the shipped deck plus ten copies
(scripts/ten_decks.py) loaded as every command loads them, without and with the content cache.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from benchutil import PYTHON, command_ms, median_ms, private_data_dir
from ten_decks import build_settled

from studycards.content import cache
from studycards.content.loader import load_library
from studycards.locations import shipped_content_dir

CHECKOUT = Path(__file__).resolve().parent.parent
GOALS = {
    "content_load_10x_warm_ms": 100.0,
    "content_load_10x_cold_ms": 2000.0,
    "help_to_click_import_ratio": 1.5,
}


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
    # this checkout's entry point, as the console script calls it (a `studycards` found on PATH
    # may be another install, behind a pyenv shell shim that alone costs more than click)
    help_argv = [PYTHON, "-c", "import sys; from studycards.cli import main; sys.exit(main())", "--help"]
    results = {
        "help_ms": command_ms(help_argv, cwd=CHECKOUT),
        "click_import_ms": command_ms([PYTHON, "-c", "import click"], cwd=CHECKOUT),
        "python_ms": command_ms([PYTHON, "-c", "pass"]),
        "content_load_ms": median_ms(lambda: load_library([shipped_content_dir()]), repeat=9),
    }
    with tempfile.TemporaryDirectory() as tmp:
        root = write_synthetic_deck(Path(tmp))
        result = load_library([root])
        assert len(result.library.cards) == 10_000, result.problems[:3]
        results["synthetic_10k_load_ms"] = median_ms(lambda: load_library([root]), repeat=3)
    results["help_to_click_import_ratio"] = round(results["help_ms"] / results["click_import_ms"], 2)
    results.update(measure_ten_decks())
    return results


def measure_ten_decks() -> dict[str, float]:
    """Cold (no cache file: load, check, save) and warm (cache file present) loads of 11 decks."""
    with tempfile.TemporaryDirectory() as tmp, private_data_dir(Path(tmp) / "data"):
        roots = [shipped_content_dir(), build_settled(Path(tmp) / "decks")]
        path = cache.cache_path(roots)

        def cold() -> object:
            path.unlink(missing_ok=True)
            return cache.load_cached(roots)

        cold_ms = median_ms(cold, repeat=5)
        assert path.is_file(), "the cold load did not write the cache"
        warm_ms = median_ms(lambda: cache.load_cached(roots), repeat=9)
        library = cache.load_cached(roots)
        assert library == load_library(roots).library
    return {
        "content_load_10x_cold_ms": cold_ms,
        "content_load_10x_warm_ms": warm_ms,
        "content_10x_cards": float(len(library.cards)),
        "content_10x_questions": float(len(library.questions)),
    }
