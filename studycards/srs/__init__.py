"""The spaced-repetition engine: SQLite store, FSRS scheduling, the study day, review sessions.

Modules: `store` (the `Store` aggregate), `db` (connection, transactions, migrating at open),
`repo_cards`, `repo_reviews`, `repo_quiz`, `repo_settings` (the SQL behind named methods),
`migrations`, `scheduler` (FSRS-6), `day` (the 04:00 study day), `session` (ReviewSession),
`queue` (today's queue), `stats`. No UI toolkit is imported here.
"""
