"""Version numbers of cached reads: a cache entry's key holds the version of the data it was
made from, and a write bumps the version, so the next read makes a fresh entry and the old ones
simply expire. The portal's pages (``portal/cache.py``), the relation list's filter options and
its counts (``relations.selectors``) use it.

Every process of the installation must see a bump at once, or a worker would go on serving
what another worker's write made stale (ADR 0021):

- with a shared cache (``CACHE_URL=redis://...``, the one for several app servers) the versions
  live in that cache;
- with the default cache, local memory per process, they live in files of
  ``INTREL_VERSION_DIR`` (default ``var/versions``), which every worker of the server shares: a
  version is the file's size (one ``stat``), a bump appends one byte (atomic, without a lock),
  and a file grown past ``_MAX_BYTES`` is replaced by a sparse one of the same size plus one (no
  disk used for it, and no old version comes back). Where the directory cannot be written they
  fall back to the cache.

A bump happens at the write and again when its transaction commits: a read between the two saw
the data before the write and may have cached it under the new version.
"""

import logging
import os
import re
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

_NAME = re.compile(r"^[a-z0-9-]{1,64}$")
_MAX_BYTES = 1 << 20


def _local_cache() -> bool:
    backend = settings.CACHES["default"]["BACKEND"]
    return backend.endswith((".LocMemCache", ".DummyCache"))


def _path(name: str) -> Path | None:
    if not _local_cache():
        return None
    if not _NAME.match(name):
        raise ValueError(f"version name {name!r}: a-z, 0-9 and '-' only")
    return Path(settings.INTREL_VERSION_DIR) / name


def version(name: str) -> str:
    path = _path(name)
    if path is not None:
        try:
            try:
                stat = os.stat(path)
            except FileNotFoundError:
                _append(path)
                stat = os.stat(path)
            return str(stat.st_size)
        except OSError as exc:
            logger.warning("version %s: %s; kept in the cache instead", name, exc)
    return str(_cached_version(name))


def bump(name: str) -> None:
    """Make every entry made under ``name``'s current version stale, in every process, now and
    when the current transaction commits."""
    _bump(name)
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(lambda: _bump(name))


def _bump(name: str) -> None:
    path = _path(name)
    if path is not None:
        try:
            _append(path)
            return
        except OSError as exc:
            logger.warning("version %s: %s; kept in the cache instead", name, exc)
    key = f"version:{name}"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)


def _append(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, b".")
        size = os.fstat(fd).st_size
    finally:
        os.close(fd)
    if size > _MAX_BYTES:
        fresh = path.with_name(f"{path.name}.{os.getpid()}.new")
        fd = os.open(fresh, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.ftruncate(fd, size + 1)  # a hole: no disk blocks
        finally:
            os.close(fd)
        os.replace(fresh, path)


def _cached_version(name: str) -> int:
    key = f"version:{name}"
    value = cache.get(key)
    if value is None:
        cache.add(key, 1, timeout=None)
        value = cache.get(key) or 1
    return int(value)
