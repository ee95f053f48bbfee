"""Migration 0023: families who asked for the activity plan by e-mail keep getting it as subscribers, both ways."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, text

from portal import ROOT, create_app
from portal.extensions import db
from tests.site.test_migrations import empty_database_url  # noqa: F401 (fixture)

USER = ("INSERT INTO users (id, access_code, email, full_name, locale, active, password_hash, must_change_password,"
        " password_changed_at, session_version, failed_logins, created_at)"
        " VALUES ({id}, 'u{id}', 'u{id}@x', 'U', 'it', true, 'x', false, CURRENT_TIMESTAMP, 1, 0, CURRENT_TIMESTAMP)")
FAMILY = ("INSERT INTO childcare_families (id, parent_id, category, phone, plan_emails, created_at)"
          " VALUES ({id}, {id}, 'staff', '', {wants}, CURRENT_TIMESTAMP)")


def test_the_families_who_asked_for_the_plan_become_subscribers_and_back(empty_database_url):  # noqa: F811
    app = create_app({"TESTING": True, "SECRET_KEY": "x" * 40, "SQLALCHEMY_DATABASE_URI": empty_database_url})
    migrations = str(ROOT / "migrations")
    with app.app_context():
        upgrade(directory=migrations, revision="0020")
        with db.engine.begin() as connection:
            for user_id, wants in ((1, "true"), (2, "false")):
                connection.execute(text(USER.format(id=user_id)))
                connection.execute(text(FAMILY.format(id=user_id, wants=wants)))
        upgrade(directory=migrations, revision="0023")
        with db.engine.connect() as connection:
            assert connection.execute(text("SELECT user_id FROM childcare_plan_subscribers")).scalars().all() == [1]
            assert "plan_emails" not in {c["name"] for c in inspect(connection).get_columns("childcare_families")}
        downgrade(directory=migrations, revision="0020")
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT parent_id, plan_emails FROM childcare_families ORDER BY parent_id"))
            assert [(parent, bool(wants)) for parent, wants in rows] == [(1, True), (2, False)]
        downgrade(directory=migrations, revision="base")
        db.engine.dispose()
