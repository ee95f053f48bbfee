"""The catalog, its yearly tax limits, purchases and vouchers, and the catalog's management."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select

from portal.auth.models import User
from portal.core import audit
from portal.core.calendar import today_in_rome
from portal.core.money import format_money
from portal.core.rules import RuleViolation
from portal.extensions import db
from portal.wallet import rules
from portal.wallet.models import (
    Area,
    Certification,
    FamilyMember,
    Offer,
    Order,
    PlanYear,
    Provider,
    Reimbursement,
    Wallet,
)
from portal.wallet.services.access import save_row, taken
from portal.wallet.services.ledger import current_wallet, post_entry

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
                                func.lower(Offer.description_it).like(like),
                                func.lower(Offer.description_en).like(like),
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


def fringe_status(user: User, wallet: Wallet) -> LimitStatus:
    """Where the employee stands against this year's fringe-benefit limit: the meter on the wallet's home, which
    every phone opens, so one statement (the same sums as `used_by_tax_rule`, the same children as
    `has_dependent_children`): the two sums on every row, one row per dependent child, or one row with none."""
    orders = select(func.coalesce(func.sum(Order.amount_cents), 0)).where(
        Order.wallet_id == wallet.id, Order.tax_rule == "fringe").scalar_subquery()
    requests = select(func.coalesce(func.sum(func.coalesce(Reimbursement.approved_cents, Reimbursement.amount_cents)),
                                    0)).where(Reimbursement.wallet_id == wallet.id, Reimbursement.tax_rule == "fringe",
                                              Reimbursement.status != "rejected").scalar_subquery()
    rows = db.session.execute(
        select(orders, requests, FamilyMember.relationship, FamilyMember.lives_with_employee,
               FamilyMember.receives_maintenance, FamilyMember.yearly_income_cents, FamilyMember.birth_date)
        .select_from(User)
        .outerjoin(FamilyMember, (FamilyMember.user_id == User.id) & (FamilyMember.relationship == "child")
                   & FamilyMember.fiscally_dependent.is_(True))
        .where(User.id == user.id)).all()
    year = today_in_rome().year
    children = any(rules.is_dependent(relationship, True, lives_with, maintenance, income, born, year)
                   for _, _, relationship, lives_with, maintenance, income, born in rows if relationship is not None)
    used = int(rows[0][0]) + int(rows[0][1]) if rows else 0
    return LimitStatus(rules.TAX_RULES["fringe"], used,
                       rules.yearly_limit_cents("fringe", plan_limits(wallet.plan_year), children))


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


def purchase_amount(offer: Offer, entered_cents: int | None) -> int | None:
    """The one place the price is decided: an offer's fixed price wins over any amount entered; an offer without
    a price (a top-up, a donation) costs what the employee entered."""
    return offer.price_cents if offer.price_cents is not None else entered_cents


@dataclass(frozen=True)
class PurchasePreview:
    """What buying an offer would cost and leave, as the offer page shows it before the employee confirms."""

    amount: int | None  # None: the offer has no price and nothing was entered
    limit: int | None = None  # what the wallet may fill for the offer's benefit type this year; None: no limit
    used: int = 0  # already used for that benefit type this year
    balance_after: int | None = None  # None when there is no wallet or no amount to compare with
    over_limit: bool = False
    near_limit: bool = False


def purchase_preview(user: User, wallet: Wallet | None, offer: Offer, entered_cents: int | None) -> PurchasePreview:
    """The price, and with a wallet the balance after purchase and the yearly limit it meets; `purchase` checks
    the same figures again under the wallet's lock."""
    amount = purchase_amount(offer, entered_cents)
    if wallet is None or not amount:
        return PurchasePreview(amount)
    limit = wallet_limit_cents(user, wallet, offer.tax_rule)
    used = used_by_tax_rule(wallet).get(offer.tax_rule, 0)
    return PurchasePreview(amount, limit, used, wallet.balance_cents - amount,
                           over_limit=limit is not None and used + amount > limit,
                           near_limit=rules.near_limit(used, amount, limit))


def purchase(actor: User, offer: Offer, amount_cents: int | None, beneficiary_id: int | None = None) -> Order:
    """Buy a service or a voucher: one transaction, under the wallet's row lock."""
    wallet = current_wallet(actor)
    if wallet is None:
        raise RuleViolation(_l("You have no welfare wallet for this year."))
    if offer.use == "reimbursement":
        raise RuleViolation(_l("This service is paid by you and reimbursed: ask for a reimbursement instead."))
    amount = purchase_amount(offer, amount_cents)
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
    preview = purchase_preview(actor, wallet, offer, amount)
    rules.check_within_limit(offer.tax_rule, preview.used, amount, preview.limit)
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
        select(Order).join(Order.wallet).where(Wallet.user_id == user.id)
        .order_by(Order.created_at.desc(), Order.id.desc())
    ))


def order_of(user: User, order_id: int) -> Order | None:
    return db.session.scalar(select(Order).join(Order.wallet).where(Order.id == order_id, Wallet.user_id == user.id))


# -- catalog management ---------------------------------------------------------------------


def save_provider(actor: User, provider: Provider | None, values: dict) -> Provider:
    same_name = select(Provider.id).where(func.lower(Provider.name) == values["name"].lower())
    if taken(same_name, Provider.id, provider):
        raise RuleViolation(_l("A provider with this name already exists."), field="name")
    provider = save_row(Provider, provider, values)
    audit.record("wallet.provider_saved", actor=actor, provider=provider.id)
    return provider


def save_offer(actor: User, offer: Offer | None, values: dict) -> Offer:
    rules.check_use_allowed(values["tax_rule"], values["use"])
    if values["use"] == "reimbursement" and values["price_cents"] is not None:
        raise RuleViolation(_l("A reimbursement has no price: the employee enters the amount spent."), field="price")
    if db.session.get(Provider, values["provider_id"]) is None:
        raise RuleViolation(_l("Choose a provider."), field="provider")
    offer = save_row(Offer, offer, values)
    audit.record("wallet.offer_saved", actor=actor, offer=offer.id)
    return offer


def providers() -> list[Provider]:
    return list(db.session.scalars(select(Provider).order_by(Provider.name)))


def all_offers() -> list[Offer]:
    """Every offer, withdrawn ones too, for the catalog's management."""
    return list(db.session.scalars(select(Offer).order_by(Offer.area, Offer.title_it)))
