"""Demonstration accounts for `make run`: one per role, loaded idempotently."""

from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

from sqlalchemy import select

from portal.auth.models import User
from portal.auth.services import hash_password
from portal.caf.models import ExchangeRate, Income, Member, Office, OfficeHours, PoorCountry, Practice, Report, Student
from portal.childcare.models import Card, Child, Duty, Family
from portal.core.calendar import add_months, rome_wall_clock_to_utc, today_in_rome
from portal.core.types import utcnow
from portal.extensions import db
from portal.wallet import services as wallet_services
from portal.wallet.models import FamilyMember, Offer, PlanYear, Provider, Wallet
from portal.wallet.rules import allocation_cents

DEMO_PASSWORD = "lampone-fiume-27-vela"
FIRST_ACCESS_PASSWORD = "primo-accesso-demo"

# access code, full name, e-mail, locale, roles, extra identifiers
DEMO_USERS = (
    ("admin", "Anna Ferraris", "admin@example.edu", "it", {"amministratore"}, {}),
    ("dipendente", "Marco Bianchi", "marco.bianchi@example.edu", "it", {"dipendente", "genitore"},
     {"codice_fiscale": "BNCMRC80A01L219U"}),
    ("studente", "Li Wei", "li.wei@example.edu", "en", {"studente"}, {"codice_persona": "10234567", "matricola": "245678"}),
    ("genitore", "Giulia Verdi", "giulia.verdi@example.edu", "it", {"genitore", "studente"}, {"matricola": "231456"}),
    ("operatore", "Paolo Neri", "paolo.neri@caf.example.it", "it", {"operatore_caf"}, {}),
    ("educatore", "Sara Gallo", "sara.gallo@example.it", "it", {"educatore"}, {}),
    ("dec", "Elena Greco", "elena.greco@example.edu", "it", {"dec"}, {}),
    # A candidate whose account the university provisioned without identifiers: the CAF links the codice persona
    # she gave (10987654) after checking it.
    ("candidata", "Amara Okafor", "amara.okafor@example.com", "en", {"studente"}, {}),
    # The welfare provider's operators: two, since the one who checks a request is not the one who approves it.
    ("operatore_welfare", "Irene Costa", "irene.costa@welfare.example.it", "it", {"operatore_welfare"}, {}),
    ("operatore_welfare2", "Davide Fontana", "davide.fontana@welfare.example.it", "it", {"operatore_welfare"}, {}),
    # Tutoring and LIS interpreting: the Special Needs unit, the provider's coordinator and two of its operators
    # (Francesca holds the LIS qualification; a third operator, Chiara Fabbri, is `tutor3`).
    ("special_needs", "Laura Moretti", "laura.moretti@example.edu", "it", {"special_needs"}, {}),
    ("coordinatore", "Roberto Serra", "roberto.serra@tutorato.example.it", "it", {"coordinatore_tutorato"}, {}),
    ("tutor", "Francesca Rinaldi", "francesca.rinaldi@tutorato.example.it", "it", {"tutor"}, {}),
    ("tutor2", "Matteo Conti", "matteo.conti@tutorato.example.it", "it", {"tutor"}, {}),
    # Italian courses: the language centre's office and a teacher.
    ("centro", "Laura Conti", "laura.conti@example.edu", "it", {"centro_linguistico"}, {}),
    ("docente", "Francesca Moretti", "francesca.moretti@lingue.example.it", "it", {"docente"}, {}),
    # Discounts portal: research staff have no wallet, only the discounts (English, to show both languages).
    ("ricercatore", "Elena Ricci", "elena.ricci@example.edu", "en", {"ricercatore"}, {}),
)


def seed() -> list[User]:
    """Create what is missing; never overwrite accounts that exist (someone may be using them)."""
    users = []
    for code, name, email, locale, roles, extra in DEMO_USERS:
        user = db.session.scalar(select(User).where(User.access_code == code))
        if user is None:
            user = User(access_code=code, full_name=name, email=email, locale=locale, active=True,
                        password_hash=hash_password(DEMO_PASSWORD), must_change_password=False, **extra)
            user.set_roles(roles)
            db.session.add(user)
        users.append(user)
    newcomer = db.session.scalar(select(User).where(User.access_code == "nuovo"))
    if newcomer is None:
        newcomer = User(access_code="nuovo", full_name="Chiara Esposito", email="chiara.esposito@example.edu",
                        locale="it", active=True, password_hash=hash_password(FIRST_ACCESS_PASSWORD),
                        must_change_password=True)
        newcomer.set_roles({"dipendente"})
        db.session.add(newcomer)
    users.append(newcomer)
    db.session.flush()
    _seed_wallets(users)
    _seed_catalog()
    _seed_families(users)
    _seed_nursery(users)
    _seed_nursery_cards()
    from portal.childcare import demo as childcare_demo

    childcare_demo.seed_nursery_months(users)
    _seed_caf(users)
    from portal.tutoring import demo as tutoring_demo

    tutoring_demo.seed(users)
    from portal.courses import demo as courses_demo
    from portal.courses import demo_exams
    from portal.discounts import demo as discounts_demo
    from portal.helpdesk import demo as helpdesk_demo

    by_code = {user.access_code: user for user in users}
    courses_demo.seed(by_code)
    discounts_demo.seed(by_code)
    helpdesk_demo.seed(by_code)
    demo_exams.seed(by_code)
    return users


# A stand-in for the "particularly poor countries" decree: the UN list of least developed countries (2024).
# The decree of each year is what counts; administrators enter it on the CAF's "Poor countries" page.
DEMO_POOR_COUNTRIES = ("AF AO BD BF BI BJ CD CF DJ ER ET GM GN GW HT KH KI KM LA LR LS MG ML MM MR MW MZ NE NP RW "
                       "SB SD SL SN SO SS TD TG TL TV TZ UG YE ZM").split()

# Banca d'Italia yearly averages of 2024 (units for one euro), for practices of 2026.
DEMO_RATES_2024 = {"USD": "1.0824", "CNY": "7.7875", "INR": "90.5563", "GBP": "0.8466", "TRY": "35.5734",
                   "BRL": "5.8283"}


def _seed_caf(users: list[User]) -> None:
    """CAF: two Milan offices, exchange rates, Li Wei abroad (no practice yet), Giulia enrolled in Italy with an
    outcome of last month still to send (the monthly file is due by the 5th), and Amara abroad, whose account has no
    identifiers, with a practice sent and waiting for the operator to link the codice persona she gave."""
    if db.session.scalar(select(Office.id).limit(1)) is None:
        for name, address, hours in (
            ("CAF Milano Leonardo", "Piazza Leonardo da Vinci 32", [(day, time(9), time(13)) for day in range(5)]
             + [(1, time(14), time(17)), (3, time(14), time(17))]),
            ("CAF Milano Bovisa", "Via Candiani 72", [(day, time(9, 30), time(12, 30)) for day in (0, 2, 4)]),
        ):
            office = Office(name=name, address=address, city="Milano", phone="+39 02 0000 0000",
                            email="caf@example.it", slot_minutes=30, counters=2)
            office.hours = [OfficeHours(weekday=day, opens=opens, closes=closes) for day, opens, closes in hours]
            db.session.add(office)
    income_year = today_in_rome().year - 2
    for currency, rate in DEMO_RATES_2024.items():
        if db.session.get(ExchangeRate, (income_year, currency)) is None:
            db.session.add(ExchangeRate(year=income_year, currency=currency, rate=Decimal(rate)))
    if db.session.scalar(select(PoorCountry.year).where(PoorCountry.year == income_year + 2).limit(1)) is None:
        db.session.add_all(PoorCountry(year=income_year + 2, country=code) for code in DEMO_POOR_COUNTRIES)
    by_code = {user.access_code: user for user in users}
    for code, kind, country in (("studente", "abroad", "CN"), ("genitore", "enrolled", "IT"),
                                ("candidata", "abroad", "NG")):
        user = by_code[code]
        if db.session.scalar(select(Student.id).where(Student.user_id == user.id)) is None:
            # Linked to the identifiers the university provisioned; Amara's account has none: only her claim.
            db.session.add(Student(user_id=user.id, kind=kind, country=country, codice_persona=user.codice_persona,
                                   matricola=user.matricola,
                                   claimed_codice_persona="10987654" if code == "candidata" else None))
    db.session.flush()
    year = today_in_rome().year
    for code, father_name, amount in (("candidata", "Chidi Okafor", "14500"),):
        student = db.session.scalar(select(Student).where(Student.user_id == by_code[code].id))
        if db.session.scalar(select(Practice.id).where(Practice.student_id == student.id)) is not None:
            continue
        practice = Practice(student_id=student.id, channel="remote", rule_year=year, status="submitted",
                            first_submitted_at=utcnow(), declaration_at=utcnow(), number=f"demo-{student.id}",
                            codice_persona=student.codice_persona, matricola=student.matricola)
        db.session.add(practice)
        db.session.flush()
        practice.number = f"{year}-{practice.id:06d}"
        me = Member(practice_id=practice.id, position=0, full_name=by_code[code].full_name,
                    relationship_to_student="student", birth_date=date(2005, 3, 14))
        father = Member(practice_id=practice.id, position=1, full_name=father_name,
                        relationship_to_student="parent", birth_date=date(1972, 8, 2))
        db.session.add_all([me, father])
        db.session.flush()
        db.session.add(Income(practice_id=practice.id, member_id=father.id, amount=Decimal(amount), currency="USD",
                              description="salary"))
    giulia = db.session.scalar(select(Student).where(Student.user_id == by_code["genitore"].id))
    if db.session.scalar(select(Practice.id).where(Practice.student_id == giulia.id)) is None:
        # Decided at the desk on the 20th of last month, not computable (no official translation): the monthly file
        # with it is due by the 5th, as the operators' pages say.
        decided = rome_wall_clock_to_utc(add_months(today_in_rome().replace(day=1), -1).replace(day=20), 11)
        practice = Practice(student_id=giulia.id, channel="in_person", rule_year=year, status="concluded",
                            first_submitted_at=decided, concluded_at=decided, number=f"demo-{giulia.id}",
                            codice_persona=giulia.codice_persona, matricola=giulia.matricola,
                            findings="no_translation", case=3, university_state="CONFERMATO", nul=True,
                            assigned_to_id=by_code["operatore"].id)
        db.session.add(practice)
        db.session.flush()
        practice.number = f"{year}-{practice.id:06d}"
        db.session.add(Member(practice_id=practice.id, position=0, full_name="Giulia Verdi",
                              relationship_to_student="student", birth_date=date(2001, 6, 9)))
        db.session.add(Report(practice_id=practice.id, state="CONFERMATO", nul=True, findings="no_translation",
                              codice_persona=giulia.codice_persona, matricola=giulia.matricola,
                              release_date=decided.date(), decided_at=decided, decided_by_id=by_code["operatore"].id))
    db.session.flush()


def alice_birth() -> date:
    """Marco's daughter: 22 months old on the first day of this nursery year (the micro nido takes 12 to 36 months)."""
    from portal.childcare import rules
    from portal.core.calendar import add_months

    return add_months(date(rules.nursery_year_of(today_in_rome()), 9, 1), -22)


def _seed_families(users: list[User]) -> None:
    """Policino: Giulia (a student) with a two-year-old; Marco (staff) with a micro nido child and a card."""
    by_code = {user.access_code: user for user in users}
    today = today_in_rome()
    for code, category, children in (
        ("genitore", "student", [("Tommaso Verdi", today - timedelta(days=2 * 365 + 40), False)]),
        ("dipendente", "staff", [("Alice Bianchi", alice_birth(), True)]),
    ):
        user = by_code[code]
        if db.session.scalar(select(Family).where(Family.parent_id == user.id)) is not None:
            continue
        family = Family(parent_id=user.id, category=category, phone="+39 011 555 0101")
        db.session.add(family)
        db.session.flush()
        for name, birth, nido in children:
            db.session.add(Child(family_id=family.id, full_name=name, birth_date=birth, micro_nido=nido))
        if category == "staff":
            db.session.add(Card(family_id=family.id, blocks_total=160, blocks_used=0, price_cents=20_000))
    _publish_summer_when_due(today)
    db.session.flush()


# The micro nido's demo year: (parent's name, category, [(child, months old on 1 September, attendance, days)],
# ISEE in euro or None, status). With Marco's Alice (category a, full time, ranked first) 18 children enrolled across
# every attendance type, two pairs of siblings, a family of category f, four on the waiting list (one a PhD student
# whose link with the university ends before the year: never offered); Giulia's Tommaso has an offer to accept.
DEMO_NURSERY = (
    ("Chiara Moretti", "a", [("Nina Moretti", 14, "full_time", ""), ("Luca Moretti", 30, "vertical_3", "mon-wed-fri")],
     28_000, "enrolled"),
    ("Davide Ricci", "b", [("Emma Ricci", 18, "full_time", "")], 45_000, "enrolled"),
    ("Federica Marino", "c", [("Sofia Marino", 20, "full_time", "")], None, "enrolled"),
    ("Giorgio Greco", "d", [("Tommaso Greco", 22, "morning", "")], 19_500, "enrolled"),
    ("Ilaria Bruno", "e", [("Giulia Bruno", 16, "full_time", "")], 12_000, "enrolled"),
    ("Lorenzo Gallo", "f", [("Marta Gallo", 24, "full_time", ""), ("Pietro Gallo", 13, "full_time", "")], None,
     "enrolled"),
    ("Marta Conti", "a", [("Andrea Conti", 26, "vertical_2", "tue-thu")], 36_000, "enrolled"),
    ("Nicola De Luca", "b", [("Aurora De Luca", 15, "full_time", "")], 52_000, "enrolled"),
    ("Paola Mancini", "e", [("Edoardo Mancini", 19, "vertical_3", "mon-tue-wed")], 8_000, "enrolled"),
    ("Roberto Costa", "c", [("Beatrice Costa", 28, "full_time", "")], 31_000, "enrolled"),
    ("Silvia Giordano", "a", [("Leonardo Giordano", 21, "full_time", "")], 40_000, "enrolled"),
    ("Stefano Rizzi", "d", [("Ginevra Rizzi", 17, "morning", "")], None, "enrolled"),
    ("Valeria Lombardi", "b", [("Francesco Lombardi", 23, "full_time", "")], 27_500, "enrolled"),
    ("Walter Barbieri", "e", [("Alice Barbieri", 25, "full_time", "")], 15_000, "enrolled"),
    ("Alessia Fontana", "a", [("Mattia Fontana", 27, "vertical_3", "tue-wed-thu")], 33_000, "enrolled"),
    ("Elisa Pellegrini", "a", [("Giacomo Pellegrini", 20, "morning", "")], 30_000, "waiting"),
    ("Bruno Santoro", "b", [("Vittoria Santoro", 13, "full_time", "")], 61_000, "waiting"),
    ("Carla Marini", "e", [("Riccardo Marini", 15, "vertical_2", "mon-fri")], 9_000, "waiting"),
    ("Dario Rinaldi", "c", [("Camilla Rinaldi", 14, "full_time", "")], None, "waiting"),
)


def _seed_nursery(users: list[User]) -> None:
    """The micro nido's year (the tender's places and fees) with its ranking; once."""
    from portal.childcare import rules
    from portal.childcare.models import Child, Family, NurseryFee, NurseryPlace, NurseryYear
    from portal.core.calendar import add_months, today_in_rome

    start = rules.nursery_year_of(today_in_rome())
    if db.session.scalar(select(NurseryYear).where(NurseryYear.start_year == start)) is not None:
        return
    year = NurseryYear(start_year=start, places=20, kept_for_part_time=4, taken=0)
    year.fees = [NurseryFee(fee_group=g, attendance=a, band=b, cents=c) for (g, a, b), c in rules.TENDER_FEES.items()]
    db.session.add(year)
    db.session.flush()
    first_day = date(start, 9, 1)
    password = hash_password(DEMO_PASSWORD)
    rank = 0
    marco = next((user for user in users if user.access_code == "dipendente"), None)
    marco_family = db.session.scalar(select(Family).where(Family.parent_id == marco.id)) if marco else None
    alice = next((child for child in marco_family.children if child.micro_nido), None) if marco_family else None
    if alice is not None:  # Marco's Alice: a staff member's child, full time, ISEE over 32,000
        rank += 1
        db.session.add(NurseryPlace(year_id=year.id, rank=rank, family_id=marco_family.id, child_id=alice.id,
                                    category="a", attendance="full_time", status="enrolled", isee_cents=3_800_000))
        year.taken += 1
    for index, (name, category, children, isee, status) in enumerate(DEMO_NURSERY, start=1):
        code = f"famiglia{index:02d}"
        user = db.session.scalar(select(User).where(User.access_code == code))
        if user is None:
            user = User(access_code=code, full_name=name, email=f"{code}@example.edu", locale="it", active=True,
                        password_hash=password, must_change_password=False)
            user.set_roles({"genitore"})
            db.session.add(user)
            db.session.flush()
        family = Family(parent_id=user.id, category="other" if category == "f" else
                        ("staff" if category in rules.STAFF_CATEGORIES else "student"))
        db.session.add(family)
        db.session.flush()
        for child_name, months, attendance, days in children:
            child = Child(family_id=family.id, full_name=child_name, birth_date=add_months(first_day, -months),
                          micro_nido=status == "enrolled")
            db.session.add(child)
            db.session.flush()
            rank += 1
            db.session.add(NurseryPlace(year_id=year.id, rank=rank, family_id=family.id, child_id=child.id,
                                        category=category, attendance=attendance, days=days, status=status,
                                        isee_cents=None if isee is None else isee * 100,
                                        affiliated_until=date(start, 7, 31) if name == "Carla Marini" else None))
            year.taken += status == "enrolled"
    giulia = next(user for user in users if user.access_code == "genitore")
    family = db.session.scalar(select(Family).where(Family.parent_id == giulia.id))
    tommaso = family.children[0] if family is not None and family.children else None
    if tommaso is not None:
        today = today_in_rome()
        db.session.add(NurseryPlace(year_id=year.id, rank=rank + 1, family_id=family.id, child_id=tommaso.id,
                                    category="e", attendance="full_time", status="offered", offered_on=today,
                                    expires_on=rules.offer_expires_on(today), isee_cents=2_100_000))
    db.session.flush()


def _seed_nursery_cards() -> None:
    """Two micro nido children with what the educators must know: a medical diet whose certificate lapses soon
    (flagged on the card, highlighted in the 9:30 meal count) and an allergy; once."""
    from datetime import timedelta

    from portal.childcare.models import ChildCard, ChildDiet, NurseryPlace
    from portal.core.calendar import today_in_rome

    if db.session.scalar(select(ChildDiet.id).limit(1)) is not None:
        return
    places = list(db.session.scalars(select(NurseryPlace).where(NurseryPlace.status == "enrolled")
                                     .order_by(NurseryPlace.rank).limit(2)))
    if len(places) < 2:
        return
    first, second = places[0].child, places[1].child
    db.session.add(ChildDiet(child_id=first.id, description="Senza glutine (celiachia)", medical=True,
                             certificate_expires_on=today_in_rome() + timedelta(days=20)))
    db.session.add(ChildCard(child_id=first.id, photos_allowed=True, outings_allowed=True,
                             vaccinations_declared_on=today_in_rome().replace(month=9, day=1)
                             if today_in_rome().month >= 9 else today_in_rome().replace(day=1)))
    second.allergies = "Kiwi"
    db.session.flush()


def _publish_summer_when_due(today) -> None:
    """From June the July calendar has been published (it is due by the end of May), so July can be booked."""
    july = date(today.year, 7, 1)
    if date(today.year, 6, 1) <= today <= date(today.year, 7, 31) and db.session.get(
            Duty, ("summer_calendar", july)) is None:
        db.session.add(Duty(kind="summer_calendar", period=july, done_at=utcnow()))


def _seed_wallets(users: list[User]) -> None:
    """This year's welfare plan and a wallet for each demo staff member."""
    year = today_in_rome().year
    plan_year = db.session.scalar(select(PlanYear).where(PlanYear.year == year))
    if plan_year is None:
        plan_year = PlanYear(**wallet_services.default_plan_values(year))
        db.session.add(plan_year)
        db.session.flush()
    for user, coefficient in ((users[1], Decimal("1")), (users[-1], Decimal("0.5"))):
        if wallet_services.wallet_of(user, plan_year) is None:
            wallet = Wallet(user_id=user.id, plan_year_id=plan_year.id, coefficient=coefficient, matricola=None,
                            hired_on=date(year - 5, 9, 1), balance_cents=0, revision=0)
            db.session.add(wallet)
            db.session.flush()
            wallet_services.post_entry(wallet, "allocation",
                                       allocation_cents(plan_year.amount_cents, coefficient), f"Conto Welfare {year}")
    _seed_welfare_family(users[1])


def _seed_welfare_family(user: User) -> None:
    """Marco's daughter Alice, self-certified as a dependent child (school fees and passes can be for her)."""
    if db.session.scalar(select(FamilyMember.id).where(FamilyMember.user_id == user.id).limit(1)) is None:
        db.session.add(FamilyMember(user_id=user.id, full_name="Alice Bianchi", relationship="child",
                                    birth_date=alice_birth(),
                                    codice_fiscale="BNCLCA22M41L219X", fiscally_dependent=True,
                                    lives_with_employee=True, yearly_income_cents=0))


DEMO_PROVIDERS = (("GTT Torino", "Torino"), ("Cinema Massimo", "Torino"), ("Buoni Spesa Italia", "Italia"),
                  ("Fondo Pensione Espero", "Roma"), ("Polincontri CRAL", "Torino"), ("Asili e scuole", "Piemonte"))
DEMO_OFFERS = (
    # provider, area, tax rule, use, price, title it / en, description it / en, data shared it / en
    (0, "care_leisure", "transport", "purchase", 31000, "Abbonamento annuale GTT urbano", "GTT yearly city pass",
     "Abbonamento annuale ai mezzi pubblici urbani di Torino.", "Yearly pass for Turin's city public transport.",
     "Nome, codice fiscale e data di nascita passano a GTT per emettere la tessera.",
     "Name, codice fiscale and birth date go to GTT to issue the card."),
    (1, "care_leisure", "recreation", "voucher", 5000, "Carnet 10 ingressi cinema", "Cinema: 10 tickets",
     "Dieci ingressi validi 12 mesi in tutte le sale del Cinema Massimo.",
     "Ten tickets valid 12 months in every room of Cinema Massimo.",
     "Nessun dato personale: il buono è al portatore.", "No personal data: the voucher is to the bearer."),
    (2, "fringe", "fringe", "voucher", 10000, "Buono spesa 100 euro", "Shopping voucher, 100 euro",
     "Buono spesa utilizzabile nei supermercati convenzionati.", "Shopping voucher for affiliated supermarkets.",
     "Nessun dato personale passa al fornitore.", "No personal data goes to the provider."),
    (3, "pension", "pension", "purchase", None, "Versamento al fondo pensione", "Pension fund contribution",
     "Versamento aggiuntivo al fondo pensione complementare Espero.",
     "Extra contribution to the Espero supplementary pension fund.",
     "Nome, codice fiscale e importo passano al fondo e all'ateneo per la busta paga.",
     "Name, codice fiscale and amount go to the fund and to the university for the payslip."),
    (5, "education", "education", "reimbursement", None, "Rette di asilo nido e scuola", "Nursery and school fees",
     "Rimborso di rette, mense, centri estivi e invernali per i figli.",
     "Reimbursement of fees, canteens, summer and winter camps for your children.",
     "Nome e codice fiscale del beneficiario e importo passano all'ateneo per la busta paga.",
     "The beneficiary's name and codice fiscale and the amount go to the university for the payslip."),
    (4, "polincontri", "recreation", "purchase", 2500, "Gita sociale Polincontri", "Polincontri club trip",
     "Gita di un giorno organizzata dal circolo Polincontri.", "A day trip organised by the Polincontri club.",
     "Nome e cognome passano al circolo Polincontri.", "Name and surname go to the Polincontri club."),
)


def _seed_catalog() -> None:
    if db.session.scalar(select(Provider.id).limit(1)) is not None:
        return
    providers = [Provider(name=name, city=city) for name, city in DEMO_PROVIDERS]
    db.session.add_all(providers)
    db.session.flush()
    for (index, area, tax_rule, use, price, title_it, title_en, description_it, description_en,
         data_it, data_en) in DEMO_OFFERS:
        db.session.add(Offer(provider_id=providers[index].id, area=area, tax_rule=tax_rule, use=use, price_cents=price,
                             title_it=title_it, title_en=title_en, description_it=description_it,
                             description_en=description_en, data_shared_it=data_it, data_shared_en=data_en))
    db.session.flush()
