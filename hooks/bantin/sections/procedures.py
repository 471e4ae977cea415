"""Thủ tục hành chính (`data/thu-tuc.yml`): procedures grouped by lĩnh vực, each leading to the public-service
portal that takes it online; hỏi đáp (`data/hoi-dap.yml`): questions answered, and how to send one."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from urllib.parse import urlsplit

import yaml

from ..common import vi
from ..common.sample import SAMPLE_KEY
from ..portal.settings import Agency
from ..schema.fields import Errors, Fields, Phone
from ..schema.sections_documents import CHANNELS, PROCEDURE, PROCEDURES_FILE, QUESTION, QUESTIONS_FILE
from .reading import fields_of, https


@dataclass(frozen=True)
class Procedure:
    name: str
    field: str      # lĩnh vực
    agency: str     # cơ quan thực hiện
    link: str       # https://…
    code: str = ""  # mã thủ tục
    sample: bool = False

    @property
    def host(self) -> str:
        """The site the link leads to, named beside it: `dichvucong.gov.vn`."""
        host = urlsplit(self.link).hostname or ""
        return host.removeprefix("www.")


@dataclass(frozen=True)
class Question:
    question: str
    asked: dt.date
    answer: str
    answered_by: str
    asker: str = ""
    answered: dt.date | None = None
    sample: bool = False
    line: int = 0

    @property
    def asked_date(self) -> str:
        return vi.date(self.asked)

    @property
    def answered_date(self) -> str:
        return vi.date(self.answered) if self.answered else ""

    @property
    def paragraphs(self) -> list[str]:
        """The answer's paragraphs (a blank line between them in the file)."""
        return [part.strip() for part in self.answer.split("\n\n") if part.strip()]

    @property
    def last_modified(self) -> dt.date:
        return self.answered or self.asked


@dataclass(frozen=True)
class Channels:
    """How to send a question or feedback: hoi-dap.yml's `gui_cau_hoi`, where data/site.yml's agency has none."""

    email: str = ""
    phone: Phone | None = None
    address: str = ""
    portal: str = ""  # the feedback portal, https://…

    def with_agency(self, agency: Agency) -> Channels:
        return Channels(agency.email or self.email, agency.phone or self.phone, agency.address or self.address,
                        self.portal)

    @property
    def portal_host(self) -> str:
        return (urlsplit(self.portal).hostname or "").removeprefix("www.")

    def __bool__(self) -> bool:
        return bool(self.email or self.phone or self.address or self.portal)


def by_field(procedures: tuple[Procedure, ...]) -> list[tuple[str, list[Procedure]]]:
    """Lĩnh vực in the order the file first names them, each with its procedures in the file's order."""
    fields: dict[str, list[Procedure]] = {}
    for procedure in procedures:
        fields.setdefault(procedure.field, []).append(procedure)
    return list(fields.items())


def read_procedures(node: yaml.Node, errors: Errors) -> tuple[Procedure, ...]:
    fields = fields_of(errors, node, PROCEDURES_FILE)
    procedures = []
    for item in fields.items("thu_tuc") if fields.ok else []:
        before = len(errors.items)
        entry = fields_of(errors, item, PROCEDURE, "thu_tuc")
        if not entry.ok:
            continue
        name, field, agency = entry.text("ten"), entry.text("linh_vuc"), entry.text("co_quan_thuc_hien")
        link, code = https(entry, "lien_ket"), _code(entry)
        sample = entry.flag(SAMPLE_KEY)
        if len(errors.items) == before and name is not None and field is not None and agency is not None \
                and link is not None:
            procedures.append(Procedure(name, field, agency, link, code or "", sample))
    return tuple(procedures)


def _code(fields: Fields) -> str | None:
    """Mã thủ tục as written: `1.001193` is a number to YAML, but a code to the clerk who copies it."""
    node = fields.value_node("ma")
    if isinstance(node, yaml.ScalarNode) and node.tag.endswith((":float", ":int")) and not node.style:
        written: str = node.value  # a scalar's text, as in the file
        return written.strip()
    return fields.text("ma")


def read_questions(node: yaml.Node, errors: Errors) -> tuple[tuple[Question, ...], Channels]:
    start = len(errors.items)
    fields = fields_of(errors, node, QUESTIONS_FILE)
    if not fields.ok:
        return (), Channels()
    questions = []
    for item in fields.items("hoi_dap"):
        before = len(errors.items)
        entry = fields_of(errors, item, QUESTION, "hoi_dap")
        if not entry.ok:
            continue
        asked, answer, answered_by = entry.text("cau_hoi"), entry.text("tra_loi"), entry.text("nguoi_tra_loi")
        on, answered_on = entry.date("ngay"), entry.date("ngay_tra_loi")
        asker, sample = entry.text("nguoi_hoi") or "", entry.flag(SAMPLE_KEY)
        if asked is None or on is None or answer is None or answered_by is None:
            continue  # each mistake is in `errors`
        question = Question(asked, on, answer, answered_by, asker, answered_on, sample, entry.line())
        if question.answered and question.answered < question.asked:
            entry.reject("ngay_tra_loi", f"ngày trả lời {question.answered_date} trước ngày hỏi "
                                         f"{question.asked_date}; hãy kiểm tra lại")
        if len(errors.items) == before:
            questions.append(question)
    channels = Channels()
    given = fields.given("gui_cau_hoi")
    if given is not None:
        group = fields_of(errors, given, CHANNELS, "gui_cau_hoi")
        if group.ok:
            channels = Channels(group.email("email") or "", group.phone("dien_thoai"),
                                group.text("dia_chi") or "", https(group, "cong_phan_anh") or "")
    if not questions and not channels and len(errors.items) == start:
        fields.reject("hoi_dap", "chưa có câu hỏi nào và chưa có cách gửi câu hỏi (gui_cau_hoi); hãy ghi ít "
                                 "nhất một trong hai, hoặc xóa tệp")
    return tuple(sorted(questions, key=lambda q: q.asked, reverse=True)), channels
