"""Version numbers of cached reads: a cache entry's key holds the version of the data it was
made from, and a write bumps the version, so the next read makes a fresh entry and the old ones
simply expire. Kept in Django's default cache (local memory, or Redis with ``CACHE_URL``, which
every app server then shares). The portal's pages (``portal/cache.py``) and the relation list's
filter options (``relations.selectors.relation_filter_options``) use it."""

from django.core.cache import cache


def version(name: str) -> int:
    key = f"version:{name}"
    value = cache.get(key)
    if value is None:
        cache.add(key, 1, timeout=None)
        value = cache.get(key) or 1
    return int(value)


def bump(name: str) -> None:
    """Make every entry made under ``name``'s current version stale."""
    key = f"version:{name}"
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 2, timeout=None)
