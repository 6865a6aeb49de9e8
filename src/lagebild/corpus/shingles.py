"""Word shingles and MinHash signatures of clean article text.

A text is normalised to its words — runs of word characters (exactly what
``re``'s ``\\w`` matches), casefolded (``ß`` folds to ``ss``, so Swiss spellings of an
agency text still match); punctuation and whitespace only separate words — and
cut into overlapping word *k*-shingles (default 5).  Every word gets a stable
64-bit hash (a polynomial over its casefolded code points, mixed with the
MurmurHash3 finaliser); the *k* word hashes of a shingle are combined by another
polynomial and mixed again, and the upper 32 bits are the shingle's value.  The
values depend only on the words, never on the process (no ``hash()``
randomisation), so signatures can be stored and compared later.  All of it is
vectorised with numpy: a 400-word article takes well under 0.1 ms.

The MinHash signature of a shingle set uses ``num_perm`` affine permutations
``h(x) = (a * x + b) mod 2**32`` with odd ``a`` (bijections of the already mixed
32-bit values, as datasketch's ``affine32`` scheme) whose parameters come from
``numpy.random.RandomState(seed)``; the signature is the minimum of each
function over the set, ``num_perm`` unsigned 32-bit values, stored as
``num_perm * 4`` little-endian bytes.  The computation is our own (vectorised
numpy) rather than :class:`datasketch.MinHash`, so the stored bytes do not
change with the datasketch version; :class:`Sketch` is what
:class:`datasketch.MinHashLSH` indexes.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import numpy.typing as npt

__all__ = [
    "Shingles",
    "Sketch",
    "minhash",
    "permutations",
    "quote_ranges",
    "shingle_values",
    "shingles",
    "signature_from_bytes",
    "word_bounds",
    "word_hashes",
    "word_spans",
    "words",
]

U32 = npt.NDArray[np.uint32]
U64 = npt.NDArray[np.uint64]

_MULTIPLIERS = np.array(  # odd 64-bit constants, one per position inside a shingle (k <= 8)
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93,
     0xFF51AFD7ED558CCD, 0xC4CEB9FE1A85EC53, 0x94D049BB133111EB, 0xBF58476D1CE4E5B9],
    dtype=np.uint64,
)  # fmt: skip
_BASE = 0x100000001B3  # odd: invertible modulo 2**64
_BMP = 0x10000


_UNICODE = 0x110000


@lru_cache(maxsize=1)
def _fold_table() -> npt.NDArray[np.uint32]:
    """Per code point: its casefolded code point when it is a word character, else 0.

    Word characters are exactly what ``re``'s ``\\w`` matches in the Basic Multilingual Plane;
    characters outside it (emoji) separate words.
    """
    table = np.zeros(_UNICODE, dtype=np.uint32)
    for code in range(1, _BMP):
        char = chr(code)
        if char.isalnum() or char == "_":
            fold = char.casefold()
            table[code] = ord(fold) if len(fold) == 1 else code
    table.setflags(write=False)
    return table


def _power_tables(n: int) -> tuple[U64, U64]:
    """``_BASE**i`` and its inverse ``_BASE**-i`` modulo 2**64 for ``i < n`` (at least; sizes are powers of 2)."""
    return _power_tables_of_size(max(4096, 1 << max(0, n - 1).bit_length()))


@lru_cache(maxsize=16)
def _power_tables_of_size(size: int) -> tuple[U64, U64]:
    # A cached pure function of ``size``: the tables never change once made.
    inverse = pow(_BASE, -1, 2**64)
    with np.errstate(over="ignore"):
        up = np.cumprod(np.full(size, _BASE, dtype=np.uint64))
        down = np.cumprod(np.full(size, inverse, dtype=np.uint64))
    one = np.ones(1, dtype=np.uint64)
    powers: U64 = np.concatenate([one, up[:-1]]).astype(np.uint64)
    inverses: U64 = np.concatenate([one, down[:-1]]).astype(np.uint64)
    powers.setflags(write=False)
    inverses.setflags(write=False)
    return powers, inverses


def _code_points(text: str) -> npt.NDArray[np.uint32]:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)


def _segment(codes: npt.NDArray[np.uint32]) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], U32]:
    """Word starts, word ends (exclusive) and the casefolded code points (0 between words) of a text."""
    cased = _fold_table()[codes]
    edges = np.zeros(cased.size + 2, dtype=np.bool_)
    np.not_equal(cased, 0, out=edges[1:-1])
    changes = np.flatnonzero(edges[1:] != edges[:-1])
    return changes[0::2], changes[1::2], cased


_SHARP_S = (0xDF, 0x1E9E)  # ß, ẞ: casefold to "ss", the one common folding that changes length
_S = 0x73


def _words(text: str) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp], U64]:
    """Word starts, word ends and a stable 64-bit hash of each casefolded word.

    The hash is a polynomial over the casefolded code points; ``ß`` counts as ``ss`` (so
    "Straße" and the Swiss "Strasse" are one word) without changing the offsets.
    """
    starts, ends, cased = _segment(_code_points(text))
    if not starts.size:
        return starts, ends, np.zeros(0, dtype=np.uint64)
    n = cased.size
    sharp = (cased == _SHARP_S[0]) | (cased == _SHARP_S[1])
    extra = int(np.count_nonzero(sharp))
    up, down = _power_tables(n + extra + 1)
    values = cased.astype(np.uint64)
    with np.errstate(over="ignore"):
        if extra:  # ß at position p contributes "s" at p and "s" at p + 1; later characters shift by one
            shift = np.cumsum(sharp) - sharp
            position = np.arange(n) + shift
            values[sharp] = _S
            weighted = values * up[position]
            weighted[sharp] += np.uint64(_S) * up[position[sharp] + 1]
            lengths = (ends - starts + (shift[ends - 1] + sharp[ends - 1] - shift[starts])).astype(np.uint64)
            offsets = position[starts]
        else:
            weighted = values * up[:n]
            lengths = (ends - starts).astype(np.uint64)
            offsets = starts
        prefix = np.empty(n + 1, dtype=np.uint64)
        prefix[0] = 0
        np.cumsum(weighted, out=prefix[1:])
        raw = (prefix[ends] - prefix[starts]) * down[offsets] + lengths
    return starts, ends, _fmix64(raw)


def word_hashes(text: str) -> U64:
    """A stable 64-bit hash of each normalised word of ``text``, in text order."""
    return _words(text)[2]


def words(text: str) -> list[str]:
    """The normalised words of ``text``: ``\\w+`` runs, casefolded (what the shingles are made of)."""
    return [text[start:end].casefold() for start, end in word_spans(text)]  # ß -> ss, as the hashes


def word_spans(text: str) -> list[tuple[int, int]]:
    """Character spans of the words of ``text``, in order (one per value of :func:`word_hashes`)."""
    starts, ends = word_bounds(text)
    return list(zip(starts.tolist(), ends.tolist(), strict=True))


def word_bounds(text: str) -> tuple[npt.NDArray[np.intp], npt.NDArray[np.intp]]:
    """Start and end offsets of the words of ``text`` (arrays, as :func:`word_spans`)."""
    starts, ends, _ = _segment(_code_points(text))
    return starts, ends


def _fmix64(values: U64) -> U64:
    with np.errstate(over="ignore"):
        values = values ^ (values >> np.uint64(33))
        values = values * np.uint64(0xFF51AFD7ED558CCD)
        values = values ^ (values >> np.uint64(33))
        values = values * np.uint64(0xC4CEB9FE1A85EC53)
        return values ^ (values >> np.uint64(33))


def shingle_values(hashes: U64, k: int = 5) -> U32:
    """One 32-bit value per shingle position (``len(hashes) - k + 1`` of them, in text order).

    ``hashes`` are :func:`word_hashes`; a text of fewer than ``k`` (but at least one) words has one
    shingle: all its words.
    """
    if not 1 <= k <= len(_MULTIPLIERS):
        raise ValueError(f"shingle size must be 1..{len(_MULTIPLIERS)}, got {k}")
    if not hashes.size:
        return np.zeros(0, dtype=np.uint32)
    k = min(k, hashes.size)
    n = hashes.size - k + 1
    with np.errstate(over="ignore"):
        combined = hashes[:n] * _MULTIPLIERS[0]
        for j in range(1, k):
            combined += hashes[j:j + n] * _MULTIPLIERS[j]
        combined += np.uint64(k)  # shingles of different sizes differ
    return (_fmix64(combined) >> np.uint64(32)).astype(np.uint32)


#: Direct quotations: „…“ "…" «…» »…« “…” within one paragraph.  Independent outlets quote the same
#: statement word for word; only text outside quotes shows that one copied the other.
_QUOTE = re.compile(r'„[^“”"\n]{1,1500}[“”"]|"[^"\n]{1,1500}"|«[^»\n]{1,1500}»|»[^«\n]{1,1500}«|“[^”"\n]{1,1500}[”"]')


def quote_ranges(text: str) -> list[tuple[int, int]]:
    """Character ranges of the direct quotations in ``text``, quotation marks included."""
    return [m.span() for m in _QUOTE.finditer(text)]


class Shingles:
    """The shingles of one text: the value at each position, the distinct values, and (computed when first
    asked for) the distinct values of the shingles with no word inside a direct quotation (``narrative``)."""

    __slots__ = ("_narrative", "_pending", "distinct", "positions")

    def __init__(self, positions: U32, distinct: U32, narrative: U32 | None = None,
                 pending: tuple[str, npt.NDArray[np.intp], int] | None = None) -> None:
        self.positions = positions  # one value per shingle position, in text order
        self.distinct = distinct  # sorted, unique
        self._narrative = narrative
        self._pending = pending  # (text, word starts, k) to find the quotations in, until asked

    def __len__(self) -> int:
        return int(self.distinct.size)

    @property
    def narrative(self) -> U32:
        """Sorted distinct values of the shingles outside quotations."""
        if self._narrative is None:
            text, starts, k = self._pending or ("", np.zeros(0, dtype=np.intp), 1)
            self._narrative = _narrative(text, starts, self.positions, self.distinct, k)
            self._pending = None
        return self._narrative


def _narrative(text: str, starts: npt.NDArray[np.intp], values: U32, distinct: U32, k: int) -> U32:
    quotes = quote_ranges(text) if values.size else []
    if not quotes:
        return distinct
    inside = np.zeros(starts.size + 1, dtype=np.int64)  # +1 at the first quoted word, -1 after the last
    bounds = np.searchsorted(starts, np.array(quotes, dtype=np.int64))
    np.add.at(inside, bounds[:, 0], 1)
    np.add.at(inside, bounds[:, 1], -1)
    quoted = np.cumsum(inside[:-1]) > 0
    width = min(k, starts.size)
    counts = np.concatenate(([0], np.cumsum(quoted)))
    free = (counts[width:] - counts[:-width])[:values.size] == 0
    return np.unique(values[free])


def shingles(text: str, k: int = 5) -> Shingles:
    """The word ``k``-shingles of ``text``."""
    starts, _, hashes = _words(text)
    values = shingle_values(hashes, k)
    return Shingles(values, np.unique(values), pending=(text, starts, k))


@lru_cache(maxsize=8)
def permutations(num_perm: int, seed: int) -> tuple[U32, U32]:
    """The ``(a, b)`` parameters of the ``num_perm`` hash functions (``a`` odd), fixed by ``seed``."""
    rng = np.random.RandomState(seed)
    a = rng.randint(0, 2**31, size=num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = rng.randint(0, 2**32, size=num_perm, dtype=np.uint64).astype(np.uint32)
    a.setflags(write=False)
    b.setflags(write=False)
    return a, b


def minhash(values: U32, num_perm: int = 128, seed: int = 1, *, block: int = 1024) -> U32:
    """The MinHash signature of a set of 32-bit shingle values (duplicates are harmless)."""
    a, b = permutations(num_perm, seed)
    signature = np.full(num_perm, 0xFFFFFFFF, dtype=np.uint32)
    for start in range(0, values.size, block):  # bounded memory for very long texts
        hashed = values[start:start + block, None] * a
        hashed += b
        np.minimum(signature, hashed.min(axis=0), out=signature)
    return signature


def signature_from_bytes(data: bytes, num_perm: int) -> U32:
    """The signature stored as ``num_perm * 4`` little-endian bytes."""
    if len(data) != num_perm * 4:
        raise ValueError(f"a signature of {num_perm} values has {num_perm * 4} bytes, got {len(data)}")
    return np.frombuffer(data, dtype="<u4").astype(np.uint32)


class Sketch:
    """A MinHash signature in the shape :class:`datasketch.MinHashLSH` indexes (``hashvalues``, ``len``)."""

    __slots__ = ("hashvalues",)

    def __init__(self, hashvalues: U32) -> None:
        self.hashvalues = hashvalues

    def __len__(self) -> int:
        return int(self.hashvalues.size)

    def to_bytes(self) -> bytes:
        return self.hashvalues.astype("<u4").tobytes()

    def jaccard(self, other: Sketch) -> float:
        """The Jaccard similarity the two signatures estimate."""
        return float(np.count_nonzero(self.hashvalues == other.hashvalues)) / max(1, len(self))
