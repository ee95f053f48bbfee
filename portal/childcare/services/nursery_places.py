"""The micro nido's places: the call's ranking (imported or entered), offers in ranking order, acceptance without
ever a 21st child, the waiting list, attendance changes, and the parent's month."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from portal.auth.models import User
from portal.childcare import rules
from portal.childcare.models import Child, Family, NurseryPlace, NurseryYear
from portal.childcare.services.nursery_fees import nursery_rules
from portal.core import audit, csvio, mail
from portal.core.calendar import today_in_rome
from portal.core.dates import format_day
from portal.core.money import parse_money
from portal.core.rows import update_if
from portal.core.rules import RuleViolation
from portal.core.types import utcnow
from portal.extensions import db

RANKING_COLUMNS = ("rank", "parent_email", "child_name", "birth_date", "category", "attendance")
RANKING_OPTIONAL = ("days", "isee", "grandchild", "affiliated_until")
BABY_PARKING_GROUP = {"a": "staff", "b": "staff", "c": "student", "d": "student", "e": "student", "f": "other"}


@dataclass(frozen=True)
class RankingRow:
    line: int
    rank: int
    parent: User
    child_name: str
    birth_date: date
    category: str
    attendance: str
    days: str
    isee_cents: int | None
    grandchild: bool
    affiliated_until: date | None = None


def _ranking_row(year: NurseryYear, row: csvio.CsvRow, seen_ranks: set, seen_children: set) -> RankingRow:
    v = row.values
    try:
        rank = int(v["rank"])
    except ValueError:
        raise RuleViolation(_l("the rank must be a whole number")) from None
    if not 0 < rank <= 10_000 or rank in seen_ranks:
        raise RuleViolation(_l("the rank must be above zero and appear once"))
    parent = db.session.scalar(select(User).where(func.lower(User.email) == v["parent_email"].lower()))
    if parent is None:
        raise RuleViolation(_l("no portal user has this e-mail address"))
    name = v["child_name"].strip()
    if not 0 < len(name) <= 120:
        raise RuleViolation(_l("the child's name is missing or too long"))
    try:
        birth = date.fromisoformat(v["birth_date"])
    except ValueError:
        raise RuleViolation(_l("the birth date must be written YYYY-MM-DD")) from None
    category, attendance = v["category"].lower(), v["attendance"].lower()
    if attendance not in rules.ATTENDANCE:
        raise RuleViolation(_l("unknown attendance type (full_time, vertical_3, vertical_2, morning)"))
    grandchild = v.get("grandchild", "").lower() in ("1", "yes", "si", "sì", "true")
    rules.check_nursery_enrolment(category, grandchild, birth, year.start_year,
                                  max(date(year.start_year, 9, 1), today_in_rome()))
    days = "-".join(rules.parse_days(attendance, v.get("days", "")))
    isee_cents = None
    if v.get("isee", ""):
        isee_cents = parse_money(v["isee"])
        if isee_cents is None or not 0 <= isee_cents <= 100_000_000:
            raise RuleViolation(_l("the ISEE must be an amount in euro, e.g. 28500,00"))
    affiliated_until = None
    if v.get("affiliated_until", ""):
        try:
            affiliated_until = date.fromisoformat(v["affiliated_until"])
        except ValueError:
            raise RuleViolation(_l("the end of the link with the university must be written YYYY-MM-DD")) from None
        if rules.affiliation_ended(affiliated_until, rules.first_nursery_day(year.start_year, today_in_rome())):
            raise RuleViolation(_l("the parent's link with the university ends before the nursery year"))
    key = (parent.id, name.lower())
    if key in seen_children:
        raise RuleViolation(_l("the same child appears twice"))
    seen_ranks.add(rank)
    seen_children.add(key)
    return RankingRow(row.line, rank, parent, name, birth, category, attendance, days, isee_cents, grandchild,
                      affiliated_until)


def read_ranking(year: NurseryYear, data: bytes) -> list[RankingRow]:
    """The call's ranking from a CSV: every row checked; the first bad row stops it, naming its line and reason."""
    if db.session.scalar(select(func.count()).select_from(NurseryPlace).where(NurseryPlace.year_id == year.id)):
        raise RuleViolation(_l("This year's ranking is already in."))
    rows, seen_ranks, seen_children = [], set(), set()
    for row in csvio.read_rows(data, RANKING_COLUMNS, RANKING_OPTIONAL):
        try:
            rows.append(_ranking_row(year, row, seen_ranks, seen_children))
        except RuleViolation as violation:
            raise RuleViolation(_l("Line %(line)d: %(reason)s.", line=row.line, reason=violation.message)) from None
    if not rows:
        raise RuleViolation(_l("The file has no applicants."))
    return sorted(rows, key=lambda r: r.rank)


def _family_of(parent: User, category: str) -> Family:
    family = db.session.scalar(select(Family).where(Family.parent_id == parent.id))
    if family is None:
        family = Family(parent_id=parent.id, category=BABY_PARKING_GROUP[category])
        db.session.add(family)
        db.session.flush()
    return family


def _child_of(family: Family, name: str, birth: date) -> Child:
    child = db.session.scalar(select(Child).where(Child.family_id == family.id,
                                                  func.lower(Child.full_name) == name.lower()))
    if child is None:
        child = Child(family_id=family.id, full_name=name, birth_date=birth)
        db.session.add(child)
        db.session.flush()
    return child


def apply_ranking(actor: User, year: NurseryYear, data: bytes) -> int:
    """Write the ranking read from the same file as the preview (read again: nothing is trusted from the page)."""
    rows = read_ranking(year, data)
    for row in rows:
        family = _family_of(row.parent, row.category)
        child = _child_of(family, row.child_name, row.birth_date)
        db.session.add(NurseryPlace(year_id=year.id, rank=row.rank, family_id=family.id, child_id=child.id,
                                    category=row.category, grandchild=row.grandchild, attendance=row.attendance,
                                    days=row.days, isee_cents=row.isee_cents, affiliated_until=row.affiliated_until))
    db.session.flush()
    audit.record("childcare.nursery_ranking_imported", actor=actor, year=year.start_year, count=len(rows))
    return len(rows)


def add_applicant(actor: User, year: NurseryYear, values: dict[str, str]) -> NurseryPlace:
    """One applicant entered by hand, checked as a row of the file, at the end of the ranking unless a free rank is
    given."""
    taken = db.session.execute(select(NurseryPlace.rank, Family.parent_id, Child.full_name)
                               .join(Family, Family.id == NurseryPlace.family_id)
                               .join(Child, Child.id == NurseryPlace.child_id)
                               .where(NurseryPlace.year_id == year.id)).all()
    values = dict(values)
    if not values.get("rank"):
        values["rank"] = str(max((rank for rank, _, _ in taken), default=0) + 1)
    row = _ranking_row(year, csvio.CsvRow(0, values), {rank for rank, _, _ in taken},
                       {(parent, name.lower()) for _, parent, name in taken})
    family = _family_of(row.parent, row.category)
    child = _child_of(family, row.child_name, row.birth_date)
    place = NurseryPlace(year_id=year.id, rank=row.rank, family_id=family.id, child_id=child.id,
                         category=row.category, grandchild=row.grandchild, attendance=row.attendance, days=row.days,
                         isee_cents=row.isee_cents, affiliated_until=row.affiliated_until)
    db.session.add(place)
    db.session.flush()
    audit.record("childcare.nursery_applicant_added", actor=actor, year=year.start_year, place=place.id)
    return place


def ranking(year: NurseryYear) -> list[NurseryPlace]:
    return list(db.session.scalars(
        select(NurseryPlace).where(NurseryPlace.year_id == year.id)
        .options(joinedload(NurseryPlace.child), joinedload(NurseryPlace.family).joinedload(Family.parent))
        .order_by(NurseryPlace.rank)))


def expire_offers(today: date) -> int:
    """Offers not accepted by their last day expire; their place passes on at the next round of offers."""
    expired = list(db.session.scalars(select(NurseryPlace).where(NurseryPlace.status == "offered",
                                                                 NurseryPlace.expires_on < today)))
    for place in expired:
        place.status = "expired"
    db.session.flush()
    return len(expired)


def make_offers(actor: User | None, year: NurseryYear, today: date | None = None) -> int:
    """Offer the free places in ranking order (part-time places kept while part-time applicants wait); each offer
    mailed to the parent, holding the place until it is accepted, declined or expires."""
    today = today or today_in_rome()
    expire_offers(today)
    places = ranking(year)
    held = [p for p in places if p.status in ("offered", "enrolled")]
    held_full = sum(1 for p in held if p.attendance not in rules.PART_TIME)
    first = rules.first_nursery_day(year.start_year, today)
    offers = rules.next_offers([(p.id, p.attendance) for p in places if p.status == "waiting"
                                and not rules.affiliation_ended(p.affiliated_until, first)],  # eligible only
                               nursery_rules(year), held_full, len(held) - held_full)
    by_id = {p.id: p for p in places}
    for place_id in offers:
        place = by_id[place_id]
        place.status, place.offered_on = "offered", today
        place.expires_on = rules.offer_expires_on(today, nursery_rules(year))
        parent = place.family.parent
        mail.enqueue(parent.email, parent.locale, "childcare_nursery_offer", user=parent, place=place, year=year,
                     link=mail.link_to("childcare.nursery_home"))
    db.session.flush()
    if offers:
        audit.record("childcare.nursery_offers_made", actor=actor, year=year.start_year, count=len(offers))
    return len(offers)


def places_of_parent(user: User) -> list[NurseryPlace]:
    return list(db.session.scalars(
        select(NurseryPlace).join(Family, Family.id == NurseryPlace.family_id).where(Family.parent_id == user.id)
        .options(joinedload(NurseryPlace.child), joinedload(NurseryPlace.year)).order_by(NurseryPlace.id.desc())))


def place_of_parent(user: User, place_id: int) -> NurseryPlace | None:
    return db.session.scalar(select(NurseryPlace).join(Family, Family.id == NurseryPlace.family_id)
                             .where(NurseryPlace.id == place_id, Family.parent_id == user.id))


def accept_offer(user: User, place: NurseryPlace) -> NurseryPlace:
    """The parent accepts: the year's counter takes the place only while one is free (one UPDATE ... WHERE), so
    forty parents accepting the last place at once leave exactly one enrolled."""
    if place.status != "offered":
        raise RuleViolation(_l("This offer is no longer open."))
    if place.expires_on is not None and place.expires_on < today_in_rome():
        raise RuleViolation(_l("This offer has expired."))
    check_eligible(place, rules.first_nursery_day(place.year.start_year, today_in_rome()))
    if not update_if(place, {"status": "enrolled", "answered_at": utcnow()}, NurseryPlace.status == "offered"):
        raise RuleViolation(_l("This offer is no longer open."))
    year = db.session.get(NurseryYear, place.year_id)
    if not update_if(year, {"taken": NurseryYear.taken + 1}, NurseryYear.taken < NurseryYear.places):
        raise RuleViolation(_l("Sorry: the last place has just been taken. You stay on the waiting list."))
    place.child.micro_nido = True
    db.session.flush()
    audit.record("childcare.nursery_place_accepted", actor=user, place=place.id, child=place.child_id)
    return place


def check_eligible(place: NurseryPlace, day: date) -> None:
    """A place is the university's families' while the parent (or the staff grandparent) works or studies there:
    refused, with the day it ended, once that link is over (27.1)."""
    if rules.affiliation_ended(place.affiliated_until, day):
        raise RuleViolation(_l("The micro nido is for the families of the university: the link of %(child)s's parent "
                               "with the university ended on %(day)s. If it goes on (a contract renewed, a new "
                               "enrolment), ask the office to update it.", child=place.child.full_name,
                               day=format_day(place.affiliated_until, "d MMMM yyyy")))


def set_affiliation(actor: User, place: NurseryPlace, until: date | None) -> NurseryPlace:
    """The office records the last day the parent works or studies at the university (a contract renewed or ended,
    a degree finished); empty: no end known."""
    place.affiliated_until = until
    db.session.flush()
    audit.record("childcare.nursery_affiliation_set", actor=actor, place=place.id,
                 until=until.isoformat() if until else "")
    return place


def decline_offer(user: User, place: NurseryPlace) -> NurseryPlace:
    if not update_if(place, {"status": "declined", "answered_at": utcnow()}, NurseryPlace.status == "offered"):
        raise RuleViolation(_l("This offer is no longer open."))
    audit.record("childcare.nursery_place_declined", actor=user, place=place.id)
    return place


def change_attendance(user: User, place: NurseryPlace, new: str, days_text: str) -> NurseryPlace:
    """Once a nursery year, only to more days; from the next month's fee."""
    if place.status != "enrolled":
        raise RuleViolation(_l("Only an enrolled child's attendance can change."))
    rules.check_attendance_change(place.attendance, new, place.attendance_changed_on is not None)
    days = "-".join(rules.parse_days(new, days_text))
    old = place.attendance
    if not update_if(place, {"attendance": new, "days": days, "attendance_changed_on": today_in_rome()},
                     NurseryPlace.attendance_changed_on.is_(None), NurseryPlace.attendance == old):
        raise RuleViolation(_l("The attendance type has already been changed this year."))
    audit.record("childcare.nursery_attendance_changed", actor=user, place=place.id, before=old, after=new)
    return place


def waiting_list(year: NurseryYear) -> list[NurseryPlace]:
    return [p for p in ranking(year) if p.status == "waiting"]


def overview_counts(year: NurseryYear) -> dict[str, int]:
    counts = dict(db.session.execute(select(NurseryPlace.status, func.count()).where(NurseryPlace.year_id == year.id)
                                     .group_by(NurseryPlace.status)).all())
    return {status: counts.get(status, 0) for status in ("waiting", "offered", "enrolled")}


