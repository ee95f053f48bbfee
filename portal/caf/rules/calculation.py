"""CAF / ISEEU parificato, the calculation: a rule set per year of request, the household, ISR, ISP, ISE, the
equivalence scale, ISEEU and ISPEU, and who is assessed as an independent student.

Pure: plain values in, plain values out, a RuleViolation with a translatable message when a rule refuses.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import lazy_gettext as _l

from portal.core.rules import RuleViolation

CENT = Decimal("0.01")


@dataclass(frozen=True)
class RuleSet:
    """The figures of one year of requests (N); income and assets are those of N-2.

    A new year that changes a figure gets its own entry in RULE_SETS; practices keep the year they were computed with.
    """

    year: int
    value_per_square_metre: Decimal = Decimal("500")
    assets_weight: Decimal = Decimal("0.20")
    # Equivalence scale by family size, then this much for each further member.
    scale: tuple[Decimal, ...] = (Decimal("1.00"), Decimal("1.57"), Decimal("2.04"), Decimal("2.46"), Decimal("2.85"))
    further_member: Decimal = Decimal("0.35")
    # Additions for 3, 4, 5 or more children.
    children_additions: tuple[Decimal, ...] = (Decimal("0.2"), Decimal("0.35"), Decimal("0.5"))
    working_parents_addition: Decimal = Decimal("0.2")
    working_parents_child_under_3_addition: Decimal = Decimal("0.3")
    disabled_member_addition: Decimal = Decimal("0.5")
    # Deductions differ between agreements: off unless the agreement asks for them.
    deductions: bool = False
    rent_deduction_max: Decimal = Decimal("7000")
    movable_deduction_base: Decimal = Decimal("6000")
    movable_deduction_per_further_member: Decimal = Decimal("2000")
    movable_deduction_max: Decimal = Decimal("10000")
    # Independent student: away from the family home for this many years and earning at least this much.
    independent_years_away: int = 2
    independent_income: Decimal = Decimal("9000")
    independent_income_each_year: bool = False

    @property
    def income_year(self) -> int:
        return self.year - 2


RULE_SETS = {year: RuleSet(year) for year in (2025, 2026, 2027)}


def rule_set(year: int, deductions: bool = False, independent_income: Decimal | None = None,
             independent_income_each_year: bool = False) -> RuleSet:
    """The rule set of a year of requests, with the agreement's switches applied."""
    try:
        base = RULE_SETS[year]
    except KeyError:
        raise RuleViolation(_l("There are no ISEEU rules for requests made in %(year)d.", year=year)) from None
    return replace(base, deductions=deductions,
                   independent_income=base.independent_income if independent_income is None else independent_income,
                   independent_income_each_year=independent_income_each_year)


@dataclass(frozen=True)
class Amount:
    """A sum in a currency (ISO 4217 code), as written on a document."""

    value: Decimal
    currency: str
    label: str = ""


@dataclass(frozen=True)
class Household:
    """What the calculation needs of a family (or of an independent student alone)."""

    members: int
    incomes: tuple[Amount, ...] = ()
    italian_income: Decimal = Decimal("0")
    # Square metres of each foreign building; land does not count and is not listed here.
    building_square_metres: tuple[Decimal, ...] = ()
    movables: tuple[Amount, ...] = ()
    children: int = 0
    minor_children: bool = False
    child_under_3: bool = False
    both_parents_worked: bool = False
    disabled_members: int = 0
    rent_paid: Decimal = Decimal("0")


@dataclass(frozen=True)
class Conversion:
    label: str
    value: Decimal
    currency: str
    rate: Decimal  # units of the currency for one euro (Banca d'Italia yearly average)
    euro: Decimal


@dataclass(frozen=True)
class Result:
    """Every figure of the calculation, unrounded; `figures()` gives them rounded for people to read."""

    rule_year: int
    income_year: int
    conversions: tuple[Conversion, ...]
    foreign_income: Decimal
    italian_income: Decimal
    rent_deduction: Decimal
    isr: Decimal
    buildings_square_metres: Decimal
    buildings: Decimal
    movables: Decimal
    movable_deduction: Decimal
    isp: Decimal
    ise: Decimal
    base_scale: Decimal
    scale_additions: Decimal
    scale: Decimal
    iseeu: Decimal
    ispeu: Decimal
    members: int = 0  # of the household assessed (the student alone when independent)

    @property
    def iseeu_cents(self) -> int:
        return to_cents(self.iseeu)

    @property
    def ispeu_cents(self) -> int:
        return to_cents(self.ispeu)

    def figures(self) -> dict:
        """The result as stored with the practice: amounts in cents, half-up, the scale as text."""
        cents = {name: to_cents(getattr(self, name)) for name in (
            "foreign_income", "italian_income", "rent_deduction", "isr", "buildings", "movables",
            "movable_deduction", "isp", "ise", "iseeu", "ispeu")}
        return {
            "rule_year": self.rule_year, "income_year": self.income_year, "members": self.members,
            "conversions": [{"label": c.label, "value": str(c.value), "currency": c.currency, "rate": str(c.rate),
                             "euro_cents": to_cents(c.euro)} for c in self.conversions],
            "buildings_square_metres": str(self.buildings_square_metres),
            "base_scale": str(self.base_scale), "scale_additions": str(self.scale_additions),
            "scale": str(self.scale), **{f"{name}_cents": value for name, value in cents.items()},
        }


def to_cents(value: Decimal) -> int:
    return int((value / CENT).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def equivalence_scale(rules: RuleSet, household: Household) -> tuple[Decimal, Decimal]:
    """(the scale for the family size, the additions) for a household."""
    if household.members < 1:
        raise RuleViolation(_l("A family has at least one member."))
    size = household.members
    if size <= len(rules.scale):
        base = rules.scale[size - 1]
    else:
        base = rules.scale[-1] + rules.further_member * (size - len(rules.scale))
    additions = Decimal("0")
    if household.children >= 3:
        additions += rules.children_additions[min(household.children, 5) - 3]
    if household.minor_children and household.both_parents_worked:
        additions += (rules.working_parents_child_under_3_addition if household.child_under_3
                      else rules.working_parents_addition)
    additions += rules.disabled_member_addition * household.disabled_members
    return base, additions


def to_euro(amount: Amount, rates: dict[str, Decimal], rules: RuleSet) -> Conversion:
    currency = amount.currency.upper()
    if currency == "EUR":
        rate = Decimal("1")
    else:
        rate = rates.get(currency)
        if rate is None or rate <= 0:
            raise RuleViolation(_l("The Banca d'Italia average exchange rate of %(currency)s for %(year)d is missing: "
                                   "an administrator must enter it before the calculation.",
                                   currency=currency, year=rules.income_year))
    return Conversion(amount.label, amount.value, currency, rate, amount.value / rate)


def movable_deduction(rules: RuleSet, members: int, movables: Decimal) -> Decimal:
    if not rules.deductions:
        return Decimal("0")
    allowance = rules.movable_deduction_base + rules.movable_deduction_per_further_member * (members - 1)
    return min(allowance, rules.movable_deduction_max, movables)


def calculate(rules: RuleSet, household: Household, rates: dict[str, Decimal]) -> Result:
    """ISR, ISP, ISE, the scale, ISEEU and ISPEU, as DOMAIN.md section 2 'The calculation' says.

    Decimal throughout; rounding (half-up to the cent) only when a figure is shown or stored.
    """
    if any(amount.value < 0 for amount in (*household.incomes, *household.movables)) or household.italian_income < 0:
        raise RuleViolation(_l("Incomes and assets cannot be negative."))
    if any(metres < 0 for metres in household.building_square_metres):
        raise RuleViolation(_l("Square metres cannot be negative."))
    income_conversions = tuple(to_euro(amount, rates, rules) for amount in household.incomes)
    movable_conversions = tuple(to_euro(amount, rates, rules) for amount in household.movables)
    foreign_income = sum((c.euro for c in income_conversions), Decimal("0"))
    rent_deduction = min(household.rent_paid, rules.rent_deduction_max) if rules.deductions else Decimal("0")
    isr = max(foreign_income + household.italian_income - rent_deduction, Decimal("0"))
    square_metres = sum(household.building_square_metres, Decimal("0"))
    buildings = square_metres * rules.value_per_square_metre
    movables = sum((c.euro for c in movable_conversions), Decimal("0"))
    deduction = movable_deduction(rules, household.members, movables)
    isp = buildings + movables - deduction
    ise = isr + rules.assets_weight * isp
    base, additions = equivalence_scale(rules, household)
    scale = base + additions
    return Result(
        rule_year=rules.year, income_year=rules.income_year, conversions=income_conversions + movable_conversions,
        foreign_income=foreign_income, italian_income=household.italian_income, rent_deduction=rent_deduction,
        isr=isr, buildings_square_metres=square_metres, buildings=buildings, movables=movables,
        movable_deduction=deduction, isp=isp, ise=ise, base_scale=base, scale_additions=additions, scale=scale,
        iseeu=ise / scale, ispeu=isp / scale, members=household.members,
    )


def is_independent_student(rules: RuleSet, years_away: int, family_owns_dwelling: bool,
                           yearly_incomes: tuple[Decimal, ...]) -> bool:
    """Assessed without the family: away from home long enough, in a dwelling the family does not own, and
    earning enough (in each of the last two years when the agreement says so, otherwise in one)."""
    if years_away < rules.independent_years_away or family_owns_dwelling or not yearly_incomes:
        return False
    earned = [income >= rules.independent_income for income in yearly_incomes[:2]]
    return all(earned) if rules.independent_income_each_year else any(earned)
