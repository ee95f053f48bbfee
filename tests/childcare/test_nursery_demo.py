"""The demo's micro nido matches issue 17's Proof: a year with 18 children in every attendance type, siblings,
category f and a waiting list; Marco (`dipendente`) has Alice enrolled, so his month, receipts and diary show
something (point 8 of the follow-up)."""

from sqlalchemy import select

from portal.auth.models import User
from portal.childcare.models import NurseryPlace
from portal.extensions import db
from tests.conftest import login
from tests.helpers import visible_text


def test_the_demo_year_matches_the_proof_and_marco_sees_his_daughters_month(app, client):
    assert app.test_cli_runner().invoke(args=["seed-demo"]).exit_code == 0
    with app.app_context():
        places = db.session.scalars(select(NurseryPlace)).all()
        enrolled = [p for p in places if p.status == "enrolled"]
        assert len(enrolled) == 18
        assert {p.attendance for p in enrolled} == {"full_time", "vertical_3", "vertical_2", "morning"}
        families = [p.family_id for p in enrolled]
        assert sum(1 for family in set(families) if families.count(family) > 1) == 2  # two pairs of siblings
        assert any(p.category == "f" for p in enrolled)
        assert sum(1 for p in places if p.status == "waiting") == 4
        marco = db.session.scalar(select(User).where(User.access_code == "dipendente"))
        alice = next(p for p in enrolled if p.family.parent_id == marco.id)
        assert alice.child.full_name == "Alice Bianchi" and alice.rank == 1
        alice_id = alice.child_id
        marco.accepted_terms_version = 1  # the demo's users accept the terms at their first sign-in
        db.session.commit()
    client.post("/auth/logout")
    assert login(client, "dipendente", password="lampone-fiume-27-vela").status_code in (302, 303)
    month = visible_text(client.get("/policino/nursery/month", follow_redirects=True).get_data(as_text=True))
    assert "Alice Bianchi" in month and "Tempo pieno" in month
    from portal.core.calendar import add_months, today_in_rome

    before = add_months(today_in_rome().replace(day=1), -1)
    if before.month not in (7, 8):  # the month before ran: its meals are counted and charged at the year's price
        earlier = visible_text(client.get(f"/policino/nursery/month?month={before:%Y-%m}").get_data(as_text=True))
        assert "Pasti addebitati:" in earlier and "× 5,80 €" in earlier
    diary = visible_text(client.get("/policino/nursery/diary", follow_redirects=True).get_data(as_text=True))
    assert "Niente scritto" not in diary and "Pranzo mangiato" in diary
    receipts = client.get(f"/policino/nursery/children/{alice_id}/receipts", follow_redirects=True)
    assert receipts.status_code == 200 and "Alice Bianchi" in visible_text(receipts.get_data(as_text=True))
