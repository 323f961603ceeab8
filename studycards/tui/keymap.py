"""The keymap setting: remap any binding by its id, e.g. `review.good=g;review.again=a`."""

from __future__ import annotations


def parse_keymap(text: str) -> dict[str, str]:
    """`id=key[,key]` pairs separated by `;` (or newlines) into Textual's keymap dict."""
    keymap: dict[str, str] = {}
    for part in text.replace("\n", ";").split(";"):
        ident, sep, keys = part.partition("=")
        if sep and ident.strip() and keys.strip():
            keymap[ident.strip()] = keys.strip()
    return keymap


# ---- the key map: one meaning per key across screens ----------------------------------------
# Keys that change study data are capitals (S suspend, B bury, F forget, S submit an exam, which
# asks first); lower-case letters move between screens and mean the same everywhere they are bound.
KEY_MAP = (
    ("b", "Browse cards (every screen; in a quiz, letters pick options)"),
    ("r", "Review due cards (dashboard, notes)"),
    ("t · c · n · s", "Quiz · calculators · notes · statistics (dashboard)"),
    (",", "Settings (dashboard; ctrl+, everywhere)"),
    ("e", "The note of this card (review) · resume an exam (dashboard)"),
    ("u", "Undo the last change (review, browse)"),
    ("S · B · F", "Suspend · bury · forget (review, browse); S submits an exam, after asking"),
    ("escape", "Back"),
)
DESTRUCTIVE_ACTIONS = frozenset({"suspend", "bury", "forget", "submit", "toggle_flag"})
NAVIGATION_ACTIONS = frozenset({
    "back", "help", "review", "study", "resume_exam", "retry", "quit_quiz", "dismiss", "close", "grid",
    "start", "open_note",
})


def action_name(action: str) -> str:
    """`app.open_quiz` or `toggle_flag('suspend')` as its bare name: `open_quiz`, `toggle_flag`."""
    return action.split("(", 1)[0].rpartition(".")[2]


def is_destructive(action: str) -> bool:
    """An action that changes study data (suspend, bury, forget, submit an exam)."""
    return action_name(action) in DESTRUCTIVE_ACTIONS


def is_navigation(action: str) -> bool:
    """An action that opens another screen or leaves this one."""
    name = action_name(action)
    return name.startswith("open_") or name in NAVIGATION_ACTIONS
