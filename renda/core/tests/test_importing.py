"""The import framework's pure parts: ID-number checksum (property tests), parsers, header checks, files."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from renda.core import importing as imp
from renda.core.importing import CellInvalid, Column, ErrorList

# --- GB 11643 ---------------------------------------------------------------------------------------

regions = st.sampled_from(["110101", "310104", "330102", "440305", "510107", "650102"])
births = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2025, 12, 31))
sequences = st.integers(min_value=0, max_value=999)


def make(region: str, birth: dt.date, seq: int) -> str:
    body = f"{region}{birth:%Y%m%d}{seq:03d}"
    return body + imp.gb11643_check_char(body)


@given(regions, births, sequences)
def test_valid_generated_numbers_pass(region, birth, seq):
    number = make(region, birth, seq)
    parsed = imp.parse_id_number(number)
    assert parsed.number == number
    assert parsed.birth_date == birth
    assert parsed.male == (seq % 2 == 1)


@given(
    regions, births, sequences, st.integers(min_value=0, max_value=17), st.integers(min_value=1, max_value=10)
)
def test_any_single_character_change_fails(region, birth, seq, position, shift):
    number = make(region, birth, seq)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    current = alphabet.index(number[position])
    replacement = alphabet[(current + shift) % len(alphabet)]
    if replacement == number[position]:
        replacement = alphabet[(current + 1) % len(alphabet)]
    changed = number[:position] + replacement + number[position + 1 :]
    with pytest.raises(CellInvalid):
        imp.parse_id_number(changed)


def test_known_numbers():
    # The example of GB 11643-1999 (Appendix): 11010519491231002X.
    assert imp.parse_id_number("11010519491231002x").number == "11010519491231002X"
    assert imp.parse_id_number("11010519491231002X").birth_date == dt.date(1949, 12, 31)
    with pytest.raises(CellInvalid, match="校验位"):
        imp.parse_id_number("110105194912310021")
    with pytest.raises(CellInvalid, match="18位"):
        imp.parse_id_number("1101051949123100")
    with pytest.raises(CellInvalid, match="出生日期"):
        imp.parse_id_number(make("110105", dt.date(2000, 1, 1), 1)[:10] + "0230" + "0011")


def test_id_number_typed_as_excel_number_is_explained():
    with pytest.raises(CellInvalid, match="文本"):
        imp.id_number(110105194912310000)


# --- parsers ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (dt.datetime(1975, 5, 17), dt.date(1975, 5, 17)),
        (dt.date(1975, 5, 17), dt.date(1975, 5, 17)),
        ("1975-05-17", dt.date(1975, 5, 17)),
        ("1975/5/7", dt.date(1975, 5, 7)),
        ("1975.05.17", dt.date(1975, 5, 17)),
        ("1975年5月17日", dt.date(1975, 5, 17)),
        (27531, dt.date(1975, 5, 17)),
    ],
)
def test_dates_accepted(raw, expected):
    assert imp.date_value(raw) == expected


@pytest.mark.parametrize("raw", ["1975-02-30", "17/05/1975", "昨天", "1975-5"])
def test_dates_refused(raw):
    with pytest.raises(CellInvalid):
        imp.date_value(raw)


def test_choice_and_multi_choice():
    parse = imp.choice({"男": "M", "女": "F"}, {"男性": "M"})
    assert parse(" 男 ") == "M" and parse("男性") == "M"
    with pytest.raises(CellInvalid, match="男、女"):
        parse("M")
    multi = imp.multi_choice({"市": "city", "省": "province", "全国": "national"})
    assert multi("市、省") == ["city", "province"]
    assert multi("全国,市，市；省") == ["national", "city", "province"]
    assert multi("") == []
    with pytest.raises(CellInvalid, match="“县”"):
        multi("市、县")


@given(st.lists(st.sampled_from(["市", "省", "全国"]), min_size=1), st.sampled_from(["、", ",", "，", " , "]))
def test_multi_choice_any_separator(parts, sep):
    multi = imp.multi_choice({"市": "city", "省": "province", "全国": "national"})
    out = multi(sep.join(parts))
    assert set(out) == {{"市": "city", "省": "province", "全国": "national"}[p] for p in parts}
    assert len(out) == len(set(out))


def test_text_boolean_phone():
    assert imp.text(5)(12345.0) == "12345"
    assert imp.text(5)("\u3000ab ") == "ab"
    with pytest.raises(CellInvalid, match="5"):
        imp.text(5)("abcdef")
    assert imp.boolean("是") is True and imp.boolean("否") is False and imp.boolean(True) is True
    with pytest.raises(CellInvalid):
        imp.boolean("也许")
    assert imp.mobile("138 0000 0000") == "13800000000"
    with pytest.raises(CellInvalid):
        imp.mobile("23800000000")
    assert imp.phone("0571-87000000") == "0571-87000000"
    with pytest.raises(CellInvalid):
        imp.phone("call me")


def test_chinese_labels_ignore_the_active_language():
    from django.utils import translation

    from renda.core.roles import Role

    with translation.override("en"):
        labels = imp.chinese_labels(Role)
    assert labels["人大工作人员"] == "staff"


# --- header and rows --------------------------------------------------------------------------------

COLS = [
    Column("姓名", "name", imp.text(10)),
    Column("日期", "when", imp.date_value),
    Column("备注", "note", imp.text(10), required=False, optional_column=True, default="-"),
]


def sheet(rows):
    wb = Workbook()
    ws = wb.active
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    return buf


def read(rows, *, write_only=False):
    errors = ErrorList()
    if write_only:  # inline strings, no <dimension>: what our own exports look like
        content = io.BytesIO(imp.export_workbook([Column(h or "", "x") for h in rows[0]], rows[1:]))
    else:  # shared strings and a <dimension>: what Excel and WPS write
        content = sheet(rows)
    s = imp.open_sheet(content)
    out = list(imp.iter_records(s, COLS, errors))
    s.close()
    return out, errors


def test_header_missing_unknown_duplicate():
    errors = ErrorList()
    imp.check_header(["姓名", "其他", "姓名", None], COLS, errors)
    assert [(e["row"], e["column"], e["reason"]) for e in errors] == [
        (1, "其他", "无法识别的列；请使用导入模板的列名"),
        (1, "姓名", "列名重复"),
        (1, "日期", "缺少此列"),
    ]


@pytest.mark.parametrize("write_only", [False, True])
def test_rows_parse_skip_blank_rows_and_report_cells(write_only):
    out, errors = read(
        [
            ["姓名*", "日期", None],
            ["张三", "2024-01-02"],
            [None, None, None],
            ["", "x"],
            ["李四", dt.datetime(2024, 3, 4), None],
        ],
        write_only=write_only,
    )
    assert [(r, rec["name"], rec["when"], rec["note"]) for r, rec in out] == [
        (2, "张三", dt.date(2024, 1, 2), "-"),
        (5, "李四", dt.date(2024, 3, 4), "-"),
    ]
    assert [(e["row"], e["column"]) for e in errors] == [(4, "姓名"), (4, "日期")]


def test_cells_keep_their_columns_across_gaps_and_types():
    wb = Workbook()
    ws = wb.active
    ws["A1"], ws["B1"], ws["C1"] = "姓名", "日期", "备注"
    ws["A3"], ws["C3"] = 42, True  # B3 empty: C3 must stay in column C
    ws["B7"] = dt.date(2020, 2, 29)
    ws["A7"] = 1.5
    ws["C7"] = "=1+1"
    buf = io.BytesIO()
    wb.save(buf)
    s = imp.open_sheet(buf)
    rows = list(s.rows())
    assert rows[0] == (1, ("姓名", "日期", "备注"))
    assert rows[1] == (3, (42, None, True))
    assert rows[2][0] == 7 and rows[2][1][:2] == (1.5, dt.datetime(2020, 2, 29))
    assert s.count_rows() == 3
    s.close()


def test_count_rows_of_a_large_export():
    content = imp.export_workbook([Column("甲", "a")], ([f"行{i}"] for i in range(5000)))
    s = imp.open_sheet(io.BytesIO(content))
    assert s.count_rows() == 5001
    assert sum(1 for _ in s.rows()) == 5001
    s.close()


def test_optional_column_present():
    out, errors = read([["备注", "日期", "姓名"], ["好", "2024-01-02", "王五"]])
    assert not errors and out[0][1]["note"] == "好"


def test_error_list_is_capped_with_a_note():
    errors = ErrorList(limit=2)
    for i in range(5):
        errors.add(i, "c", i, "r")
    final = errors.finish()
    assert len(final) == 3 and "另有3处错误" in final[-1]["reason"]


@pytest.mark.parametrize("content", [os.urandom(2048), b"", b"PK\x03\x04broken"])
def test_corrupt_files_raise_import_file_error(content):
    with pytest.raises(imp.ImportFileError, match="不是有效的 Excel"):
        imp.open_sheet(io.BytesIO(content))


def test_writers_round_trip():
    cols = [Column("甲", "a"), Column("乙", "b")]
    content = imp.export_workbook(cols, [[1, dt.date(2024, 1, 2)], ["x", None]])
    ws = load_workbook(io.BytesIO(content)).active
    assert [[c.value for c in r] for r in ws.iter_rows()] == [
        ["甲", "乙"],
        [1, dt.datetime(2024, 1, 2)],
        ["x", None],
    ]
    tpl = load_workbook(io.BytesIO(imp.template_workbook(COLS, title="T", instructions=["说明一"])))
    assert [c.value for c in tpl["T"][1]] == ["姓名", "日期", "备注"]
    assert tpl.worksheets[1].cell(2, 1).value == "姓名"
    errs = load_workbook(
        io.BytesIO(imp.errors_workbook([{"row": 2, "column": "甲", "value": "", "reason": "r"}]))
    )
    assert [c.value for c in errs.active[2]] == [2, "甲", None, "r"]
