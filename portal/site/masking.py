"""A masked copy of the portal's database for development and test (welfare tender §4.2.6, "data masking").

Every column of every table has a decision in `POLICY`: copied as it is (money, dates, counts, states, the
catalog's texts) or replaced by a keyed pseudonym. A pseudonym depends only on the key and the original value,
so the same person masks the same way in every table and every run with the same key: joins, totals and
uniqueness hold. Codici fiscali stay valid (check character included), codici persona and matricole stay 8 and 6
ASCII digits and distinct (a keyed permutation), uploaded documents become small valid files of the same type.
Columns whose values can only be numbers, dates, times or flags need no entry: they are copied.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import PurePosixPath

from sqlalchemy import Column, String, Table
from sqlalchemy.types import TypeDecorator
from stdnum.it import codicefiscale

from portal.site.placeholders import placeholder_for

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
    "wallet_affiliation_requests": {"provider_name": KEEP, "city": KEEP, "website": KEEP, "service": TEXT,
                                    "status": KEEP, "answer": TEXT},
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
    # Policino
    "childcare_families": {"category": KEEP, "phone": PHONE},
    "childcare_children": {"full_name": NAME, "allergies": TEXT, "notes": TEXT},
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


FIRST_NAMES = ("Alessandro", "Alice", "Andrea", "Anna", "Antonio", "Aurora", "Beatrice", "Bianca", "Carlo", "Chiara",
               "Claudia", "Daniele", "Davide", "Elena", "Elisa", "Emma", "Enrico", "Federica", "Filippo", "Francesca",
               "Giacomo", "Ginevra", "Giorgio", "Giovanni", "Greta", "Irene", "Jacopo", "Laura", "Leonardo", "Lorenzo",
               "Lucia", "Ludovica", "Marco", "Maria", "Martina", "Matteo", "Michele", "Nicola", "Noemi", "Paola",
               "Pietro", "Riccardo", "Roberta", "Samuele", "Silvia", "Simone", "Sofia", "Stefano", "Tommaso",
               "Valentina", "Vittoria")
SURNAMES = ("Amato", "Barbieri", "Bellini", "Benedetti", "Bernardi", "Caruso", "Cattaneo", "Colombo", "Costa",
            "D'Angelo", "De Luca", "Fabbri", "Farina", "Ferrara", "Fontana", "Galli", "Gentile", "Giordano", "Grasso",
            "Guerra", "Leone", "Lombardi", "Longo", "Mancini", "Marchetti", "Mariani", "Marino", "Martinelli",
            "Messina", "Monti", "Moretti", "Morelli", "Negri", "Orlando", "Palumbo", "Parisi", "Pellegrini",
            "Ricci", "Rinaldi", "Rizzi", "Romano", "Ruggiero", "Russo", "Sala", "Santoro", "Serra", "Silvestri",
            "Testa", "Valentini", "Villa", "Vitale")
_LOREM = ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et "
          "dolore magna aliqua ")
_MONTHS = "ABCDEHLMPRST"
_MAX_NAME_WORDS = 5
_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_DIGITS = re.compile(r"(?<!\w)(?:\d{8}|\d{6})(?!\w)")
_PHONE = re.compile(r"(?<![\w+])\+?\d[\d ./-]{4,}\d(?!\w)")
_EMAIL = re.compile(r"[\w.+'-]+@[\w-]+(?:\.[\w-]+)+")
_CF = re.compile(r"(?<![A-Za-z0-9])[A-Za-z]{6}[0-9LMNPQRSTUVlmnpqrstuv]{2}[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{2}"
                 r"[A-Za-z][0-9LMNPQRSTUVlmnpqrstuv]{3}[A-Za-z](?![A-Za-z0-9])")


def _phone_digits(text: str) -> str:
    """The national number: the same phone written with or without +39 is one phone."""
    digits = re.sub(r"\D", "", text)
    if digits.startswith("0039"):
        return digits[4:]
    return digits[2:] if digits.startswith("39") and len(digits) > 10 else digits


def _space(text: str) -> str:
    return " ".join(text.split()).casefold()


@dataclass
class Masker:
    """Keyed pseudonyms; one per run, holding what it has handed out so that unique values stay unique."""

    key: bytes
    password_hash: str = ""
    _given: dict[str, dict[str, str]] = field(default_factory=dict)
    _taken: dict[str, set[str]] = field(default_factory=dict)
    _known: dict[str, dict[str, str]] = field(default_factory=dict)

    def digest(self, kind: str, value: str) -> bytes:
        return hmac.new(self.key, f"{kind}\x00{value}".encode(), hashlib.sha256).digest()

    def _number(self, kind: str, value: str, modulus: int) -> int:
        return int.from_bytes(self.digest(kind, value)[:8], "big") % modulus

    def _unique(self, kind: str, value: str, make, step) -> str:
        """`make(value)` once per distinct value; `step(candidate)` until it is not given to another value."""
        given = self._given.setdefault(kind, {})
        if value in given:
            return given[value]
        taken = self._taken.setdefault(kind, set())
        candidate = make(value)
        while candidate in taken:
            candidate = step(candidate)
        given[value] = candidate
        taken.add(candidate)
        return candidate

    # -- identifiers --------------------------------------------------------------------------------------------

    def _permute(self, kind: str, number: int, digits: int) -> int:
        """A keyed permutation of the numbers of `digits` digits (a balanced Feistel network)."""
        modulus = 10 ** (digits // 2)
        left, right = divmod(number, modulus)
        for round_ in range(8):
            left, right = right, (left + self._number(f"{kind}:{round_}", str(right), modulus)) % modulus
        return left * modulus + right

    def _digits(self, kind: str, value: str, digits: int) -> str:
        def make(original: str) -> str:
            number = int(original) if original.isascii() and original.isdigit() else self._number(kind, original,
                                                                                                    10 ** digits)
            return f"{self._permute(kind, number % 10 ** digits, digits):0{digits}d}"

        return self._unique(kind, value, make, lambda c: f"{self._permute(kind, int(c), digits):0{digits}d}")

    def codice_persona(self, value: str | None) -> str | None:
        return self._digits(CODICE_PERSONA, value, 8) if value else value

    def matricola(self, value: str | None) -> str | None:
        return self._digits(MATRICOLA, value, 6) if value else value

    def codice_fiscale(self, value: str | None) -> str | None:
        if not value:
            return value

        def make(original: str, attempt: int = 0) -> str:
            raw = self.digest(CODICE_FISCALE, f"{original}:{attempt}")
            letters = "".join(chr(65 + byte % 26) for byte in raw[:6])
            year = raw[6] % 100
            month = _MONTHS[raw[7] % 12]
            day = raw[8] % 28 + 1 + (40 if raw[9] % 2 else 0)
            place = chr(65 + raw[10] % 12) + f"{int.from_bytes(raw[11:13], 'big') % 1000:03d}"
            body = f"{letters}{year:02d}{month}{day:02d}{place}"
            return body + codicefiscale.calc_check_digit(body)

        attempts = iter(range(1, 1_000_000))
        return self._unique(CODICE_FISCALE, value.upper(), make, lambda _: make(value.upper(), next(attempts)))

    def access_code(self, value: str) -> str:
        return self._unique(ACCESS_CODE, value.casefold(), lambda v: "u" + self.digest(ACCESS_CODE, v).hex()[:11],
                            lambda c: c + "x")

    # -- people -------------------------------------------------------------------------------------------------

    def name(self, value: str | None) -> str | None:
        if not value or not value.strip():
            return value
        raw = self.digest(NAME, _space(value))
        first = FIRST_NAMES[int.from_bytes(raw[:4], "big") % len(FIRST_NAMES)]
        last = SURNAMES[int.from_bytes(raw[4:8], "big") % len(SURNAMES)]
        return f"{first} {last}"

    def email(self, value: str | None) -> str | None:
        if not value:
            return value
        masked = f"u{self.digest(EMAIL, value.strip().casefold()).hex()[:12]}@example.org"
        self._taken.setdefault(EMAIL, set()).add(masked)
        return masked

    def phone(self, value: str | None) -> str | None:
        if not value or not value.strip():
            return value
        return f"+39 3{self._number(PHONE, _phone_digits(value) or value, 10 ** 9):09d}"

    def ip(self, value: str | None) -> str | None:
        if not value:
            return value
        raw = self.digest(IP, value)
        return f"10.{raw[0]}.{raw[1]}.{raw[2]}"

    def provider(self, value: str | None) -> str | None:
        if not value or not value.strip():
            return value
        return f"Fornitore {self.digest(PROVIDER, _space(value)).hex()[:6].upper()}"

    def text(self, value: str | None, limit: int | None = None) -> str | None:
        if not value or not value.strip():
            return value
        head = f"[testo mascherato {self.digest(TEXT, value).hex()[:6]}]"
        length = max(min(len(value), 2000), len(head))
        masked = (head + " " + _LOREM * (length // len(_LOREM) + 1))[:length].rstrip()
        return masked[:limit] if limit else masked

    # -- values inside structured text --------------------------------------------------------------------------

    def learn(self, kind: str, value: str | None) -> None:
        """Remember a personal value of the source, to replace it wherever it appears inside text."""
        if not value or not value.strip():
            return
        if kind == NAME:
            words = _WORD.findall(value)
            if 2 <= len(words) <= _MAX_NAME_WORDS:  # a single word ("Li") would be replaced inside sentences
                self._known.setdefault(NAME, {})[" ".join(words).casefold()] = value
        elif kind == PHONE:
            digits = _phone_digits(value)
            if len(digits) >= 6:
                self._known.setdefault(PHONE, {})[digits] = value
        elif kind in (CODICE_PERSONA, MATRICOLA, CODICE_FISCALE):
            self._known.setdefault(kind, {})[value.strip().upper()] = value

    def scrub(self, value: str | None) -> str | None:
        """Replace inside a text the names, identifiers, phones, e-mails and codici fiscali of people, in one pass
        per kind (a lookup per word, not a search per known value)."""
        if not value:
            return value
        value = self._scrub_names(value)
        identifiers = {8: self._known.get(CODICE_PERSONA, {}), 6: self._known.get(MATRICOLA, {})}
        value = _DIGITS.sub(lambda m: (self.codice_persona(m.group()) if len(m.group()) == 8 else
                                       self.matricola(m.group()))
                            if m.group() in identifiers.get(len(m.group()), ()) else m.group(), value)
        phones = self._known.get(PHONE, {})
        value = _PHONE.sub(lambda m: self.phone(m.group()) if _phone_digits(m.group()) in phones else m.group(), value)
        value = _EMAIL.sub(lambda m: m.group() if m.group() in self._taken.get(EMAIL, ()) else self.email(m.group()),
                           value)
        return _CF.sub(self._scrub_cf, value)

    def _scrub_names(self, value: str) -> str:
        names = self._known.get(NAME)
        if not names:
            return value
        words = list(_WORD.finditer(value))
        out, position, index = [], 0, 0
        while index < len(words):
            for size in range(min(_MAX_NAME_WORDS, len(words) - index), 1, -1):
                span = words[index:index + size]
                gaps = [value[a.end():b.start()] for a, b in zip(span, span[1:])]
                if all(gap.isspace() for gap in gaps):
                    key = " ".join(word.group() for word in span).casefold()
                    if key in names:
                        out += [value[position:span[0].start()], self.name(names[key])]
                        position, index = span[-1].end(), index + size
                        break
            else:
                index += 1
        return "".join(out) + value[position:]

    def _scrub_cf(self, match: re.Match) -> str:
        found = match.group().upper()
        if found in self._taken.get(CODICE_FISCALE, ()):  # already a pseudonym
            return match.group()
        if found in self._known.get(CODICE_FISCALE, {}) or codicefiscale.is_valid(found):
            return self.codice_fiscale(match.group())
        return match.group()

    def json(self, value: str | None) -> str | None:
        if not value:
            return value
        try:
            document = json.loads(value)
        except ValueError:
            return self.scrub(value)

        def walk(node, key: str = ""):
            if isinstance(node, dict):
                return {k: walk(v, k) for k, v in node.items()}
            if isinstance(node, list):
                return [walk(item, key) for item in node]
            if isinstance(node, str):
                return self.access_code(node) if key == ACCESS_CODE else self.scrub(node)
            return node

        return json.dumps(walk(document), ensure_ascii=False, sort_keys=True)

    # -- documents ----------------------------------------------------------------------------------------------

    def document(self, row: dict) -> tuple[str, bytes]:
        """Replace the file columns of `row` with a placeholder's; returns where the placeholder goes and its bytes."""
        content, extension = placeholder_for(row["content_type"])
        original = PurePosixPath(row["stored_name"])
        folder = str(original.parent) if str(original.parent) not in ("", ".") else "masked"
        token = self.digest(DOCUMENT, row["stored_name"]).hex()
        row["stored_name"] = f"{folder}/{token[:32]}.{extension}"
        row["original_name"] = f"documento-{token[32:40]}.{extension}"
        row["content_type"] = {"pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg"}[extension]
        row["size"] = len(content)
        row["sha256"] = hashlib.sha256(content).hexdigest()
        return row["stored_name"], content

    def row(self, table: Table, row: dict) -> tuple[dict, tuple[str, bytes] | None]:
        """The masked copy of one row, and the placeholder file it needs (if it is a document's row)."""
        decided = POLICY[table.name]
        placeholder = self.document(row) if "stored_name" in decided and decided["stored_name"] == DOCUMENT else None
        for name, action in decided.items():
            value = row.get(name)
            if action in (KEEP, DOCUMENT) or value is None:
                continue
            if action == PASSWORD:
                row[name] = self.password_hash
            elif action == TEXT:
                row[name] = self.text(value, _length(table.c[name]))
            else:
                row[name] = _clip(getattr(self, action)(value), table.c[name])
        return row, placeholder


def _length(column: Column) -> int | None:
    return column.type.length if isinstance(column.type, String) else None


def _clip(value, column: Column):
    limit = _length(column)
    return value[:limit] if isinstance(value, str) and limit else value


# The kinds of value remembered from the source to be found inside text, and where they are.
LEARNED = (NAME, PHONE, CODICE_FISCALE, CODICE_PERSONA, MATRICOLA)


def learned_columns() -> list[tuple[str, str, str]]:
    return [(table, column, action) for table, decided in POLICY.items() for column, action in decided.items()
            if action in LEARNED]
