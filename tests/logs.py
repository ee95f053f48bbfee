"""Log capture that survives `flask db` runs: Alembic's fileConfig() disables every logger that existed before."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def enabled(caplog, *names: str) -> Iterator[None]:
    """Capture INFO and above from the loggers `names`, enabled again for the duration if a migration run
    disabled them."""
    loggers = [logging.getLogger(name) for name in names]
    before = [logger.disabled for logger in loggers]
    for logger in loggers:
        logger.disabled = False
    try:
        with caplog.at_level(logging.INFO):
            yield
    finally:
        for logger, disabled in zip(loggers, before):
            logger.disabled = disabled
