"""CAF: students, ISEEU parificato practices with their family figures, documents, dialogue and history; the states
sent to the university and the monthly transmissions; offices, slots and appointments.

One module per part; every model is imported here (so that SQLAlchemy's metadata and Alembic see them all) and
re-exported, so that callers write `from portal.caf.models import Practice`:
  students       students, exchange rates, poor countries
  offices        offices, opening hours, closures
  practices      practices, family members, incomes, buildings, movables, documents, messages, events
  transmissions  reports (the states sent to the university), monthly transmissions, duties
  appointments   slots and appointments
"""

from portal.caf.models.appointments import (
    APPOINTMENT_STATUSES,
    Appointment,
    Slot,
)
from portal.caf.models.offices import (
    Office,
    OfficeClosure,
    OfficeHours,
)
from portal.caf.models.practices import (
    CHANNELS,
    OPEN_STATUSES,
    RELATIONSHIPS,
    STATUSES,
    Building,
    Document,
    Event,
    Income,
    Member,
    Message,
    Movable,
    Practice,
)
from portal.caf.models.students import (
    STUDENT_KINDS,
    ExchangeRate,
    PoorCountry,
    Student,
)
from portal.caf.models.transmissions import (
    DUTY_KINDS,
    Duty,
    Report,
    Transmission,
)

__all__ = [
    "ExchangeRate", "PoorCountry", "STUDENT_KINDS", "Student", "Office", "OfficeClosure", "OfficeHours", "Building",
    "CHANNELS", "Document", "Event", "Income", "Member", "Message", "Movable", "OPEN_STATUSES", "Practice",
    "RELATIONSHIPS", "STATUSES", "DUTY_KINDS", "Duty", "Report", "Transmission", "APPOINTMENT_STATUSES",
    "Appointment", "Slot",
]
