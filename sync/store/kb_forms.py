"""The KB's words in the forms FTS5's own tokenizer cannot find as people type them.

``unicode61`` folds case and Latin accents, but it cuts text only at spaces and
punctuation, and it folds nothing else:

- Chinese and Japanese are written without spaces (Korean between phrases
  only): a whole run ("プリンターが印刷できない") is one token, and no word in it
  can be found.  Such runs are indexed again as overlapping pairs of characters
  (the usual way to search CJK text without a dictionary), and a word typed in a
  search is looked up as the phrase of its pairs (``typed_pieces``, ``phrase``).
- Compatibility forms: full-width "ＰＲＩＮＴＥＲ" from a Japanese keyboard,
  letters written as a base and a combining accent (text pasted from macOS),
  ligatures.  Such words are indexed again in NFKC.
- Letters people type without their marks, which FTS5 keeps (it folds only accents
  that decompose, and only in Latin): "lodz" for "Łódź", "kobenhavn" for "København",
  "еще" for "ещё", Greek without its accents ("εκτυπωτης").  Such words are indexed
  again folded (``_LETTER_FOLDS``, Greek accents dropped); a search folds what is
  typed the same way.
- Case folding proper: "Straße" typed "Strasse", the Greek final sigma.  Nothing
  is indexed for these (ß is common in German, and indexing it would make an
  update re-index most of a German KB): a search folds what is typed
  (``folded``) and also looks for the word as the index holds it (``case_variants``).

These extra forms live in the article's ``name_forms`` (of its title) and
``text_forms`` (of its summary and text) columns, which the FTS index holds
after the title's and the summary's own words (schema migration 19); text in
plain ASCII or ordinary Latin-1 letters has none, and costs a few whole-text
checks in C."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable

from sync.text_fold import PLAIN_LETTERS

# Hiragana, katakana, CJK ideographs (and extension A, compatibility), Hangul syllables
# and jamo: scripts written without spaces between words.
_CJK = "\u1100-\u11ff\u3040-\u30ff\u3130-\u318f\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff"
CJK_RUN = re.compile(f"[{_CJK}]+")
# The parts of a CJK run in one script: kanji (hanzi), hiragana, katakana (with its
# long-vowel mark), Hangul.
_SCRIPT_PART = re.compile(
    "[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[\u3040-\u309f]+|[\u30a0-\u30ff]+"
    "|[\u1100-\u11ff\u3130-\u318f\uac00-\ud7af]+"
)
MAX_WORD_CHARACTERS = 4  # a longer run of kanji or kana is most likely several words
# Letters that stand for others once their marks are left off, which FTS5's
# remove_diacritics does not fold (they do not decompose): the visit filter's plain
# letters, Catalan ŀ (only a compatibility form of "l·"), ё as Russian search folds it.
# Not text_fold.folded itself: FTS5 keeps every other Cyrillic mark (й is not и).
_LETTER_FOLDS = str.maketrans(PLAIN_LETTERS | {"ŀ": "l", "ё": "е"})
_GREEK = re.compile("[\u0370-\u03ff\u1f00-\u1fff]")
_COMBINING = re.compile("[\u0300-\u036f]")
# In Latin-1 text, the letters and digits with another form: NFKC's, and _LETTER_FOLDS'.
_LATIN1_OTHER_FORMS = "ªº¹²³¼½¾æøðþÆØÐÞ"
# Outside Latin-1, besides CJK and what NFKC changes: _LETTER_FOLDS' and Greek letters.
_OTHER_FORMS = re.compile(f"[{_CJK}łŁđĐıħĦŀĿŧŦœŒёЁ\u0370-\u03ff\u1f00-\u1fff]")
# A word: letters and digits, and combining marks (an accent written after its letter),
# which ``\w`` leaves out.
_WORD = re.compile(r"[\w\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+")


def folded(text: str) -> str:
    """text as it is searched: compatibility forms composed (NFKC), case folded, letters
    that stand for others without their marks folded (``without_marks``)."""
    return without_marks(unicodedata.normalize("NFKC", text).casefold())


def without_marks(text: str) -> str:
    """Lower-case text with ``_LETTER_FOLDS`` applied and Greek accents dropped."""
    text = text.translate(_LETTER_FOLDS)
    if not _GREEK.search(text):
        return text
    bare = _COMBINING.sub("", unicodedata.normalize("NFD", text))
    return unicodedata.normalize("NFC", bare)


def case_variants(word: str) -> list[str]:
    """The other spellings a folded word may have in the index, which keeps what case
    folding changes: "ß" for "ss" ("strasse": "straße"), a final "ς" for "σ"."""
    variants = []
    if "ss" in word:
        variants.append(word.replace("ss", "ß"))
    if word.endswith("σ"):
        variants += [w[:-1] + "ς" for w in [word, *variants]]
    return variants


def pairs(run: str) -> list[str]:
    """A run of CJK characters as its overlapping pairs ("打印机": "打印", "印机");
    a single character as itself."""
    if len(run) < 2:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def typed_pieces(word: str) -> list[str]:
    """A word as typed (folded), as the pieces it is searched by.  Its CJK text is cut
    where the script changes (Japanese words mostly begin and end there: "プリンター",
    "が", "印刷", "できない"), each part a word; but a long run of kanji, hanzi or
    hiragana, most likely several words, is cut into its pairs.  The rest of the word
    ("windows10" of "windows10の設定") is a word of its own.  A CJK word is searched
    as the phrase of its pairs (``phrase``)."""
    return _cut_at_cjk_runs(word, _typed_words)


def _typed_words(run: str) -> list[str]:
    pieces: list[str] = []
    for part in _SCRIPT_PART.findall(run):
        is_katakana = "\u30a0" <= part[0] <= "\u30ff"  # a loanword: one word, however long
        pieces += [part] if is_katakana or len(part) <= MAX_WORD_CHARACTERS else pairs(part)
    return pieces


def phrase(piece: str) -> str:
    """A CJK word as the FTS5 phrase of its pairs, as ``text_forms`` holds them."""
    return " ".join(pairs(piece))


def _indexed_pieces(word: str) -> list[str]:
    """A word of an article (folded) as ``text_forms`` holds it: the pairs of each CJK
    run, and the rest of the word ("windows10の設定": "windows10", "の設", "設定")."""
    return _cut_at_cjk_runs(word, pairs)


def _cut_at_cjk_runs(word: str, run_pieces: Callable[[str], list[str]]) -> list[str]:
    """word's CJK runs, each as run_pieces makes it, between the rest of word's text."""
    pieces: list[str] = []
    position = 0
    for run in CJK_RUN.finditer(word):
        pieces += [word[position : run.start()], *run_pieces(run.group())]
        position = run.end()
    pieces.append(word[position:])
    return [piece for piece in pieces if piece]


def search_forms(*texts: str) -> str:
    """The extra forms of the words of texts (an article's title; or its summary and
    text), space separated: what the FTS index holds in ``name_forms`` or ``text_forms``.

    Most text has none (Latin, Greek or Cyrillic letters each written as one
    character): a few whole-text checks in C say so before any word is looked at."""
    forms: list[str] = []
    for text in texts:
        if text.isascii() or not _has_other_forms(text):
            continue
        for chunk in text.split():
            if chunk.isascii() or not _has_other_forms(chunk):
                continue
            for word in _WORD.findall(chunk):
                form = without_marks(unicodedata.normalize("NFKC", word).lower())
                if CJK_RUN.search(form):
                    forms += _indexed_pieces(form)
                elif form != word.lower():
                    forms.append(form)
    return " ".join(forms)


def _has_other_forms(text: str) -> bool:
    """Whether a word of text may have another form: checks of the whole text in C (an
    article's words are each looked at only when this says yes)."""
    try:
        text.encode("latin-1")  # a copy, when every character is Latin-1
    except UnicodeEncodeError:
        return _OTHER_FORMS.search(text) is not None or not unicodedata.is_normalized("NFKC", text)
    return any(character in text for character in _LATIN1_OTHER_FORMS)
