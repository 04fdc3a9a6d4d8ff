"""Kept per app: what never changes once stored, so each process reads or renders it once
(a revision's parsed content, a sentence's excerpt, the markup of what a page shows). Nothing
kept belongs to a learner; see docs/ARCHITECTURE.md, "Keeping pages cheap"."""

from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TypeVar

from flask import current_app

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")

LIMIT = 20_000  # entries per cache; a quiz needs a few thousand


def kept(name: str, keys: Iterable[K], make: Callable[[list[K]], Mapping[K, V]],
         limit: int = LIMIT) -> dict[K, V]:
    """The value of each key, from this app's cache `name`; the missing ones are made
    together by `make(missing)` and kept. A cache about to pass `limit` entries is emptied
    first (each entry is cheap to make again). In debug mode, where code and templates
    reload, nothing is kept."""
    wanted = list(dict.fromkeys(keys))
    if current_app.debug:
        return dict(make(wanted))
    cache: dict = current_app.extensions.setdefault(f"kept:{name}", {})
    found = {key: cache[key] for key in wanted if key in cache}
    missing = [key for key in wanted if key not in found]
    if missing:
        made = make(missing)
        if len(cache) + len(made) > limit:
            cache.clear()
        cache.update(made)
        found.update(made)
    return found
