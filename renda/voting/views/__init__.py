"""Pages of votes and elections: the staff console, the projector screen, the deputy's phone page, paper
ballot entry and the result sheets. Thin adapters: they parse input and call voting.services / selectors."""

from .console import MENU, poll_action, poll_detail, screen, session_polls
from .paper import ballots_export, paper, result_docx, result_xlsx, session_xlsx
from .phone import PAGE_BLOCK, assist, my_ballot_check, my_polls, my_vote

__all__ = [
    "MENU",
    "PAGE_BLOCK",
    "assist",
    "ballots_export",
    "my_ballot_check",
    "my_polls",
    "my_vote",
    "paper",
    "poll_action",
    "poll_detail",
    "result_docx",
    "result_xlsx",
    "screen",
    "session_polls",
    "session_xlsx",
]
