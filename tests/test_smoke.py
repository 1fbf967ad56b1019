import triage_tui


def test_package_has_version() -> None:
    assert triage_tui.__version__.count(".") == 2
