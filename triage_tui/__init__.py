"""mention-triage: keyboard-driven triage of Mention brand mentions in a terminal."""

__version__ = "0.1.0"
