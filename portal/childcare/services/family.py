"""Families, their children and the people who may pick them up."""

from __future__ import annotations

from flask import g
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.auth.models import User
from portal.childcare import rules
from portal.childcare.models import (
    Child,
    Family,
    PickupPerson,
)
from portal.core import audit
from portal.core.calendar import today_in_rome
from portal.core.rules import RuleViolation
from portal.extensions import db


def family_of(user: User) -> Family | None:
    """The user's family, read once per request (a booking asks for it from the view, the checks and the page)."""
    known = g.setdefault("childcare_families", {})
    if user.id not in known:
        known[user.id] = db.session.scalar(select(Family).where(Family.parent_id == user.id))
    return known[user.id]


def _forget_families() -> None:
    g.pop("childcare_families", None)


def register_family(actor: User, category: str, phone: str) -> Family:
    if category not in rules.CATEGORIES:
        raise RuleViolation(_l("Choose your category."), field="category")
    family = family_of(actor)
    if family is None:
        family = Family(parent_id=actor.id, category=category, phone=phone)
        db.session.add(family)
        _forget_families()
    elif family.category != category:
        family.category = category
        family.approved_at = None  # a new category is checked again
    family.phone = phone
    db.session.flush()
    audit.record("childcare.family_saved", user=actor, actor=actor, family=family.id, category=category)
    return family


def active_children(family: Family) -> list:
    """The family's children who may be booked: (id, full_name) rows, youngest last (only what a chooser shows)."""
    return list(db.session.execute(select(Child.id, Child.full_name).where(
        Child.family_id == family.id, Child.active.is_(True)).order_by(Child.birth_date, Child.id)))


def child_of(user: User, child_id: int) -> Child | None:
    """The child if it belongs to the user's family: another family's child is not found."""
    return db.session.scalar(select(Child).join(Family).where(Child.id == child_id, Family.parent_id == user.id))


def save_child(actor: User, child: Child | None, values: dict) -> Child:
    family = family_of(actor)
    if family is None:
        raise RuleViolation(_l("Tell us about your family first."))
    if values["birth_date"] > today_in_rome():
        raise RuleViolation(_l("The date of birth cannot be in the future."), field="birth_date")
    if child is None:
        child = Child(family_id=family.id)
        db.session.add(child)
    for name in ("full_name", "birth_date", "micro_nido", "allergies", "notes"):
        setattr(child, name, values[name])
    db.session.flush()
    audit.record("childcare.child_saved", user=actor, actor=actor, child=child.id)
    return child


def open_health_notes(actor: User, family: Family, child_id: int) -> Child | None:
    """A child of the family with its allergies and notes, for the desk: special-category data, so each opening is
    written to the audit log (who, which family and child; never the notes)."""
    child = db.session.scalar(select(Child).where(Child.id == child_id, Child.family_id == family.id))
    if child is not None:
        audit.record("childcare.health_notes_opened", actor=actor, family=family.id, child=child.id)
    return child


def pickup_names(family: Family) -> tuple[str, ...]:
    """Who may pick the children up: the parent first, then the people the family authorised."""
    return (family.parent.full_name, *(person.full_name for person in family.pickups))


def save_pickup(actor: User, values: dict) -> PickupPerson:
    family = family_of(actor)
    if family is None:
        raise RuleViolation(_l("Tell us about your family first."))
    person = PickupPerson(family_id=family.id, **values)
    db.session.add(person)
    db.session.flush()
    audit.record("childcare.pickup_added", user=actor, actor=actor, person=person.id)
    return person


def remove_pickup(actor: User, person_id: int) -> bool:
    person = db.session.scalar(select(PickupPerson).join(Family).where(PickupPerson.id == person_id,
                                                                        Family.parent_id == actor.id))
    if person is None:
        return False
    db.session.delete(person)
    audit.record("childcare.pickup_removed", user=actor, actor=actor, person=person_id)
    return True

