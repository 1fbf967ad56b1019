"""The `mention-triage` entry point (placeholder until the CLI lands)."""

def main() -> None:
    print("mention-triage")
