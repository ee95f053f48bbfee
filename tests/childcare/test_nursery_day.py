"""The micro nido's day: the register, the 9:30 meal count (once, then frozen), meals charged, the live ratio
banner, the monthly and quarterly report, the child's card (health data: educators and the parent only)."""

import importlib
import threading
from datetime import datetime, time, timedelta

import pytest
from sqlalchemy import func, select

from portal.auth.models import User
from portal.childcare import rules, services
from portal.childcare.models import (
    Attendance,
    Child,
    ChildDiet,
    ChildMedicine,
    Meal,
    MealCount,
    NurseryPlace,
    StaffPresence,
)
from portal.core.audit import AuditEvent
from portal.core.mail import OutboxMail
from portal.core.rules import RuleViolation
from portal.extensions import db
from tests.childcare_nursery_factories import START, TODAY, nursery_family, nursery_year
from tests.conftest import login, sql_statements


def _a_past_monday():
    day = TODAY - timedelta(days=TODAY.weekday() or 7)
    while not rules.nursery_open(day) or day.month in (7, 8):
        day -= timedelta(days=7)
    return day


DAY = _a_past_monday()
nursery_day_module = importlib.import_module("portal.childcare.services.nursery_day")


@pytest.fixture
def morning(monkeypatch):
    """The register runs on DAY; the clock starts at 8:40 and a test may move it."""
    clock = {"now": datetime.combine(DAY, time(8, 40))}
    monkeypatch.setattr(nursery_day_module, "now_in_rome", lambda: clock["now"])
    if rules.nursery_year_of(DAY) != START:
        pytest.skip("no school day of this nursery year has passed yet")
    return clock


@pytest.fixture
def nursery(app, make_user):
    make_user("ufficio", roles=("amministratore",), full_name="Ufficio Welfare")
    year_id = nursery_year(app)
    educator = make_user("edu", roles=("educatore",), full_name="Elena Educatrice")
    make_user("edu2", roles=("educatore",), full_name="Franca Educatrice")
    anna = nursery_family(app, make_user, "anna", children=(("Leo", "a", "full_time", None),
                                                            ("Mia", "a", "vertical_2", None)))
    carlo = nursery_family(app, make_user, "carlo", children=(("Ugo", "e", "morning", None),))
    with app.app_context():
        ugo = db.session.get(NurseryPlace, carlo["places"][0]).child
        ugo.allergies = "arachidi"
        db.session.add(ChildDiet(child_id=ugo.id, description="senza glutine", medical=True,
                                 certificate_expires_on=DAY + timedelta(days=10)))
        db.session.commit()
        children = {place.child.full_name: place.child_id for place in db.session.scalars(select(NurseryPlace))}
    return {"year": year_id, "educator": educator, "anna": anna, "carlo": carlo, "children": children}


def _sign_in(client, code):
    client.post("/auth/logout")
    assert login(client, code).status_code == 303


def test_the_morning_register_then_the_meal_count_once_and_frozen(app, client, nursery, morning):
    _sign_in(client, "edu")
    page = client.get("/policino/nursery/register")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Leo anna" in text and "Ugo carlo" in text and "Mia anna" in text  # Mia comes tue-thu only
    leo, mia, ugo = (nursery["children"][name] for name in ("Leo anna", "Mia anna", "Ugo carlo"))
    assert client.post("/policino/nursery/register/arrive", data={"child": leo}).status_code == 303
    assert client.post("/policino/nursery/register/absent", data={"child": ugo}).status_code == 303
    assert client.post("/policino/nursery/register/arrive", data={"child": 999999}).status_code == 404
    # Ugo phoned in; then he comes after all (the absence is taken back), and leaves his meal ordered
    assert client.post("/policino/nursery/register/arrive", data={"child": ugo}).status_code == 303
    assert client.post("/policino/nursery/register/absent", data={"child": ugo}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == 2
    morning["now"] = datetime.combine(DAY, time(9, 10))
    response = client.post("/policino/nursery/meals/send", follow_redirects=True)
    assert response.status_code == 200
    with app.app_context():
        count = db.session.get(MealCount, DAY)
        assert count.meals == 2 and count.special_diets == 1 and count.sent_by_id == nursery["educator"].id
        assert {meal.child_id for meal in db.session.scalars(select(Meal))} == {leo, ugo}
        mails = db.session.scalars(select(OutboxMail)).all()
        assert mails[0].to_addr == app.config["PORTAL_CHILDCARE_CATERER_EMAIL"]
        assert len(mails) == 1 and mails[0].sensitive
        assert "senza glutine" in mails[0].body and "arachidi" in mails[0].body and "Ugo carlo" in mails[0].body
        assert ": 2" in mails[0].body
    # a second send, from the button or the 9:30 command, is refused and sends nothing
    again = client.post("/policino/nursery/meals/send", follow_redirects=True)
    assert "09:10" in again.get_data(as_text=True)
    result = app.test_cli_runner().invoke(args=["childcare", "meal-count"]) if DAY == TODAY else None
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 1
        assert db.session.scalar(select(func.count()).select_from(Meal)) == 2
    assert result is None or "09:10" in result.output
    # Mia marked absent after the count: recorded, her meal unchanged (she had none: she comes tue-thu)
    late = client.post("/policino/nursery/register/absent", data={"child": mia}, follow_redirects=True)
    assert "can no longer" in late.get_data(as_text=True) or "non possono" in late.get_data(as_text=True)


def test_a_parent_who_reports_before_half_past_nine_pays_no_meal(app, nursery, morning):
    leo, ugo = nursery["children"]["Leo anna"], nursery["children"]["Ugo carlo"]
    with app.test_request_context():
        educator = db.session.get(User, nursery["educator"].id)
        services.send_meal_count(educator, DAY)  # both ordered (nobody marked absent yet)
        db.session.commit()
    with app.test_request_context():
        # Ugo's absence came at 9:20, after an early count: ordered, but not charged; Leo's at 10:00: charged
        from portal.childcare.models import NurseryYear, RegisterAbsence
        ugo_row = db.session.get(NurseryPlace, nursery["carlo"]["places"][0])
        leo_row = db.session.get(NurseryPlace, nursery["anna"]["places"][0])
        for place, at in ((ugo_row, time(9, 20)), (leo_row, time(10, 0))):
            db.session.add(RegisterAbsence(child_id=place.child_id, day=DAY, family_id=place.family_id,
                                           reported_at=datetime.combine(DAY, at, tzinfo=rules_rome())))
        db.session.commit()
        assert services.meal_days([leo, ugo], DAY, DAY) == {leo: (1, 1), ugo: (1, 0)}
        year = db.session.scalar(select(NurseryYear))
        month = (DAY.replace(day=1) + timedelta(days=32)).replace(day=1)
        if month in rules.nursery_months(year.start_year, year.july_open):
            preview = {row.family.id: row for row in services.fee_preview(year, month)}
            # Leo: 1 day x 5.80; Ugo: none charged
            assert preview[nursery["anna"]["family"]].meals == {leo: (1, 580)}
            assert preview[nursery["carlo"]["family"]].meals == {}


def rules_rome():
    from portal.core.calendar import ROME
    return ROME


def test_two_sends_at_once_send_one_mail(app, nursery, morning):
    barrier = threading.Barrier(2)
    results: list[str] = []

    def send() -> None:
        barrier.wait()
        with app.test_request_context():
            try:
                services.send_meal_count(db.session.get(User, nursery["educator"].id), DAY)
                db.session.commit()
                results.append("sent")
            except RuleViolation:
                db.session.rollback()
                results.append("refused")

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == ["refused", "sent"]
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(OutboxMail)) == 1
        assert db.session.scalar(select(func.count()).select_from(MealCount)) == 1


def test_the_live_banner_shows_a_breach_of_one_to_five(app, client, nursery, morning, make_user):
    extra = nursery_family(app, make_user, "dora", children=tuple((f"K{index}", "a", "full_time", None)
                                                                  for index in range(4)))
    assert extra
    with app.app_context():
        for place in db.session.scalars(select(NurseryPlace)):
            db.session.add(Attendance(child_id=place.child_id, family_id=place.family_id, day=DAY,
                                      arrived_at=time(8, 0)))
        db.session.add(StaffPresence(educator_id=nursery["educator"].id, day=DAY, arrived_at=time(8, 0)))
        db.session.commit()
    _sign_in(client, "edu")
    morning["now"] = datetime.combine(DAY, time(8, 50))
    page = client.get("/policino/nursery/register").get_data(as_text=True)
    # 7 children, 1 educator: 7 > 5 since 8:00
    assert "alert-danger" in page and "7" in page
    banner = client.get("/policino/nursery/register/ratio", headers={"HX-Request": "true"})
    assert banner.status_code == 200 and "alert-danger" in banner.get_data(as_text=True)


def test_the_report_for_the_office_and_the_dec_with_its_deadline(app, client, nursery, morning, make_user):
    with app.app_context():
        leo = nursery["children"]["Leo anna"]
        db.session.add(Attendance(child_id=leo, family_id=nursery["anna"]["family"], day=DAY, arrived_at=time(8, 0),
                                  left_at=time(16, 0), picked_up_by="Parent anna"))
        db.session.add(StaffPresence(educator_id=nursery["educator"].id, day=DAY, arrived_at=time(7, 55),
                                     left_at=time(16, 30)))
        db.session.commit()
    make_user("dec", roles=("dec",))
    month = DAY.strftime("%Y-%m")
    for code in ("ufficio", "dec"):
        _sign_in(client, code)
        page = client.get(f"/policino/nursery/report?month={month}")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "Leo anna" in text and "Elena Educatrice" in text
        due = rules.report_deadline(DAY.replace(day=1)).due_on
        assert str(due.day) in text
    csv = client.get(f"/policino/nursery/report.csv?month={month}").get_data(as_text=True)
    assert "date;from;to;children_present;educators_present;within_1_to_5" in csv
    assert f"{DAY.isoformat()};08:00;08:15;1;1;yes" in csv  # the educator came at 7:55: on duty all of 8:00-8:15
    pdf = client.get(f"/policino/nursery/report.pdf?month={month}")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    quarter = client.get(f"/policino/nursery/report/quarter?year={DAY.year}&quarter={(DAY.month - 1) // 3 + 1}")
    assert quarter.status_code == 200
    for wrong in ("quarter=9", "year=abc&quarter=x", "year=99999"):
        assert client.get(f"/policino/nursery/report/quarter?{wrong}").status_code in (200, 404)
    assert client.get("/policino/nursery/report?month=2026-13").status_code == 404
    _sign_in(client, "anna")
    assert client.get(f"/policino/nursery/report?month={month}").status_code == 403


def test_the_card_only_for_educators_and_the_parent_and_every_opening_audited(app, client, nursery, make_user):
    ugo = nursery["children"]["Ugo carlo"]
    make_user("dec", roles=("dec",))
    for code in ("dec", "ufficio", "anna"):
        _sign_in(client, code)
        assert client.get(f"/policino/nursery/children/{ugo}/card").status_code == 404
        assert client.post(f"/policino/nursery/children/{ugo}/diets", data={"description": "x"}).status_code == 404
    _sign_in(client, "edu")
    page = client.get(f"/policino/nursery/children/{ugo}/card")
    assert page.status_code == 200 and "senza glutine" in page.get_data(as_text=True)
    assert client.get("/policino/nursery/children/999999/card").status_code == 404
    # a medical diet without its certificate: refused, nothing written
    refused = client.post(f"/policino/nursery/children/{ugo}/diets", data={"description": "senza uova", "medical": "y"},
                          follow_redirects=True)
    assert "scadenza" in refused.get_data(as_text=True) or "expiry" in refused.get_data(as_text=True)
    # the educator cannot authorise a medicine
    assert client.post(f"/policino/nursery/children/{ugo}/medicines",
                       data={"name": "paracetamolo", "dose": "2,5 ml", "schedule": "febbre"}).status_code == 303
    _sign_in(client, "carlo")
    assert client.post(f"/policino/nursery/children/{ugo}/medicines",
                       data={"name": "paracetamolo", "dose": "2,5 ml", "schedule": "se febbre"}).status_code == 303
    assert client.post(f"/policino/nursery/children/{ugo}/card",
                       data={"allergies": "arachidi, kiwi", "photos_allowed": "y",
                             "vaccinations_declared_on": "2026-09-01"}).status_code == 303
    assert client.post(f"/policino/nursery/children/{ugo}/card",
                       data={"vaccinations_declared_on": "2999-01-01"}).status_code == 303
    assert client.post(f"/policino/nursery/children/{ugo}/card", data={"allergies": "x" * 5000}).status_code == 303
    assert client.post(f"/policino/nursery/children/{ugo}/medicines/999999/remove").status_code == 404
    assert client.get(f"/policino/nursery/children/{ugo}/card").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(ChildDiet)) == 1
        assert db.session.scalars(select(ChildMedicine.name)).all() == ["paracetamolo"]  # the parent's only
        assert db.session.scalar(select(Child.allergies).where(Child.id == ugo)) == "arachidi, kiwi"
        opened = db.session.scalars(select(AuditEvent).where(AuditEvent.event == "childcare.child_card_opened")).all()
        assert len(opened) == 3 and all("glutine" not in (event.details or "") for event in opened)


def test_the_register_of_twenty_children_in_at_most_five_statements(app, client, nursery, morning, make_user):
    nursery_family(app, make_user, "many", children=tuple((f"C{index}", "a", "full_time", None)
                                                          for index in range(17)))
    with app.app_context():
        for place in db.session.scalars(select(NurseryPlace)):
            db.session.add(Attendance(child_id=place.child_id, family_id=place.family_id, day=DAY,
                                      arrived_at=time(8, 5)))
        db.session.commit()
    _sign_in(client, "edu")
    client.get("/policino/nursery/register")  # the signed-in user is cached after the first request
    pages = []
    statements = sql_statements(app, lambda: pages.append(client.get("/policino/nursery/register")))
    assert pages[0].status_code == 200
    assert pages[0].get_data(as_text=True).count("portal-register-line") == 20
    assert len(statements) <= 5, "\n\n".join(statements)


def test_on_a_nursery_closing_day_the_register_says_closed_and_keeps_no_register(app, client, nursery, morning):
    """Issue 17: the educators' register marks the nursery's closure days: 'closed today', no children to mark, no
    meal count; a tap sent anyway is refused; the rooms run as baby parking, linked."""
    from portal.childcare.models import Closure, NurseryClosure
    from tests.helpers import visible_text

    with app.app_context():
        db.session.add(NurseryClosure(day=DAY, reason="ponte"))
        db.session.commit()
    _sign_in(client, "edu")
    page = visible_text(client.get("/policino/nursery/register").get_data(as_text=True))
    assert "Oggi il micro nido è chiuso. È uno dei giorni di chiusura del micro nido: le stanze funzionano come baby parking." in page
    assert "Nessun registro da compilare e nessun pasto da ordinare in questo giorno." in page
    assert "Leo anna" not in page and "Invia ora il conteggio dei pasti" not in page
    response = client.post("/policino/nursery/register/arrive", data={"child": nursery["children"]["Leo anna"]})
    assert response.status_code in (303, 422)
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attendance)) == 0
        db.session.execute(NurseryClosure.__table__.delete())
        db.session.add(Closure(day=DAY, reason="chiusura ateneo"))
        db.session.commit()
    page = visible_text(client.get("/policino/nursery/register").get_data(as_text=True))
    assert "Oggi il micro nido è chiuso. L'università è chiusa." in page and "Leo anna" not in page
    weekend = DAY - timedelta(days=1)  # the Sunday before
    page = visible_text(client.get(f"/policino/nursery/register?day={weekend}").get_data(as_text=True))
    assert "Il micro nido era chiuso in questo giorno. È aperto dal lunedì al venerdì." in page



def test_a_substitution_is_recorded_in_place_of_someone_and_shown_in_the_report(app, client, nursery, morning):
    """Issue 17 point 7: substitutions are explicit in the staff register (who replaced whom), not guessed from
    the times: Franca coming at 9:15 on her own shift is no substitution; Franca in place of Elena from 10:00 is;
    replacing an educator still on duty is refused and writes nothing."""
    from tests.helpers import visible_text

    elena, franca = nursery["educator"].id, None
    with app.app_context():
        franca = db.session.scalar(select(User.id).where(User.access_code == "edu2"))
        db.session.add(StaffPresence(educator_id=elena, day=DAY, arrived_at=time(8, 0)))
        db.session.add(StaffPresence(educator_id=franca, day=DAY, arrived_at=time(9, 15), left_at=time(9, 45)))
        db.session.commit()
    _sign_in(client, "edu")
    enter = "/policino/nursery/register/staff/enter"
    refused = client.post(enter, data={"educator": franca, "at": "10:00", "replaces": elena}, follow_redirects=True)
    assert "Elena Educatrice è in servizio" in visible_text(refused.get_data(as_text=True))
    assert client.post(enter, data={"educator": franca, "at": "10:00", "replaces": franca}).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(StaffPresence)) == 2  # both refused
    assert client.post("/policino/nursery/register/staff/leave", data={"educator": elena, "at": "10:00"}).status_code == 303
    assert client.post(enter, data={"educator": franca, "at": "10:00", "replaces": elena}).status_code == 303
    morning["now"] = datetime.combine(DAY, time(10, 5))
    register = visible_text(client.get("/policino/nursery/register").get_data(as_text=True))
    assert "al posto di Elena Educatrice" in register
    _sign_in(client, "ufficio")
    report = visible_text(client.get(f"/policino/nursery/report?month={DAY:%Y-%m}").get_data(as_text=True))
    assert "Franca Educatrice 10:00–? (al posto di Elena Educatrice)" in report
    assert "Franca Educatrice 09:15–09:45;" in report  # her own shift: no substitution
    assert "Franca Educatrice al posto di Elena Educatrice, 10:00–?" in report.split("Sostituzioni", 1)[1]
