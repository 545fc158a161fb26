"""Catalogue search for a touch screen: hanzi, full pinyin, pinyin initials, English,
and Latin typos within one edit; ranked.

Backed by an in-memory SQLite database built from the catalogue (derived data, rebuilt
when the catalogue changes; 40 services take milliseconds, 10,000 a few seconds):

- `terms`: a B-tree "pinyin index" of every searchable form of every name and keyword:
  hanzi, full pinyin (`shenfenzheng`), initials (`sfz`), lower-case English, and for
  names every suffix that starts at a character / syllable / word, so `hk` finds
  `办理户口迁移` and `registration` finds `Birth registration`. Exact and prefix look-ups
  are index range scans.
- `fts`: an FTS5 table (trigram tokenizer) over names, keywords, descriptions and
  department names, for substrings anywhere (3+ characters).
- `deletes`: a one-deletion neighbourhood of every Latin word (SymSpell), so a query
  word within one edit (insert, delete, substitute, swap) of a known word still hits.

Ranking tiers (lower is better): 0 exact name, 1 name prefix, 2 a word inside the name
starts with the query, 3 exact keyword, 4 keyword prefix, 5 department or category,
6 text anywhere (FTS), 7 one-edit typo. Ties: high-frequency services first, then
shorter names.
"""

from __future__ import annotations

import re
import sqlite3
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterable, Mapping

TIER_EXACT_NAME, TIER_NAME_PREFIX, TIER_NAME_WORD, TIER_KEYWORD, TIER_KEYWORD_PREFIX, TIER_DEPARTMENT, \
    TIER_TEXT, TIER_FUZZY = range(8)
TIER_NAMES = ("exact_name", "name_prefix", "name_word", "keyword", "keyword_prefix", "department", "text", "typo")

_HAN = re.compile(r"[\u3400-\u9fff]")
_LATIN_WORD = re.compile(r"[a-z][a-z0-9]*")
ROW_CAP = 4000  # raw term rows read per tier: bounds the cost of one-letter queries


@dataclass(frozen=True)
class Hit:
    service_id: str
    tier: int
    name_zh: str
    name_en: str

    @property
    def matched(self) -> str:
        return TIER_NAMES[self.tier]

    def to_dict(self) -> dict:
        return {"id": self.service_id, "tier": self.tier, "matched": self.matched,
                "name_zh": self.name_zh, "name_en": self.name_en}


def normalize(text: str) -> str:
    """NFKC (full-width -> half-width), lower case, punctuation -> space, spaces collapsed."""
    t = unicodedata.normalize("NFKC", text or "").lower()
    t = "".join(ch if (ch.isalnum() or ch.isspace()) else " " for ch in t)
    return " ".join(t.split())


@lru_cache(maxsize=65536)
def syllables(text: str) -> tuple[str, ...]:
    """Pinyin syllables of the hanzi, other runs split into words (lower case)."""
    from pypinyin import lazy_pinyin
    out: list[str] = []
    for chunk in lazy_pinyin(text, errors=lambda s: [s]):
        chunk = chunk.strip().lower()
        if not chunk:
            continue
        out.extend(w for w in re.split(r"\s+", chunk) if w)
    return tuple(out)


def forms(text: str) -> tuple[str, str, str]:
    """(hanzi form without spaces, full pinyin, initials) of a Chinese string."""
    t = normalize(text)
    syl = syllables(t.replace(" ", ""))
    return t.replace(" ", ""), "".join(syl), "".join(s[0] for s in syl)


def _suffixes_zh(text: str) -> set[str]:
    t = normalize(text).replace(" ", "")
    syl = syllables(t)
    out = {t[i:] for i in range(len(t))}
    out |= {"".join(syl[i:]) for i in range(len(syl))}
    out |= {"".join(s[0] for s in syl[i:]) for i in range(len(syl))}
    return out


def _suffixes_en(text: str) -> set[str]:
    words = normalize(text).split()
    return {" ".join(words[i:]) for i in range(len(words))}


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1:] for i in range(len(word))}


def within_one_edit(a: str, b: str) -> bool:
    """Optimal string alignment distance <= 1 (insert, delete, substitute, adjacent swap)."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        diff = [i for i in range(la) if a[i] != b[i]]
        if len(diff) == 1:
            return True
        return len(diff) == 2 and diff[1] == diff[0] + 1 and a[diff[0]] == b[diff[1]] and a[diff[1]] == b[diff[0]]
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


class SearchIndex:
    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    @classmethod
    def build(cls, services: Iterable, departments: Mapping[str, Mapping] | None = None) -> "SearchIndex":
        conn = sqlite3.connect(":memory:", check_same_thread=False)
        conn.executescript("""
            PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;
            CREATE TABLE svc (sid INTEGER PRIMARY KEY, id TEXT, name_zh TEXT, name_en TEXT, rank INTEGER);
            CREATE TABLE terms (term TEXT NOT NULL, tier INTEGER NOT NULL, sid INTEGER NOT NULL);
            CREATE TABLE vocab (word TEXT PRIMARY KEY) WITHOUT ROWID;
            CREATE TABLE deletes (variant TEXT NOT NULL, word TEXT NOT NULL);
            CREATE VIRTUAL TABLE fts USING fts5(body, tokenize='trigram');
        """)
        departments = departments or {}
        svcs = list(services)
        # Global order for ties: high-frequency first, then shorter Chinese names, then id.
        order = sorted(svcs, key=lambda s: (not s.high_frequency, len(s.name_zh), s.id))
        rank = {s.id: i for i, s in enumerate(order)}
        term_rows: list[tuple[str, int, int]] = []
        vocab: set[str] = set()
        svc_rows, fts_rows = [], []
        for sid, s in enumerate(svcs, 1):
            d = s.data
            svc_rows.append((sid, s.id, s.name_zh, s.name_en, rank[s.id]))
            terms: dict[str, int] = {}

            def add(term: str, tier: int):
                if term and tier < terms.get(term, 99):
                    terms[term] = tier

            for t in forms(s.name_zh):
                add(t, TIER_EXACT_NAME)
            add(normalize(s.name_en), TIER_EXACT_NAME)
            for t in _suffixes_zh(s.name_zh) | _suffixes_en(s.name_en):
                add(t, TIER_NAME_WORD)
            for kw in d["keywords"]["zh"]:
                for t in forms(kw):
                    add(t, TIER_KEYWORD)
            for kw in d["keywords"]["en"]:
                add(normalize(kw), TIER_KEYWORD)
            dep = departments.get(s.department, {})
            for t in (forms(dep.get("zh", "")) if dep else ()):
                add(t, TIER_DEPARTMENT)
            for t in _suffixes_en(dep.get("en", "")) | {s.department, s.category.replace("_", " ")}:
                add(normalize(t), TIER_DEPARTMENT)
            term_rows.extend((t, tier, sid) for t, tier in terms.items())
            # Latin vocabulary for typo tolerance: English words and whole pinyin words.
            latin = " ".join([s.name_en, *d["keywords"]["en"], dep.get("en", "")])
            vocab.update(w for w in _LATIN_WORD.findall(normalize(latin)) if len(w) >= 4)
            for kw in [s.name_zh, *d["keywords"]["zh"]]:
                py = forms(kw)[1]
                if len(py) >= 4 and py.isascii():
                    vocab.add(py)
            body = " ".join([s.name_zh, s.name_en, *d["keywords"]["zh"], *d["keywords"]["en"],
                             d.get("description", {}).get("zh", ""), d.get("description", {}).get("en", ""),
                             dep.get("zh", ""), dep.get("en", "")])
            fts_rows.append((sid, normalize(body)))
        conn.executemany("INSERT INTO svc VALUES (?,?,?,?,?)", svc_rows)
        conn.executemany("INSERT INTO terms VALUES (?,?,?)", term_rows)
        conn.executemany("INSERT INTO fts(rowid, body) VALUES (?,?)", fts_rows)
        conn.executemany("INSERT INTO vocab VALUES (?)", [(w,) for w in vocab])
        conn.executemany("INSERT INTO deletes VALUES (?,?)", [(v, w) for w in vocab for v in _deletes(w)])
        conn.executescript("""
            CREATE INDEX terms_term ON terms(term, tier, sid);
            CREATE INDEX deletes_variant ON deletes(variant);
            ANALYZE;
        """)
        return cls(conn)

    # ---- querying ---------------------------------------------------------------------

    def _terms(self, q: str, best: dict[int, int], *, prefix: bool, shift: int = 0, cap: int = ROW_CAP) -> None:
        if prefix:
            rows = self.conn.execute("SELECT term, tier, sid FROM terms WHERE term >= ? AND term < ? LIMIT ?",
                                     (q, q + "\U0010ffff", cap))
        else:
            rows = self.conn.execute("SELECT term, tier, sid FROM terms WHERE term = ?", (q,))
        for term, tier, sid in rows:
            exact = term == q
            if tier == TIER_EXACT_NAME:
                t = TIER_EXACT_NAME if exact else TIER_NAME_PREFIX
            elif tier == TIER_NAME_WORD:
                t = TIER_NAME_WORD
            elif tier == TIER_KEYWORD:
                t = TIER_KEYWORD if exact else TIER_KEYWORD_PREFIX
            else:
                t = TIER_DEPARTMENT
            t += shift
            if t < best.get(sid, 99):
                best[sid] = t

    def _fuzzy_words(self, word: str) -> set[str]:
        cands = {r[0] for r in self.conn.execute("SELECT word FROM vocab WHERE word = ?", (word,))}
        variants = list(_deletes(word))
        cands |= {r[0] for r in self.conn.execute(
            f"SELECT word FROM vocab WHERE word IN ({','.join('?' * len(variants))})", variants)}
        cands |= {r[0] for r in self.conn.execute("SELECT word FROM deletes WHERE variant = ?", (word,))}
        cands |= {r[0] for r in self.conn.execute(
            f"SELECT word FROM deletes WHERE variant IN ({','.join('?' * len(variants))})", variants)}
        return {c for c in cands if c != word and within_one_edit(word, c)}

    def _token(self, tok: str) -> dict[int, int]:
        best: dict[int, int] = {}
        self._terms(tok, best, prefix=True)
        if len(tok) >= 3 and (not best or min(best.values()) > TIER_KEYWORD_PREFIX):
            for (sid,) in self.conn.execute("SELECT rowid FROM fts WHERE fts MATCH ? LIMIT 500",
                                            ('"' + tok.replace('"', '""') + '"',)):
                best.setdefault(sid, TIER_TEXT)
        elif len(tok) == 2 and _HAN.search(tok) and not best:
            for (sid,) in self.conn.execute("SELECT rowid FROM fts WHERE instr(body, ?) > 0 LIMIT 500", (tok,)):
                best.setdefault(sid, TIER_TEXT)
        # One-edit typos: words of 4+ letters, or 3 letters when nothing else matched (`fnd` -> fund).
        if tok.isascii() and tok.isalpha() and (len(tok) >= 4 and (not best or min(best.values()) > TIER_KEYWORD)
                                                or len(tok) == 3 and not best):
            for word in self._fuzzy_words(tok):
                found: dict[int, int] = {}
                self._terms(word, found, prefix=True, cap=500)
                for sid in found:
                    best.setdefault(sid, TIER_FUZZY)
        return best

    def search(self, query: str, limit: int = 20) -> list[Hit]:
        q = normalize(query)
        if not q:
            return []
        best: dict[int, int] = {}
        whole = q.replace(" ", "") if _HAN.search(q) else q
        self._terms(whole, best, prefix=True)
        tokens = q.split()
        if len(tokens) > 1 and q.replace(" ", "").isascii() and q.replace(" ", "").isalpha():
            self._terms(q.replace(" ", ""), best, prefix=True)  # pinyin typed with spaces: "hu kou"
        phrase_hits = sum(1 for t in best.values() if t <= TIER_NAME_WORD)
        if len(tokens) > 1 and phrase_hits < limit:
            # Every word must match somewhere; such a hit ranks after whole-phrase hits of the same tier.
            per = [self._token(t) for t in tokens]
            common = set.intersection(*(set(p) for p in per))
            for sid in common:
                t = max(p[sid] for p in per)
                if t < best.get(sid, 99):
                    best[sid] = min(TIER_FUZZY, t + 1) if sid not in best else best[sid]
        elif not best or min(best.values()) > TIER_KEYWORD_PREFIX:
            for sid, t in self._token(q).items():
                if t < best.get(sid, 99):
                    best[sid] = t
        if not best:
            return []
        sids = sorted(best, key=lambda s: best[s])[: max(limit * 4, 200)]
        rows = {r[0]: r for r in self.conn.execute(
            f"SELECT sid, id, name_zh, name_en, rank FROM svc WHERE sid IN ({','.join('?' * len(sids))})", sids)}
        ordered = sorted(sids, key=lambda s: (best[s], rows[s][4]))
        return [Hit(rows[s][1], best[s], rows[s][2], rows[s][3]) for s in ordered[:limit]]
