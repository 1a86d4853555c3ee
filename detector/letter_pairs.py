"""Do a token's letters read as an English word or as random letters?

Record codes such as ``GWEMMKKWVG`` carry no digit to give them away; route
words such as ``STUDENTS`` or ``ENROLLMENT`` are written in capitals too.  The
table below scores each pair of adjacent capitals; summed over a token, it is
the log-likelihood ratio (in bits) "English word" against "random letters".
Used by :mod:`detector.routes`.
"""

from __future__ import annotations

import string

import numpy as np

__all__ = ["english_bits"]

#: How much likelier an English word puts the column's letter after the row's letter than random letters do, in
#: whole bits: round(log2(26 * P(next letter | letter))), counted over the letter pairs of the 17,259 words written 50
#: times or more in the manual pages and package documentation of a Debian system (technical words and names included,
#: so software words read as words).  Summed over a token's letter pairs it is the log-likelihood ratio "English word"
#: against "random letters": ``STUDENTS`` +8, ``DOWNLOAD`` 0, ``GWEMMKKWVG`` -16.
PAIR_BITS_TABLE = np.array([
    # A  B  C  D  E  F  G  H  I  J  K  L  M  N  O  P  Q  R  S  T  U  V  W  X  Y  Z
    -2, 0, 1, 0,-2,-2,-1,-3, 0,-5,-1, 2, 0, 2,-4, 0,-5, 2, 1, 2,-1,-1,-2,-3,-2,-4,  # A
     2, 0, 0, 0, 2,-1,-1,-4, 1,-1,-3, 2,-2,-2, 1,-1,-5, 1, 1,-1, 1,-3,-4,-2,-1,-3,  # B
     2,-2, 0,-1, 1,-2,-4, 2, 0,-5, 1, 0,-2,-3, 2,-1,-5, 0,-1, 1, 0,-3,-4,-4,-2,-5,  # C
     1, 0,-1, 0, 3,-1,-2,-3, 2,-3,-2,-1,-2,-2, 1,-2,-5, 0, 0,-2, 0,-2,-2,-5,-2,-6,  # D
     0,-1, 1, 2,-1,-1,-1,-3,-2,-5,-3, 0, 0, 2,-2,-1,-3, 2, 2, 1,-3,-1,-2, 0,-1,-4,  # E
     1,-1, 0, 0, 1, 2,-3,-4, 2,-5,-4, 0,-3,-2, 2,-2,-4, 1, 0, 0, 0,-5,-4,-4,-1,-7,  # F
     1,-2,-1,-1, 3,-2,-1, 0, 1,-4,-4, 0,-1, 0, 1,-1,-5, 2, 1,-1, 0,-3,-3,-4,-3,-3,  # G
     2,-3,-2,-2, 3,-4,-4,-4, 2,-6,-2,-1,-1,-1, 2,-2,-7, 0,-1, 0, 0,-4,-2,-6,-1,-5,  # H
     0, 0, 1, 0, 0,-1, 0,-5,-5,-4,-2, 1, 0, 3, 1,-1,-5, 0, 1, 1,-4, 0,-5,-2,-5,-1,  # I
     2,-2,-2,-1, 2,-1,-3,-4, 1,-3,-2,-1,-1,-1, 2, 0,-4,-1, 1,-1, 1,-2,-1,-5,-4,-5,  # J
     1,-1,-1,-1, 3,-2,-1,-1, 2,-4,-3, 0,-1,-1, 1,-1,-3,-1, 1, 0, 0,-4,-2,-5,-2,-4,  # K
     2,-3,-2, 0, 2,-2,-3,-4, 2,-6,-3, 1,-3,-3, 1,-2,-6,-4, 0, 0, 0,-2,-5,-5, 1,-4,  # L
     2, 0,-2,-1, 2,-4,-3,-4, 2,-5,-2,-1, 0,-3, 1, 2,-8,-3, 0,-2, 0,-4,-4,-4,-2,-8,  # M
     1,-3, 1, 1, 1, 0, 2,-3, 1,-4,-1,-2,-3,-1, 0,-2,-5,-2, 1, 2,-1,-1,-4,-5,-2,-3,  # N
    -1,-1, 0, 0,-2,-1,-1,-3,-1,-3,-2, 1, 1, 2, 0, 0,-9, 2, 0, 0, 1, 0, 0,-2,-3,-4,  # O
     2,-4,-1,-2, 2,-2,-2, 0, 1,-6,-2, 1,-2,-2, 1, 0,-5, 2, 0, 1, 0,-4,-3,-4,-1,-5,  # P
    -2,-4,-1,-1,-1,-3,-1,-4,-3,-4,-4, 1,-2,-1,-3,-1,-4, 0, 0,-2, 4,-3,-4,-2,-4,-4,  # Q
     2,-2,-1, 0, 3,-2,-1,-4, 2,-6,-1,-1, 0,-1, 1,-2,-5, 0, 1, 0,-1,-2,-3,-6,-1,-5,  # R
     0,-3, 0,-2, 2,-2,-2, 1, 1,-5,-1,-1,-1,-2, 0, 0,-3,-3, 1, 2, 1,-3,-2,-6,-1,-4,  # S
     1,-4,-1,-2, 2,-2,-3, 1, 2,-6,-4,-1,-2,-3, 1,-2,-9, 1, 1, 0,-1,-4,-3,-4, 0,-4,  # T
     0, 1, 0,-1, 0,-1,-1,-4, 0,-5,-3, 1, 0, 2,-2, 1,-8, 1, 1, 2,-4,-3,-5,-2,-4,-3,  # U
     2,-3,-1,-3, 3,-2,-2,-4, 2,-7,-4,-2,-1,-2, 0,-2,-7,-1,-1,-2,-3,-4,-4,-4,-4,-7,  # V
     2,-3,-1,-1, 2,-2,-2, 0, 2,-5,-2, 0,-2, 1, 1,-2,-5, 1, 0,-2,-2,-6,-2,-5,-5,-5,  # W
     1,-2, 1,-1, 2, 0,-1,-1, 1,-6,-3,-1, 0,-3,-1, 2,-6,-1, 0, 2,-1,-2,-3,-1,-2,-2,  # X
     1,-1, 0,-1, 1,-2,-1,-4, 0,-4,-3, 0, 1, 1, 0, 2,-6,-1, 2, 1,-1,-3,-2,-4,-3,-1,  # Y
     2,-2,-2,-1, 3,-3,-2,-1, 2,-2,-4,-1,-1,-2, 1,-4,-5,-2,-1,-4,-1,-5,-4,-5,-1, 0,  # Z
], dtype=np.int64).reshape(26, 26)
_PAIR_BITS = {a + b: int(PAIR_BITS_TABLE[i, j]) for i, a in enumerate(string.ascii_uppercase)
              for j, b in enumerate(string.ascii_uppercase)}


def english_bits(text: str) -> int:
    """Log-likelihood ratio, in bits, that the letter pairs of ``text`` come from English words, not random letters.

    Only pairs of two adjacent capitals count (see :data:`PAIR_BITS_TABLE`).
    """
    pairs = _PAIR_BITS
    return sum(pairs.get(text[i : i + 2], 0) for i in range(len(text) - 1))
