"""Shared building blocks used by every service; no service logic here."""
