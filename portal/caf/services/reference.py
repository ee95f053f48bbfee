"""Reference data: the exchange rates and the decree of the particularly poor countries."""

from __future__ import annotations

from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import User
from portal.caf import rules
from portal.caf.models import ExchangeRate, PoorCountry, Practice
from portal.core import audit
from portal.core.countries import country_name, is_country
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db

# -- exchange rates ----------------------------------------------------------------------------------------


def rates_for(year: int) -> dict[str, Decimal]:
    return {row.currency: row.rate for row in db.session.scalars(select(ExchangeRate).where(ExchangeRate.year == year))}


def rates_table() -> list[ExchangeRate]:
    return list(db.session.scalars(select(ExchangeRate).order_by(ExchangeRate.year.desc(), ExchangeRate.currency)))


def save_rate(actor: User, year: int, currency: str, rate: Decimal) -> ExchangeRate:
    currency = currency.strip().upper()
    if len(currency) != 3 or not currency.isalpha() or currency == "EUR":
        raise RuleViolation(_l("Enter the three-letter code of a currency other than the euro (e.g. USD)."),
                            field="currency")
    if rate is None or rate <= 0:
        raise RuleViolation(_l("The rate is the units of the currency for one euro, greater than zero."), field="rate")
    row = db.session.get(ExchangeRate, (year, currency)) or ExchangeRate(year=year, currency=currency)
    row.rate, row.entered_by_id, row.entered_at = rate, actor.id, utcnow()
    db.session.add(row)
    db.session.flush()
    audit.record("caf.rate_saved", actor=actor, year=year, currency=currency, rate=str(rate))
    return row


# -- the "particularly poor countries" decree ---------------------------------------------------------------


def poor_countries(year: int) -> set[str]:
    return set(db.session.scalars(select(PoorCountry.country).where(PoorCountry.year == year)))


def poor_countries_table(year: int) -> list[tuple[str, str]]:
    """(code, name in the reader's language) of the year's list, by name."""
    return sorted(((code, country_name(code)) for code in poor_countries(year)), key=lambda item: item[1])


def poor_country_years() -> list[int]:
    return list(db.session.scalars(select(PoorCountry.year).distinct().order_by(PoorCountry.year.desc())))


def add_poor_country(actor: User, year: int, country: str) -> PoorCountry | None:
    """Add a country of the decree to the list of the requests of `year`; None when it is there already."""
    country = country.strip().upper()
    if not is_country(country):
        raise RuleViolation(_l("Choose a country from the list."), field="country")
    if db.session.get(PoorCountry, (year, country)) is not None:
        return None
    row = PoorCountry(year=year, country=country, entered_by_id=actor.id)
    db.session.add(row)
    db.session.flush()
    audit.record("caf.poor_country_added", actor=actor, year=year, country=country)
    return row


def remove_poor_country(actor: User, year: int, country: str) -> bool:
    row = db.session.get(PoorCountry, (year, country))
    if row is None:
        return False
    db.session.delete(row)
    db.session.flush()
    audit.record("caf.poor_country_removed", actor=actor, year=year, country=country)
    return True


def copy_poor_countries(actor: User, source_year: int, year: int) -> int:
    """Start a year's list from another year's (the decree changes little); the countries added."""
    if source_year == year:
        raise RuleViolation(_l("Choose another year to copy from."), field="source_year")
    source = poor_countries(source_year)
    if not source:
        raise RuleViolation(_l("The list of %(year)d is empty: there is nothing to copy.", year=source_year),
                            field="source_year")
    added = sorted(source - poor_countries(year))
    db.session.add_all(PoorCountry(year=year, country=country, entered_by_id=actor.id) for country in added)
    db.session.flush()
    audit.record("caf.poor_countries_copied", actor=actor, year=year, source_year=source_year, added=len(added))
    return len(added)


def consular_certificate_only(practice: Practice) -> bool:
    """Whether the practice needs only the consular certificate: as decided once decided, otherwise by the family's
    country and the list of the practice's year as it is now."""
    if practice.case is not None:
        return practice.consular_certificate
    return rules.consular_certificate_only(practice.student.country, poor_countries(practice.rule_year))
