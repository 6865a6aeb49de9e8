"""The optional trained quote model: messages first, then their cue and source.

Not part of the default pipeline.  The model is trained by the user, on their own
machine, from SpkAtt-2023 news (CC BY-NC-SA 4.0), with
``python -m training.quotes.train_model`` — so the weights carry that licence
(non-commercial, share-alike) and are never shipped with lagebild.  Point
``LAGEBILD_QUOTE_MODEL`` at the written ``.npz`` to use it instead of the rules
for finding statements; speakers are resolved by the same code as for the rules.

How it reads an article (two passes over one multilingual-e5-small encoder with
LoRA adapters in its upper layers, numpy only):

1. **Messages.** The article is cut into windows: a *core* of whole sentences
   (about ``CORE_WORDS`` words) with some words of context on each side.  Every
   core word gets a tag from ``MESSAGE_TAGS`` — ``B``/``I``, and ``C`` for a
   message part that resumes the previous one after its frame ("„A“, sagte er,
   „B“") — and a distribution over the SpkAtt ``FORMS`` (Direct, Indirect,
   FreeIndirect, IndirectFreeIndirect, Reported).  One Viterbi pass over the whole
   article joins the cores; a message's form is the most likely over its words.
   (Tags and forms are separate heads: with the form inside the tag, the five
   ``I-`` tags split the probability of "inside a message" and ``O`` won.)
2. **Cue and source per message.** The message's window is run again from the
   injection layer on, with a learned vector added to the message's words;
   ``ROLE_TAGS`` marks its cue and its source.  The lower layers are computed once
   per window and shared by both passes.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from lagebild.errors import LagebildError
from lagebild.ner.encoder import FloatArray, words_to_pieces
from lagebild.ner.neural import MergedEncoder, log_softmax
from lagebild.ner.tags import viterbi_bio

FORMS = ("Direct", "Indirect", "FreeIndirect", "IndirectFreeIndirect", "Reported")
MESSAGE_TAGS: tuple[str, ...] = ("O", "B-Message", "I-Message", "C-Message")
ROLE_TAGS: tuple[str, ...] = ("O", "B-Cue", "I-Cue", "B-Source", "I-Source")
CORE_WORDS = 64  # sentences are grouped into cores of at most this many words (a longer sentence alone)
LONG_SENTENCE = 100  # longer sentences are cut into parts of this many words first
CONTEXT_WORDS = 40  # words of context on each side of a core
MAX_PIECES = 400  # context shrinks until a window fits
BATCH_PIECES = 2048


@dataclass(frozen=True, slots=True)
class Window:
    """Token ranges (absolute, end exclusive): the words the encoder sees and the core it tags."""

    first: int
    end: int
    core_first: int
    core_end: int


def make_windows(sentences: list[tuple[int, int]], pieces: list[int]) -> list[Window]:
    """Windows whose cores partition the tokens; ``pieces[i]`` is the sub-word count of token i."""
    units = [(start, min(end, start + LONG_SENTENCE)) for first, end in sentences
             for start in range(first, end, LONG_SENTENCE)]
    cores: list[tuple[int, int]] = []
    for first, end in units:
        if cores and end - cores[-1][0] <= CORE_WORDS:
            cores[-1] = (cores[-1][0], end)
        else:
            cores.append((first, end))
    size = len(pieces)
    windows = []
    for core_first, core_end in cores:
        left, right = max(0, core_first - CONTEXT_WORDS), min(size, core_end + CONTEXT_WORDS)
        while sum(pieces[left:right]) > MAX_PIECES and (left < core_first or right > core_end):
            if core_first - left >= right - core_end:
                left = min(core_first, left + 4)
            else:
                right = max(core_end, right - 4)
        windows.append(Window(left, right, core_first, core_end))
    return windows


def window_of(windows: list[Window], token: int) -> int:
    """The index of the window whose core holds ``token``."""
    for index, window in enumerate(windows):
        if window.core_first <= token < window.core_end:
            return index
    return len(windows) - 1


@dataclass(slots=True)
class Statement:
    """One predicted statement, in token indices."""

    form: str  # one of FORMS
    message: list[tuple[int, int]]  # runs (first, end)
    cue: list[int] = field(default_factory=list)
    source: list[int] = field(default_factory=list)
    nested: bool = False


def messages_from_tags(tags: list[str]) -> list[Statement]:
    """Decoded message tags -> statements (form not yet set); a ``C-`` run joins the latest statement."""
    statements: list[Statement] = []
    current: Statement | None = None
    for index, tag in enumerate(tags):
        if tag == "O":
            current = None
        elif tag[0] == "I" and current is not None:
            first, _ = current.message[-1]
            current.message[-1] = (first, index + 1)
        elif tag[0] == "C" and statements:
            current = statements[-1]
            current.message.append((index, index + 1))
        else:
            current = Statement("", [(index, index + 1)])
            statements.append(current)
    return statements


@dataclass(slots=True)
class EncodedArticle:
    """An article's windows, their sub-word pieces and the states below the injection layer."""

    windows: list[Window]
    encoded: list[tuple[list[int], list[int]]]
    lower: list[FloatArray]


class QuoteModel:
    """The trained two-pass model (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        meta_path = path.with_suffix(".json")
        if not path.is_file() or not meta_path.is_file():
            raise LagebildError(f"quote model {path} not found (it needs {path.name} and {meta_path.name}); "
                                f"train one with: python -m training.quotes.train_model --out {path.with_suffix('')}")
        self.name = path.name
        try:
            self.meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise LagebildError(f"quote model {meta_path} is unreadable ({exc}): train it again") from exc
        if (tuple(self.meta.get("message_tags", ())) != MESSAGE_TAGS or tuple(self.meta.get("forms", ())) != FORMS
                or tuple(self.meta.get("role_tags", ())) != ROLE_TAGS):
            raise LagebildError(f"quote model {path} was trained with another tag set: train it again")
        try:
            trained = np.load(path)
            self.encoder = MergedEncoder(trained, None)
            self.inject = int(self.meta["inject_layer"])
            self.stage_vector = trained["stage2"].astype(np.float32)
            self.message_vector = trained["message"].astype(np.float32)
            self.message_head = (np.ascontiguousarray(trained["head1.w"].T), trained["head1.b"])
            self.form_head = (np.ascontiguousarray(trained["head_form.w"].T), trained["head_form.b"])
            self.role_head = (np.ascontiguousarray(trained["head2.w"].T), trained["head2.b"])
        except (OSError, ValueError, KeyError) as exc:  # truncated or foreign file
            raise LagebildError(f"quote model {path} is unreadable ({type(exc).__name__}: {exc}): "
                                f"train it again") from exc

    def predict(self, words: list[str], sentences: list[tuple[int, int]]) -> list[Statement]:
        """Statements in a tokenised article (``sentences`` as token ranges covering ``words``)."""
        statements, encoded = self.messages(words, sentences)
        self.roles(encoded, statements)
        return statements

    def messages(self, words: list[str], sentences: list[tuple[int, int]]) -> tuple[list[Statement], EncodedArticle]:
        """First pass: the statements' messages and forms (no cue or source yet)."""
        if not words:
            return [], EncodedArticle([], [], [])
        tokenizer = self.encoder.e5.tokenizer
        pieces = [len(tokenizer.encode_word(w) or (0,)) for w in words]
        windows = make_windows(sentences, pieces)
        encoded = [self._pieces(words[w.first:w.end]) for w in windows]
        article = EncodedArticle(windows, encoded, self._lower(encoded))
        log_probs = np.zeros((len(words), len(MESSAGE_TAGS)), dtype=np.float32)
        form_log_probs = np.zeros((len(words), len(FORMS)), dtype=np.float32)
        for index, states in self._upper([(i, None) for i in range(len(windows))], article):
            window = windows[index]
            core = states[window.core_first - window.first:window.core_end - window.first]
            log_probs[window.core_first:window.core_end] = log_softmax(core @ self.message_head[0]
                                                                       + self.message_head[1])
            form_log_probs[window.core_first:window.core_end] = log_softmax(core @ self.form_head[0]
                                                                            + self.form_head[1])
        statements = messages_from_tags(viterbi_bio(log_probs, MESSAGE_TAGS))
        for statement in statements:
            votes = sum(form_log_probs[first:end].sum(0) for first, end in statement.message)
            statement.form = FORMS[int(np.argmax(votes))]
        return statements, article

    def roles(self, article: EncodedArticle, statements: Sequence[Statement]) -> None:
        """Second pass: fill in each statement's cue and source (also for statements found otherwise)."""
        jobs: list[tuple[int, np.ndarray | None]] = []
        windows = article.windows
        for statement in statements:
            index = window_of(windows, statement.message[0][0])
            window = windows[index]
            inside = np.zeros(window.end - window.first, dtype=bool)
            for first, end in statement.message:
                inside[max(first, window.first) - window.first:max(min(end, window.end) - window.first, 0)] = True
            jobs.append((index, inside))
        for statement, (index, states) in zip(statements, self._upper(jobs, article), strict=True):
            window = windows[index]
            tags = viterbi_bio(log_softmax(states @ self.role_head[0] + self.role_head[1]), ROLE_TAGS)
            statement.cue = [window.first + i for i, tag in enumerate(tags) if tag.endswith("Cue")]
            statement.source = [window.first + i for i, tag in enumerate(tags) if tag.endswith("Source")]

    def _pieces(self, words: list[str]) -> tuple[list[int], list[int]]:
        return words_to_pieces(self.encoder.e5.tokenizer, words, max_pieces=510)

    def _lower(self, encoded: list[tuple[list[int], list[int]]]) -> list[FloatArray]:
        """Hidden states of every window below the injection layer."""
        result: list[FloatArray] = [np.zeros(0, dtype=np.float32)] * len(encoded)
        for batch in _batches([len(ids) for ids, _ in encoded], list(range(len(encoded)))):
            longest = max(len(encoded[i][0]) for i in batch)
            ids = np.zeros((len(batch), longest), dtype=np.int64)
            for row, i in enumerate(batch):
                ids[row, :len(encoded[i][0])] = encoded[i][0]
            lengths = [len(encoded[i][0]) for i in batch]
            states = self.encoder.run(self.encoder.embed(ids), lengths, 0, self.inject)
            for row, i in enumerate(batch):
                result[i] = states[row, :lengths[row]]
        return result

    def _upper(self, jobs: list[tuple[int, np.ndarray | None]], article: EncodedArticle
               ) -> list[tuple[int, FloatArray]]:
        """Final word states per job ``(window, message mask or None)``, in job order."""
        encoded, lower = article.encoded, article.lower
        results: list[tuple[int, FloatArray]] = [(0, np.zeros(0, dtype=np.float32))] * len(jobs)
        hidden = self.encoder.config.hidden
        for batch in _batches([len(encoded[w][0]) for w, _ in jobs], list(range(len(jobs)))):
            lengths = [len(encoded[jobs[j][0]][0]) for j in batch]
            x = np.zeros((len(batch), max(lengths), hidden), dtype=np.float32)
            for row, j in enumerate(batch):
                window, inside = jobs[j]
                x[row, :lengths[row]] = lower[window]
                if inside is not None:
                    x[row, :lengths[row]] += self.stage_vector
                    pieces = x[row, :lengths[row]]  # a view: the update lands in x
                    pieces[piece_mask(encoded[window][1], lengths[row], inside)] += self.message_vector
            states = self.encoder.run(x, lengths, self.inject)
            for row, j in enumerate(batch):
                window = jobs[j][0]
                results[j] = (window, states[row, encoded[window][1]])
        return results


def piece_mask(firsts: list[int], length: int, words: np.ndarray) -> np.ndarray:
    """Which of a window's ``length`` pieces belong to the words marked in ``words`` (one bool per word)."""
    mask = np.zeros(length, dtype=bool)
    bounds = [*firsts[1:], length - 1]
    for word in np.flatnonzero(words):
        mask[firsts[word]:max(bounds[word], firsts[word] + 1)] = True
    return mask


def _batches(lengths: list[int], order: list[int]) -> list[list[int]]:
    """Indices grouped so that a padded batch holds at most ``BATCH_PIECES`` pieces."""
    order = sorted(order, key=lambda i: lengths[i])
    batches: list[list[int]] = []
    for i in order:
        if batches and (len(batches[-1]) + 1) * lengths[i] <= BATCH_PIECES:
            batches[-1].append(i)
        else:
            batches.append([i])
    return batches


def load_quote_model(path: str) -> QuoteModel:
    """The model at ``path`` (pipelines load it once through :class:`lagebild.resources.Resources`)."""
    return QuoteModel(Path(path).expanduser())
