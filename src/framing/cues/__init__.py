"""Framing cues: lexicon matches, loaded-language score, contrastive phrases,
wording alignment and frame dimensions, computed together by ``CueEngine``.

Every table keeps the article id and character offsets (into the field as
given), so each number can be traced back to the sentences behind it.
"""

from framing.cues.engine import CueEngine
from framing.cues.lexicon import Category, Cue, Lexicon, builtin_lexicon, load_lexicon
from framing.cues.match import LexiconMatcher
from framing.cues.tables import CueResults

__all__ = [
    "Category",
    "Cue",
    "CueEngine",
    "CueResults",
    "Lexicon",
    "LexiconMatcher",
    "builtin_lexicon",
    "load_lexicon",
]
