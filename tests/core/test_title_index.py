"""The bare word's index (core/title_index.py): its answer is exactly the titles that
hold the word, however much of the list it has indexed, whatever the titles hold."""

from __future__ import annotations

import threading

from hypothesis import given, settings
from hypothesis import strategies as st

from triage_tui.core.title_index import TitleIndex

# Letters that fold (ß -> ss, Σ/ς -> σ), a separator-like byte, a lone surrogate.
ALPHABET = st.sampled_from(list("abcAB ßSsΣσςé\x00\ud800-"))
titles = st.lists(st.text(ALPHABET, max_size=12), max_size=30)


def _scan(titles: list[str], folded: str) -> bytearray:
    return bytearray(1 if folded in t.casefold() else 0 for t in titles)


@settings(max_examples=300, deadline=None)
@given(titles, titles, st.text(ALPHABET, max_size=4), st.data())
def test_hits_are_the_titles_holding_the_word(
    first: list[str], later: list[str], word: str, data: st.DataObject
) -> None:
    held = list(first)
    index = TitleIndex(held)
    index.extend()
    held += later  # arrived since: read, not indexed
    if later and data.draw(st.booleans()):
        word = data.draw(st.sampled_from(later))[:4]  # a word some title holds
    folded = word.casefold()
    assert index.hits(folded) == _scan(held, folded)
    index.extend()
    assert index.indexed == len(held)
    assert index.hits(folded) == _scan(held, folded)
    for slot in data.draw(st.lists(st.integers(0, len(held) - 1), max_size=3)) if held else ():
        held[slot] = data.draw(st.sampled_from([word, word.upper() + "x", "", "zz"]))
        index.changed(slot)  # a title replaced (the table tells its index)
    assert index.hits(folded) == _scan(held, folded)  # the changed ones indexed again
    assert index.hits(folded) == _scan(held, folded)  # and answered from the index


def test_a_word_reads_only_the_titles_that_may_hold_it() -> None:
    held = [f"news {n} about the weather" for n in range(2_000)] + ["Acme launches"]
    index = TitleIndex(held)
    assert len(index.candidates("acme")) == 2_001  # nothing indexed yet: all are read
    index.extend()
    assert 2_000 in index.candidates("acme")
    assert len(index.candidates("acme")) < 50  # a few false positives, not 2,001
    assert index.hits("acme").count(1) == 1


def test_a_one_letter_word_reads_no_indexed_title_and_folds_like_the_rest() -> None:
    held = ["\u212a", "\ufb01", "\u0130", "plain", "OK"]  # Kelvin sign, ﬁ, İ
    index = TitleIndex(held)
    index.extend()
    assert index.candidates("k") == []  # the letters' lane answers: nothing to read
    assert index.hits("k") == bytearray([1, 0, 0, 0, 1])
    assert index.hits("f") == bytearray([0, 1, 0, 0, 0])
    assert index.hits("i") == bytearray([0, 1, 1, 1, 0])
    assert len(index.candidates("-")) == 5  # no lane of its own: every title is read
    held.append("k at the end")  # not indexed yet: read
    assert index.candidates("k") == [5]
    assert index.hits("k") == bytearray([1, 0, 0, 0, 1, 1])


def test_a_title_replaced_after_indexing_is_found_by_its_new_words() -> None:
    held = ["old news", "weather"]
    index = TitleIndex(held)
    index.extend()
    held[1] = "Acme weather"
    index.changed(1)
    assert index.hits("acme") == bytearray([0, 1])
    assert index.hits("weather") == bytearray([0, 1])
    held[1] = "nothing"
    index.changed(1)
    assert index.hits("acme") == bytearray([0, 0])


def test_extend_in_a_thread_while_titles_arrive_and_words_are_asked() -> None:
    held = [f"title {n} acme" if n % 7 == 0 else f"title {n}" for n in range(50_000)]
    index = TitleIndex(held)
    builder = threading.Thread(target=index.extend)
    builder.start()
    answers = []
    while builder.is_alive():
        answers.append(index.hits("acme").count(1))
    builder.join()
    assert index.indexed == 50_000
    assert set(answers) <= {len(range(0, 50_000, 7))}
    assert index.hits("acme").count(1) == len(range(0, 50_000, 7))
