"""Policino's tables, one module per sub-domain; every model is re-exported here (`models.Booking`)."""

from portal.childcare.models.accounts import (  # noqa: F401
    PAYMENT_METHODS,
    PAYMENT_PURPOSES,
    Payment,
    ReceiptCounter,
)
from portal.childcare.models.booking import (  # noqa: F401
    BOOKING_STATUSES,
    CHARGES,
    Block,
    Booking,
    Card,
    WaitingEntry,
)
from portal.childcare.models.families import (  # noqa: F401
    Child,
    Closure,
    Family,
    NurseryClosure,
    PickupPerson,
    Summer,
)
from portal.childcare.models.nursery import (  # noqa: F401
    NURSERY_PLACE_STATUSES,
    NurseryCharge,
    NurseryFee,
    NurseryPlace,
    NurseryYear,
)
from portal.childcare.models.nursery_day import (  # noqa: F401
    ChildCard,
    ChildDiet,
    ChildMedicine,
    Meal,
    MealCount,
    RegisterAbsence,
)
from portal.childcare.models.nursery_families import (  # noqa: F401
    NurseryAbsence,
    NurseryDiary,
    NurseryReceipt,
)
from portal.childcare.models.register import (  # noqa: F401
    DUTY_KINDS,
    ActivityPlan,
    Attendance,
    Duty,
    ExtraBlock,
    PlanSubscriber,
    StaffPresence,
)
