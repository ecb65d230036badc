"""Every write of citizens' opinions (社情民意, MISSION.md §5). Each action of the table: spine.require before
the row lock, the state checked again under the lock, an Event in the same transaction (labels in
renda.core.event_names). Converting calls the proposals service (a deputy's suggestion draft) and feeding
calls livelihood's collection seam (`project_collect`); both records link back to the opinion.
"""

from ._common import MAX_TEXT
from .duty import duty_activity_add, duty_activity_decide
from .handling import (
    opinion_answer,
    opinion_convert,
    opinion_feed,
    opinion_feedback,
    opinion_forward,
    opinion_rate,
    opinion_record,
    opinion_refer,
    opinion_reply,
)
from .receptions import reception_attendance, reception_create, reception_schedule
from .warning import early_warning

__all__ = [
    "MAX_TEXT",
    "duty_activity_add",
    "duty_activity_decide",
    "early_warning",
    "opinion_answer",
    "opinion_convert",
    "opinion_feed",
    "opinion_feedback",
    "opinion_forward",
    "opinion_rate",
    "opinion_record",
    "opinion_refer",
    "opinion_reply",
    "reception_attendance",
    "reception_create",
    "reception_schedule",
]
