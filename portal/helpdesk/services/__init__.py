"""Help desk's use cases: conversations (the person's side and the office's actions on one) and office (queue,
ready answers and FAQ, satisfaction figures). Each takes the acting user first, writes its audit row, and only
flushes."""

from portal.helpdesk.services._common import (  # noqa: F401
    FIGURES_ROLES,
    INSTITUTION_ROLES,
    OFFICE_ROLES,
    PAGE_SIZE,
    conversation_for,
    hours,
    is_office,
    is_office_of,
    now,
    office_topics,
    topics_for,
)
from portal.helpdesk.services.conversations import (  # noqa: F401
    Timing,
    attachment_for,
    close,
    conversations_of,
    hand_over,
    log_call,
    messages_of,
    open_conversation,
    rate,
    record_contact,
    reply,
    take,
    timing,
)
from portal.helpdesk.services.office import (  # noqa: F401
    TABS,
    HalfYearFigures,
    faq,
    half_year_figures,
    open_in_queue,
    queue_counts,
    queue_query,
    ready_answer_for,
    ready_answers,
    save_ready_answer,
)
