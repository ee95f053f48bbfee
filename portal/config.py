"""Settings, read from environment variables with safe development defaults.

Every setting can be overridden by an environment variable: `DATABASE_URL`,
`SECRET_KEY`, and `PORTAL_<NAME>` for the rest (for example
`PORTAL_INSTITUTION_NAME`). Values are parsed by the type of their default.
"""

from __future__ import annotations

import os
import secrets
from datetime import date, timedelta
from pathlib import Path

from portal.core.cache import no_retry
from portal.core.calendar import is_patron_setting

# Only services that exist: a service is added here when it is built (docs/architecture.md, new-service checklist).
ALL_SERVICES = ("wallet", "caf", "childcare", "tutoring", "courses", "discounts", "helpdesk")

# Known placeholder secrets that must never reach production.
UNSAFE_SECRETS = {"", "dev", "change-me", "changeme", "secret", "development"}


class ConfigError(RuntimeError):
    """A setting is missing or unsafe; start-up stops with this message."""


def _bool(value: str) -> bool:
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _list(value: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in value.split(",") if part.strip())


DEFAULTS: dict[str, object] = {
    "ENV": "development",  # development | production | testing
    "INSTITUTION_NAME": "Politecnico di Torino",
    "INSTITUTION_SHORT_NAME": "PoliTo",
    "INSTITUTION_URL": "https://www.polito.it",
    "LOGO_URL": "",  # empty: the bundled neutral emblem
    "PRIMARY_COLOR": "#003366",
    "CONTACT_EMAIL": "servizi@example.edu",
    "CONTACT_PHONE": "+39 011 000 0000",
    "CONTACT_ADDRESS": "Corso Duca degli Abruzzi 24, 10129 Torino",
    # The city's patron day: a province code whose capital's day the `holidays` package knows, or MM-DD, or empty.
    "CITY_PATRON_DAY": "TO",  # Torino: San Giovanni, 24 June
    "SERVICES": ALL_SERVICES,
    "BASE_URL": "http://127.0.0.1:5000",
    "MAIL_BACKEND": "console",  # console | smtp
    "MAIL_SERVER": "localhost",
    "MAIL_PORT": 25,
    "MAIL_USE_TLS": False,
    "MAIL_USE_SSL": False,
    "MAIL_USERNAME": "",
    "MAIL_PASSWORD": "",
    "MAIL_FROM": "Portale servizi <noreply@example.edu>",
    "MAIL_MAX_ATTEMPTS": 10,
    "RATELIMIT_STORAGE_URI": "memory://",
    # What open pages poll (signed-in user, live balance, booking grid): redis://host:6379/0 shared by the workers;
    # empty: memory:// for the development server and tests, none in production.
    "CACHE_URL": "",
    "CACHE_PREFIX": "portal",
    # Redis (rate limiter and cache): the longest a call may wait, and how long a failed Redis is left alone
    # (limits counted in each process's memory, pages computed from the database) before it is tried again.
    "REDIS_TIMEOUT_MS": 250,
    "REDIS_RETRY_SECONDS": 5,
    "LOGIN_MAX_FAILURES": 5,
    "LOGIN_RATE_PER_IP": "30 per minute; 300 per hour",
    "LOGIN_RATE_PER_ACCOUNT": "10 per minute; 60 per hour",
    "RECOVERY_RATE_PER_IP": "5 per minute; 30 per hour",
    # "My calendar": phones read their feed every hour or so; many may share a university address.
    "CALENDAR_RATE_PER_IP": "60 per minute; 600 per hour",
    "LOGIN_LOCK_MINUTES": 15,
    "IDLE_TIMEOUT_MINUTES": 30,
    "IDLE_WARNING_SECONDS": 120,
    "ABSOLUTE_SESSION_HOURS": 12,
    "RESET_LINK_MINUTES": 30,
    # The payroll file for U-GOV has no public layout: its columns and codes are settings.
    "PAYROLL_COLUMNS": ("codice_fiscale", "matricola", "competenza", "codice_voce", "importo", "id_pratica",
                        "data_approvazione"),
    "PAYROLL_CODES": ("education=WLF01", "care=WLF02", "transport=WLF03", "fringe=WLF04", "pension=WLF05",
                      "health=WLF06"),
    "ARGON2_TIME_COST": 3,
    "ARGON2_MEMORY_KIB": 65536,
    "ARGON2_PARALLELISM": 2,
    "UPLOAD_MAX_MB": 25,  # a whole request, several documents together
    "UPLOAD_FILE_MAX_MB": 10,  # one document
    "UPLOAD_DIR": "",  # empty: instance/uploads
    "TRUST_PROXY": False,  # behind a reverse proxy that sets X-Forwarded-*
    # Policino baby parking (DOMAIN.md section 3). Educators on duty in a block until the coordinator sets the
    # roster (5 -> 24 places); days before a block each priority group may book it; booking and cancelling close
    # at the end of the day that many days before.
    "CHILDCARE_EDUCATORS": 5,
    "CHILDCARE_MAX_CHILDREN": 24,
    "CHILDCARE_CHILDREN_PER_EDUCATOR": 5,
    "CHILDCARE_OPENS_DAYS": ("staff=14", "student=10", "grandparent=7", "other=3"),
    "CHILDCARE_CUTOFF_DAYS": 1,
    "CHILDCARE_SINGLE_HOUR_CENTS": 350,
    "CHILDCARE_CARD_HOURS": 80,  # the fewest hours of a card; the desk chooses its size at sale
    "CHILDCARE_CARD_MAX_HOURS": 500,  # the most hours of one card
    "CHILDCARE_CARD_HOUR_CENTS": 250,
    "CHILDCARE_MEMBERSHIP_MAX_CENTS": 5000,
    "CHILDCARE_MEMBERSHIP_MAX_MONTHS": 12,
    "CHILDCARE_REPORT_WORKING_DAYS": 10,  # the monthly report reaches the university within this many working days
    "CHILDCARE_SUMMER_CALENDAR_BY": "05-31",  # MM-DD: the July calendar is published by then
    # On the micro nido's closing days of the school year the baby parking runs in the nursery's hours too (8-19).
    "CHILDCARE_ALL_DAY_WHEN_NURSERY_CLOSED": True,
    "CHILDCARE_NURSERY_OFFER_DAYS": 7,  # a micro nido place offered and not accepted within these days passes on
    # how families may pay the micro nido's fees: the tender names transfer and cheque; the office may add pos, cash
    "CHILDCARE_NURSERY_PAYMENT_METHODS": ("transfer", "cheque"),
    # On the micro nido's receipts (the INPS nursery bonus): the nursery's name, its operator's tax code (partita IVA
    # or codice fiscale, checked at start-up) and its address.
    "CHILDCARE_NURSERY_NAME": "Micro nido Policino",
    "CHILDCARE_NURSERY_TAX_CODE": "01234560017",
    "CHILDCARE_NURSERY_ADDRESS": "Corso Castelfidardo 51, 10129 Torino",
    "CHILDCARE_NURSERY_MEAL_CENTS": 580,  # a day's meals (snack, lunch, snack), at most EUR 5.80 (tender 27.6)
    # where the micro nido's 9:30 meal count goes (tender 27.5): the caterer's address
    "CHILDCARE_CATERER_EMAIL": "mensa.policino@example.org",
    # Tutoring (tender 001, capitolato par. 27-28): a new request is served within this many working days; health
    # data (diagnoses, medical documents) are deleted this many months after the contract ends (YYYY-MM-DD).
    "TUTORING_SERVE_WITHIN_DAYS": 10,
    "TUTORING_CONTRACT_END": "2027-12-31",
    "TUTORING_HEALTH_RETENTION_MONTHS": 6,
    # the contract's hourly price in cents, VAT excluded (par. 6: 25.00 at the auction's base; the offer sets it)
    "TUTORING_HOURLY_PRICE_CENTS": 2500,
    # the contract's amount in cents, VAT excluded (par. 6: 75,000.00): the DEC's budget; penalties past 10 % of it
    # let the institution end the contract (par. 12 g)
    "TUTORING_CONTRACT_BUDGET_CENTS": 7_500_000,
    "CAF_PATRON_DAY": "MI",  # as CITY_PATRON_DAY, for Milano (where the CAF's offices are): Sant'Ambrogio, 7 Dec
    "CAF_CLOSE_FERRAGOSTO_WEEK": True,
    "CAF_BOOKING_WEEKS": 4,  # how far ahead students see free slots
    "CAF_CHANGE_HOURS_BEFORE": 24,  # booking, moving and cancelling close this long before an appointment
    "CAF_DEDUCTIONS": False,  # rent and movable-asset deductions: as the agreement with the university says
    "CAF_INDEPENDENT_INCOME_EUR": 9000,  # an independent student earned at least this much gross a year
    "CAF_INDEPENDENT_INCOME_EACH_YEAR": False,  # ... in each of the last two years
    "CAF_ANSWER_DAYS": 15,  # the agreement's answer time: the CAF answers a practice this many days after it is sent
    "CAF_CONTACTS": "CAF Milano: +39 02 0000 0000, caf@example.edu, Monday to Friday 9:00-13:00",
    "CAF_CONTACTS_IT": "CAF Milano: +39 02 0000 0000, caf@example.edu, dal lunedì al venerdì 9:00-13:00",  # the same in Italian
    # certificato_consolare (S/N): a practice decided on the consular certificate alone has no ISEEU to read.
    # componenti ... ise: the elements of the calculation (Allegato A of the 2015 protocol); motivi_nul(_testo): why a
    # NUL row was not computed (the checklist's codes, and their Italian text).
    "CAF_TRANSMISSION_COLUMNS": ("codice_persona", "matricola", "stato", "componenti", "scala_equivalenza", "isr",
                                 "isp", "ise", "iseeu", "ispeu", "data_rilascio", "difformita", "nul", "motivi_nul",
                                 "motivi_nul_testo", "certificato_consolare"),
    "CAF_TRANSMISSION_DUE_DAY": 5,  # the monthly file reaches the university by this day of the next month
    "CAF_TRANSMISSION_REMIND_DAYS": 3,  # operators are reminded this many days before (and once more when overdue)
    "CAF_DOUBLE_COUNT_CHECK_BY": "12-15",  # MM-DD: the double-counting check is done by then, before the last invoice
    "CAF_DOUBLE_COUNT_REMIND_DAYS": 14,
    # Italian courses (docs/courses.md). Enrolment priority groups in order (plan = Italian in the study plan,
    # student = other students, staff): each group may enrol PRIORITY_DAYS after the one before it; the waiting
    # list serves them in this order too. Attendance below THRESHOLD % is warned as soon as it can no longer be met.
    "COURSES_PRIORITY": ("plan", "student", "staff"),
    "COURSES_PRIORITY_DAYS": 3,
    "COURSES_ATTENDANCE_THRESHOLD": 70,
    "COURSES_PLACEMENT_RETAKE_DAYS": 30,  # days after a finished placement test before another may start
    "COURSES_VERIFY_RATE_PER_IP": "20 per minute; 100 per hour",  # the public check of attendance certificates
    # Points 5, 6, 8 (tender 003, par. 6, 18, 20). Prices: the tender's base prices (excluding VAT), to be set to the
    # awarded ones; the single-skill price is quoted in the offer ("sia ... esame completo ... sia ... singola prova"):
    # default a quarter of the full exam. CONTRACT_CENTS: the contract amount the late-start penalty (1 per thousand a
    # day) is reckoned on. CONTRACT_END (YYYY-MM-DD, empty: running): after it only make-ups of single skills.
    "COURSES_COURSE_PRICE_CENTS": 450000,
    "COURSES_CERT_PRICE_CENTS": 11000,
    "COURSES_CERT_SKILL_PRICE_CENTS": 2750,
    "COURSES_CONTRACT_CENTS": 18400000,
    "COURSES_CONTRACT_END": "",
    # the exam results file for the university's exam system: its columns, in order (any of matricola, surname_name,
    # email, level, sitting, date, outcome, grade, oral)
    "COURSES_EXAM_EXPORT_COLUMNS": ("matricola", "surname_name", "level", "date", "outcome", "grade", "oral"),
}


def _check_courses(settings: dict) -> None:
    order = tuple(settings["PORTAL_COURSES_PRIORITY"])
    if sorted(order) != ["plan", "staff", "student"]:
        raise ConfigError("PORTAL_COURSES_PRIORITY must name plan, student and staff once each, in priority order.")
    if not 0 <= settings["PORTAL_COURSES_PRIORITY_DAYS"] <= 60:
        raise ConfigError("PORTAL_COURSES_PRIORITY_DAYS must be between 0 and 60.")
    if not 1 <= settings["PORTAL_COURSES_ATTENDANCE_THRESHOLD"] <= 100:
        raise ConfigError("PORTAL_COURSES_ATTENDANCE_THRESHOLD must be a percentage between 1 and 100.")
    if not 0 <= settings["PORTAL_COURSES_PLACEMENT_RETAKE_DAYS"] <= 365:
        raise ConfigError("PORTAL_COURSES_PLACEMENT_RETAKE_DAYS must be between 0 and 365.")
    for name in ("PORTAL_COURSES_COURSE_PRICE_CENTS", "PORTAL_COURSES_CERT_PRICE_CENTS",
                 "PORTAL_COURSES_CERT_SKILL_PRICE_CENTS", "PORTAL_COURSES_CONTRACT_CENTS"):
        if not 0 < settings[name] <= 10**11:
            raise ConfigError(f"{name} must be a positive amount in cents.")
    if settings["PORTAL_COURSES_CONTRACT_END"]:
        try:
            date.fromisoformat(settings["PORTAL_COURSES_CONTRACT_END"])
        except ValueError as exc:
            raise ConfigError("PORTAL_COURSES_CONTRACT_END must be a day, YYYY-MM-DD, or empty.") from exc
    known = {"matricola", "surname_name", "email", "level", "sitting", "date", "outcome", "grade", "oral"}
    columns = settings["PORTAL_COURSES_EXAM_EXPORT_COLUMNS"]
    if not columns or not set(columns) <= known:
        raise ConfigError(f"PORTAL_COURSES_EXAM_EXPORT_COLUMNS must list some of {', '.join(sorted(known))}.")


def _parse(name: str, raw: str, default: object) -> object:
    if isinstance(default, bool):
        return _bool(raw)
    if isinstance(default, int):
        try:
            return int(raw)
        except ValueError as exc:
            raise ConfigError(f"PORTAL_{name} must be a whole number, not {raw!r}.") from exc
    if isinstance(default, tuple):
        return _list(raw)
    return raw


def portal_settings(environ: dict[str, str] | None = None) -> dict[str, object]:
    env = os.environ if environ is None else environ
    settings = {}
    for name, default in DEFAULTS.items():
        raw = env.get(f"PORTAL_{name}")
        settings[f"PORTAL_{name}"] = default if raw is None else _parse(name, raw, default)
    unknown = set(settings["PORTAL_SERVICES"]) - set(ALL_SERVICES)  # type: ignore[arg-type]
    if unknown:
        raise ConfigError(
            f"PORTAL_SERVICES names unknown services: {', '.join(sorted(unknown))}. "
            f"Known: {', '.join(ALL_SERVICES)}."
        )
    _check_courses(settings)
    _check_opening_days(settings["PORTAL_CHILDCARE_OPENS_DAYS"])  # type: ignore[arg-type]
    if not set(settings["PORTAL_CHILDCARE_NURSERY_PAYMENT_METHODS"]) <= {"transfer", "cheque", "pos", "cash"} \
            or not settings["PORTAL_CHILDCARE_NURSERY_PAYMENT_METHODS"]:
        raise ConfigError("PORTAL_CHILDCARE_NURSERY_PAYMENT_METHODS must list some of transfer, cheque, pos, cash.")
    if not 1 <= settings["PORTAL_CHILDCARE_NURSERY_OFFER_DAYS"] <= 60:  # type: ignore[operator]
        raise ConfigError("PORTAL_CHILDCARE_NURSERY_OFFER_DAYS must be between 1 and 60.")
    if not 0 < settings["PORTAL_CHILDCARE_NURSERY_MEAL_CENTS"] <= 580:  # type: ignore[operator]
        raise ConfigError("PORTAL_CHILDCARE_NURSERY_MEAL_CENTS must be above 0 and at most 580 (EUR 5.80).")
    _check_tax_code("PORTAL_CHILDCARE_NURSERY_TAX_CODE", settings["PORTAL_CHILDCARE_NURSERY_TAX_CODE"])
    _check_month_day("PORTAL_CHILDCARE_SUMMER_CALENDAR_BY", settings["PORTAL_CHILDCARE_SUMMER_CALENDAR_BY"])
    card_hours, card_max_hours = settings["PORTAL_CHILDCARE_CARD_HOURS"], settings["PORTAL_CHILDCARE_CARD_MAX_HOURS"]
    if not 1 <= card_hours <= card_max_hours:  # type: ignore[operator]
        raise ConfigError("PORTAL_CHILDCARE_CARD_MAX_HOURS must be at least PORTAL_CHILDCARE_CARD_HOURS (and that at "
                          "least 1).")
    for name in ("PORTAL_CITY_PATRON_DAY", "PORTAL_CAF_PATRON_DAY"):
        _check_patron_day(name, settings[name])
    _check_month_day("PORTAL_CAF_DOUBLE_COUNT_CHECK_BY", settings["PORTAL_CAF_DOUBLE_COUNT_CHECK_BY"])
    if not 1 <= settings["PORTAL_CAF_TRANSMISSION_DUE_DAY"] <= 28:  # type: ignore[operator]
        raise ConfigError("PORTAL_CAF_TRANSMISSION_DUE_DAY must be a day between 1 and 28.")
    try:
        date.fromisoformat(str(settings["PORTAL_TUTORING_CONTRACT_END"]))
    except ValueError as exc:
        raise ConfigError("PORTAL_TUTORING_CONTRACT_END must be a day as YYYY-MM-DD, e.g. 2027-12-31.") from exc
    if not 1 <= settings["PORTAL_TUTORING_SERVE_WITHIN_DAYS"] <= 60:  # type: ignore[operator]
        raise ConfigError("PORTAL_TUTORING_SERVE_WITHIN_DAYS must be between 1 and 60 working days.")
    if not 1 <= settings["PORTAL_TUTORING_HOURLY_PRICE_CENTS"] <= 100_000:  # type: ignore[operator]
        raise ConfigError("PORTAL_TUTORING_HOURLY_PRICE_CENTS must be between 1 and 100000 cents.")
    if not 100 <= settings["PORTAL_TUTORING_CONTRACT_BUDGET_CENTS"] <= 10**11:  # type: ignore[operator]
        raise ConfigError("PORTAL_TUTORING_CONTRACT_BUDGET_CENTS must be between 100 and 100000000000 cents.")
    return settings


def _check_tax_code(name: str, value) -> None:
    """A partita IVA (11 digits) or a codice fiscale (16 characters) with a right check character."""
    from stdnum.it import codicefiscale, iva

    if not (iva.is_valid(str(value)) or codicefiscale.is_valid(str(value))):
        raise ConfigError(f"{name} must be a valid partita IVA (11 digits) or codice fiscale.")


def _check_month_day(name: str, value: object) -> None:
    try:
        month, day = (int(part) for part in str(value).split("-"))
        date(2025, month, day)  # not a leap year: 02-29 would be missing one year in four
    except ValueError as exc:
        raise ConfigError(f"{name} must be a day of the year as MM-DD, e.g. 05-31, not {value!r}.") from exc


def _check_patron_day(name: str, value: object) -> None:
    if not is_patron_setting(str(value)):
        raise ConfigError(f"{name} must be an Italian province code (TO, MI, ...: the patron day of its capital), a "
                          f"day of the year as MM-DD, e.g. 06-24, or empty, not {value!r}.")


def _check_opening_days(items: tuple[str, ...]) -> None:
    groups = ("staff", "student", "grandparent", "other")
    parsed = dict(item.partition("=")[::2] for item in items)
    if set(parsed) != set(groups) or not all(value.isdigit() for value in parsed.values()):
        raise ConfigError("PORTAL_CHILDCARE_OPENS_DAYS must give whole days for each of "
                          f"{', '.join(groups)}, e.g. staff=14,student=10,grandparent=7,other=3.")


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for every PostgreSQL URL, whatever prefix the host gives."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _development_secret(instance_path: Path) -> str:
    """A random secret generated once and kept in instance/, so sessions survive restarts."""
    path = instance_path / "secret_key"
    if path.exists():
        return path.read_text().strip()
    path.write_text(secrets.token_urlsafe(48))
    path.chmod(0o600)
    return path.read_text().strip()


def limiter_storage(uri: str, timeout_ms: int) -> dict[str, object]:
    """Flask-Limiter's storage settings: a Redis that hangs costs one short timeout, not the worker.

    When its storage fails, Flask-Limiter counts the same limits in the process's memory (one warning line),
    checks the storage again with growing pauses (1 s, 2 s … 32 s) and goes back to it when it answers (one
    line). Per process, the limits then hold per worker rather than for the whole node: looser, never absent.
    """
    settings: dict[str, object] = {"RATELIMIT_STORAGE_URI": uri, "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True}
    if uri.startswith(("redis://", "rediss://", "redis+unix://")):
        settings["RATELIMIT_STORAGE_OPTIONS"] = {"socket_timeout": timeout_ms / 1000,
                                                 "socket_connect_timeout": timeout_ms / 1000, "retry": no_retry()}
    return settings


def build_config(instance_path: Path, environ: dict[str, str] | None = None) -> dict[str, object]:
    env = os.environ if environ is None else environ
    settings = portal_settings(env)
    production = settings["PORTAL_ENV"] == "production"

    secret = env.get("SECRET_KEY", "")
    database_url = env.get("DATABASE_URL", "")
    if production:
        problems = []
        if secret.strip().lower() in UNSAFE_SECRETS or len(secret) < 32:
            problems.append("SECRET_KEY is missing, a placeholder or shorter than 32 characters")
        if not database_url:
            problems.append("DATABASE_URL is missing")
        if problems:
            raise ConfigError(
                "Refusing to start in production: " + "; ".join(problems) + ". "
                "Set them in the environment (see README, 'Configuration')."
            )
    if production and settings["PORTAL_CACHE_URL"] == "memory://":
        raise ConfigError("PORTAL_CACHE_URL=memory:// keeps one copy per worker, which other workers cannot "
                          "invalidate: use redis://... or leave it empty in production.")
    if not settings["PORTAL_CACHE_URL"] and not production:
        settings["PORTAL_CACHE_URL"] = "memory://"
    if not secret:
        instance_path.mkdir(parents=True, exist_ok=True)
        secret = _development_secret(instance_path)
    if not database_url:
        instance_path.mkdir(parents=True, exist_ok=True)
        database_url = f"sqlite:///{instance_path / 'portal.sqlite3'}"

    config: dict[str, object] = {
        "SECRET_KEY": secret,
        "SQLALCHEMY_DATABASE_URI": normalise_database_url(database_url),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_NAME": "portal_session",
        # The cookie is rewritten when the session changes (every page marks activity); background polling leaves it.
        "SESSION_REFRESH_EACH_REQUEST": False,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": production,
        "PERMANENT_SESSION_LIFETIME": timedelta(hours=int(settings["PORTAL_ABSOLUTE_SESSION_HOURS"])),  # type: ignore[arg-type]
        "MAX_CONTENT_LENGTH": int(settings["PORTAL_UPLOAD_MAX_MB"]) * 1024 * 1024,  # type: ignore[arg-type]
        "SEND_FILE_MAX_AGE_DEFAULT": timedelta(days=365),
        "BABEL_DEFAULT_LOCALE": "it",
        "BABEL_DEFAULT_TIMEZONE": "Europe/Rome",
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session
        "RATELIMIT_HEADERS_ENABLED": True,
        "RATELIMIT_STORAGE_URI": settings["PORTAL_RATELIMIT_STORAGE_URI"],
        "RATELIMIT_SWALLOW_ERRORS": True,  # a broken limiter store must not lock everybody out
        **limiter_storage(str(settings["PORTAL_RATELIMIT_STORAGE_URI"]), int(settings["PORTAL_REDIS_TIMEOUT_MS"])),  # type: ignore[arg-type]
        "TESTING": settings["PORTAL_ENV"] == "testing",
    }
    config.update(settings)
    return config
