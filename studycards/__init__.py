"""studycards: study AWS for the SAA-C03 exam from a terminal."""

__version__ = "0.1.0"
