"""Result sheets (选举结果报告单 docx, 表决结果 xlsx) built from plain data, then from closed polls."""

from __future__ import annotations

import io
import json

import pytest
from docx import Document
from openpyxl import load_workbook

from renda.voting import documents, exports
from renda.voting.exports import CandidateLine, ResultSheet


def _motion(**over) -> ResultSheet:
    values = dict(
        congress="江临市人民代表大会",
        session="第十六届人民代表大会第一次会议",
        item="1. 关于政府工作报告的决议",
        title="关于政府工作报告的决议（草案）",
        kind="motion",
        kind_label="表决",
        secret=False,
        method_label="电子表决",
        status_label="已结束",
        total_entitled=480,
        present=452,
        voted=450,
        yes=431,
        no=9,
        abstain=10,
        not_voting=2,
        passed=True,
        majority_needed=241,
        digest="a" * 64,
        closed_at="2026-01-12 10:30",
    )
    values.update(over)
    return ResultSheet(**values)


def _election(**over) -> ResultSheet:
    values = dict(
        congress="江临市人民代表大会",
        session="第十六届人民代表大会第一次会议",
        item="3. 选举",
        title="选举江临市人民政府市长",
        kind="election",
        kind_label="选举",
        secret=True,
        method_label="纸质选票",
        status_label="已结束",
        total_entitled=480,
        present=452,
        voted=452,
        majority_needed=241,
        seats=1,
        post="市长",
        issued=452,
        returned=451,
        valid=449,
        invalid=2,
        candidates=[
            CandidateLine("张三", 430, yes=430, no=10, abstain=9, elected=True),
            CandidateLine("李四", 12, yes=12, no=400, abstain=37),
            CandidateLine("王五", 3, write_in=True),
        ],
        elected=["张三"],
        digest="b" * 64,
        closed_at="2026-01-12 11:00",
    )
    values.update(over)
    return ResultSheet(**values)


def _cells(content: bytes) -> dict[str, list[list]]:
    wb = load_workbook(io.BytesIO(content), read_only=True)
    return {ws.title: [list(r) for r in ws.iter_rows(values_only=True)] for ws in wb.worksheets}


def _pairs(rows: list[list]) -> dict:
    return {r[0]: r[1] for r in rows if r and r[0] is not None and len(r) > 1}


def test_motion_xlsx_has_the_figures_and_the_digest():
    sheets = _cells(exports.result_xlsx(_motion()))
    assert next(iter(sheets)) == "汇总"
    summary = sheets["汇总"]
    assert summary[0][6:11] == ["赞成", "反对", "弃权", "未投票", "结果"]
    assert summary[1][:11] == [
        1,
        "关于政府工作报告的决议（草案）",
        "表决",
        480,
        452,
        450,
        431,
        9,
        10,
        2,
        "通过",
    ]
    detail = _pairs(sheets[list(sheets)[1]])
    assert detail["全体组成人员数"] == 480
    assert detail["开启时出席人数"] == 452
    assert detail["赞成"] == 431 and detail["反对"] == 9 and detail["弃权"] == 10 and detail["未投票"] == 2
    assert detail["通过所需赞成票"] == 241
    assert detail["结果"] == "通过"
    assert detail["选票摘要（SHA-256）"] == "a" * 64


def test_failed_motion_says_so():
    sheets = _cells(exports.result_xlsx(_motion(yes=240, no=200, passed=False)))
    assert _pairs(sheets[list(sheets)[1]])["结果"] == "未通过"


def test_election_xlsx_lists_persons_and_write_ins():
    sheets = _cells(exports.result_xlsx(_election()))
    rows = sheets[list(sheets)[1]]
    detail = _pairs(rows)
    assert detail["应选名额"] == 1 and detail["发出选票数"] == 452 and detail["收回选票数"] == 451
    assert detail["有效票"] == 449 and detail["无效票"] == 2
    assert detail["结果"] == "张三"
    people = {r[0]: r for r in rows if r and r[0] in ("张三", "李四", "王五")}
    assert people["张三"][1:7] == [430, 430, 10, 9, None, "当选"]
    assert people["王五"][1] == 3 and people["王五"][5] == "是"


def test_session_xlsx_one_sheet_per_poll_and_a_summary():
    content = exports.session_xlsx([_motion(), _election(), _motion(title="关于预算的决议", passed=False)])
    sheets = _cells(content)
    assert len(sheets) == 4
    summary = sheets["汇总"]
    assert [r[10] for r in summary[1:]] == ["通过", "张三", "未通过"]


def test_election_docx_report():
    doc = Document(io.BytesIO(documents.election_report_docx(_election())))
    text = "\n".join(p.text for p in doc.paragraphs)
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "选举结果报告单" in text
    assert "当选：张三" in text
    assert "b" * 64 in text
    assert "241" in text
    assert "全体组成人员数" in cells and "480" in cells and "452" in cells
    assert "王五（另选他人）" in cells
    people = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert people[0] == ["姓名", "得票数", "赞成", "反对", "弃权", "当选"]
    assert people[1] == ["张三", "430", "430", "10", "9", "当选"]


def test_void_election_docx():
    doc = Document(io.BytesIO(documents.election_report_docx(_election(void=True, elected=[], returned=460))))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "本次选举无效" in text


def test_ballots_json_and_xlsx():
    ballots = ['"yes"', '"no"', '"yes"']
    body = json.loads(exports.ballots_json(7, "c" * 64, ballots))
    assert body == {"poll": 7, "digest": "c" * 64, "ballots": ballots}
    rows = _cells(exports.ballots_xlsx(ballots))
    assert [r[0] for r in next(iter(rows.values()))[1:]] == ballots


@pytest.mark.parametrize("title", ["a/b:c*?[x]", "很长" * 30])
def test_sheet_titles_are_valid(title):
    sheets = _cells(exports.session_xlsx([_motion(title=title), _motion(title=title)]))
    assert len(sheets) == 3


def test_motion_has_its_own_result_document_with_every_mark():
    doc = Document(io.BytesIO(documents.result_docx(_motion())))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "选举结果报告单" not in text and "当选" not in text
    assert "关于政府工作报告的决议（草案）表决结果" in text
    assert "赞成431票，反对9票，弃权10票，未投票2票" in text
    assert "获得通过" in text and "a" * 64 in text
    cells = [c.text for t in doc.tables for row in t.rows for c in row.cells]
    assert "弃权" in cells and "未投票" in cells


def test_failed_motion_document_says_it_did_not_pass():
    doc = Document(io.BytesIO(documents.result_docx(_motion(yes=200, passed=False))))
    assert "未获通过" in "\n".join(p.text for p in doc.paragraphs)


def test_result_documents_are_in_the_official_format():
    from renda.core.docx import TITLE_FONT

    for sheet in (_motion(), _election()):
        doc = Document(io.BytesIO(documents.result_docx(sheet)))
        assert round(doc.sections[0].page_width / 36000) == 210
        assert doc.paragraphs[0].text == "江临市人民代表大会"
        title = next(p for p in doc.paragraphs if p.text == documents.document_title(sheet))
        assert title.runs[0].font.name == TITLE_FONT
        assert "PAGE" in doc.sections[0].footer.paragraphs[0]._p.xml
