"""Pinyin search keys for the picker (civicgrid/static/js/picker.js): typing "dlqs" or "daolu" finds 道路清扫.

Each run of Chinese characters gives its full pinyin without tones or spaces ("daoluqingsao", ü as "v" as on a
phone keyboard) and its initials ("dlqs"); the browser matches what is typed as a substring, so "daolu" and
"dlq" match too. pypinyin reads a character by the phrase it stands in (长期 → changqi, 重大 → zhongda); the few
phrases of ours it reads wrong are in READINGS. (Adding every reading of each character would make 事件 also
"zm" and 市 "fu": archaic readings that flood the results.)

The keys are computed on the server, once per text: pypinyin's dictionaries take ~55 MB and half a second to
load, so a process loads them only when it meets a text whose keys are in neither its own memory nor the shared
cache (Redis when scaled out). A changed catalogue entry is a new text, so no version is needed.
"""

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache

from django.core.cache import cache

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# Readings pypinyin's phrases get wrong in our catalogue (checked over every class name of case_categories.csv).
READINGS = {"行道树": "háng dào shù"}
CACHE_PREFIX = "pinyin-keys:v1:"
CACHE_SECONDS = 30 * 24 * 3600
LOCAL_LIMIT = 20_000  # an admin may rename entries for years without a restart

_local: dict[str, str] = {}


def keys_for(texts: Iterable[str]) -> dict[str, str]:
    """The search keys of each text (one cache round trip for all of them); "" for a text without Chinese."""
    texts = {text for text in texts if text}
    found = {text: _local[text] for text in texts if text in _local}
    missing = {CACHE_PREFIX + hashlib.sha1(text.encode()).hexdigest(): text for text in texts if text not in found}
    if missing:
        shared = cache.get_many(list(missing))
        fresh = {name: pinyin_keys(text) for name, text in missing.items() if name not in shared}
        if fresh:
            cache.set_many(fresh, CACHE_SECONDS)
        if len(_local) > LOCAL_LIMIT:
            _local.clear()
        for name, text in missing.items():
            found[text] = _local[text] = shared.get(name, fresh.get(name, ""))
    return found


def pinyin_keys(text: str) -> str:
    """Space-separated keys of one text, e.g. 道路清扫保洁 → "daoluqingsaobaojie dlqsbj"."""
    keys: list[str] = []
    for run in HAN.findall(text):
        syllables = [syllable.lower() for syllable in _lazy_pinyin()(run)]
        keys += ["".join(syllables), "".join(syllable[:1] for syllable in syllables)]
    return " ".join(dict.fromkeys(keys))


@lru_cache(maxsize=1)
def _lazy_pinyin():
    from pypinyin import lazy_pinyin, load_phrases_dict  # loaded only by a process that has to compute keys

    load_phrases_dict({phrase: [[s] for s in reading.split()] for phrase, reading in READINGS.items()})
    return lazy_pinyin
