"""The test run cleans up after itself in the shared services it uses."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest

from portal import ROOT


def test_the_run_removes_its_own_cache_keys_from_redis():
    """The PostgreSQL half caches in Redis under a prefix of its own: at the end of the session none of its
    keys stays behind. A short run (SQLite, the same Redis) that caches a live balance is checked."""
    url = os.environ.get("TEST_CACHE_URL", "")
    if not url.startswith("redis"):
        pytest.skip("this run keeps its cache in memory, which ends with it; the Redis run checks this")
    import redis

    prefix = f"test-cleanup-{secrets.token_hex(4)}"
    env = {**os.environ, "TEST_DATABASE_URL": "sqlite", "TEST_CACHE_URL": url, "TEST_CACHE_PREFIX": prefix}
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:randomly",
                          "tests/site/test_cache.py::test_a_repeated_poll_needs_one_trip_to_the_store"],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    assert list(redis.Redis.from_url(url).scan_iter(match=f"{prefix}:*")) == []
