"""Pagination in two steps: count and slice a narrow query of ids, then load only the page's rows."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property


class RowsPaginator(Paginator):
    """A Paginator over ids whose pages hold the rows `load(ids)` returns (in the ids' order).

    For lists whose rows are wide or joined: the database then sorts and cuts a page of ids alone, and
    the joins run for the page's rows, not for every row that matched. When at most `read_all` ids match
    (a filtered list, the usual case) they are read in one query that also gives the count; a longer list
    is counted (COUNT) and sliced as Paginator does."""

    def __init__(self, ids, per_page: int, *, load: Callable[[list], Sequence], read_all: int = 2000, **kw):
        super().__init__(ids, per_page, **kw)
        self.load = load
        self.read_all = read_all

    @cached_property
    def _all_ids(self) -> list | None:
        head = list(self.object_list[: self.read_all + 1])
        return head if len(head) <= self.read_all else None

    @cached_property
    def count(self) -> int:
        return len(self._all_ids) if self._all_ids is not None else super().count

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self._all_ids[bottom:top] if self._all_ids is not None else self.object_list[bottom:top]
        return Page(list(self.load(list(ids))), number, self)
