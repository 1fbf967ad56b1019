"""mention-triage: keyboard-driven triage of Mention brand mentions in a terminal."""

# The one place the version is written: the package metadata reads it from here
# ([tool.hatch.version] in pyproject.toml), `mention-triage --version` prints it.
__version__ = "0.1.0"
