"""RowsPaginator: count and slice ids, load only the page's rows, keep their order."""

from renda.core.paging import RowsPaginator


def test_pages_hold_the_loaded_rows_in_id_order():
    loaded = []

    def load(ids):
        loaded.append(ids)
        return [f"row{i}" for i in ids]

    ids = list(range(100, 0, -1))  # 100 … 1
    pages = RowsPaginator(ids, 30, load=load)
    assert pages.count == 100 and pages.num_pages == 4
    first = pages.get_page(1)
    assert list(first) == [f"row{i}" for i in range(100, 70, -1)]
    last = pages.get_page(99)  # out of range: the last page, like Paginator.get_page
    assert list(last) == ["row10", "row9", "row8", "row7", "row6", "row5", "row4", "row3", "row2", "row1"]
    assert last.has_previous() and not last.has_next()
    assert loaded == [list(range(100, 70, -1)), list(range(10, 0, -1))]  # only each page's ids


def test_empty_list():
    pages = RowsPaginator([], 30, load=lambda ids: ids)
    page = pages.get_page(1)
    assert list(page) == [] and pages.count == 0
