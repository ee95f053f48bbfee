"""`flask data ...`: a masked copy for development and test, backups and restores."""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask.cli import AppGroup
from sqlalchemy.exc import OperationalError

from portal.site.backup import backup, restore
from portal.site.data import DataError, mask_copy

data_cli = AppGroup("data", help="Masked copies, backups and restores of the portal's data.")


@data_cli.command("mask")
@click.option("--source", "source_url", required=True, metavar="URL",
              help="The production database, read only (never written).")
@click.option("--target", "target_url", required=True, metavar="URL",
              help="The development or test database to fill: new, or empty, or with --replace.")
@click.option("--uploads", "uploads", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The target's uploads folder, where placeholder documents are written.")
@click.option("--key-file", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A file holding the masking key: the same key gives the same pseudonyms on every run. "
                   "Without it a random key is used for this run only.")
@click.option("--password", default=None,
              help="The password every account of the copy gets (default: a random one nobody knows).")
@click.option("--replace", is_flag=True, help="Overwrite a target database (and a masked copy's uploads folder) "
                                              "that is not empty.")
def mask(source_url: str, target_url: str, uploads: Path, key_file: Path | None, password: str | None,
         replace: bool) -> None:
    """Copy the production database into a development or test one, personal data masked."""
    key = key_file.read_bytes().strip() if key_file else secrets.token_bytes(32)
    if key_file and len(key) < 16:
        raise click.ClickException(f"{key_file} holds a key shorter than 16 bytes.")
    try:
        counts = mask_copy(source_url, target_url, uploads, key, password, replace, say=click.echo)
    except DataError as error:
        raise click.ClickException(str(error)) from error
    except OperationalError as error:
        raise click.ClickException(f"A database could not be reached: {error.orig}") from error
    for table, rows in counts.items():
        if rows:
            click.echo(f"  {table:<36} {rows:>8}")
    if not key_file:
        click.echo("A random key was used: another run gives other pseudonyms (use --key-file to keep them).")


@data_cli.command("backup")
@click.option("--into", "into", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="The folder that holds the backups; each run adds portal-<UTC time>/ to it.")
@click.option("--keep", type=click.IntRange(min=1), default=None,
              help="Afterwards remove all but the KEEP newest backups in the folder.")
def backup_command(into: Path, keep: int | None) -> None:
    """Back up the database (pg_dump custom format, or SQLite's online backup) and the uploads folder."""
    try:
        backup(into, keep, say=click.echo)
    except DataError as error:
        raise click.ClickException(str(error)) from error


@data_cli.command("restore")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--replace", is_flag=True, help="Overwrite a database and an uploads folder that are not empty.")
def restore_command(folder: Path, replace: bool) -> None:
    """Restore a backup written by `flask data backup` into this deployment's database and uploads folder."""
    try:
        restore(folder, replace, say=click.echo)
    except DataError as error:
        raise click.ClickException(str(error)) from error
