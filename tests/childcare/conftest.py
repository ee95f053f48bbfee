"""Policino fixtures shared by the request tests."""

from datetime import timedelta

import pytest

from portal.childcare.models import Child, Family
from portal.core.calendar import today_in_rome
from portal.extensions import db


@pytest.fixture
def parent(app, signed_in, july_bookable):
    """A staff parent with a family and a three-year-old child, signed in."""
    user = signed_in(roles=("genitore",), access_code="genitore", email="genitore@example.edu")
    with app.app_context():
        family = Family(parent_id=user.id, category="staff", phone="011 555")
        db.session.add(family)
        db.session.flush()
        child = Child(family_id=family.id, full_name="Lia Rossi", birth_date=today_in_rome() - timedelta(days=3 * 365))
        db.session.add(child)
        db.session.commit()
        return {"user": user, "family": family.id, "child": child.id}
