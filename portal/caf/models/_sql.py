"""SQL text of the CAF models' check constraints.
"""

from __future__ import annotations


def _sql_text(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _one_of(column: str, values) -> str:
    return f"{column} IN ({', '.join(_sql_text(value) for value in values)})"
