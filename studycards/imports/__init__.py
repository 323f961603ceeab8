"""Importers: Anki packages, CSV/TSV files and question banks become user decks (YAML folders)."""
