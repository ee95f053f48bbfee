"""Help desk's labels: topics, states, channels, rating levels, audit events."""

from flask_babel import lazy_gettext as _l

TOPICS = {"wallet": _l("Conto Welfare"), "tax": _l("Tax advice on welfare benefits"), "caf": _l("CAF and ISEEU"),
          "childcare": _l("Policino baby parking"), "tutoring": _l("Tutoring and LIS interpreting"),
          "courses": _l("Italian courses"), "discounts": _l("Discounts"), "portal": _l("Using the portal"),
          "anomaly": _l("Portal anomaly (institution)")}
STATUSES = {"open": _l("Waiting for the office"), "waiting_user": _l("Answered: your turn"), "closed": _l("Closed")}
STAFF_STATUSES = {"open": _l("To answer"), "waiting_user": _l("Waiting for the requester"), "closed": _l("Closed")}
CHANNELS = {"chat": _l("Chat"), "phone": _l("Phone call"), "email": _l("E-mail")}
RATINGS = {1: _l("Very dissatisfied"), 2: _l("Dissatisfied"), 3: _l("Neither satisfied nor dissatisfied"),
           4: _l("Satisfied"), 5: _l("Very satisfied")}
LANGUAGES = {"it": _l("Italian"), "en": _l("English")}
TABS = {"unassigned": _l("Unassigned"), "mine": _l("Mine"), "waiting": _l("Waiting for the requester"),
        "closed": _l("Closed conversations")}

AUDIT_EVENTS = {
    "helpdesk.opened": _l("Help desk conversation opened"),
    "helpdesk.taken": _l("Help desk conversation taken"),
    "helpdesk.handed_over": _l("Help desk conversation handed over"),
    "helpdesk.closed": _l("Help desk conversation closed"),
    "helpdesk.rated": _l("Help desk answer rated"),
    "helpdesk.call_logged": _l("Phone call logged"),
    "helpdesk.answer_saved": _l("Ready answer saved"),
    "helpdesk.attachment_viewed": _l("Help desk attachment opened"),
}
AUDIT_DETAILS = {"conversation": _l("Conversation"), "topic": _l("Topic"), "to": _l("To"), "rating": _l("Rating"),
                 "answer": _l("Ready answer"), "attachment": _l("Attachment"), "channel": _l("Channel")}
