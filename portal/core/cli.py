"""What every service's `flask ...` command shares: run a use case as one transaction, write its file."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from portal.core.rules import RuleViolation
from portal.extensions import db


@contextmanager
def committed() -> Iterator[None]:
    """Run the use case in the block as one transaction: done -> committed; refused -> nothing written, and the
    reason is the command's error (exit 1). Any other error propagates, uncommitted."""
    try:
        yield
    except RuleViolation as violation:
        db.session.rollback()
        raise click.ClickException(str(violation.message)) from violation
    db.session.commit()


def write_file_or_echo(content: str, output: str | None) -> None:
    """A command's file: to OUTPUT when given, otherwise to standard output."""
    if output:
        with open(output, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
    else:
        click.echo(content, nl=False)
