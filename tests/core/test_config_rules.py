"""Config: the triage rules and quick tags, read strictly (core/config_rules.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.core.test_config import _write
from triage_tui.core.config import (
    ConfigError,
    QuickTags,
    Rule,
    init_config_text,
    load_config,
)

# ---- triage rules -------------------------------------------------------------------------

RULES = """
[[rules]]
name = "Spanish Instagram"
query = "source:instagram lang:es"
tag = "instagram-es"

[[rules]]
query = '"Competitor Inc" tone:neg'
alert = "Acme Corp"
favorite = true

[[rules]]
query = "source:twitter"
alert = 112233
tone = "neg"
folder = "irrelevant"
read = true
on_arrival = true
"""


def test_rules_are_read_in_order_with_the_services_names(tmp_path: Path) -> None:
    config = load_config(_write(tmp_path / "c.toml", RULES), env={})
    first, second, third = config.rules
    assert first == Rule(
        query="source:instagram lang:es", name="Spanish Instagram", tag="instagram-es"
    )
    assert first.label == "Spanish Instagram"
    assert second == Rule(query='"Competitor Inc" tone:neg', alert="Acme Corp", favorite=True)
    assert second.label == '"Competitor Inc" tone:neg'
    # tone as a number, "irrelevant" as the service's folder name, an id as a number
    assert third == Rule(
        query="source:twitter", alert=112233, tone=-1, folder="spam", read=True, on_arrival=True
    )
    assert not first.on_arrival and not second.on_arrival  # opt-in: off by default
    assert load_config(_write(tmp_path / "none.toml", ""), env={}).rules == []


def test_the_templates_rules_example_is_valid(tmp_path: Path) -> None:
    text = init_config_text()
    example = text[text.index("# [[rules]]") :]
    uncommented = "\n".join(
        line.removeprefix("# ").removeprefix("#") for line in example.splitlines()
    )
    config = load_config(_write(tmp_path / "c.toml", uncommented), env={})
    assert [r.label for r in config.rules] == ["Spanish Instagram", '"Competitor Inc" tone:neg']
    assert [r.on_arrival for r in config.rules] == [True, False]


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('rules = "x"\n', "rules: must be a list of tables"),
        ("rules = [1]\n", "rules.1: must be a table"),
        ("[[rules]]\ntag = 'a'\n", "rules.1.query: missing"),
        ("[[rules]]\nquery = '  '\ntag = 'a'\n", "rules.1.query: missing"),
        ("[[rules]]\nquery = 1\ntag = 'a'\n", "rules.1.query: missing"),
        ("[[rules]]\nquery = 'is:unread'\n", "rules.1: does nothing"),
        ("[[rules]]\nquery = 'is:unread'\ntags = 'a'\n", "rules.1.tags: unknown key"),
        ("[[rules]]\nquery = 'is:nope'\ntag = 'a'\n", "rules.1.query: is:nope: use one of"),
        ("[[rules]]\nquery = 'bogus:x'\ntag = 'a'\n", "rules.1.query: unknown filter 'bogus:x'"),
        ("[[rules]]\nquery = '\"open'\ntag = 'a'\n", "rules.1.query: unclosed quote"),
        ("[[rules]]\nquery = 'x'\ntone = 'angry'\n", "rules.1.tone: must be one of"),
        ("[[rules]]\nquery = 'x'\ntone = -1\n", "rules.1.tone: must be one of"),
        ("[[rules]]\nquery = 'x'\nfolder = 'bin'\n", "rules.1.folder: must be one of"),
        ("[[rules]]\nquery = 'x'\nread = 'yes'\n", "rules.1.read: must be true or false"),
        ("[[rules]]\nquery = 'x'\nfavorite = 1\n", "rules.1.favorite: must be true or false"),
        ("[[rules]]\nquery = 'x'\ntag = ''\n", "rules.1.tag: must be a non-empty string"),
        (
            "[[rules]]\nquery = 'x'\nread = true\non_arrival = 'yes'\n",
            "rules.1.on_arrival: must be true or false",
        ),
        ("[[rules]]\nquery = 'x'\non_arrival = true\n", "rules.1: does nothing"),
        ("[[rules]]\nquery = 'x'\ntag = 3\n", "rules.1.tag: must be a non-empty string"),
        ("[[rules]]\nquery = 'x'\nname = []\nread = true\n", "rules.1.name: must be a non"),
        ("[[rules]]\nquery = 'x'\nalert = true\nread = true\n", "rules.1.alert: must be an"),
        ("[[rules]]\nquery = 'x'\nalert = ''\nread = true\n", "rules.1.alert: must be an"),
        ("[[rules]]\nquery = 'x'\nalert = 1.5\nread = true\n", "rules.1.alert: must be an"),
        (
            "[[rules]]\nquery = 'x'\nfavorite = true\nread = false\n",
            "rules.1: favorite = true marks it read",
        ),
        (
            "[[rules]]\nquery = 'x'\nread = true\n[[rules]]\nquery = 'y'\nfolder = 'x'\n",
            "rules.2.folder",
        ),
    ],
)
def test_bad_rules_are_one_line_naming_the_rule_and_key(
    tmp_path: Path, text: str, fragment: str
) -> None:
    path = _write(tmp_path / "c.toml", text)
    with pytest.raises(ConfigError) as error:
        load_config(path, env={})
    message = str(error.value)
    assert fragment in message and "\n" not in message and str(path) in message


# ---- quick tags ---------------------------------------------------------------------------

QUICK = """\
[quick_tags]
x = "urgent"
p = " press "
f5 = "support"
[quick_tags."Acme Corp"]
x = "product"
[quick_tags.112234]
b = "follow-up"
"""


def test_quick_tags_for_every_alert_and_an_alerts_own(tmp_path: Path) -> None:
    quick = load_config(_write(tmp_path / "c.toml", QUICK), env={}).quick_tags
    assert quick == QuickTags(
        {"x": "urgent", "p": "press", "f5": "support"},
        {"Acme Corp": {"x": "product"}, 112234: {"b": "follow-up"}},
    )
    assert quick.all_keys() == ["x", "p", "f5", "b"]
    assert quick.tag_for("x", 112233, "acme corp") == "product"  # the alert's own, by name
    assert quick.tag_for("x", 112234, "Competitor watch") == "urgent"  # every alert's
    assert quick.tag_for("b", 112234) == "follow-up"  # by id
    assert quick.tag_for("b", 112233, "Acme Corp") is None
    assert quick.names("x") == ["urgent", "product"]
    assert load_config(_write(tmp_path / "none.toml", ""), env={}).quick_tags == QuickTags()


def test_a_profile_inherits_the_quick_tags(tmp_path: Path) -> None:
    text = QUICK.replace("[quick_tags]", 'token = "t"\n[quick_tags]') + (
        '[profiles.b]\ntoken = "u"\n'
    )
    config = load_config(_write(tmp_path / "c.toml", text), env={}, profile="b")
    assert config.quick_tags.keys["x"] == "urgent"


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ('quick_tags = "x"\n', "quick_tags: must be a table"),
        ('[quick_tags]\n"a b" = "urgent"\n', "quick_tags.a b: not a key"),
        ('[quick_tags]\n"x,y" = "urgent"\n', "quick_tags.x,y: not a key"),
        ("[quick_tags]\nx = 1\n", "quick_tags.x: must be a tag name"),
        ('[quick_tags]\nx = " "\n', "quick_tags.x: must be a tag name"),
        ("[quick_tags.Acme]\nx = []\n", "quick_tags.Acme.x: must be a tag name"),
    ],
)
def test_bad_quick_tags_are_one_line_naming_the_key(
    tmp_path: Path, text: str, fragment: str
) -> None:
    path = _write(tmp_path / "c.toml", text)
    with pytest.raises(ConfigError) as error:
        load_config(path, env={})
    message = str(error.value)
    assert fragment in message and "\n" not in message and str(path) in message


def test_the_templates_quick_tags_example_is_valid(tmp_path: Path) -> None:
    text = init_config_text()
    example = text[text.index("[quick_tags]") : text.index("# Saved views")]
    uncommented = "\n".join(line.removeprefix("# ") for line in example.splitlines())
    quick = load_config(_write(tmp_path / "c.toml", uncommented), env={}).quick_tags
    assert quick.tag_for("x", 1) == "urgent" and quick.tag_for("b", 1, "Acme Corp") == "product"
