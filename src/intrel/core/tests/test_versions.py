"""Versions of cached reads (core/versions.py): a write in one process makes the entries of
every process of the server stale at once, not only its own (the default cache is local memory
per process: 5 gunicorn workers each hold their own)."""

import multiprocessing
from pathlib import Path

import pytest
from django.test import override_settings

from intrel.core import versions


def _bump_in_another_process(name: str) -> None:
    versions.bump(name)


def test_a_bump_in_another_process_is_seen_at_once(tmp_path: Path) -> None:
    with override_settings(INTREL_VERSION_DIR=str(tmp_path)):
        before = versions.version("portal")
        assert versions.version("portal") == before  # reading changes nothing
        child = multiprocessing.get_context("fork").Process(
            target=_bump_in_another_process, args=("portal",)
        )
        child.start()
        child.join(30)
        assert child.exitcode == 0
        after = versions.version("portal")
        assert after != before
        versions.bump("portal")
        assert versions.version("portal") not in {before, after}


def test_a_full_version_file_is_replaced_without_an_old_version_coming_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(versions, "_MAX_BYTES", 3)
    seen = set()
    with override_settings(INTREL_VERSION_DIR=str(tmp_path)):
        for _ in range(10):
            seen.add(versions.version("relation-filter-options"))
            versions.bump("relation-filter-options")
        assert (tmp_path / "relation-filter-options").stat().st_blocks <= 8  # a hole, mostly
    assert len(seen) == 10  # no version came back


def test_an_unwritable_directory_falls_back_to_the_cache(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a directory")
    with override_settings(INTREL_VERSION_DIR=str(blocked / "versions")):
        before = versions.version("portal")
        versions.bump("portal")
        assert versions.version("portal") != before


def test_a_shared_cache_keeps_the_versions(tmp_path: Path) -> None:
    caches = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    with override_settings(INTREL_VERSION_DIR=str(tmp_path), CACHES=caches):
        versions.bump("portal")
        assert (tmp_path / "portal").exists()
    redis_like = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache"}}
    with override_settings(INTREL_VERSION_DIR=str(tmp_path / "other"), CACHES=redis_like):
        assert versions._path("portal") is None  # not a file: the shared cache holds it


def test_a_version_name_is_a_plain_word(tmp_path: Path) -> None:
    with override_settings(INTREL_VERSION_DIR=str(tmp_path)), pytest.raises(ValueError):
        versions.version("../etc/passwd")
