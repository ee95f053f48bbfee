"""The masking policy: what happens to every text column of every table of the masked copy, the tables left out,
and the columns whose values are learned to be found again inside free text.
"""

from __future__ import annotations

from datetime import date, datetime, time
from decimal import Decimal

from sqlalchemy import Column, Table
from sqlalchemy.types import TypeDecorator

KEEP = "keep"  # copied unchanged: not about a person, or wanted unchanged (money, dates, states, catalog texts)
NAME = "name"  # a person's name: an Italian first name and surname
EMAIL = "email"
PHONE = "phone"
CODICE_FISCALE = "codice_fiscale"  # another valid codice fiscale
CODICE_PERSONA = "codice_persona"  # another 8 ASCII digits
MATRICOLA = "matricola"  # another 6 ASCII digits
ACCESS_CODE = "access_code"
PASSWORD = "password"  # every hash replaced by the hash of the copy's password
IP = "ip"
TEXT = "text"  # free text that may hold anything (health notes, messages): a placeholder of similar length
SCRUB = "scrub"  # structured text (files, event details): the known personal values in it are replaced
JSON = "json"  # a JSON document: its string values are scrubbed, numbers kept
PROVIDER = "provider"  # who was paid for an expense: may be a doctor, so named "Fornitore <code>"
DOCUMENT = "document"  # the columns of an uploaded file: a placeholder file of the same type
SKIP = "skip"  # the table's rows are not copied at all

ACTIONS = {KEEP, NAME, EMAIL, PHONE, CODICE_FISCALE, CODICE_PERSONA, MATRICOLA, ACCESS_CODE, PASSWORD, IP, TEXT,
           SCRUB, JSON, PROVIDER, DOCUMENT}

_DOCUMENT = {"stored_name": DOCUMENT, "original_name": DOCUMENT, "content_type": DOCUMENT, "sha256": DOCUMENT}

# Tables whose rows are left out of the copy, with the reason.
SKIPPED_TABLES = {
    "password_reset_tokens": "live secrets of production (hashed reset links) have no use in a copy",
    "calendar_feeds": "live secrets of production (hashed calendar feed links): a copy must not answer a real phone",
    "courses_exam_accommodations": "health-related (a DSA or a disability, the extra time): never leaves production",
}

# Every text column of every table (the others hold numbers, dates or flags and are copied).
POLICY: dict[str, dict[str, str]] = {
    "users": {"access_code": ACCESS_CODE, "email": EMAIL, "full_name": NAME, "locale": KEEP,
              "codice_fiscale": CODICE_FISCALE, "codice_persona": CODICE_PERSONA, "matricola": MATRICOLA,
              "password_hash": PASSWORD},
    "user_roles": {"role": KEEP},
    "login_failures": {"address": IP},
    "terms_acceptances": {},
    "password_reset_tokens": {"token_hash": SKIP},
    "calendar_feeds": {"token_hash": SKIP},
    "audit_events": {"event": KEEP, "ip": IP, "user_agent": KEEP, "details": JSON},
    "outbox_mails": {"to_addr": EMAIL, "subject": SCRUB, "body": TEXT, "locale": KEEP, "status": KEEP,
                     "last_error": SCRUB, "attachment_name": KEEP, "attachment_type": KEEP, "attachment": TEXT},
    "legal_texts": {"kind": KEEP, "title_it": KEEP, "title_en": KEEP, "body_it": KEEP, "body_en": KEEP},
    # Requests for a new provider, one flow for Conto Welfare and the discounts portal: the provider is a business
    # (KEEP); why the person asks, and the office's answer, are free text.
    "affiliation_requests": {"kind": KEEP, "name": KEEP, "town": KEEP, "website": KEEP, "reason": TEXT,
                             "status": KEEP, "answer": TEXT},
    # Conto Welfare
    "wallet_plan_years": {},
    "wallets": {"matricola": MATRICOLA},
    "wallet_ledger": {"kind": KEEP, "description": SCRUB, "area": KEEP},
    "wallet_providers": {"name": KEEP, "city": KEEP, "website": KEEP},
    "wallet_areas": {"code": KEEP, "name_it": KEEP, "name_en": KEEP, "description_it": KEEP,
                     "description_en": KEEP},
    "wallet_offers": {"area": KEEP, "tax_rule": KEEP, "use": KEEP, "title_it": KEEP, "title_en": KEEP,
                      "description_it": KEEP, "description_en": KEEP, "where_it": KEEP, "where_en": KEEP,
                      "data_shared_it": KEEP, "data_shared_en": KEEP},
    "wallet_family_members": {"full_name": NAME, "relationship": KEEP, "codice_fiscale": CODICE_FISCALE},
    "wallet_orders": {"tax_rule": KEEP, "area": KEEP, "title": KEEP, "voucher_code": KEEP},
    "wallet_reimbursements": {"tax_rule": KEEP, "provider_name": PROVIDER, "status": KEEP, "payslip_month": KEEP,
                              "check_note": TEXT},
    "wallet_duties": {"kind": KEEP},
    "wallet_reimbursement_documents": dict(_DOCUMENT),
    "wallet_reimbursement_messages": {"body": TEXT, "status_after": KEEP},
    "wallet_payroll_batches": {"month": KEEP, "content": SCRUB},
    "wallet_rules_acceptances": {},
    "wallet_feedback": {"comment": TEXT},
    "wallet_preferences": {},
    "wallet_forms": {"title_it": KEEP, "title_en": KEEP, "description_it": KEEP, "description_en": KEEP,
                     **_DOCUMENT},
    "wallet_certifications": {"kind": KEEP, "note": TEXT, "status": KEEP, "review_note": TEXT, **_DOCUMENT},
    # CAF
    "caf_students": {"codice_persona": CODICE_PERSONA, "matricola": MATRICOLA, "kind": KEEP, "country": KEEP,
                     "phone": PHONE, "claimed_codice_persona": CODICE_PERSONA, "claimed_matricola": MATRICOLA},
    "caf_exchange_rates": {"currency": KEEP},
    "caf_poor_countries": {"country": KEEP},
    "caf_offices": {"name": KEEP, "address": KEEP, "city": KEEP, "phone": SCRUB, "email": SCRUB},
    "caf_office_hours": {},
    "caf_office_closures": {"reason": KEEP},
    "caf_practices": {"number": KEEP, "channel": KEEP, "status": KEEP, "findings": KEEP, "university_state": KEEP,
                      "calculation": JSON, "codice_persona": CODICE_PERSONA, "matricola": MATRICOLA},
    "caf_members": {"full_name": NAME, "relationship_to_student": KEEP},
    "caf_incomes": {"currency": KEEP, "description": TEXT},
    "caf_buildings": {"country": KEEP},
    "caf_movables": {"description": TEXT, "currency": KEEP},
    "caf_documents": {"kind": KEEP, **_DOCUMENT},
    "caf_messages": {"body": TEXT},
    "caf_practice_events": {"kind": KEEP, "detail": SCRUB},
    "caf_transmissions": {"content": SCRUB},
    "caf_reports": {"state": KEEP, "codice_persona": CODICE_PERSONA, "matricola": MATRICOLA, "findings": KEEP},
    "caf_duties": {"kind": KEEP},
    "caf_slots": {},
    "caf_appointments": {"purpose": KEEP, "status": KEEP},
    # Discounts portal: merchants and offers are published catalog texts about businesses (KEEP, the merchant's
    # phone scrubbed all the same); what people write (report details, requests, answers) is free text.
    "discounts_merchants": {"name": KEEP, "website": KEEP, "phone": SCRUB},
    "discounts_offers": {"title": KEEP, "category": KEEP, "redeem": KEEP, "code": KEEP, "link": KEEP,
                         "conditions": KEEP, "address": KEEP, "town": KEEP, "province": KEEP},
    "discounts_favourites": {},
    "discounts_offer_months": {},
    "discounts_reports": {"reason": KEEP, "details": TEXT, "status": KEEP},
    "discounts_digests": {},
    # Help desk: what people and operators write is free text (a welfare question may hold health or family
    # details); ready answers are the office's published texts.
    "helpdesk_conversations": {"topic": KEEP, "subject": TEXT, "channel": KEEP, "status": KEEP},
    "helpdesk_messages": {"body": TEXT, "channel": KEEP},
    "helpdesk_attachments": {**_DOCUMENT},
    "helpdesk_ready_answers": {"topic": KEEP, "title_it": KEEP, "title_en": KEEP, "body_it": KEEP, "body_en": KEEP},
    # Tutoring: the needs may reveal health, so free text; diagnoses and medical documents are health data (TEXT,
    # DOCUMENT) and never reach a copy as they are.
    "tutoring_students": {"kind": KEEP, "mode": KEEP, "needs": TEXT},
    "tutoring_requests": {"service": KEEP},
    "tutoring_closures": {"reason": KEEP},
    "tutoring_operators": {"qualification": TEXT},
    "tutoring_assignments": {"service": KEEP},
    "tutoring_caps": {"service": KEEP},
    "tutoring_cap_months": {},
    "tutoring_cap_revisions": {"reason": TEXT},
    "tutoring_more_hours": {"reason": TEXT, "status": KEEP},
    "tutoring_sessions": {"service": KEEP, "mode": KEEP, "activity": KEEP, "status": KEEP, "reason": TEXT},
    "tutoring_diagnoses": {"text": TEXT},
    "tutoring_medical_documents": {"title": TEXT, **_DOCUMENT},
    "tutoring_monthly_forms": {"service": KEEP, "status": KEEP},
    "tutoring_form_disputes": {"reason": TEXT, "resolution": TEXT},
    "tutoring_lis_pools": {},
    "tutoring_lis_events": {"title": TEXT, "office": KEEP, "place": KEEP, "status": KEEP},
    "tutoring_survey_answers": {"comment": TEXT},
    "tutoring_quarter_reports": {},
    "tutoring_report_reminders": {},
    # Policino
    "childcare_families": {"category": KEEP, "phone": PHONE, "payer_name": NAME,
                           "payer_codice_fiscale": CODICE_FISCALE, "address": TEXT},
    "childcare_children": {"full_name": NAME, "allergies": TEXT, "notes": TEXT, "codice_fiscale": CODICE_FISCALE},
    "childcare_pickup_people": {"full_name": NAME, "relationship_to_child": KEEP, "phone": PHONE},
    "childcare_closures": {"reason": KEEP},
    "childcare_nursery_closures": {"reason": KEEP},
    "childcare_summers": {},
    "childcare_plan_subscribers": {},
    "childcare_blocks": {},
    "childcare_cards": {},
    "childcare_bookings": {"status": KEEP, "charge": KEEP},
    "childcare_waiting_list": {"status": KEEP},
    "childcare_receipt_counters": {},
    "childcare_payments": {"method": KEEP, "purpose": KEEP, "note": TEXT},
    "childcare_attendance": {"picked_up_by": NAME, "note": TEXT},
    "childcare_staff_presence": {},
    "childcare_extra_blocks": {"charge": KEEP},
    "childcare_activity_plans": {"body_it": SCRUB, "body_en": SCRUB},
    "childcare_duties": {"kind": KEEP},
    # the micro nido: codes only (category a-f, attendance type, status, ISEE band, fixed days such as mon-wed)
    "childcare_nursery_years": {},
    "childcare_nursery_fees": {"fee_group": KEEP, "attendance": KEEP, "band": KEEP},
    "childcare_nursery_places": {"category": KEEP, "attendance": KEEP, "days": KEEP, "status": KEEP},
    "childcare_nursery_charges": {"category": KEEP, "attendance": KEEP, "band": KEEP},
    # A receipt copies the family's and the child's details: masked as the family's and the child's are.
    "childcare_nursery_receipts": {"nursery_name": KEEP, "nursery_tax_code": KEEP, "payer_name": NAME,
                                   "payer_codice_fiscale": CODICE_FISCALE, "payer_address": TEXT,
                                   "child_name": NAME, "child_codice_fiscale": CODICE_FISCALE, "method": KEEP},
    "childcare_nursery_absences": {"note": TEXT},
    "childcare_nursery_diary": {"lunch": KEEP, "note": TEXT},
    # the micro nido's day: diets, medicines and the diets sent with the meal count are health data (blanked)
    "childcare_meal_counts": {},
    "childcare_meals": {"diet": TEXT},
    "childcare_register_absences": {},
    "childcare_child_cards": {},
    "childcare_child_diets": {"description": TEXT},
    "childcare_child_medicines": {"name": TEXT, "dose": TEXT, "schedule": TEXT},
    # Italian courses: codes, levels and places are the language centre's catalogue; a meeting's topic is what was
    # taught (the teacher may still type a name in it: scrubbed); the matricole with Italian in the plan are people.
    "courses_periods": {},
    "courses_courses": {"code": KEEP, "level": KEEP, "mode": KEEP, "pattern": KEEP, "place": KEEP},
    "courses_meetings": {"topic": SCRUB},
    "courses_enrolments": {"status": KEEP},
    "courses_attendance": {"mark": KEEP},
    "courses_plan_students": {"matricola": MATRICOLA},
    "courses_placement_questions": {"level": KEEP, "prompt": KEEP, "choices": KEEP},  # the test's catalogue
    "courses_placement_attempts": {"suggested": KEEP},
    "courses_placement_answers": {"level": KEEP},
    "courses_certificates": {"code": KEEP, "full_name": NAME, "course_code": KEEP, "level": KEEP},
    # exams and certification: the office's catalogue and codes (levels, outcomes, skills); a body's candidate number
    # identifies a person at the body: a placeholder
    "courses_exam_sittings": {"title": KEEP, "levels": KEEP},
    "courses_exam_turns": {"mode": KEEP, "place": KEEP},
    "courses_exam_examiners": {},
    "courses_exam_registrations": {"level": KEEP, "status": KEEP, "outcome": KEEP, "oral": KEEP},
    "courses_cert_sessions": {"body": KEEP, "level": KEEP, "place": KEEP},
    "courses_cert_candidates": {"kind": KEEP, "skills": KEEP, "status": KEEP},
    "courses_cert_results": {"skill": KEEP, "outcome": KEEP},
    "courses_cert_numbers": {"body": KEEP, "number": TEXT},
    "courses_contract_reports": {},
    "courses_reminders": {"kind": KEEP, "ref": KEEP},
    "courses_exam_accommodations": {"kind": SKIP},
}

# Values of these Python types cannot carry a name, an address or a note: copied without an entry in POLICY.
PLAIN_TYPES = (int, bool, float, Decimal, date, datetime, time)


def python_type(column: Column) -> type:
    column_type = column.type
    if isinstance(column_type, TypeDecorator):
        column_type = column_type.impl_instance
    try:
        return column_type.python_type
    except NotImplementedError:
        return object


def needs_decision(column: Column) -> bool:
    return not issubclass(python_type(column), PLAIN_TYPES)


def policy_problems(tables: list[Table]) -> list[str]:
    """What the policy misses or names wrongly for these tables (empty: every text column is decided)."""
    problems = []
    for table in tables:
        decided = POLICY.get(table.name)
        if decided is None:
            problems.append(f"{table.name}: table without a masking decision")
            continue
        columns = {column.name: column for column in table.columns}
        for column in table.columns:
            if needs_decision(column) and column.name not in decided:
                problems.append(f"{table.name}.{column.name}: column without a masking decision")
        for name, action in decided.items():
            if name not in columns:
                problems.append(f"{table.name}.{name}: decided but not in the table")
            elif action not in ACTIONS and not (action == SKIP and table.name in SKIPPED_TABLES):
                problems.append(f"{table.name}.{name}: unknown action {action!r}")
    names = {table.name for table in tables}
    problems += [f"{name}: decided but no such table" for name in POLICY if name not in names]
    return problems


# The kinds of value remembered from the source to be found inside text, and where they are.
LEARNED = (NAME, PHONE, CODICE_FISCALE, CODICE_PERSONA, MATRICOLA)


def learned_columns() -> list[tuple[str, str, str]]:
    return [(table, column, action) for table, decided in POLICY.items() for column, action in decided.items()
            if action in LEARNED]
