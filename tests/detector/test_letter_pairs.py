"""Letter pairs tell capitals route words from random record codes."""

from __future__ import annotations

import numpy as np

from detector.letter_pairs import PAIR_BITS_TABLE, english_bits


def test_route_words_read_as_english_and_random_codes_do_not() -> None:
    for word in ("STUDENTS", "ENROLLMENT", "ATTENDANCE", "TRANSCRIPT"):
        assert english_bits(word) > 0, word
    for code in ("GWEMMKKWVG", "QXZKVBWPLM", "JHGFDSAZXQ"):
        assert english_bits(code) < 0, code


def test_only_pairs_of_capitals_count() -> None:
    assert english_bits("students") == english_bits("A1B2C3") == english_bits("X") == 0
    assert english_bits("ST") == int(PAIR_BITS_TABLE[ord("S") - 65, ord("T") - 65])


def test_random_letters_score_below_zero_on_average() -> None:
    rng = np.random.default_rng(0)
    codes = ["".join(chr(65 + c) for c in rng.integers(0, 26, 10)) for _ in range(2_000)]
    assert np.mean([english_bits(c) < 0 for c in codes]) > 0.9
