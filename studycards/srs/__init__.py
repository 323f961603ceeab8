"""The spaced-repetition engine: SQLite store, FSRS scheduling, the study day, review sessions.

Modules: `store` (Store.open, migrations, sync, answers, quiz results), `scheduler` (FSRS-6),
`day` (the 04:00 study day), `session` (ReviewSession), `queue` (today's queue), `stats`.
No UI toolkit is imported here.
"""
