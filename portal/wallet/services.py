"""Conto Welfare use cases: each adds to the current transaction and only flushes."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import contains_eager

from portal.admin.services import UserData, create_user
from portal.auth.models import User
from portal.core import audit, csvio, ids
from portal.core import uploads as uploads_module
from portal.core.calendar import ROME, month_range_utc, today_in_rome
from portal.core.forms import numeric_code_error, other_digits_in_file
from portal.core.money import csv_amount, format_money
from portal.core.rows import insert_missing, update_if
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db
from portal.wallet import rules
from portal.wallet.models import (
    AffiliationRequest,
    Area,
    Certification,
    Duty,
    FamilyMember,
    Feedback,
    LedgerEntry,
    Offer,
    Order,
    PayrollBatch,
    PlanYear,
    Preferences,
    Provider,
    Reimbursement,
    ReimbursementDocument,
    ReimbursementMessage,
    RulesAcceptance,
    Wallet,
    WelfareForm,
)

# Who sees what (tender §4.2.6: no sensitive data ever reaches the institution). The welfare provider's
# operators check documents, certifications and family data; the institution's roles see aggregates, statuses
# and anonymised reports only.
WELFARE_OPERATORS = ("operatore_welfare",)
INSTITUTION = ("amministratore", "dec")
MANAGERS = INSTITUTION + WELFARE_OPERATORS


def sees_documents(user: User) -> bool:
    return user.has_role(*WELFARE_OPERATORS)


ROSTER_REQUIRED = ("codice_fiscale", "matricola", "full_name", "email", "coefficient", "hire_date")
ROSTER_OPTIONAL = ("end_date", "polincontri")
YES = {"1", "si", "sì", "s", "yes", "y", "true", "x"}
NO = {"", "0", "no", "n", "false"}


def _taken(query, id_column, row) -> bool:
    """Whether another row than `row` (being edited, or None when new) already matches."""
    if row is not None:
        query = query.where(id_column != row.id)
    return db.session.scalar(query.limit(1)) is not None


def _save(model, row, values: dict):
    """Create `model` with `values`, or update `row` with them."""
    if row is None:
        row = model()
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
    db.session.flush()
    return row


# -- plan years and wallets --------------------------------------------------------------


def plan_year_for(day: date) -> PlanYear | None:
    return db.session.scalar(select(PlanYear).where(PlanYear.starts_on <= day, PlanYear.ends_on >= day))


def current_plan_year() -> PlanYear | None:
    return plan_year_for(today_in_rome())


def wallet_of(user: User, plan_year: PlanYear | None) -> Wallet | None:
    if plan_year is None:
        return None
    return db.session.scalar(select(Wallet).where(Wallet.user_id == user.id, Wallet.plan_year_id == plan_year.id))


# Built once: every phone polls the live balance, which runs this (a prebuilt statement keeps its cache key).
_WALLET_ON_DAY = (
    select(Wallet).join(Wallet.plan_year).options(contains_eager(Wallet.plan_year))
    .where(Wallet.user_id == bindparam("user_id"), PlanYear.starts_on <= bindparam("day"),
           PlanYear.ends_on >= bindparam("day"))
)


def current_wallet(user: User) -> Wallet | None:
    """Today's wallet with its plan year, in one query."""
    return db.session.scalar(_WALLET_ON_DAY, {"user_id": user.id, "day": today_in_rome()})


@dataclass(frozen=True)
class LiveBalance:
    """What the live balance region shows, read without loading ORM objects (it is polled by every phone)."""

    wallet_id: int
    revision: int
    year: int
    ends_on: date
    expires_without_carry_over: bool
    summary: rules.Summary

    @classmethod
    def of(cls, wallet: Wallet) -> LiveBalance:
        return cls(wallet.id, wallet.revision, wallet.plan_year.year, wallet.plan_year.ends_on,
                   wallet.plan_year.expires_without_carry_over, wallet.summary)


_LIVE_BALANCE_ON_DAY = (
    select(Wallet.id, Wallet.revision, PlanYear.year, PlanYear.ends_on, PlanYear.expires_without_carry_over,
           Wallet.allocated_cents, Wallet.spent_cents, Wallet.pending_cents, Wallet.balance_cents)
    .join(Wallet.plan_year)
    .where(Wallet.user_id == bindparam("user_id"), PlanYear.starts_on <= bindparam("day"),
           PlanYear.ends_on >= bindparam("day"))
)


def balance_tags(user_id: int) -> tuple[str, ...]:
    """What the live balance is computed from: the user's wallets and the plan years."""
    return (f"wallets:user:{user_id}", "wallets", "wallet_plan_years")


def live_balance(user: User) -> LiveBalance | None:
    row = db.session.execute(_LIVE_BALANCE_ON_DAY, {"user_id": user.id, "day": today_in_rome()}).first()
    if row is None:
        return None
    wallet_id, revision, year, ends_on, no_carry_over, allocated, spent, pending, balance = row
    return LiveBalance(wallet_id, revision, year, ends_on, no_carry_over,
                       rules.Summary(allocated=allocated, spent=spent, pending=pending, balance=balance))


def ledger_summary(wallet_id: int) -> rules.Summary:
    """The totals recomputed from the ledger itself (the cached ones must match it)."""
    rows = db.session.execute(
        select(LedgerEntry.kind, func.sum(LedgerEntry.amount_cents))
        .where(LedgerEntry.wallet_id == wallet_id)
        .group_by(LedgerEntry.kind)
    ).all()
    return rules.summarise([(kind, int(total)) for kind, total in rows])


def post_entry(wallet: Wallet, kind: str, cents: int, description: str = "", actor: User | None = None,
               area: str | None = None, checked_revision: int | None = None) -> LedgerEntry:
    """Append one movement and change the wallet's cached totals with it, in one conditional UPDATE.

    The totals move relative to what the row holds, and a debit is written only while the balance covers it
    (`WHERE balance_cents >= debit`), as the database sees it when it writes; `checked_revision`, the revision
    a yearly limit was checked against, is written only if no movement came in between. So neither a balance
    nor a limit rests on the row lock alone; a refusal writes nothing.
    """
    amount = rules.signed_amount(kind, cents)
    changes = {"balance_cents": Wallet.balance_cents + amount, "revision": Wallet.revision + 1}
    change = rules.bucket_change(kind, amount)
    if change:
        column = f"{change[0]}_cents"
        changes[column] = getattr(Wallet, column) + change[1]
    conditions = [Wallet.balance_cents >= -amount] if amount < 0 else []
    if checked_revision is not None:
        conditions.append(Wallet.revision == checked_revision)
    if not update_if(wallet, changes, *conditions):
        current = db.session.get(Wallet, wallet.id, populate_existing=True)
        if amount < 0:
            rules.check_debit(current.balance_cents, -amount)
        raise RuleViolation(_l("Your wallet changed while this was being done: check it and try again."))
    entry = LedgerEntry(wallet_id=wallet.id, kind=kind, amount_cents=amount, description=description[:300],
                        actor_id=getattr(actor, "id", None), area=area)
    db.session.add(entry)
    db.session.flush()
    return entry


def ledger_mismatches() -> list[tuple[int, str, int, int]]:
    """Wallets whose cached totals differ from their ledger: (wallet id, total, cached, ledger)."""
    entries: dict[int, list[tuple[str, int]]] = {}
    for wallet_id, kind, total in db.session.execute(
        select(LedgerEntry.wallet_id, LedgerEntry.kind, func.sum(LedgerEntry.amount_cents))
        .group_by(LedgerEntry.wallet_id, LedgerEntry.kind)
    ):
        entries.setdefault(wallet_id, []).append((kind, int(total)))
    mismatches = []
    for wallet in db.session.scalars(select(Wallet).order_by(Wallet.id)):
        ledger = rules.summarise(entries.get(wallet.id, []))
        for name in ("balance", "allocated", "spent", "pending"):
            cached = getattr(wallet, f"{name}_cents")
            if cached != getattr(ledger, name):
                mismatches.append((wallet.id, name, cached, getattr(ledger, name)))
    return mismatches


def save_plan_year(actor: User, plan_year: PlanYear | None, values: dict) -> PlanYear:
    if values["ends_on"] <= values["starts_on"]:
        raise RuleViolation(_l("The end of the period must come after its start."), field="ends_on")
    if plan_year is not None:
        if plan_year.amount_cents != values["amount_cents"] and db.session.scalar(
                select(func.count()).select_from(Wallet).where(Wallet.plan_year_id == plan_year.id)):
            raise RuleViolation(_l("Wallets of this year already exist: the amount per person can no longer change."),
                                field="amount")
    overlapping = select(PlanYear.id).where(PlanYear.starts_on <= values["ends_on"],
                                            PlanYear.ends_on >= values["starts_on"])
    if _taken(overlapping, PlanYear.id, plan_year):
        raise RuleViolation(_l("The period overlaps another plan year."), field="starts_on")
    if _taken(select(PlanYear.id).where(PlanYear.year == values["year"]), PlanYear.id, plan_year):
        raise RuleViolation(_l("This year already has a plan."), field="year")
    plan_year = _save(PlanYear, plan_year, values)
    audit.record("wallet.plan_year_saved", actor=actor, year=plan_year.year, amount_cents=plan_year.amount_cents)
    return plan_year


def default_plan_values(year: int) -> dict:
    return {
        "year": year, "amount_cents": rules.DEFAULT_AMOUNT_CENTS,
        "starts_on": date(year, 1, 1), "ends_on": date(year, 12, 31), "expires_without_carry_over": True,
        "fringe_limit_cents": rules.FRINGE_LIMIT_CENTS,
        "fringe_limit_children_cents": rules.FRINGE_LIMIT_WITH_CHILDREN_CENTS,
        "pension_limit_cents": rules.pension_fund_limit_cents(year),
        "health_limit_cents": rules.HEALTH_FUND_LIMIT_CENTS,
    }


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
        from portal.admin.services import set_roles

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


# -- catalog, purchases, vouchers ----------------------------------------------------------


def areas(include_withdrawn: bool = False) -> list[Area]:
    query = select(Area).order_by(Area.position, Area.code)
    if not include_withdrawn:
        query = query.where(Area.active.is_(True))
    return list(db.session.scalars(query))


def area_names(include_withdrawn: bool = True) -> dict[str, str]:
    """Code → name in the request's language, in the administrators' order."""
    return {area.code: area.name for area in areas(include_withdrawn)}


def catalog_areas(wallet: Wallet | None) -> list[Area]:
    """The areas an employee browses: the members-only ones (Polincontri) only for members."""
    member = bool(wallet and wallet.polincontri_member)
    return [area for area in areas() if member or not area.members_only]


def ensure_default_areas() -> None:
    """The areas every catalog must cover, for a fresh database (the migration adds them too)."""
    existing = set(db.session.scalars(select(Area.code)))
    for position, (code, name_it, name_en, members_only) in enumerate(rules.DEFAULT_AREAS):
        if code not in existing:
            db.session.add(Area(code=code, name_it=name_it, name_en=name_en, position=(position + 1) * 10,
                                members_only=members_only, required=True, active=True))
    db.session.flush()


def save_area(actor: User, area: Area | None, values: dict) -> Area:
    if area is None:
        rules.check_area_code(values["code"])
        if db.session.get(Area, values["code"]) is not None:
            raise RuleViolation(_l("An area with this code already exists."), field="code")
        area = Area(code=values["code"], required=False)
        db.session.add(area)
    rules.check_area_withdrawal(area.required, values["active"])
    for name in ("name_it", "name_en", "description_it", "description_en", "position", "members_only", "active"):
        setattr(area, name, values[name])
    db.session.flush()
    audit.record("wallet.area_saved", actor=actor, area=area.code)
    return area


def visible_offers(user: User, wallet: Wallet | None, q: str = "", area: str = "", use: str = "") -> list[Offer]:
    query = (select(Offer).join(Offer.provider).join(Offer.area_row)
             .where(Offer.active.is_(True), Provider.active.is_(True), Area.active.is_(True)))
    if not (wallet and wallet.polincontri_member):
        query = query.where(Area.members_only.is_(False))
    if area:
        query = query.where(Offer.area == area)
    if use in rules.USES:
        query = query.where(Offer.use == use)
    if q:
        like = f"%{q.lower()}%"
        query = query.where(or_(func.lower(Offer.title_it).like(like), func.lower(Offer.title_en).like(like),
                                func.lower(Offer.description_it).like(like), func.lower(Offer.description_en).like(like),
                                func.lower(Provider.name).like(like), func.lower(Provider.city).like(like)))
    return list(db.session.scalars(query.order_by(Offer.area, Offer.title_it)).unique())


def visible_offer(user: User, wallet: Wallet | None, offer_id: int) -> Offer | None:
    offer = db.session.get(Offer, offer_id)
    if offer is None or not offer.provider.active or not offer.can_view(user, wallet):
        return None
    return offer


def plan_limits(plan_year: PlanYear) -> dict[str, int]:
    return {"fringe": plan_year.fringe_limit_cents, "fringe_children": plan_year.fringe_limit_children_cents,
            "pension": plan_year.pension_limit_cents, "health": plan_year.health_limit_cents}


def has_dependent_children(user: User) -> bool:
    """Children self-certified as dependent, within the art. 12 income limit of this year (they double the
    fringe-benefit limit)."""
    year = today_in_rome().year
    return any(rules.is_dependent(child.relationship, True, child.lives_with_employee, child.receives_maintenance,
                                  child.yearly_income_cents, child.birth_date, year)
               for child in db.session.scalars(select(FamilyMember).where(
                   FamilyMember.user_id == user.id, FamilyMember.relationship == "child",
                   FamilyMember.fiscally_dependent.is_(True))))


def used_by_tax_rule(wallet: Wallet) -> dict[str, int]:
    """Purchases plus reimbursements, open ones at the amount reserved, approved ones at the amount approved."""
    used: dict[str, int] = {}
    orders = select(Order.tax_rule, func.sum(Order.amount_cents)).where(Order.wallet_id == wallet.id) \
        .group_by(Order.tax_rule)
    counted = func.coalesce(Reimbursement.approved_cents, Reimbursement.amount_cents)
    requests = select(Reimbursement.tax_rule, func.sum(counted)).where(
        Reimbursement.wallet_id == wallet.id, Reimbursement.status != "rejected").group_by(Reimbursement.tax_rule)
    for rule, total in [*db.session.execute(orders), *db.session.execute(requests)]:
        used[rule] = used.get(rule, 0) + int(total)
    return used


@dataclass
class LimitStatus:
    rule: rules.TaxRule
    used: int
    limit: int
    elsewhere: int = 0  # pension contributions declared as paid outside the wallet

    @property
    def remaining(self) -> int:
        return max(self.limit - self.used - self.elsewhere, 0)

    @property
    def percent(self) -> int:
        return min(100, round((self.used + self.elsewhere) * 100 / self.limit)) if self.limit else 100


def limit_statuses(user: User, wallet: Wallet) -> list[LimitStatus]:
    used = used_by_tax_rule(wallet)
    children = has_dependent_children(user)
    limits = plan_limits(wallet.plan_year)
    return [LimitStatus(rule, used.get(key, 0), rules.yearly_limit_cents(key, limits, children),
                        wallet.pension_paid_elsewhere_cents if key == "pension" else 0)
            for key, rule in rules.TAX_RULES.items() if rule.limited]


def wallet_limit_cents(user: User, wallet: Wallet, tax_rule: str) -> int | None:
    """The yearly limit the wallet may still fill for a benefit type: for pension funds, the deductible limit less
    the contributions the employee declared as paid elsewhere."""
    limit = rules.yearly_limit_cents(tax_rule, plan_limits(wallet.plan_year), has_dependent_children(user))
    if tax_rule == "pension" and limit is not None:
        limit = rules.pension_room_cents(limit, wallet.pension_paid_elsewhere_cents)
    return limit


def limit_check(user: User, wallet: Wallet, tax_rule: str, amount_cents: int) -> tuple[int | None, int]:
    """(limit, used) for the offer's benefit type; raises when the amount would cross the limit."""
    limit = wallet_limit_cents(user, wallet, tax_rule)
    used = used_by_tax_rule(wallet).get(tax_rule, 0)
    rules.check_within_limit(tax_rule, used, amount_cents, limit)
    return limit, used


def declare_pension_paid_elsewhere(actor: User, wallet: Wallet, cents: int) -> None:
    """The employee's declaration of this year's pension contributions paid outside the wallet (art. 10 e-bis
    TUIR): what the wallet may still pay into a fund shrinks by as much."""
    if cents < 0 or cents > rules.PENSION_ELSEWHERE_MAX_CENTS:
        raise RuleViolation(_l("Enter an amount between 0 and %(most)s.",
                               most=format_money(rules.PENSION_ELSEWHERE_MAX_CENTS)), field="amount")
    wallet = db.session.get(Wallet, wallet.id, with_for_update=True, populate_existing=True)
    wallet.pension_paid_elsewhere_cents = cents
    db.session.flush()
    audit.record("wallet.pension_elsewhere_declared", user=actor, actor=actor, year=wallet.plan_year.year,
                 amount_cents=cents)


def _certified_non_self_sufficient(member: FamilyMember) -> bool:
    return db.session.scalar(select(Certification.id).where(
        Certification.user_id == member.user_id, Certification.family_member_id == member.id,
        Certification.kind == "care", Certification.status == "accepted").limit(1)) is not None


def beneficiary_facts(member: FamilyMember | None, year: int) -> rules.Beneficiary | None:
    """A declared family member as the tax rules see them in a plan year."""
    if member is None:
        return None
    dependent = rules.is_dependent(member.relationship, member.fiscally_dependent, member.lives_with_employee,
                                   member.receives_maintenance, member.yearly_income_cents, member.birth_date, year)
    return rules.Beneficiary(member.relationship, member.birth_date, dependent,
                             _certified_non_self_sufficient(member))


def new_voucher_code() -> str:
    """Unguessable (about 80 bits), easy to read out at a counter."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    chars = "".join(secrets.choice(alphabet) for _ in range(16))
    return "-".join(chars[i:i + 4] for i in range(0, 16, 4))


def purchase(actor: User, offer: Offer, amount_cents: int | None, beneficiary_id: int | None = None) -> Order:
    """Buy a service or a voucher: one transaction, under the wallet's row lock."""
    wallet = current_wallet(actor)
    if wallet is None:
        raise RuleViolation(_l("You have no welfare wallet for this year."))
    if offer.use == "reimbursement":
        raise RuleViolation(_l("This service is paid by you and reimbursed: ask for a reimbursement instead."))
    amount = offer.price_cents if offer.price_cents is not None else amount_cents
    if amount is None or amount <= 0:
        raise RuleViolation(_l("The amount must be greater than zero."), field="amount")
    beneficiary = None
    if beneficiary_id:
        beneficiary = db.session.scalar(select(FamilyMember).where(FamilyMember.id == beneficiary_id,
                                                                   FamilyMember.user_id == actor.id))
        if beneficiary is None:
            raise RuleViolation(_l("Choose one of your family members."), field="beneficiary")
    rules.check_beneficiary(offer.tax_rule, beneficiary_facts(beneficiary, wallet.plan_year.year), today_in_rome())
    # Lock first: the balance and the limits are checked against what no one else can change now.
    wallet = db.session.get(Wallet, wallet.id, with_for_update=True, populate_existing=True)
    checked_revision = wallet.revision  # read before the limit's sums: the write proves nothing came in between
    limit_check(actor, wallet, offer.tax_rule, amount)
    rules.check_debit(wallet.balance_cents, amount)
    order = Order(wallet_id=wallet.id, offer_id=offer.id, beneficiary_id=getattr(beneficiary, "id", None),
                  amount_cents=amount, tax_rule=offer.tax_rule, area=offer.area, title=offer.title_it,
                  voucher_code=new_voucher_code() if offer.use == "voucher" else None)
    db.session.add(order)
    db.session.flush()
    post_entry(wallet, "purchase", amount, f"{offer.title_it} ({offer.provider.name}) #{order.id}", actor,
               area=offer.area, checked_revision=checked_revision)
    return order


def orders_of(user: User) -> list[Order]:
    return list(db.session.scalars(
        select(Order).join(Order.wallet).where(Wallet.user_id == user.id).order_by(Order.created_at.desc(), Order.id.desc())
    ))


def order_of(user: User, order_id: int) -> Order | None:
    return db.session.scalar(select(Order).join(Order.wallet).where(Order.id == order_id, Wallet.user_id == user.id))


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
    if _taken(same_person, FamilyMember.id, member):
        raise RuleViolation(_l("You have already declared a family member with this codice fiscale."),
                            field="codice_fiscale")
    # Every change is a new self-certification, timestamped.
    member = _save(FamilyMember, member, dict(values, user_id=actor.id, declared_at=utcnow()))
    # The security log reaches the institution on request: it names the declaration, never its contents.
    audit.record("wallet.family_declared", user=actor, actor=actor, member=member.id)
    return member


# -- catalog management ---------------------------------------------------------------------


def save_provider(actor: User, provider: Provider | None, values: dict) -> Provider:
    same_name = select(Provider.id).where(func.lower(Provider.name) == values["name"].lower())
    if _taken(same_name, Provider.id, provider):
        raise RuleViolation(_l("A provider with this name already exists."), field="name")
    provider = _save(Provider, provider, values)
    audit.record("wallet.provider_saved", actor=actor, provider=provider.id)
    return provider


def save_offer(actor: User, offer: Offer | None, values: dict) -> Offer:
    rules.check_use_allowed(values["tax_rule"], values["use"])
    if values["use"] == "reimbursement" and values["price_cents"] is not None:
        raise RuleViolation(_l("A reimbursement has no price: the employee enters the amount spent."), field="price")
    if db.session.get(Provider, values["provider_id"]) is None:
        raise RuleViolation(_l("Choose a provider."), field="provider")
    offer = _save(Offer, offer, values)
    audit.record("wallet.offer_saved", actor=actor, offer=offer.id)
    return offer


# -- reimbursements ----------------------------------------------------------------------------


def reimbursement_categories(user: User, wallet: Wallet | None) -> list[Offer]:
    """Catalog services paid back in cash: only those whose tax rule allows it."""
    return [offer for offer in visible_offers(user, wallet, use="reimbursement")
            if rules.TAX_RULES[offer.tax_rule].cash_reimbursement]


def _notify(request: Reimbursement, template: str, **context) -> None:
    owner = request.wallet.user
    from portal.core import mail

    mail.enqueue(owner.email, owner.locale, template, user=owner, request=request, statuses=rules.STATUSES,
                 link=mail.link_to("wallet.reimbursement", request_id=request.id), **context)




def _store_documents(uploads: list, folder: str, actor: User, request: Reimbursement) -> None:
    for upload in uploads:
        document = ReimbursementDocument(uploaded_by_id=actor.id)
        document.keep(uploads_module.store(upload, folder))
        request.documents.append(document)


def request_reimbursement(actor: User, offer: Offer, amount_cents: int, expense_date: date, provider_name: str,
                          beneficiary_id: int | None, uploads: list) -> Reimbursement:
    """Submit a request: the documents are stored, the amount reserved at once (one transaction)."""
    wallet = current_wallet(actor)
    if wallet is None:
        raise RuleViolation(_l("You have no welfare wallet for this year."))
    if offer.use != "reimbursement":
        raise RuleViolation(_l("Choose a kind of expense that can be reimbursed."), field="category")
    rules.check_use_allowed(offer.tax_rule, "reimbursement")
    rules.check_expense_date(expense_date, wallet.plan_year.starts_on, wallet.plan_year.ends_on, today_in_rome())
    if not uploads:
        raise RuleViolation(_l("Attach at least one document: the receipt and the proof of payment."),
                            field="documents")
    beneficiary = None
    if beneficiary_id:
        beneficiary = family_member_of(actor, beneficiary_id)
        if beneficiary is None:
            raise RuleViolation(_l("Choose one of your family members."), field="beneficiary")
    rules.check_beneficiary(offer.tax_rule, beneficiary_facts(beneficiary, wallet.plan_year.year), expense_date)
    wallet = db.session.get(Wallet, wallet.id, with_for_update=True, populate_existing=True)
    checked_revision = wallet.revision  # read before the limit's sums: the write proves nothing came in between
    limit_check(actor, wallet, offer.tax_rule, amount_cents)
    rules.check_debit(wallet.balance_cents, amount_cents)
    request = Reimbursement(wallet_id=wallet.id, offer_id=offer.id, beneficiary_id=getattr(beneficiary, "id", None),
                            tax_rule=offer.tax_rule, amount_cents=amount_cents, expense_date=expense_date,
                            provider_name=provider_name, status="submitted")
    db.session.add(request)
    # Files are tied to this transaction: a failure from here on removes them too.
    _store_documents(uploads, f"reimbursements/{wallet.plan_year.year}", actor, request)
    db.session.flush()
    post_entry(wallet, "reservation", amount_cents, f"{offer.title_it} #{request.id}", actor, area=offer.area,
               checked_revision=checked_revision)
    return request


def reimbursements_of(user: User) -> list[Reimbursement]:
    return list(db.session.scalars(
        select(Reimbursement).join(Reimbursement.wallet).where(Wallet.user_id == user.id)
        .order_by(Reimbursement.created_at.desc(), Reimbursement.id.desc())))


def reimbursement_for(user: User, request_id: int, managing: bool = False) -> Reimbursement | None:
    """The employee's own request, or any request for the welfare operators (never the institution's roles)."""
    query = select(Reimbursement).join(Reimbursement.wallet).where(Reimbursement.id == request_id)
    if not (managing and sees_documents(user)):
        query = query.where(Wallet.user_id == user.id)
    return db.session.scalar(query)


def answer_reimbursement(actor: User, request: Reimbursement, body: str, uploads: list) -> None:
    """The employee answers a request for more documents: back to the operators."""
    if request.status != "more_needed":
        raise RuleViolation(_l("This request is not waiting for your answer."))
    if not body.strip() and not uploads:
        raise RuleViolation(_l("Write a message or attach a document."), field="message")
    _store_documents(uploads, f"reimbursements/{request.wallet.plan_year.year}", actor, request)
    request.status = "submitted"
    _clear_check(request)
    request.messages.append(ReimbursementMessage(author_id=actor.id, body=body.strip(), status_after="submitted"))
    db.session.flush()


def _clear_check(request: Reimbursement) -> None:
    request.checked_by_id = request.checked_at = request.proposed_cents = None
    request.check_note = ""


def decide_reimbursement(actor: User, request: Reimbursement, decision: str, approved_cents: int | None,
                         message: str) -> None:
    """Take, check (proposing the amount), approve what another operator checked, reject or ask for more; the
    money follows in the ledger."""
    wallet = db.session.get(Wallet, request.wallet_id, with_for_update=True, populate_existing=True)
    db.session.refresh(request, with_for_update=True)
    rules.check_decision(request.status, decision, actor.id, wallet.user_id, request.checked_by_id)
    message = message.strip()
    if decision in ("reject", "ask") and not message:
        raise RuleViolation(_l("Write the reason to the employee."), field="message")
    label = f"#{request.id}"
    if decision == "take":
        request.status, request.reviewer_id = "in_review", actor.id
    elif decision == "check":
        request.proposed_cents = rules.approved_amount(request.amount_cents, approved_cents, message)
        request.checked_by_id, request.checked_at, request.check_note = actor.id, utcnow(), message
    elif decision == "ask":
        request.status = "more_needed"
        _clear_check(request)
    elif decision == "reject":
        post_entry(wallet, "release", request.amount_cents, f"{label} rejected", actor, area=request.offer.area)
        request.status = "rejected"
        _clear_check(request)
    else:
        amount = request.proposed_cents
        message = message or request.check_note  # the checker's reason for a lower amount reaches the employee
        post_entry(wallet, "release", request.amount_cents, f"{label} approved", actor, area=request.offer.area)
        post_entry(wallet, "reimbursement", amount, f"{request.offer.title_it} {label}", actor, area=request.offer.area)
        request.approved_cents = amount
        request.status = "approved"
    if decision in ("approve", "reject"):
        request.decided_at, request.decided_by_id = utcnow(), actor.id
    if decision not in ("take", "check"):
        request.messages.append(ReimbursementMessage(author_id=actor.id, body=message, status_after=request.status))
    db.session.flush()
    audit.record("wallet.reimbursement_decided", user=wallet.user, actor=actor, request=request.id,
                 decision=decision, status=request.status)
    if decision not in ("take", "check"):
        _notify(request, "reimbursement_status", message=message)


def reimbursement_queue(status: str = "", q: str = "") -> list[Reimbursement]:
    query = select(Reimbursement).join(Reimbursement.wallet).join(Wallet.user)
    query = query.where(Reimbursement.status == status) if status in rules.STATUSES else query.where(
        Reimbursement.status.in_(rules.OPEN_STATUSES))
    if q:
        like = f"%{q.lower()}%"
        query = query.where(or_(func.lower(User.full_name).like(like), User.codice_fiscale == q.upper(),
                                func.lower(Reimbursement.provider_name).like(like)))
    return list(db.session.scalars(query.order_by(Reimbursement.created_at).limit(500)))


def document_for(user: User, document_id: int) -> ReimbursementDocument | None:
    """A receipt of a request: for its owner and the welfare operators only; every opening is audited."""
    document = db.session.get(ReimbursementDocument, document_id)
    if document is None:
        return None
    owner = document.reimbursement.wallet.user
    if not (user.id == owner.id or sees_documents(user)):
        return None
    audit.record("wallet.document_opened", user=owner, actor=user, document=document.id,
                 request=document.reimbursement_id)
    return document


# -- payroll export ---------------------------------------------------------------------------------


def export_payroll(actor: User | None, month_text: str) -> PayrollBatch | None:
    """Every reimbursement approved in the month and not yet exported, each exactly once.

    The rows are locked: two exports at the same time cannot both take a request.
    Returns None when there is nothing new.
    """
    from flask import current_app

    year, month = rules.parse_month(month_text)
    columns = tuple(current_app.config["PORTAL_PAYROLL_COLUMNS"])
    rules.check_columns(columns)
    codes = rules.payroll_codes(tuple(current_app.config["PORTAL_PAYROLL_CODES"]))
    start, end = month_range_utc(date(year, month, 1))
    requests = list(db.session.scalars(
        select(Reimbursement)
        .where(Reimbursement.status == "approved", Reimbursement.payroll_batch_id.is_(None),
               Reimbursement.decided_at >= start, Reimbursement.decided_at < end)
        .order_by(Reimbursement.id)
        .with_for_update(of=Reimbursement)
    ))
    if rules.payroll_month_closed(date(year, month, 1), today_in_rome()):
        _mark_done(actor, "payroll", date(year, month, 1))
    if not requests:
        return None
    competenza = rules.payslip_month(year, month)
    wrong = sorted({item.wallet.user.full_name for item in requests
                    if (item.wallet.matricola or item.wallet.user.matricola)
                    and not ids.is_matricola(item.wallet.matricola or item.wallet.user.matricola)})
    if wrong:
        raise RuleViolation(_l("The payroll file was not made: the matricola of %(names)s is not 6 digits from 0 to 9. "
                               "Correct it in the staff roster, then make the file again.", names=", ".join(wrong)),
                            field="month")
    rows = []
    for item in requests:
        owner = item.wallet.user
        values = {
            "codice_fiscale": owner.codice_fiscale or "", "matricola": item.wallet.matricola or owner.matricola or "",
            "competenza": competenza, "codice_voce": codes[item.tax_rule],
            "importo": csv_amount(item.approved_cents), "id_pratica": str(item.id),
            "data_approvazione": item.decided_at.astimezone(ROME).strftime("%d/%m/%Y"),
            "nome": owner.full_name, "tipo_beneficio": rules.TAX_RULES[item.tax_rule].reference,
        }
        rows.append([values[name] for name in columns])
    content = csvio.write_rows(columns, rows, delimiter=";")
    batch = PayrollBatch(month=f"{year:04d}-{month:02d}", created_by_id=getattr(actor, "id", None), rows=len(rows),
                         total_cents=sum(item.approved_cents for item in requests), content=content)
    db.session.add(batch)
    db.session.flush()
    for item in requests:
        item.payroll_batch_id, item.payslip_month, item.status = batch.id, competenza, "paid"
    audit.record("wallet.payroll_exported", actor=actor, batch=batch.id, month=batch.month, rows=batch.rows,
                 total_cents=batch.total_cents)
    db.session.flush()
    return batch


# -- year closing -------------------------------------------------------------------------------------


def close_year(actor: User | None, plan_year: PlanYear) -> tuple[int, int]:
    """Expire what is left in every wallet of the year with a ledger entry; (wallets, cents expired)."""
    plan_year = db.session.get(PlanYear, plan_year.id, with_for_update=True, populate_existing=True)
    open_requests = db.session.scalar(
        select(func.count()).select_from(Reimbursement).join(Reimbursement.wallet)
        .where(Wallet.plan_year_id == plan_year.id, Reimbursement.status.in_(rules.OPEN_STATUSES)))
    rules.check_year_can_close(plan_year.ends_on, today_in_rome(), plan_year.closed_at is not None, open_requests)
    expired = count = 0
    if plan_year.expires_without_carry_over:
        for wallet in db.session.scalars(select(Wallet).where(Wallet.plan_year_id == plan_year.id,
                                                              Wallet.balance_cents > 0).order_by(Wallet.id)):
            amount = wallet.balance_cents
            post_entry(wallet, "expiry", amount, f"Conto Welfare {plan_year.year}: residual at {plan_year.ends_on}",
                       actor)
            expired += amount
            count += 1
    plan_year.closed_at = utcnow()
    _mark_done(actor, "residuals", date(plan_year.year, 1, 1))
    audit.record("wallet.year_closed", actor=actor, year=plan_year.year, wallets=count, expired_cents=expired)
    db.session.flush()
    return count, expired


def payroll_batch_for_download(actor: User, batch_id: int) -> PayrollBatch | None:
    """A payroll file sent before, downloaded again: audited (it names people and amounts)."""
    batch = db.session.get(PayrollBatch, batch_id)
    if batch is not None:
        audit.record("wallet.payroll_downloaded", actor=actor, batch=batch.id, month=batch.month)
    return batch


def residual_report(actor: User, plan_year: PlanYear) -> list[tuple]:
    """The residual report, downloaded: audited."""
    audit.record("wallet.residuals_downloaded", actor=actor, year=plan_year.year)
    return residual_rows(plan_year)


# -- the operators' deadlines and reminders ------------------------------------------------------------


def _locked_duty(kind: str, period: date) -> Duty:
    insert_missing(Duty, [{"kind": kind, "period": period}], ["kind", "period"])
    return db.session.get(Duty, (kind, period), with_for_update=True, populate_existing=True)


def _mark_done(actor: User | None, kind: str, period: date) -> None:
    duty = _locked_duty(kind, period)
    if duty.done_at is None:
        duty.done_at, duty.done_by_id = utcnow(), getattr(actor, "id", None)
    db.session.flush()


@dataclass(frozen=True)
class DutyStatus:
    deadline: rules.Deadline
    done_at: datetime | None
    overdue: bool

    @property
    def label(self):
        return rules.DUTY_KINDS[self.deadline.kind]


def duties(today: date) -> list[DutyStatus]:
    """The payroll files of the last two months and the next one, and the residual reports of the years that
    ended and the current one: each with its due date, done or not (overdue ones stay until done)."""
    years = {row.year: row for row in db.session.scalars(select(PlanYear))}
    if not years:
        return []
    first = min(row.starts_on for row in years.values()).replace(day=1)
    month = today.replace(day=1)
    candidates = []
    for back in (2, 1, 0):
        year, number = month.year, month.month - back
        while number < 1:
            year, number = year - 1, number + 12
        if date(year, number, 1) >= first:
            candidates.append(rules.payroll_deadline(date(year, number, 1)))
    candidates += [rules.residuals_deadline(year) for year in sorted(years) if year <= today.year]
    done = {(row.kind, row.period): row for row in db.session.scalars(
        select(Duty).where(Duty.period.in_([deadline.period for deadline in candidates])))}
    statuses = []
    for deadline in candidates:
        row = done.get((deadline.kind, deadline.period))
        done_at = row.done_at if row else None
        if deadline.kind == "residuals" and done_at is None and years[deadline.period.year].closed_at is not None:
            done_at = years[deadline.period.year].closed_at
        # A residual report of a past year is shown until done; the current year's only as the next date.
        if deadline.kind == "residuals" and done_at is not None and deadline.due_on < today - timedelta(days=31):
            continue
        statuses.append(DutyStatus(deadline, done_at, done_at is None and today > deadline.due_on))
    return statuses


def send_reminders(today: date) -> int:
    """Mail the welfare operators once as a deadline nears and once when it has passed; the overdue reminder
    goes to the contract manager (DEC) too, who monitors the provider. Returns the mails queued."""
    from portal.core import mail

    sent = 0
    for status in duties(today):
        deadline = status.deadline
        if status.done_at is not None:
            continue
        duty = _locked_duty(deadline.kind, deadline.period)
        if duty.done_at is not None or not rules.reminder_due(deadline, today, duty.reminded_on):
            continue
        duty.reminded_on = today
        overdue = today > deadline.due_on
        # Before any operator account exists, the administrators are told instead.
        people = _active_with_roles(WELFARE_OPERATORS) or _active_with_roles(("amministratore",))
        if overdue:
            people += [person for person in _active_with_roles(("dec",)) if person not in people]
        link = mail.link_to("wallet.payroll" if deadline.kind == "payroll" else "wallet.manage")
        for person in people:
            mail.enqueue(person.email, person.locale, "wallet_duty", user=person, deadline=deadline,
                         overdue=overdue, link=link)
            sent += 1
    db.session.flush()
    return sent


def _active_with_roles(roles: tuple[str, ...]) -> list[User]:
    from portal.auth.models import UserRole

    return list(db.session.scalars(select(User).where(User.active.is_(True), User.roles.any(UserRole.role.in_(roles)))
                                   .order_by(User.id)))


def residual_rows(plan_year: PlanYear) -> list[tuple]:
    """The residual report: each wallet's allocation, use and what expired at year end."""
    expired = dict(db.session.execute(
        select(LedgerEntry.wallet_id, func.sum(LedgerEntry.amount_cents))
        .join(Wallet, Wallet.id == LedgerEntry.wallet_id)
        .where(Wallet.plan_year_id == plan_year.id, LedgerEntry.kind == "expiry")
        .group_by(LedgerEntry.wallet_id)).all())
    rows = []
    for wallet in db.session.scalars(select(Wallet).join(Wallet.user).where(Wallet.plan_year_id == plan_year.id)
                                     .order_by(User.full_name)):
        rows.append((wallet.user.codice_fiscale or "", wallet.matricola or "", wallet.user.full_name,
                     wallet.allocated_cents, wallet.spent_cents, -int(expired.get(wallet.id, 0)),
                     wallet.balance_cents))
    return rows


# -- the plan's rules and guides -----------------------------------------------------------------


def rules_pending(user: User) -> int | None:
    """The version of the welfare rules the employee still has to accept, or None."""
    from portal.site.models import LegalText

    # One statement: this runs before every page of the wallet.
    current, accepted = db.session.execute(select(
        select(func.max(LegalText.version)).where(LegalText.kind == "welfare_rules").scalar_subquery(),
        select(func.max(RulesAcceptance.version)).where(RulesAcceptance.user_id == user.id).scalar_subquery(),
    )).one()
    if current is None:
        return None
    return current if (accepted or 0) < current else None


def accept_rules(user: User, version: int) -> None:
    from portal.site.models import LegalText

    if LegalText.current_version("welfare_rules") != version:
        raise RuleViolation(_l("The rules were updated while you were reading. Please read the new version."))
    if db.session.scalar(select(RulesAcceptance.id).where(RulesAcceptance.user_id == user.id,
                                                          RulesAcceptance.version == version)) is None:
        db.session.add(RulesAcceptance(user_id=user.id, version=version))
        audit.record("wallet.rules_accepted", user=user, actor=user, version=version)
    db.session.flush()


# -- affiliation requests, feedback, preferences ----------------------------------------------------


def request_affiliation(actor: User, values: dict) -> AffiliationRequest:
    row = AffiliationRequest(requested_by_id=actor.id, due_on=rules.affiliation_due(today_in_rome()), **values)
    db.session.add(row)
    db.session.flush()
    audit.record("wallet.affiliation_requested", actor=actor, request=row.id)
    return row


def affiliations_of(user: User) -> list[AffiliationRequest]:
    return list(db.session.scalars(select(AffiliationRequest).where(AffiliationRequest.requested_by_id == user.id)
                                   .order_by(AffiliationRequest.id.desc())))


def handle_affiliation(actor: User, row: AffiliationRequest, status: str, answer: str) -> None:
    if row.status != "open":
        raise RuleViolation(_l("This request has already been handled."))
    if status not in ("affiliated", "declined"):
        raise RuleViolation(_l("Choose what happened to the request."))
    if status == "declined" and not answer.strip():
        raise RuleViolation(_l("Write the reason to the employee."), field="answer")
    row.status, row.answer, row.handled_at, row.handled_by_id = status, answer.strip(), utcnow(), actor.id
    db.session.flush()
    audit.record("wallet.affiliation_handled", actor=actor, request=row.id, status=status)
    requester = row.requested_by
    if requester is not None:
        from portal.core import mail

        mail.enqueue(requester.email, requester.locale, "affiliation_handled", user=requester, row=row,
                     statuses=rules.AFFILIATION_STATUSES,
                     link=mail.link_to("wallet.affiliation"))


def give_feedback(actor: User, rating: int, comment: str) -> Feedback:
    row = Feedback(user_id=actor.id, rating=rating, comment=comment.strip())
    db.session.add(row)
    db.session.flush()
    return row


def feedback_summary() -> tuple[int, float | None]:
    count, average = db.session.execute(select(func.count(Feedback.id), func.avg(Feedback.rating))).one()
    return int(count), (round(float(average), 1) if average is not None else None)


def preferences_of(user: User) -> Preferences:
    return db.session.get(Preferences, user.id) or Preferences(user_id=user.id, info_emails=False)


def set_info_emails(actor: User, wanted: bool) -> None:
    row = db.session.get(Preferences, actor.id)
    if row is None:
        row = Preferences(user_id=actor.id)
        db.session.add(row)
    row.info_emails, row.changed_at = wanted, utcnow()
    db.session.flush()
    audit.record("wallet.info_emails", user=actor, actor=actor, opted_in=wanted)


# -- dashboard and six-monthly report --------------------------------------------------------------


@dataclass
class Dashboard:
    wallets: int
    active_wallets: int
    allocated: int
    spent: int
    by_area: list[tuple[str, int]]
    by_month: list[tuple[str, int]]
    top_services: list[tuple[str, int, int]]
    open_requests: list[tuple[str, int, int]]  # status, count, oldest age in days
    satisfaction: list[tuple[int, int]]

    @property
    def uptake_percent(self) -> int:
        return round(self.active_wallets * 100 / self.wallets) if self.wallets else 0


def dashboard(plan_year: PlanYear, start: date, end: date) -> Dashboard:
    """Figures for the operators: uptake, spending by area and month, services, open requests, satisfaction.

    Spending is purchases plus approved reimbursements made between `start` and `end` (inclusive).
    """
    from_utc, _ = month_range_utc(date(start.year, start.month, 1))
    end_year, end_month = rules.next_month(end.year, end.month)
    to_utc, _ = month_range_utc(date(end_year, end_month, 1))
    in_year = Wallet.plan_year_id == plan_year.id
    orders = (select(Order.area, Order.title, Order.amount_cents.label("cents"), Order.created_at.label("at"),
                     Order.wallet_id)
              .join(Wallet, Wallet.id == Order.wallet_id)
              .where(in_year, Order.created_at >= from_utc, Order.created_at < to_utc))
    paid = (select(Offer.area, Offer.title_it.label("title"), Reimbursement.approved_cents.label("cents"),
                   Reimbursement.decided_at.label("at"), Reimbursement.wallet_id)
            .join(Offer, Offer.id == Reimbursement.offer_id).join(Wallet, Wallet.id == Reimbursement.wallet_id)
            .where(in_year, Reimbursement.status.in_(("approved", "paid")),
                   Reimbursement.decided_at >= from_utc, Reimbursement.decided_at < to_utc))
    spending = [*db.session.execute(orders), *db.session.execute(paid)]
    by_area: dict[str, int] = {area.code: 0 for area in areas(include_withdrawn=True)}
    by_month: dict[str, int] = {}
    services_used: dict[str, list[int]] = {}
    active: set[int] = set()
    for area, title, cents, at, wallet_id in spending:
        by_area[area] += cents
        month = at.astimezone(ROME).strftime("%Y-%m")
        by_month[month] = by_month.get(month, 0) + cents
        entry = services_used.setdefault(title, [0, 0])
        entry[0] += 1
        entry[1] += cents
        active.add(wallet_id)
    today = today_in_rome()
    open_rows = db.session.execute(
        select(Reimbursement.status, func.count(), func.min(Reimbursement.created_at))
        .join(Wallet, Wallet.id == Reimbursement.wallet_id)
        .where(in_year, Reimbursement.status.in_(rules.OPEN_STATUSES)).group_by(Reimbursement.status)).all()
    satisfaction = dict(db.session.execute(
        select(Feedback.rating, func.count()).where(Feedback.created_at >= from_utc, Feedback.created_at < to_utc)
        .group_by(Feedback.rating)).all())
    totals = db.session.execute(select(func.count(Wallet.id), func.coalesce(func.sum(Wallet.allocated_cents), 0))
                                .where(in_year)).one()
    return Dashboard(
        wallets=int(totals[0]), active_wallets=len(active), allocated=int(totals[1]),
        spent=sum(row[2] for row in spending),
        by_area=[(key, cents) for key, cents in by_area.items()],
        by_month=sorted(by_month.items()),
        top_services=sorted(((title, count, cents) for title, (count, cents) in services_used.items()),
                            key=lambda item: (-item[1], -item[2]))[:10],
        open_requests=[(status, int(count), (today - oldest.astimezone(ROME).date()).days)
                       for status, count, oldest in open_rows],
        satisfaction=[(level, int(satisfaction.get(level, 0))) for level in (5, 4, 3, 2, 1)],
    )


def send_info_email(actor: User, subject: dict[str, str], body: dict[str, str]) -> int:
    """Queue an information e-mail to every member of staff who opted in, each in their language."""
    from portal.core import mail

    recipients = db.session.scalars(
        select(User).join(Preferences, Preferences.user_id == User.id)
        .where(Preferences.info_emails.is_(True), User.active.is_(True))).all()
    for user in recipients:
        mail.enqueue(user.email, user.locale, "info_email", user=user, subject=subject[user.locale],
                     body=body[user.locale], link=mail.link_to("wallet.feedback"))
    audit.record("wallet.info_email_sent", actor=actor, recipients=len(recipients), subject=subject["it"][:100])
    db.session.flush()
    return len(recipients)


# -- forms to download, certifications to upload -----------------------------------------------------


def forms_list(include_withdrawn: bool = False) -> list[WelfareForm]:
    query = select(WelfareForm).order_by(WelfareForm.title_it)
    if not include_withdrawn:
        query = query.where(WelfareForm.published.is_(True))
    return list(db.session.scalars(query))


def form_for(user: User, form_id: int) -> WelfareForm | None:
    """A published form for anybody with the wallet; a withdrawn one only for the office."""
    row = db.session.get(WelfareForm, form_id)
    if row is None or not (row.published or user.has_role(*MANAGERS)):
        return None
    return row


def publish_form(actor: User, values: dict, upload) -> WelfareForm:
    row = WelfareForm(uploaded_by_id=actor.id, **values)
    row.keep(uploads_module.store(upload, "wallet/forms"))
    db.session.add(row)
    db.session.flush()
    audit.record("wallet.form_published", actor=actor, form=row.id)
    return row


def set_form_published(actor: User, row: WelfareForm, published: bool) -> None:
    row.published = published
    audit.record("wallet.form_published" if published else "wallet.form_withdrawn", actor=actor, form=row.id)


def certifications_of(user: User) -> list[Certification]:
    return list(db.session.scalars(select(Certification).where(Certification.user_id == user.id)
                                   .order_by(Certification.uploaded_at.desc(), Certification.id.desc())))


def certification_for(user: User, certification_id: int) -> Certification | None:
    """A certification: for its owner and the welfare operators only; every opening is audited."""
    row = db.session.get(Certification, certification_id)
    if row is None or not (row.user_id == user.id or sees_documents(user)):
        return None
    audit.record("wallet.certification_opened", user=row.user, actor=user, certification=row.id)
    return row


def upload_certification(actor: User, kind: str, family_member_id: int | None, note: str, upload) -> Certification:
    plan_year = current_plan_year()
    if plan_year is None:
        raise RuleViolation(_l("No welfare plan is open today."))
    if kind not in rules.CERTIFICATION_KINDS:
        raise RuleViolation(_l("Choose what the certification is about."), field="kind")
    if family_member_id and family_member_of(actor, family_member_id) is None:
        raise RuleViolation(_l("Choose one of your family members."), field="family_member")
    row = Certification(user_id=actor.id, plan_year_id=plan_year.id, kind=kind,
                        family_member_id=family_member_id or None, note=note)
    row.keep(uploads_module.store(upload, f"wallet/certifications/{plan_year.year}"))
    db.session.add(row)
    db.session.flush()
    # No kind in the log: "care" would tell the institution about a family member's health.
    audit.record("wallet.certification_uploaded", user=actor, actor=actor, certification=row.id)
    return row


def certification_queue(status: str) -> list[Certification]:
    query = select(Certification).order_by(Certification.uploaded_at, Certification.id)
    if status in rules.CERTIFICATION_STATUSES:
        query = query.where(Certification.status == status)
    return list(db.session.scalars(query))


def review_certification(actor: User, row: Certification, status: str, note: str) -> None:
    """Accept a certification or say why not; the employee is told by mail, in their language."""
    from portal.core import mail

    if row.status != "received":
        raise RuleViolation(_l("This certification has already been reviewed."))
    if row.user_id == actor.id:
        raise RuleViolation(_l("You cannot review a certification of your own: another operator must do it."))
    rules.check_certification_review(status, note)
    row.status, row.review_note = status, note.strip()
    row.reviewed_by_id, row.reviewed_at = actor.id, utcnow()
    audit.record("wallet.certification_reviewed", user=row.user, actor=actor, certification=row.id, status=status)
    mail.enqueue(row.user.email, row.user.locale, "certification_reviewed", user=row.user, row=row,
                 kinds=rules.CERTIFICATION_KINDS, link=mail.link_to("wallet.documents"))
