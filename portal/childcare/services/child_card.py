"""The child's card for the educators: allergies, special diets with their certificates, medicines, the
vaccination self-certification and the parents' authorisations (photos, outings, who may pick the child up).

Health data: only the nursery's staff (educators) and the child's own parent open it; every opening is in the
security log (who, which child; never the contents). Anyone else gets nothing (the route answers 404)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import User
from portal.childcare import rules
from portal.childcare.models import Child, ChildCard, ChildDiet, ChildMedicine, Family
from portal.core import audit
from portal.core.calendar import today_in_rome
from portal.core.rules import RuleViolation
from portal.extensions import db

CARD_STAFF = ("educatore",)


def card_child(user: User, child_id: int) -> Child | None:
    """The child whose card `user` may open: any child for the nursery's staff, their own for a parent."""
    child = db.session.get(Child, child_id)
    if child is None:
        return None
    if user.has_role(*CARD_STAFF):
        return child
    if user.has_role("genitore"):
        family = db.session.get(Family, child.family_id)
        if family is not None and family.parent_id == user.id:
            return child
    return None


@dataclass(frozen=True)
class Card:
    child: Child
    card: ChildCard
    diets: list[ChildDiet]
    medicines: list[ChildMedicine]
    today: date

    def certificate(self, diet: ChildDiet) -> str:
        return rules.certificate_status(diet.medical, diet.certificate_expires_on, self.today)

    @property
    def warnings(self) -> list[ChildDiet]:
        return [diet for diet in self.diets if self.certificate(diet) in ("missing", "expired", "expiring")]


def _card_row(child: Child) -> ChildCard:
    return db.session.get(ChildCard, child.id) or ChildCard(child_id=child.id, photos_allowed=False,
                                                            outings_allowed=False)


def open_card(actor: User, child: Child) -> Card:
    """The card, and the opening written to the security log (health data)."""
    audit.record("childcare.child_card_opened", actor=actor, family=child.family_id, child=child.id)
    diets = list(db.session.scalars(select(ChildDiet).where(ChildDiet.child_id == child.id).order_by(ChildDiet.id)))
    medicines = list(db.session.scalars(select(ChildMedicine).where(ChildMedicine.child_id == child.id)
                                        .order_by(ChildMedicine.id)))
    return Card(child, _card_row(child), diets, medicines, today_in_rome())


def save_card(actor: User, child: Child, allergies: str, vaccinations_declared_on: date | None, photos: bool,
              outings: bool) -> ChildCard:
    if vaccinations_declared_on is not None and vaccinations_declared_on > today_in_rome():
        raise RuleViolation(_l("The self-certification cannot be dated in the future."),
                            field="vaccinations_declared_on")
    card = _card_row(child)
    card.vaccinations_declared_on, card.photos_allowed, card.outings_allowed = (vaccinations_declared_on, photos,
                                                                                outings)
    card.updated_at, card.updated_by_id = datetime.now(UTC), actor.id
    child.allergies = allergies
    db.session.add(card)
    db.session.flush()
    audit.record("childcare.child_card_saved", actor=actor, family=child.family_id, child=child.id)
    return card


def add_diet(actor: User, child: Child, description: str, medical: bool, expires_on: date | None) -> ChildDiet:
    rules.check_diet(description, medical, expires_on)
    diet = ChildDiet(child_id=child.id, description=description, medical=medical,
                     certificate_expires_on=expires_on if medical else None)
    db.session.add(diet)
    db.session.flush()
    audit.record("childcare.child_card_saved", actor=actor, family=child.family_id, child=child.id)
    return diet


def add_medicine(actor: User, child: Child, name: str, dose: str, schedule: str) -> ChildMedicine:
    """A medicine to give; only the parent authorises it (the educators read it)."""
    rules.check_medicine(name, dose, schedule)
    if not actor.has_role("genitore") or db.session.get(Family, child.family_id).parent_id != actor.id:
        raise RuleViolation(_l("Only the child's parent authorises a medicine."))
    medicine = ChildMedicine(child_id=child.id, name=name, dose=dose, schedule=schedule, authorised_by_id=actor.id)
    db.session.add(medicine)
    db.session.flush()
    audit.record("childcare.child_card_saved", actor=actor, family=child.family_id, child=child.id)
    return medicine


def remove_card_item(actor: User, child: Child, model, item_id: int) -> bool:
    item = db.session.scalar(select(model).where(model.id == item_id, model.child_id == child.id))
    if item is None:
        return False
    db.session.delete(item)
    audit.record("childcare.child_card_saved", actor=actor, family=child.family_id, child=child.id)
    return True
