from datetime import UTC, datetime

from portal.core.calendar import today_in_rome
from portal.extensions import db
from portal.wallet import services
from portal.wallet.models import Feedback, Offer, Provider, Reimbursement


def _spend(app, make_user, make_wallet):
    user = make_user()
    wallet = make_wallet(user)
    make_wallet(make_user(access_code="inattivo"))
    with app.test_request_context():
        provider = Provider(name="Cinema")
        db.session.add(provider)
        db.session.flush()
        cinema = Offer(provider_id=provider.id, area="care_leisure", tax_rule="recreation", use="voucher",
                       price_cents=5_000, title_it="Cinema", title_en="Cinema", description_it="d", description_en="d",
                       data_shared_it="x", data_shared_en="x")
        school = Offer(provider_id=provider.id, area="education", tax_rule="education", use="reimbursement",
                       title_it="Rette", title_en="Fees", description_it="d", description_en="d",
                       data_shared_it="x", data_shared_en="x")
        db.session.add_all([cinema, school])
        db.session.flush()
        services.purchase(db.session.get(type(user), user.id), cinema, None)
        db.session.add(Reimbursement(wallet_id=wallet.id, offer_id=school.id, tax_rule="education", amount_cents=30_000,
                                     approved_cents=20_000, expense_date=today_in_rome(), provider_name="Asilo",
                                     status="approved", decided_at=datetime.now(UTC)))
        db.session.add(Reimbursement(wallet_id=wallet.id, offer_id=school.id, tax_rule="education", amount_cents=1_000,
                                     expense_date=today_in_rome(), provider_name="Asilo", status="submitted"))
        db.session.add_all([Feedback(rating=5), Feedback(rating=5), Feedback(rating=2)])
        db.session.commit()
        return wallet.plan_year_id


def test_dashboard_figures(app, make_user, make_wallet, plan_year):
    _spend(app, make_user, make_wallet)
    with app.test_request_context():
        figures = services.dashboard(db.session.get(type(plan_year), plan_year.id), plan_year.starts_on,
                                     plan_year.ends_on)
    assert figures.wallets == 2 and figures.active_wallets == 1 and figures.uptake_percent == 50
    assert figures.spent == 25_000 and figures.allocated == 360_000
    assert dict(figures.by_area)["care_leisure"] == 5_000 and dict(figures.by_area)["education"] == 20_000
    assert sum(cents for _, cents in figures.by_month) == 25_000
    assert [(title, count) for title, count, _ in figures.top_services] == [("Rette", 1), ("Cinema", 1)]  # ties: by amount
    assert [(status, count) for status, count, _ in figures.open_requests] == [("submitted", 1)]
    assert figures.satisfaction == [(5, 2), (4, 0), (3, 0), (2, 1), (1, 0)]


def test_dashboard_page_and_csv(app, client, signed_in, make_user, make_wallet, plan_year):
    _spend(app, make_user, make_wallet)
    signed_in(roles=("dec",), access_code="dec")
    page = client.get(f"/wallet/manage/dashboard?year={plan_year.id}&period=year").get_data(as_text=True)
    assert "<svg" in page and "250,00" in page and "Molto soddisfatto" in page and "50%" in page
    csv_text = client.get(f"/wallet/manage/dashboard.csv?year={plan_year.id}").get_data(as_text=True)
    assert "spent_eur;;250,00" in csv_text and "satisfaction_answers;5;2" in csv_text
    first_half = client.get(f"/wallet/manage/dashboard?year={plan_year.id}&period=h1")
    assert first_half.status_code == 200


def test_dashboard_is_for_managers(client, signed_in):
    signed_in()
    assert client.get("/wallet/manage/dashboard").status_code == 403
