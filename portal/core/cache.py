"""A shared cache for what every open page polls, which never serves what a commit has changed.

Every entry is stored with a *stamp*: the current token of each tag it was
computed from. A tag names data (`users:42`, `wallets`, `childcare_blocks`);
after a commit that flushed a change to a row, every tag of that row gets a new
random token (`Tagged.cache_tags`, or the table name), and so does the table of
any INSERT/UPDATE/DELETE statement run through the session. An entry whose
stamp no longer matches the tokens is ignored and recomputed.

Why it cannot serve stale data: the reader takes the tokens *before* it reads
the database, and a writer replaces them only *after* its commit. A reader
racing a writer therefore either reads the new rows or stamps its entry with a
token that is already, or is about to be, replaced. This needs every read of
the computation to see data committed before it began: true of PostgreSQL's
READ COMMITTED (the default) and of SQLite's reads outside a write.
Tokens are random rather than counters, so a token lost by the store (eviction,
restart) can never come back equal to an old stamp.

If the store is down or hangs, values are computed from the database. Each
call to the store waits at most `PORTAL_REDIS_TIMEOUT_MS`; after a failure a
circuit breaker leaves the store alone for `PORTAL_REDIS_RETRY_SECONDS`, so
that requests do not pay the timeout again and again, and then one request
tries it again. One line is logged when contact is lost, one when it is back.

A store that comes back *with its data* (it hung, or the network between us
was cut) still holds entries and tokens from before the outage, and the
renewals that failed meanwhile are lost: those entries would be served as if
nothing had changed. So every stamp also holds an *epoch* token, and the first
contact of a process after it saw the store fail renews the epoch before
anything is read: every entry written before the outage is then ignored. (The
alternative, replaying the failed renewals, would keep in one process's memory
a debt that dies with the process; a new epoch needs no memory of what
changed.) A process that saw no failure, because it served nothing during the
outage, may serve an old entry only until the first process that did see one
is back in contact, at most `PORTAL_REDIS_RETRY_SECONDS` after the store
answers again for a process that keeps serving requests.

`PORTAL_CACHE_URL`: `redis://...` in production (shared by the workers),
`memory://` for one process (development, tests), empty for no cache.
"""

from __future__ import annotations

import json
import logging
import secrets
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

import redis
from flask import current_app, g
from redis.backoff import NoBackoff
from redis.retry import Retry
from sqlalchemy import event
from sqlalchemy.orm import Session

log = logging.getLogger(__name__)
PENDING = "portal_cache_tags"
PREFETCHED = "portal_cache_prefetched"
TIMEOUT_SECONDS = 0.25  # a hanging store must not hang the request: the database answers instead
EPOCH = "_epoch"  # the tag every stamp also holds: renewed after an outage, it discards every older entry
# A token that expires only invalidates the entries stamped with it (its successor is random): tags left
# behind (a run's own prefix, a tag no longer used) do not pile up in the store.
TOKEN_TTL_SECONDS = 24 * 3600


class Store(Protocol):
    def get_many(self, keys: Sequence[str]) -> list[str | None]: ...

    def put(self, key: str, value: str, ttl: int) -> None: ...

    def put_many_if_absent(self, values: dict[str, str], ttl: int) -> None: ...

    def put_many(self, values: dict[str, str], ttl: int) -> None: ...


class MemoryStore:
    """One process's store: right for the development server and the tests, wrong for several workers."""

    def __init__(self) -> None:
        self._values: dict[str, tuple[str, float]] = {}
        self._lock = threading.Lock()

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        now = time.monotonic()
        with self._lock:
            found = [self._values.get(key) for key in keys]
        return [item[0] if item and item[1] > now else None for item in found]

    def put(self, key: str, value: str, ttl: int) -> None:
        with self._lock:
            self._values[key] = (value, time.monotonic() + ttl)

    def put_many_if_absent(self, values: dict[str, str], ttl: int) -> None:
        now = time.monotonic()
        with self._lock:
            for key, value in values.items():
                if key not in self._values or self._values[key][1] <= now:
                    self._values[key] = (value, now + ttl)

    def put_many(self, values: dict[str, str], ttl: int) -> None:
        with self._lock:
            self._values.update((key, (value, time.monotonic() + ttl)) for key, value in values.items())


class RedisStore:
    def __init__(self, url: str, timeout: float = TIMEOUT_SECONDS) -> None:
        # No retries inside a call (redis-py retries three times with growing pauses by default): the breaker
        # decides when to try again.
        self._redis = redis.Redis.from_url(url, decode_responses=True, socket_timeout=timeout,
                                           socket_connect_timeout=timeout, retry=no_retry())

    def get_many(self, keys: Sequence[str]) -> list[str | None]:
        return self._redis.mget(keys)

    def put(self, key: str, value: str, ttl: int) -> None:
        self._redis.set(key, value, ex=ttl)

    def put_many_if_absent(self, values: dict[str, str], ttl: int) -> None:
        self._set_all(values, ttl, only_new=True)

    def put_many(self, values: dict[str, str], ttl: int) -> None:
        self._set_all(values, ttl, only_new=False)

    def _set_all(self, values: dict[str, str], ttl: int, only_new: bool) -> None:
        pipe = self._redis.pipeline(transaction=False)
        for key, value in values.items():
            pipe.set(key, value, ex=ttl, nx=only_new)
        pipe.execute()


def no_retry():
    """A redis-py retry policy that does not retry (for the cache's and the rate limiter's clients)."""
    return Retry(NoBackoff(), 0)


class Unavailable(Exception):
    """The store failed just now, or failed recently and is being left alone: the database answers."""


class Breaker:
    """Whether the store may be asked now, and whether contact was lost since it last answered."""

    def __init__(self, pause: float) -> None:
        self.pause = pause
        self.lost = False  # the store failed and has not answered since: renew the epoch on the next contact
        self._closed_at = 0.0  # monotonic time from which the store may be asked again
        self._lock = threading.Lock()

    def allows(self) -> bool:
        return time.monotonic() >= self._closed_at

    def trip(self, error: Exception) -> None:
        with self._lock:
            first, self.lost = not self.lost, True
            self._closed_at = time.monotonic() + self.pause
        if first:  # one line per outage, not a traceback per request
            log.warning("cache store unreachable (%s: %s): pages are computed from the database, the store is "
                        "tried again every %s s", type(error).__name__, error, self.pause)

    def answered(self) -> None:
        with self._lock:
            was_lost, self.lost = self.lost, False
        if was_lost:
            log.warning("cache store reachable again: the entries written before the outage are discarded")


class Tagged:
    """A model whose changes are announced by tags finer than its table (e.g. one user's rows)."""

    def cache_tags(self) -> Iterable[str]:
        raise NotImplementedError


def init_app(app) -> None:
    url = app.config.get("PORTAL_CACHE_URL", "")
    if not url:
        store = None
    elif url == "memory://":
        store = MemoryStore()
    else:
        store = RedisStore(url, timeout=app.config.get("PORTAL_REDIS_TIMEOUT_MS", 250) / 1000)
    use_store(app, store)


def use_store(app, store: Store | None, pause: float | None = None) -> None:
    """Serve `app`'s cache from `store` (None: no cache), with a breaker that has seen no failure."""
    app.extensions["portal_cache"] = {
        "store": store, "prefix": app.config.get("PORTAL_CACHE_PREFIX", "portal"),
        "breaker": Breaker(app.config.get("PORTAL_REDIS_RETRY_SECONDS", 5) if pause is None else pause),
    }


def _cache() -> dict:
    return current_app.extensions["portal_cache"]


def _talk(cache: dict, action: Callable[[Store], Any]) -> Any:
    """`action(store)` through the breaker; `Unavailable` when the store failed now or is being left alone."""
    breaker: Breaker = cache["breaker"]
    if not breaker.allows():
        raise Unavailable
    store: Store = cache["store"]
    try:
        if breaker.lost:  # first contact after an outage: nothing stored before it may be served
            store.put_many({_token_key(cache["prefix"], EPOCH): secrets.token_hex(8)}, TOKEN_TTL_SECONDS)
        result = action(store)
    except Exception as error:  # noqa: BLE001 - any failure of the store (refused, timed out, out of memory)
        breaker.trip(error)
        raise Unavailable from error
    breaker.answered()
    return result


def _token_key(prefix: str, tag: str) -> str:
    return f"{prefix}:tag:{tag}"


@dataclass(frozen=True)
class Lookup:
    name: str  # says whose value it is and of what
    tags: Sequence[str]  # what the value is computed from
    compute: Callable[[], Any]  # gives a JSON value
    ttl: int
    fresh: Callable[[Any], bool] | None = None  # False: a stored value went stale with time alone, recompute it


def cached(name: str, tags: Sequence[str], compute: Callable[[], Any], ttl: int,
           fresh: Callable[[Any], bool] | None = None) -> Any:
    """`compute()`, or the copy stored under `name` while none of `tags` changed (and `fresh` says it still holds)."""
    return cached_many([Lookup(name, tags, compute, ttl, fresh)])[0]


def cached_many(lookups: Sequence[Lookup], prefetch: Sequence[tuple[str, Sequence[str]]] = ()) -> list[Any]:
    """Several values read from the store in one round trip (every request pays for each trip).

    `prefetch` names (with their tags) entries this request will look up later: they come in the same
    trip and the later lookup needs none. Their tokens are read now, before any computation, as the
    stamp rule asks.
    """
    cache = _cache()
    store: Store | None = cache["store"]
    if store is None:
        return [lookup.compute() for lookup in lookups]
    read_before = {name: read for name, read in g.pop(PREFETCHED, {}).items()
                   if any(lookup.name == name and {EPOCH, *lookup.tags} == set(read[1]) for lookup in lookups)}
    wanted = [(lookup.name, lookup.tags) for lookup in lookups if lookup.name not in read_before]
    try:
        found = {**read_before, **_talk(cache, lambda store: _read(store, cache["prefix"], [*wanted, *prefetch]))}
    except Unavailable:  # the store is down or slow: the database answers
        return [lookup.compute() for lookup in lookups]
    if prefetch:
        g.setdefault(PREFETCHED, {}).update((name, found[name]) for name, _ in prefetch)
    return [_hit_or_compute(cache, lookup, *found[lookup.name]) for lookup in lookups]


def _read(store: Store, prefix: str, entries: Sequence[tuple[str, Sequence[str]]]) -> dict[str, tuple[str | None, dict]]:
    """Each entry's stored text and the current token of each of its tags and of the epoch, in one trip (two the
    first time)."""
    if not entries:
        return {}
    tags = list(dict.fromkeys((EPOCH, *(tag for _, entry_tags in entries for tag in entry_tags))))
    token_keys = [_token_key(prefix, tag) for tag in tags]
    values = store.get_many([*token_keys, *(_entry_key(prefix, name) for name, _ in entries)])
    tokens = dict(zip(tags, values[:len(tags)]))
    if None in tokens.values():
        store.put_many_if_absent({_token_key(prefix, tag): secrets.token_hex(8) for tag, token in tokens.items()
                                  if token is None}, TOKEN_TTL_SECONDS)
        tokens = dict(zip(tags, store.get_many(token_keys)))
    return {name: (raw, {tag: tokens[tag] for tag in (EPOCH, *entry_tags)})
            for (name, entry_tags), raw in zip(entries, values[len(tags):])}


def _entry_key(prefix: str, name: str) -> str:
    return f"{prefix}:entry:{name}"


def _hit_or_compute(cache: dict, lookup: Lookup, raw: str | None, tokens: dict[str, str | None]) -> Any:
    stamp = "|".join(tokens[tag] or "" for tag in (EPOCH, *lookup.tags))
    if raw is not None:
        entry = json.loads(raw)
        if entry["stamp"] == stamp and (lookup.fresh is None or lookup.fresh(entry["value"])):
            return entry["value"]
    value = lookup.compute()
    if all(tokens.values()):
        text = json.dumps({"stamp": stamp, "value": value}, separators=(",", ":"))
        try:
            _talk(cache, lambda store: store.put(_entry_key(cache["prefix"], lookup.name), text, lookup.ttl))
        except Unavailable:
            pass  # not kept this time; the breaker said so once
    return value


def tags_of(instance: object) -> Iterable[str]:
    if isinstance(instance, Tagged):
        return instance.cache_tags()
    table = getattr(instance, "__tablename__", None)
    return (table,) if table else ()


def _remember(session: Session, tags: Iterable[str]) -> None:
    session.info.setdefault(PENDING, set()).update(tags)


@event.listens_for(Session, "after_flush")
def _collect_flushed(session: Session, _context) -> None:
    for instance in (*session.new, *session.dirty, *session.deleted):
        _remember(session, tags_of(instance))


@event.listens_for(Session, "do_orm_execute")
def _collect_statements(state) -> None:
    # Statements bypass the flush (bulk UPDATE, DELETE, INSERT): their whole table changes.
    if state.is_insert or state.is_update or state.is_delete:
        table = getattr(state.statement, "table", None)
        if table is not None and getattr(table, "name", None):
            _remember(state.session, (table.name,))


@event.listens_for(Session, "after_commit")
def _announce_changes(session: Session) -> None:
    tags = session.info.pop(PENDING, None)
    if tags:
        renew(tags)


@event.listens_for(Session, "after_transaction_end")
def _forget_changes(session: Session, transaction) -> None:
    # After a commit the tags were announced already; after a rollback nothing changed. A rolled back savepoint
    # keeps its tags until the outer transaction ends: announcing too much is safe.
    if transaction.parent is None:
        session.info.pop(PENDING, None)


def renew(tags: Iterable[str]) -> None:
    """New tokens for `tags`: every entry computed from them is recomputed on its next read."""
    try:
        cache = _cache()
    except RuntimeError:  # a session used outside the app (scripts): no cache to tell
        return
    if cache["store"] is None:
        return
    tokens = {_token_key(cache["prefix"], tag): secrets.token_hex(8) for tag in tags}
    try:
        _talk(cache, lambda store: store.put_many(tokens, TOKEN_TTL_SECONDS))
    except Unavailable:
        pass  # lost, but the breaker renews the epoch on the next contact: no entry from before is served
