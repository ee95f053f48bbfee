"""A masked copy of the portal's database for development and test (welfare tender §4.2.6, "data masking").

Every column of every table has a decision in `POLICY`: copied as it is (money, dates, counts, states, the
catalog's texts) or replaced by a keyed pseudonym. A pseudonym depends only on the key and the original value,
so the same person masks the same way in every table and every run with the same key: joins, totals and
uniqueness hold. Codici fiscali stay valid (check character included), codici persona and matricole stay 8 and 6
ASCII digits and distinct (a keyed permutation), uploaded documents become small valid files of the same type.
Columns whose values can only be numbers, dates, times or flags need no entry: they are copied.

Two modules, every name re-exported here (`masking.Masker`, `masking.POLICY`):
  policy  the decision for every text column (`POLICY`), the tables left out, the columns learned from
  masker  `Masker`: the keyed pseudonyms
"""

from portal.site.masking.masker import (
    FIRST_NAMES,
    SURNAMES,
    Masker,
)
from portal.site.masking.policy import (
    ACCESS_CODE,
    ACTIONS,
    CODICE_FISCALE,
    CODICE_PERSONA,
    DOCUMENT,
    EMAIL,
    IP,
    JSON,
    KEEP,
    LEARNED,
    MATRICOLA,
    NAME,
    PASSWORD,
    PHONE,
    PLAIN_TYPES,
    POLICY,
    PROVIDER,
    SCRUB,
    SKIP,
    SKIPPED_TABLES,
    TEXT,
    learned_columns,
    needs_decision,
    policy_problems,
    python_type,
)

__all__ = [
    "ACCESS_CODE", "ACTIONS", "CODICE_FISCALE", "CODICE_PERSONA", "DOCUMENT", "EMAIL", "IP", "JSON", "KEEP",
    "LEARNED", "MATRICOLA", "NAME", "PASSWORD", "PHONE", "PLAIN_TYPES", "POLICY", "PROVIDER", "SCRUB", "SKIP",
    "SKIPPED_TABLES", "TEXT", "learned_columns", "needs_decision", "policy_problems", "python_type", "FIRST_NAMES",
    "Masker", "SURNAMES",
]
