"""Pagination in two steps: count and slice a narrow query of ids, then load only the page's rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.paginator import Page, Paginator


class RowsPaginator(Paginator):
    """A Paginator over ids whose pages hold the rows `load(ids)` returns (in the ids' order).

    For lists whose rows are wide or joined: the database then sorts and cuts a page of ids alone, and
    the joins run for the page's 30 rows, not for every row that matched."""

    def __init__(self, ids, per_page: int, *, load: Callable[[list], Sequence], **kwargs) -> None:
        super().__init__(ids, per_page, **kwargs)
        self.load = load

    def _get_page(self, object_list, number, paginator) -> Page:
        return Page(list(self.load(list(object_list))), number, paginator)
