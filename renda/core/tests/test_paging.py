"""RowsPaginator: count and slice ids, load only the page's rows, keep their order."""

import pytest

from renda.core.paging import RowsPaginator


class Ids(list):
    """A list that records the slices taken of it (as a queryset would run them)."""

    def __init__(self, *a):
        super().__init__(*a)
        self.slices = []

    def __getitem__(self, key):
        if isinstance(key, slice):
            self.slices.append((key.start, key.stop))
        return super().__getitem__(key)

    def count(self):  # QuerySet.count(): Paginator prefers it to len()
        self.slices.append("count")
        return len(self)


@pytest.mark.parametrize("read_all", [2000, 50])
def test_pages_hold_the_loaded_rows_in_id_order(read_all):
    loaded = []

    def load(ids):
        loaded.append(ids)
        return [f"row{i}" for i in ids]

    ids = Ids(range(100, 0, -1))  # 100 … 1
    pages = RowsPaginator(ids, 30, load=load, read_all=read_all)
    assert pages.count == 100 and pages.num_pages == 4
    first = pages.get_page(1)
    assert list(first) == [f"row{i}" for i in range(100, 70, -1)]
    last = pages.get_page(99)  # out of range: the last page, like Paginator.get_page
    assert list(last) == ["row10", "row9", "row8", "row7", "row6", "row5", "row4", "row3", "row2", "row1"]
    assert last.has_previous() and not last.has_next()
    assert loaded == [list(range(100, 70, -1)), list(range(10, 0, -1))]  # only each page's ids
    if read_all == 2000:  # 100 ids: read once, counted from that read, pages cut from it
        assert ids.slices == [(None, 2001)]
    else:  # more than read_all: counted, then each page sliced by the database
        assert ids.slices == [(None, 51), "count", (0, 30), (90, 100)]


def test_empty_list():
    pages = RowsPaginator(Ids(), 30, load=lambda ids: ids)
    page = pages.get_page(1)
    assert list(page) == [] and pages.count == 0
