"""Import a question bank from a spreadsheet with django-import-export.

The sheet is an XLSX workbook (its first worksheet) or a CSV file (UTF-8, with or without
BOM, or Windows-1258; comma, semicolon or tab separated), read by ``staff_lms.sheets.read_rows``
as every import's is. Row 1 holds the column headers, in English or Vietnamese (see
``HEADER_ALIASES``); each following row is one new question.

=====================  ===========================================================================
column                 content
=====================  ===========================================================================
category               optional: a path such as "Chuyển đổi số > Thư viện số"; missing categories
                       are created
type (loại)            required: ``single``, ``multiple``, ``true_false`` or ``essay``; also "một đáp
                       án", "nhiều đáp án", "đúng/sai", "tự luận"
question (câu hỏi)     required: the question text
answer_1 … answer_6    the choices, filled from answer_1 without gaps; empty for an essay; for a
(đáp án 1 … 6)         true/false question leave them empty to get "Đúng" and "Sai"
correct (đáp án đúng)  the numbers of the correct answers, "1" or "1,3" (letters "A", "A,C" too);
                       for true/false "Đúng"/"Sai" (or "true"/"false"); empty for an essay
explanation            optional: shown to the learner after answering
(giải thích)
quiz (bài kiểm tra)    optional: the title of an existing quiz; the question is appended to it
=====================  ===========================================================================

Blank rows are skipped. Each invalid row is reported with its sheet row number and the
reasons, in the user's language, and nothing at all is written unless every row is valid.
"""

import io
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import Max
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from staff_lms.sheets import (
    ImportReport,
    SheetFormat,
    add_help_sheet,
    cell_text,
    import_errors,
    normalise,
)

from .models import FALSE_WORDS, TRUE_WORDS, Answer, Category, Question, Quiz, QuizQuestion

MAX_ANSWERS = 6
MAX_ROWS = 5000
ANSWER_COLUMNS = [f"answer_{n}" for n in range(1, MAX_ANSWERS + 1)]
COLUMNS = ["category", "type", "question", *ANSWER_COLUMNS, "correct", "explanation", "quiz"]
REQUIRED_COLUMNS = ["type", "question"]


HEADER_ALIASES = {
    normalise(alias): column
    for column, aliases in {
        "category": ["category", "danh mục", "chủ đề"],
        "type": ["type", "kind", "loại", "loại câu hỏi"],
        "question": ["question", "content", "câu hỏi", "nội dung"],
        "correct": ["correct", "correct answer", "correct answers", "đáp án đúng"],
        "explanation": ["explanation", "giải thích", "lời giải"],
        "quiz": ["quiz", "bài kiểm tra"],
        **{
            f"answer_{n}": [f"answer_{n}", f"answer {n}", f"đáp án {n}", f"phương án {n}"]
            for n in range(1, MAX_ANSWERS + 1)
        },
    }.items()
    for alias in aliases
}

KIND_ALIASES = {
    normalise(alias): kind
    for kind, aliases in {
        Question.Kind.SINGLE: ["single", "một đáp án", "1 đáp án"],
        Question.Kind.MULTIPLE: ["multiple", "nhiều đáp án"],
        Question.Kind.TRUE_FALSE: ["true_false", "true/false", "đúng/sai", "đúng sai"],
        Question.Kind.ESSAY: ["essay", "tự luận"],
    }.items()
    for alias in aliases
}


# Reading the file --------------------------------------------------------------------------


class QuestionSheet(SheetFormat):
    aliases = HEADER_ALIASES
    max_rows = MAX_ROWS
    no_rows_message = gettext_lazy("The sheet has no questions below its header row.")

    def missing_columns(self, columns):
        return [
            _("The column “%(column)s” is missing.") % {"column": column}
            for column in REQUIRED_COLUMNS
            if column not in columns
        ]

    def columns_message(self):
        return _("The columns are: %(columns)s.") % {"columns": ", ".join(COLUMNS)}


read_sheet = QuestionSheet().read


# The resource ------------------------------------------------------------------------------


class KindWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            raise ValueError(_("The question type is missing."))
        kind = KIND_ALIASES.get(normalise(text))
        if kind is None:
            raise ValueError(
                _("Unknown question type “%(value)s”: use single, multiple, true_false or essay.") % {"value": text}
            )
        return kind


class CategoryPathWidget(widgets.Widget):
    """ "Parent > Child" → the Category, creating the missing ones."""

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            return None
        names = [name.strip() for name in re.split(r"[>›]", text)]
        if not all(names):
            raise ValueError(_("The category “%(value)s” has an empty part.") % {"value": text})
        max_length = Category._meta.get_field("name").max_length
        category = None
        for name in names:
            if len(name) > max_length:
                raise ValueError(_("A category name is longer than %(max)s characters.") % {"max": max_length})
            category, _created = Category.objects.get_or_create(parent=category, name=name)
        return category


@dataclass
class PreviewRow:
    number: int
    category: str
    kind: str
    content: str
    answers: list
    quiz: str


class QuestionResource(resources.ModelResource):
    """One new question per row (see the module's docstring for the sheet)."""

    category = fields.Field(attribute="category", column_name="category", widget=CategoryPathWidget())
    kind = fields.Field(attribute="kind", column_name="type", widget=KindWidget())
    content = fields.Field(attribute="content", column_name="question", widget=widgets.CharWidget())
    explanation = fields.Field(attribute="explanation", column_name="explanation", widget=widgets.CharWidget())

    class Meta:
        model = Question
        fields = ("category", "kind", "content", "explanation")
        force_init_instance = True  # every row is a new question
        use_transactions = True
        clean_model_instances = True
        skip_diff = True

    def __init__(self, actor=None, **kwargs):
        super().__init__(**kwargs)
        self.preview = []
        self._quiz_by_row = {}
        # A quiz named in the sheet is one the importer manages (any, from the shell).
        self.quizzes = Quiz.objects.all() if actor is None else Quiz.objects.managed_by(actor)
        self.scoped = actor is not None

    @staticmethod
    def sheet_row(row_number):
        """import-export counts data rows from 1; the sheet has its header in row 1."""
        return row_number + 1

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return not any(cell_text(value) for value in row.values())

    def import_instance(self, instance, row, **kwargs):
        errors = {}
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if not instance.content.strip():
            errors["content"] = [_("The question text is missing.")]
        if "kind" not in errors:
            try:
                answers = self.answers_from_row(instance.kind, row)
                answers = instance.answers_for_kind(answers)
                instance.validate_answers(answers)
            except ValidationError as error:
                errors = error.update_error_dict(errors)
            else:
                instance.answers = [
                    Answer(content=content, correct=correct, sort_order=order)
                    for order, (content, correct) in enumerate(answers)
                ]
        quiz_title = cell_text(row.get("quiz"))
        if quiz_title:
            quizzes = list(self.quizzes.filter(title=quiz_title)[:2])
            if len(quizzes) == 1:
                self._quiz_by_row[kwargs["row_number"]] = quizzes[0]
            elif not quizzes and self.scoped:
                errors["quiz"] = [
                    _("There is no quiz titled “%(title)s” among the quizzes you manage.") % {"title": quiz_title}
                ]
            elif not quizzes:
                errors["quiz"] = [_("There is no quiz titled “%(title)s”.") % {"title": quiz_title}]
            else:
                errors["quiz"] = [_("Several quizzes are titled “%(title)s”.") % {"title": quiz_title}]
        if errors:
            raise ValidationError(errors)

    def answers_from_row(self, kind, row):
        """[(content, correct), …] from the answer and "correct" columns."""
        texts = [cell_text(row.get(column)) for column in ANSWER_COLUMNS]
        while texts and not texts[-1]:
            texts.pop()
        if "" in texts:
            column = ANSWER_COLUMNS[texts.index("")]
            raise ValidationError({column: _("Fill the answers from answer_1 on, without gaps.")})
        max_length = Answer._meta.get_field("content").max_length
        if any(len(text) > max_length for text in texts):
            raise ValidationError(_("An answer is longer than %(max)s characters.") % {"max": max_length})
        correct = cell_text(row.get("correct"))
        if kind == Question.Kind.ESSAY:
            if correct:
                raise ValidationError({"correct": _("An essay question has no correct answer: leave it empty.")})
            return [(text, False) for text in texts]
        if kind == Question.Kind.TRUE_FALSE and not texts:
            word = normalise(correct)
            if word in TRUE_WORDS | FALSE_WORDS:
                return Question.true_false_answers(word in TRUE_WORDS)
            texts = [answer for answer, _correct in Question.true_false_answers(True)]
        if not correct:
            raise ValidationError({"correct": _("Say which answers are correct, e.g. “1” or “1,3”.")})
        numbers = set()
        for token in re.split(r"[\s,;.+/&]+", correct):
            if not token:
                continue
            if token.isdigit():
                numbers.add(int(token))
            elif len(token) == 1 and token.upper() in "ABCDEF":
                numbers.add("ABCDEF".index(token.upper()) + 1)
            elif kind == Question.Kind.TRUE_FALSE:
                raise ValidationError({"correct": _("For a true/false question write “Đúng” or “Sai”.")})
            else:
                raise ValidationError({"correct": _("“%(value)s” is not an answer number.") % {"value": token}})
        out_of_range = sorted(n for n in numbers if not 1 <= n <= len(texts))
        if out_of_range:
            raise ValidationError(
                {
                    "correct": _("Answer %(number)s is marked correct, but the row has %(count)s answers.")
                    % {"number": out_of_range[0], "count": len(texts)}
                }
            )
        return [(text, n in numbers) for n, text in enumerate(texts, 1)]

    def after_save_instance(self, instance, row, **kwargs):
        quiz = self._quiz_by_row.get(kwargs["row_number"])
        if quiz is not None:
            last = quiz.quiz_questions.aggregate(last=Max("sort_order"))["last"]
            QuizQuestion.objects.create(quiz=quiz, question=instance, sort_order=0 if last is None else last + 1)
        self.preview.append(
            PreviewRow(
                number=self.sheet_row(kwargs["row_number"]),
                category=str(instance.category) if instance.category_id else "",
                kind=instance.get_kind_display(),
                content=instance.content,
                answers=[(answer.content, answer.correct) for answer in instance.answers.all()],
                quiz=quiz.title if quiz else "",
            )
        )


# Running an import -------------------------------------------------------------------------


COLUMN_OF_ATTRIBUTE = {"kind": "type", "content": "question"}


def import_questions(dataset, *, dry_run, actor=None):
    """Import (or with ``dry_run`` only check) the questions of ``dataset`` as ``actor`` (None: the
    shell, adding to any quiz); all or nothing."""
    resource = QuestionResource(actor)
    result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True)
    errors = import_errors(resource, result, lambda key: COLUMN_OF_ATTRIBUTE.get(key, key))
    return ImportReport(dry_run=dry_run, rows=resource.preview if not errors else [], errors=errors)


# The template sheet ------------------------------------------------------------------------

EXAMPLE_ROWS = [
    {
        "category": "Chuyển đổi số > Thư viện số",
        "type": "single",
        "question": "Chuẩn nào dùng để trao đổi biểu ghi thư mục giữa các thư viện?",
        "answer_1": "MARC 21",
        "answer_2": "JPEG",
        "answer_3": "MP3",
        "correct": "1",
        "explanation": "MARC 21 là khổ mẫu biên mục máy đọc được.",
    },
    {
        "category": "Chuyển đổi số > Thư viện số",
        "type": "multiple",
        "question": "Cần những thiết bị nào để số hoá tài liệu giấy?",
        "answer_1": "Máy quét",
        "answer_2": "Máy tính",
        "answer_3": "Máy huỷ giấy",
        "correct": "1,2",
    },
    {
        "category": "Chuyển đổi số",
        "type": "true_false",
        "question": "Thư viện số chỉ phục vụ bạn đọc trong giờ hành chính.",
        "correct": "Sai",
        "explanation": "Tài nguyên số truy cập được mọi lúc.",
    },
    {
        "category": "Chuyển đổi số",
        "type": "essay",
        "question": "Trình bày kế hoạch số hoá tài liệu địa chí của đơn vị anh/chị.",
    },
]


def template_help():
    """What each column means, for the template's second sheet."""
    return [
        ("category", _("Optional. A path such as “Chuyển đổi số > Thư viện số”; missing categories are created.")),
        (
            "type",
            _("single, multiple, true_false or essay (also “một đáp án”, “nhiều đáp án”, “đúng/sai”, “tự luận”)."),
        ),
        ("question", _("The question text. Required.")),
        (
            "answer_1 … answer_6",
            _(
                "The choices, from answer_1 on without gaps. Empty for essays; "
                "for true/false leave them empty to get “Đúng” and “Sai”."
            ),
        ),
        (
            "correct",
            _(
                "Numbers of the correct answers: “1”, or “1,3” for several (or letters: “A”, “A,C”). "
                "True/false: “Đúng” or “Sai”. Empty for essays."
            ),
        ),
        ("explanation", _("Optional. Shown to the learner after answering.")),
        ("quiz", _("Optional. The exact title of an existing quiz; the question is added to it.")),
        ("", _("Each row is a new question. Nothing is imported unless every row is valid.")),
    ]


def question_template_xlsx():
    """An XLSX template: the columns with one example per question type, and a help sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("questions")
    sheet.append(COLUMNS)
    for example in EXAMPLE_ROWS:
        sheet.append([example.get(column, "") for column in COLUMNS])
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    # "1,3" must stay text: with a Vietnamese locale Excel would read it as the number 1.3.
    correct_column = COLUMNS.index("correct") + 1
    for row in sheet.iter_rows(min_row=2, max_row=200, min_col=correct_column, max_col=correct_column):
        row[0].number_format = "@"
    widths = {"category": 30, "type": 12, "question": 60, "correct": 10, "explanation": 40, "quiz": 30}
    for index, column in enumerate(COLUMNS, 1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = widths.get(column, 18)
    sheet.freeze_panes = "A2"

    add_help_sheet(
        workbook, [_("Column"), _("Content")], [[column, str(text)] for column, text in template_help()], (22, 100)
    )

    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
