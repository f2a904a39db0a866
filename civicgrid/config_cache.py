"""A tiny per-process cache for configuration rows read on every transition (workflow settings, stage limits).

Rows are re-read at most every TTL seconds, and at once in the process that saves or deletes one
(signals call `forget`). Other processes see an admin's change within TTL seconds.
"""

import threading
import time
from collections.abc import Callable
from typing import Any

TTL = 30.0
_lock = threading.Lock()
_values: dict[str, tuple[float, Any]] = {}


def cached(key: str, loader: Callable[[], Any], ttl: float = TTL) -> Any:
    now = time.monotonic()
    hit = _values.get(key)
    if hit and now - hit[0] < ttl:
        return hit[1]
    value = loader()
    with _lock:
        _values[key] = (now, value)
    return value


def forget(*_args, **_kwargs) -> None:
    with _lock:
        _values.clear()
