"""Pages of livelihood projects (MISSION.md §4): the public collection form, the tracking page and the
public page (no sign-in, no personal data) in .public; the staff's list, a project's page with its action
menu and the Excel export in .projects; the year's settings, the vote's result entry, the review, the
consoles, the notices and the supervision group in .year."""

from .projects import (
    PROJECT_MENU,
    export,
    milestone_done,
    photo,
    project_action,
    project_detail,
    project_list,
    project_new,
)
from .public import PROPOSALS_PER_HOUR, propose, public, track
from .year import (
    group,
    inspection_answer,
    inspections,
    notice,
    poll_console,
    review,
    vote_entry,
    year_settings,
)

__all__ = [
    "PROJECT_MENU",
    "PROPOSALS_PER_HOUR",
    "export",
    "group",
    "inspection_answer",
    "inspections",
    "milestone_done",
    "notice",
    "photo",
    "poll_console",
    "project_action",
    "project_detail",
    "project_list",
    "project_new",
    "propose",
    "public",
    "review",
    "track",
    "vote_entry",
    "year_settings",
]
