"""Policino: 200 booking attempts at once for the 24 places of one half hour, through HTTP.

Used by http_bench.py: `prepare` gives the demo parent 200 children in the
benchmark database; `burst` fires one POST per child at the same moment and
reports latencies, answers and what the database holds afterwards.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta

from burst import fire, summary  # bench/ is the script's own folder
from sqlalchemy import func, select

ATTEMPTS = 200


def prepare(database_url: str) -> tuple[date, str]:
    """200 children for the demo parent; the day and the first block of the burst."""
    from portal import create_app
    from portal.auth.models import User
    from portal.childcare import services
    from portal.childcare.models import Child, Family
    from portal.core.calendar import today_in_rome
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        family = db.session.scalar(select(Family).join(User, User.id == Family.parent_id)
                                   .where(User.access_code == "genitore"))
        day = next(today_in_rome() + timedelta(days=offset) for offset in range(2, 10)
                   if services.blocks_of(today_in_rome() + timedelta(days=offset)))
        db.session.add_all(Child(family_id=family.id, full_name=f"Bambino {index:03d}",
                                 birth_date=day - timedelta(days=800)) for index in range(ATTEMPTS))
        db.session.commit()
        return day, services.blocks_of(day)[0].strftime("%H:%M")  # the micro nido's calendar sets July's hours


def _children_and_token(base: str, cookie: str, day: date, start: str) -> tuple[list[str], str]:
    request = urllib.request.Request(f"{base}/policino/book/new?day={day.isoformat()}&start={start}",
                                     headers={"Cookie": cookie})
    page = urllib.request.urlopen(request, timeout=10).read().decode()  # the booking page (after a redirect)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"|"X-CSRFToken": "([^"]+)"', page)
    children = re.findall(r'<option value="(\d+)">Bambino \d{3}</option>'  # the page before issue 16's chips
                          r'|id="child-(\d+)" value="\d+"[^>]*>\s*<label class="portal-chip" for="child-\d+">Bambino',
                          page)
    return [old or new for old, new in children], token.group(1) or token.group(2)


def burst(base: str, cookie: str, day: date, start: str, database_url: str) -> dict:
    children, token = _children_and_token(base, cookie, day, start)

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    opener = urllib.request.build_opener(NoRedirect)

    def post(child_id: str) -> int:
        body = urllib.parse.urlencode({"csrf_token": token, "child": child_id, "day": day.isoformat(),
                                       "first": start, "last": start, "confirm": "yes"}).encode()
        request = urllib.request.Request(f"{base}/policino/book/new", data=body, headers={"Cookie": cookie})
        try:
            return opener.open(request, timeout=60).status
        except urllib.error.HTTPError as error:
            return error.code

    return {**summary(fire(post, children)), **_database_says(database_url, day, start)}


def _database_says(database_url: str, day: date, start: str) -> dict:
    from datetime import time as clock

    from portal import create_app
    from portal.childcare.models import Block, Booking
    from portal.extensions import db

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        block = db.session.scalar(select(Block).where(Block.day == day, Block.starts_at == clock.fromisoformat(start)))
        bookings = db.session.scalar(select(func.count(Booking.id)).where(Booking.block_id == block.id,
                                                                          Booking.status == "booked"))
        return {"places": min(block.max_children, block.children_per_educator * block.educators),
                "block_booked_counter": block.booked, "bookings_in_database": bookings,
                "overbooked": bookings > min(block.max_children, block.children_per_educator * block.educators)}
