"""Scenario quizzes: selection, presentation, scoring, practice and exam sessions."""
