"""The beneficiary roster (the yearly staff file) and the family members employees declare."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from portal.auth.accounts import UserData, create_user, set_roles
from portal.auth.models import User
from portal.core import audit, csvio, ids
from portal.core.calendar import today_in_rome
from portal.core.forms import numeric_code_error, other_digits_in_file
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db
from portal.wallet import rules
from portal.wallet.models import (
    FamilyMember,
    LedgerEntry,
    PlanYear,
    Wallet,
)
from portal.wallet.services.access import save_row, taken
from portal.wallet.services.ledger import post_entry

ROSTER_REQUIRED = ("codice_fiscale", "matricola", "full_name", "email", "coefficient", "hire_date")
ROSTER_OPTIONAL = ("end_date", "polincontri")
YES = {"1", "si", "sì", "s", "yes", "y", "true", "x"}
NO = {"", "0", "no", "n", "false"}


# -- beneficiary roster --------------------------------------------------------------------


@dataclass
class RosterRow:
    line: int
    codice_fiscale: str
    matricola: str
    full_name: str
    email: str
    coefficient: Decimal
    hired_on: date
    ends_on: date | None
    polincontri_member: bool
    target_cents: int = 0


@dataclass
class RosterChange:
    row: RosterRow
    wallet: Wallet
    fields: list[str]
    adjustment_cents: int


@dataclass
class RosterPlan:
    plan_year: PlanYear
    new: list[RosterRow] = field(default_factory=list)
    changed: list[RosterChange] = field(default_factory=list)
    ended: list[RosterChange] = field(default_factory=list)
    unchanged: int = 0

    @property
    def total_new_cents(self) -> int:
        return sum(row.target_cents for row in self.new)


def _parse_date(line: int, text: str, what) -> date | None:
    text = text.strip()
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise RuleViolation(_l("Line %(line)d: the %(what)s is not a date (use YYYY-MM-DD or DD/MM/YYYY).",
                           line=line, what=what))


def _roster_row(line: int, values: dict[str, str]) -> RosterRow:
    def fail(message) -> RuleViolation:
        return RuleViolation(_l("Line %(line)d: %(problem)s", line=line, problem=message))

    fiscal = ids.normalise_codice_fiscale(values["codice_fiscale"])
    if fiscal is None:
        raise fail(_l("the codice fiscale is not valid."))
    matricola = values["matricola"].strip()
    if not ids.is_matricola(matricola):
        raise fail(numeric_code_error(matricola, _l("the matricola must have exactly 6 digits."),
                                      other_digits_in_file("matricola")))
    name = values["full_name"].strip()
    if not name or len(name) > 200:
        raise fail(_l("the full name is missing or too long."))
    email = values["email"].strip()
    if "@" not in email or " " in email or len(email) > 254:
        raise fail(_l("the e-mail address is not valid."))
    try:
        coefficient = rules.parse_coefficient(values["coefficient"])
    except RuleViolation as violation:
        raise fail(violation.message) from violation
    hired_on = _parse_date(line, values["hire_date"], _l("hire date"))
    if hired_on is None:
        raise fail(_l("the hire date is missing."))
    ends_on = _parse_date(line, values.get("end_date", ""), _l("end date"))
    if ends_on is not None and ends_on < hired_on:
        raise fail(_l("the end date comes before the hire date."))
    membership = values.get("polincontri", "").strip().lower()
    if membership not in YES | NO:
        raise fail(_l("Polincontri membership must be 'si' or 'no'."))
    return RosterRow(line, fiscal, matricola, name, email, coefficient, hired_on, ends_on, membership in YES)


def plan_roster(data: bytes, plan_year: PlanYear) -> RosterPlan:
    """Read and check the whole roster; the first bad row stops everything (nothing is written)."""
    rows = csvio.read_rows(data, ROSTER_REQUIRED, ROSTER_OPTIONAL)
    if not rows:
        raise RuleViolation(_l("The file has a header but no rows."))
    plan = RosterPlan(plan_year)
    wallets = {
        wallet.user.codice_fiscale: wallet
        for wallet in db.session.scalars(select(Wallet).where(Wallet.plan_year_id == plan_year.id).join(Wallet.user))
    }
    seen: dict[str, int] = {}
    for raw in rows:
        row = _roster_row(raw.line, raw.values)
        if row.codice_fiscale in seen:
            raise RuleViolation(_l("Line %(line)d: %(field)s %(value)s is also on line %(other)d.", line=row.line,
                                   field="codice_fiscale", value=row.codice_fiscale, other=seen[row.codice_fiscale]))
        seen[row.codice_fiscale] = row.line
        row.target_cents = rules.allocation_cents(plan_year.amount_cents, row.coefficient)
        wallet = wallets.get(row.codice_fiscale)
        if wallet is None:
            plan.new.append(row)
            continue
        changes = [name for name, old, new in (
            ("coefficient", wallet.coefficient, row.coefficient), ("matricola", wallet.matricola, row.matricola),
            ("hire_date", wallet.hired_on, row.hired_on), ("end_date", wallet.ends_on, row.ends_on),
            ("polincontri", wallet.polincontri_member, row.polincontri_member)) if old != new]
        if not changes:
            plan.unchanged += 1
            continue
        allocated = _allocated_cents(wallet)
        change = RosterChange(row, wallet, changes,
                              rules.allocation_adjustment(row.target_cents, allocated, wallet.balance_cents))
        (plan.ended if wallet.ends_on is None and row.ends_on is not None else plan.changed).append(change)
    return plan


def _allocated_cents(wallet: Wallet) -> int:
    return int(db.session.scalar(
        select(func.coalesce(func.sum(LedgerEntry.amount_cents), 0))
        .where(LedgerEntry.wallet_id == wallet.id,
               LedgerEntry.kind.in_(("allocation", "adjustment_up", "adjustment_down")))
    ))


def _beneficiary_account(actor: User, row: RosterRow) -> User:
    """The person's account, created with the first-access flow when new; always a `dipendente`."""
    user = db.session.scalar(select(User).where(User.codice_fiscale == row.codice_fiscale))
    if user is None:
        user, _ = create_user(actor, UserData(access_code=row.codice_fiscale.lower(), email=row.email,
                                              full_name=row.full_name, codice_fiscale=row.codice_fiscale,
                                              roles={"dipendente"}))
    elif "dipendente" not in user.role_names:
        set_roles(actor, user, user.role_names | {"dipendente"})
    return user


def apply_roster(actor: User, plan: RosterPlan) -> None:
    year = plan.plan_year.year
    for row in plan.new:
        user = _beneficiary_account(actor, row)
        wallet = Wallet(user_id=user.id, plan_year_id=plan.plan_year.id, coefficient=row.coefficient,
                        matricola=row.matricola, hired_on=row.hired_on, ends_on=row.ends_on,
                        polincontri_member=row.polincontri_member, balance_cents=0, revision=0)
        db.session.add(wallet)
        db.session.flush()
        if row.target_cents > 0:
            post_entry(wallet, "allocation", row.target_cents, f"Conto Welfare {year}", actor)
    for change in plan.changed + plan.ended:
        wallet, row = change.wallet, change.row
        wallet.coefficient, wallet.matricola = row.coefficient, row.matricola
        wallet.hired_on, wallet.ends_on, wallet.polincontri_member = row.hired_on, row.ends_on, row.polincontri_member
        if change.adjustment_cents > 0:
            post_entry(wallet, "adjustment_up", change.adjustment_cents, f"Conto Welfare {year}", actor)
        elif change.adjustment_cents < 0:
            post_entry(wallet, "adjustment_down", -change.adjustment_cents, f"Conto Welfare {year}", actor)
    audit.record("wallet.roster_imported", actor=actor, year=year, new=len(plan.new), changed=len(plan.changed),
                  ended=len(plan.ended), unchanged=plan.unchanged)
    db.session.flush()


# -- family members ---------------------------------------------------------------------------


def family_of(user: User) -> list[FamilyMember]:
    return list(db.session.scalars(select(FamilyMember).where(FamilyMember.user_id == user.id)
                                   .order_by(FamilyMember.birth_date)))


def family_member_of(user: User, member_id: int) -> FamilyMember | None:
    return db.session.scalar(select(FamilyMember).where(FamilyMember.id == member_id, FamilyMember.user_id == user.id))


def save_family_member(actor: User, member: FamilyMember | None, values: dict) -> FamilyMember:
    today = today_in_rome()
    rules.check_birth_date(values["birth_date"], today)
    rules.check_dependency_declaration(values["relationship"], values["fiscally_dependent"],
                                       values["lives_with_employee"], values["receives_maintenance"],
                                       values.get("yearly_income_cents"), values["birth_date"], today.year)
    same_person = select(FamilyMember.id).where(FamilyMember.user_id == actor.id,
                                                FamilyMember.codice_fiscale == values["codice_fiscale"])
    if taken(same_person, FamilyMember.id, member):
        raise RuleViolation(_l("You have already declared a family member with this codice fiscale."),
                            field="codice_fiscale")
    # Every change is a new self-certification, timestamped.
    member = save_row(FamilyMember, member, dict(values, user_id=actor.id, declared_at=utcnow()))
    # The security log reaches the institution on request: it names the declaration, never its contents.
    audit.record("wallet.family_declared", user=actor, actor=actor, member=member.id)
    return member
