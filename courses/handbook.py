"""The printable course handbook: one A4 PDF per course with a cover, the table of contents,
every live lesson (headings, rich text, images, notes; videos and documents as links) and
the appendices other apps contribute through ``courses.extensions`` (the quiz questions).

Two editions: the learner's, without the answers, and the trainer's, with the answer key to run
a class on paper (``CoursePage.can_download_trainer_handbook``). The cover carries the issuing
body (Settings → Issuing body) and its place with the year of the course's last publication
("Thái Nguyên, 2026").

A handbook is drawn on demand and stored in the default storage (shared by every app server)
under a name that includes its edition and its version: a hash of what it shows, which changes
when the course or one of its lessons is published again, a lesson is added, moved or
unpublished, an appendix, the issuing body or the site's name changes. Older versions of the
same edition are then removed; the two editions never share a file.
"""

import hashlib
import io
import re
import string
from html.parser import HTMLParser
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import floatformat
from django.utils import formats, timezone, translation
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    HRFlowable,
    Image,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)
from reportlab.platypus.tableofcontents import TableOfContents
from wagtail.rich_text import expand_db_html
from wagtail.rich_text.rewriters import FIND_EMBED_TAG, extract_attrs

from people.models import IssuingBody
from staff_lms.pdf import BOLD, ITALIC, REGULAR, fit_font_size, register_fonts, text
from staff_lms.sites import site_name

from . import conf, extensions

# Part of every version: raise it when the layout changes, so stored handbooks are redrawn.
LAYOUT = "2"
LEARNER, TRAINER = "learner", "trainer"
STORAGE_DIR = "handbooks"
# JPEG: ReportLab embeds it as it is, without decoding and compressing the pixels again.
IMAGE_FILTER = "max-1200x1200|format-jpeg|jpegquality-85"

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN = 20 * mm
FOOTER_HEIGHT = 10 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN
FRAME_HEIGHT = PAGE_HEIGHT - 2 * MARGIN - FOOTER_HEIGHT
MAX_IMAGE_HEIGHT = FRAME_HEIGHT * 0.6

INK = colors.HexColor("#1b1b1b")
ANSWER = colors.HexColor("#1b5e20")
TRAINER_MARK = colors.HexColor("#b3261e")
BRAND = colors.HexColor("#1f3a5f")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#b0b7c3")
NOTE_COLOURS = {
    "info": (colors.HexColor("#e8f0fb"), colors.HexColor("#1f5fa8")),
    "tip": (colors.HexColor("#e9f6ec"), colors.HexColor("#2e7d32")),
    "warning": (colors.HexColor("#fff4e0"), colors.HexColor("#b26a00")),
}


def language():
    """Handbooks are drawn in the language the courses are written in (the site's), whoever
    downloads them, so that one stored file serves everyone."""
    return conf.handbook_language()


def letter(position):
    """A, B, C… for the options of a question (numbers past Z)."""
    return string.ascii_uppercase[position] if position < 26 else str(position + 1)


def markup(value):
    """Plain text made safe for ReportLab's paragraph mini-markup."""
    return escape(text(value)).replace("\n", "<br/>")


class Handbook:
    """The handbook of ``course``: the learner's edition, or with ``answer_key`` the trainer's."""

    def __init__(self, course, answer_key=False):
        self.course = course
        self.answer_key = answer_key

    @property
    def edition(self):
        return TRAINER if self.answer_key else LEARNER

    @cached_property
    def appendices(self):
        with translation.override(language()):
            return extensions.handbook_appendices(self.course, answer_key=self.answer_key)

    @cached_property
    def lesson_rows(self):
        return list(self.course.lessons().values_list("pk", "path", "title", "live_revision_id", "last_published_at"))

    @cached_property
    def issuing_body(self):
        return IssuingBody.current()

    @cached_property
    def site(self):
        return self.course.get_site()

    @cached_property
    def published_on(self):
        """The day the course or one of its lessons was last published (today if never)."""
        moments = [self.course.last_published_at, *(row[-1] for row in self.lesson_rows)]
        moments = [moment for moment in moments if moment is not None]
        return timezone.localdate(max(moments)) if moments else timezone.localdate()

    @cached_property
    def version(self):
        """16 hex digits of a hash of what the handbook shows (five or six queries)."""
        course, body = self.course, self.issuing_body
        parts = [
            LAYOUT,
            self.edition,
            language(),
            site_name(site=self.site),
            (body.governing_body, body.name, body.place_name, body.logo_id),
            (course.pk, course.title, course.live_revision_id, course.last_published_at),
            course.trainer_names,  # assigned outside the page's revisions
            self.lesson_rows,
            [appendix.version for appendix in self.appendices],
        ]
        return hashlib.sha256(repr(parts).encode()).hexdigest()[:16]

    @property
    def storage_name(self):
        return f"{STORAGE_DIR}/course-{self.course.pk}-{self.edition}-{self.version}.pdf"

    @property
    def filename(self):
        """The name the download is saved under, in the handbook's language
        ("Sổ tay khóa học - Chuyển đổi số thư viện.pdf"; ``staff_lms.downloads`` adds its ASCII
        spelling)."""
        with translation.override(language()):
            kind = _("Course handbook, trainer's edition") if self.answer_key else _("Course handbook")
            return f"{kind} - {text(self.course.title)}.pdf"

    def render(self):
        """The handbook's PDF as bytes, drawn now."""
        register_fonts()
        with translation.override(language()):
            return HandbookRenderer(self).render()

    def cached_pdf(self):
        """The stored PDF of the current version, else drawn now, stored, and the course's
        older handbooks of the same edition removed."""
        name = self.storage_name
        if default_storage.exists(name):
            try:
                with default_storage.open(name, "rb") as stored:
                    return stored.read()
            except FileNotFoundError:
                pass  # removed meanwhile by a request that stored a newer version
        content = self.render()
        saved = default_storage.save(name, ContentFile(content))
        if saved != name:
            # Another request stored the same version meanwhile: keep one copy.
            default_storage.delete(saved)
        self.remove_older_versions()
        return content

    def remove_older_versions(self):
        """This edition's older files, and those stored before there were two editions
        (``course-<id>-<version>.pdf``)."""
        prefix = f"course-{self.course.pk}-"
        try:
            _dirs, files = default_storage.listdir(STORAGE_DIR)
        except FileNotFoundError:
            return
        for filename in files:
            name = f"{STORAGE_DIR}/{filename}"
            if not filename.startswith(prefix) or name == self.storage_name:
                continue
            rest = filename[len(prefix) :]
            if rest.startswith(f"{self.edition}-") or not rest.startswith((f"{LEARNER}-", f"{TRAINER}-")):
                default_storage.delete(name)


# Drawing -------------------------------------------------------------------------------------


def _styles():
    base = ParagraphStyle("body", fontName=REGULAR, fontSize=10.5, leading=15.5, textColor=INK, spaceAfter=6)

    def style(name, **options):
        return ParagraphStyle(name, parent=base, **options)

    heading = {"fontName": BOLD, "textColor": BRAND, "keepWithNext": 1}
    return {
        "body": base,
        "meta": style("meta", fontSize=9.5, leading=13.5, textColor=MUTED),
        "caption": style("caption", fontName=ITALIC, fontSize=9, leading=12, textColor=MUTED, alignment=1),
        "quote": style("quote", leftIndent=14, textColor=MUTED),
        "governing_body": style("governing_body", fontSize=11.5, leading=15, alignment=1, spaceAfter=0),
        "body_name": style("body_name", fontName=BOLD, fontSize=11.5, leading=15, alignment=1, spaceAfter=2),
        "kicker": style("kicker", fontSize=13, leading=18, textColor=MUTED, spaceAfter=6),
        "edition": style("edition", fontName=BOLD, fontSize=12, leading=16, textColor=TRAINER_MARK, spaceAfter=8),
        "title": style("title", fontName=BOLD, fontSize=26, leading=33, textColor=BRAND, spaceAfter=14),
        "summary": style("summary", fontSize=12, leading=18, spaceAfter=18),
        "fact_label": style("fact_label", fontSize=9.5, leading=13, textColor=MUTED, spaceAfter=0),
        "fact": style("fact", fontSize=10.5, leading=14, spaceAfter=0),
        "lesson_number": style("lesson_number", fontSize=10, leading=14, textColor=MUTED, spaceAfter=2),
        "h1": style("h1", fontSize=19, leading=25, spaceAfter=10, **heading),
        "h2": style("h2", fontSize=14, leading=19, spaceBefore=10, spaceAfter=6, **heading),
        "h3": style("h3", fontSize=12, leading=16, spaceBefore=8, spaceAfter=4, **heading),
        "h4": style("h4", fontSize=11, leading=15, spaceBefore=6, spaceAfter=3, **heading),
        "note_label": style("note_label", fontName=BOLD, spaceAfter=3),
        "question": style("question", leftIndent=18, bulletIndent=0, bulletFontName=REGULAR, spaceBefore=6),
        "hint": style("hint", fontName=ITALIC, fontSize=9.5, leading=13, textColor=MUTED, leftIndent=18, spaceAfter=2),
        "option": style("option", leftIndent=36, bulletIndent=18, bulletFontName=REGULAR, spaceAfter=2),
        "key": style("key", fontName=BOLD, textColor=ANSWER, leftIndent=18, spaceBefore=2, spaceAfter=2),
        "guidance": style("guidance", fontSize=9.5, leading=13.5, textColor=ANSWER, leftIndent=18, spaceAfter=4),
        "toc0": style("toc0", fontSize=11, leading=17, spaceAfter=0),
        "toc1": style("toc1", fontSize=10, leading=14, leftIndent=16, textColor=MUTED, spaceAfter=0),
    }


def heading(value, style, level=None, key=None):
    """A heading; with ``level`` and ``key`` it is also an entry of the table of contents
    and of the PDF outline (see ``HandbookDocument.afterFlowable``)."""
    paragraph = Paragraph(markup(value), style)
    if key is not None:
        paragraph.toc_entry = (level, text(value), key)
    return paragraph


class HandbookDocument(BaseDocTemplate):
    def __init__(self, buffer, on_page, on_cover_end, **metadata):
        super().__init__(
            buffer,
            pagesize=A4,
            leftMargin=MARGIN,
            rightMargin=MARGIN,
            topMargin=MARGIN,
            bottomMargin=MARGIN + FOOTER_HEIGHT,
            **metadata,
        )
        frame = Frame(self.leftMargin, self.bottomMargin, self.width, self.height, id="text")
        self.addPageTemplates(
            [PageTemplate("cover", [frame], onPageEnd=on_cover_end), PageTemplate("body", [frame], onPage=on_page)]
        )

    def afterFlowable(self, flowable):
        entry = getattr(flowable, "toc_entry", None)
        if entry is None:
            return
        level, title, key = entry
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(title, key, level=level, closed=level > 0)
        self.notify("TOCEntry", (level, escape(title), self.page, key))


class HandbookRenderer:
    def __init__(self, handbook):
        self.handbook = handbook
        self.course = handbook.course
        self.appendices = handbook.appendices
        self.answer_key = handbook.answer_key
        self.issuing_body = handbook.issuing_body
        self.site_name = site_name(site=handbook.site)
        self.styles = _styles()
        self.base_url = self._base_url()
        self._images = {}

    def render(self):
        buffer = io.BytesIO()
        document = HandbookDocument(
            buffer,
            self.footer,
            self.place_and_year,
            title=text(self.course.title),
            author=text(self.issuing_body.name or self.site_name),
            subject=self.kind(),
            creator=text(self.site_name),
        )
        document.multiBuild(self.story())
        return buffer.getvalue()

    def kind(self):
        return _("Course handbook, trainer's edition") if self.answer_key else _("Course handbook")

    def _base_url(self):
        site = self.handbook.site
        return (site.root_url if site else getattr(settings, "WAGTAILADMIN_BASE_URL", "")).rstrip("/")

    def absolute_url(self, url):
        if url and url.startswith("/") and not url.startswith("//"):
            return self.base_url + url
        return url or ""

    # The parts --------------------------------------------------------------------------------

    def story(self):
        s = self.styles
        lessons = list(self.course.lessons())
        toc = TableOfContents(levelStyles=[s["toc0"], s["toc1"]], dotsMinLevel=0)
        story = [*self.cover(lessons), NextPageTemplate("body"), PageBreak()]
        story += [Paragraph(markup(_("Contents")), s["h1"]), toc]
        for number, lesson in enumerate(lessons, start=1):
            story += [PageBreak(), *self.lesson(number, lesson)]
        for number, appendix in enumerate(self.appendices, start=1):
            story += [PageBreak(), *self.appendix(number, appendix)]
        return story

    def cover(self, lessons):
        s, course = self.styles, self.course
        title_size = fit_font_size(text(course.title), BOLD, 26, FRAME_WIDTH * 2.5, minimum=18)
        title_style = ParagraphStyle("cover_title", parent=s["title"], fontSize=title_size, leading=title_size * 1.27)
        story = [*self.issuing_body_heading(), Spacer(1, 36), Paragraph(markup(_("Course handbook")), s["kicker"])]
        if self.answer_key:
            story.append(Paragraph(markup(_("Trainer's edition, with the answer key")), s["edition"]))
        story.append(Paragraph(markup(course.title), title_style))
        if course.summary:
            story.append(Paragraph(markup(course.summary), s["summary"]))
        if course.cover_image_id:
            picture = self.picture(course.cover_image, max_height=60 * mm)
            if picture is not None:
                story += [picture, Spacer(1, 14)]
        audience = ", ".join(text(institution_type) for institution_type in course.audience.all())
        online = f"{self.site_name} – {self.absolute_url(course.url)}" if course.url else self.site_name
        facts = [
            (_("Training type"), course.get_training_type_display()),
            (_("Nominal hours"), _("%(hours)s hours") % {"hours": floatformat(course.nominal_hours, -1)}),
            (_("Number of lessons"), str(len(lessons))),
            (ngettext("Trainer", "Trainers", len(course.trainer_names)), ", ".join(course.trainer_names)),
            (_("Who it is for"), audience),
            (_("Online course"), online),
            (_("Last updated"), formats.date_format(self.handbook.published_on, "SHORT_DATE_FORMAT")),
        ]
        rows = [
            [Paragraph(markup(label), s["fact_label"]), Paragraph(markup(value), s["fact"])]
            for label, value in facts
            if value
        ]
        table = Table(rows, colWidths=[45 * mm, FRAME_WIDTH - 45 * mm], hAlign="LEFT")
        table.setStyle(
            TableStyle(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LINEABOVE", (0, 0), (-1, 0), 0.8, BRAND),
                    ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
                    ("TOPPADDING", (0, 0), (-1, -1), 5),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        story.append(table)
        return story

    def issuing_body_heading(self):
        """The issuing body as Decree 30 heads a document: its logo, the governing body, the body
        in bold, a short rule under it."""
        s, body = self.styles, self.issuing_body
        story = []
        if body.logo_id:
            picture = self.picture(body.logo, max_height=18 * mm)
            if picture is not None:
                picture.hAlign = "CENTER"
                story += [picture, Spacer(1, 6)]
        if body.governing_body:
            story.append(Paragraph(markup(body.governing_body.upper()), s["governing_body"]))
        if body.name:
            story += [
                Paragraph(markup(body.name.upper()), s["body_name"]),
                HRFlowable(width=30 * mm, thickness=0.6, color=INK, spaceBefore=5, hAlign="CENTER"),
            ]
        return story

    def place_and_year(self, canvas, document):
        """At the foot of the cover, the place and the year of the handbook ("Thái Nguyên, 2026")."""
        year = str(self.handbook.published_on.year)
        place = text(self.issuing_body.place_name).strip()
        line = f"{place}, {year}" if place else year
        canvas.saveState()
        canvas.setFont(BOLD, 11.5)
        canvas.setFillColor(INK)
        canvas.drawCentredString(PAGE_WIDTH / 2, MARGIN + 4, line)
        canvas.restoreState()

    def lesson(self, number, lesson):
        s = self.styles
        story = [
            Paragraph(markup(_("Lesson %(number)s") % {"number": number}), s["lesson_number"]),
            heading(lesson.title, s["h1"], level=0, key=f"lesson-{lesson.pk}"),
        ]
        if lesson.estimated_minutes:
            story.append(
                Paragraph(
                    markup(_("About %(minutes)s minutes of study") % {"minutes": lesson.estimated_minutes}), s["meta"]
                )
            )
        for block in lesson.body:
            story += self.block(block)
        if not lesson.specific_class.printable:
            url = self.absolute_url(lesson.url)
            story.append(self.link_line(_("Its content is interactive: study it online"), url, url))
        return story

    def block(self, block):
        s, value = self.styles, block.value
        kind = block.block_type
        if kind == "heading":
            return [Paragraph(markup(value), s["h2"])]
        if kind == "paragraph":
            return self.rich_text(value.source)
        if kind == "image":
            return self.figure(value["image"], value["caption"])
        if kind == "video":
            url = value["video"].url if value["video"] else ""
            story = [self.link_line(_("Video"), url, url)] if url else []
            if value["caption"]:
                story.append(Paragraph(markup(value["caption"]), s["meta"]))
            return story
        if kind == "document":
            document = value["document"]
            if document is None:
                return []
            url = self.absolute_url(document.url)
            return [self.link_line(_("Document"), value["title"] or document.title, url), self.link_line("", url, url)]
        if kind == "note":
            return [self.note(block)]
        return []

    def link_line(self, label, value, url):
        prefix = f"<b>{markup(label)}:</b> " if label else ""
        link = f'<a href={quoteattr(url)} color="{BRAND.hexval()}">{markup(value)}</a>'
        return Paragraph(prefix + link, self.styles["body"])

    def note(self, block):
        value = block.value
        labels = dict(block.block.child_blocks["kind"].field.choices)
        background, border = NOTE_COLOURS.get(value["kind"], NOTE_COLOURS["info"])
        label_style = ParagraphStyle("note_label_kind", parent=self.styles["note_label"], textColor=border)
        content = [Paragraph(markup(labels.get(value["kind"], "")), label_style), *self.rich_text(value["text"].source)]
        box = Table([[content]], colWidths=[FRAME_WIDTH], splitInRow=1)
        box.setStyle(
            TableStyle(
                [
                    ("BACKGROUND", (0, 0), (-1, -1), background),
                    ("LINEBEFORE", (0, 0), (0, -1), 3, border),
                    ("LEFTPADDING", (0, 0), (-1, -1), 10),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 10),
                    ("TOPPADDING", (0, 0), (-1, -1), 8),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        return KeepTogether([Spacer(1, 4), box, Spacer(1, 8)])

    def appendix(self, number, appendix):
        s = self.styles
        if self.answer_key:
            intro = _("Trainer's edition: the correct answers and the marking guidance follow each question.")
        else:
            intro = _("The correct answers are not shown.")
        story = [
            heading(appendix.title, s["h1"], level=0, key=f"appendix-{number}"),
            Paragraph(markup(intro), s["meta"]),
        ]
        for position, section in enumerate(appendix.sections, start=1):
            story.append(heading(section.title, s["h2"], level=1, key=f"appendix-{number}-{position}"))
            if section.note:
                story.append(Paragraph(markup(section.note), s["meta"]))
            for item_number, item in enumerate(section.items, start=1):
                story.append(KeepTogether(self.appendix_item(item_number, item)))
        return story

    def appendix_item(self, number, item):
        s = self.styles
        story = [Paragraph(markup(item.text), s["question"], bulletText=f"{number}.")]
        if item.image_id:
            picture = self.picture(self.image(item.image_id), max_height=60 * mm)
            if picture is not None:
                story.append(picture)
        if item.kind == extensions.AppendixItem.TRUE_FALSE:
            story.append(Paragraph(markup(_("True / False")), s["option"]))
        elif item.kind == extensions.AppendixItem.ESSAY:
            if not self.answer_key:
                story.append(Paragraph(markup(_("Write your answer:")), s["hint"]))
                story += [HRFlowable(width="92%", thickness=0.4, color=RULE, spaceBefore=18, hAlign="RIGHT")] * 4
        else:
            if item.kind == extensions.AppendixItem.MULTIPLE:
                story.append(Paragraph(markup(_("Choose all the correct answers.")), s["hint"]))
            for position, option in enumerate(item.options):
                story.append(Paragraph(markup(option), s["option"], bulletText=f"{letter(position)}."))
        if self.answer_key:
            story += self.answer_key_lines(item)
        return story

    def answer_key_lines(self, item):
        """Under a question of the trainer's edition: its correct answers and the guidance."""
        s, kinds = self.styles, extensions.AppendixItem
        if item.kind == kinds.ESSAY:
            label = _("Marking guidance:")
            answer = None
        elif item.kind == kinds.TRUE_FALSE:
            label, answer = _("Explanation:"), item.answer
        else:
            label, answer = _("Explanation:"), ", ".join(letter(position) for position in item.correct)
        story = []
        if answer is not None:
            key = _("Answer: %(answer)s") % {"answer": answer} if answer else _("No correct answer is marked.")
            story.append(Paragraph(markup(key), s["key"]))
        if item.guidance:
            story.append(Paragraph(f"<b>{markup(label)}</b> {markup(item.guidance)}", s["guidance"]))
        return story

    def footer(self, canvas, document):
        canvas.saveState()
        y = MARGIN
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, y + 12, PAGE_WIDTH - MARGIN, y + 12)
        canvas.setFillColor(MUTED)
        page = text(_("Page %(number)s") % {"number": document.page})
        canvas.setFont(REGULAR, 8.5)
        canvas.drawRightString(PAGE_WIDTH - MARGIN, y, page)
        title = text(self.course.title)
        width = FRAME_WIDTH - canvas.stringWidth(page, REGULAR, 8.5) - 20
        size = fit_font_size(title, REGULAR, 8.5, width, minimum=6.5)
        while canvas.stringWidth(title, REGULAR, size) > width and len(title) > 1:
            title = title[:-2] + "…"
        canvas.setFont(REGULAR, size)
        canvas.drawString(MARGIN, y, title)
        if self.answer_key:
            # Every page says so: a page photocopied for a class must not go to the learners.
            canvas.setFillColor(TRAINER_MARK)
            canvas.setFont(BOLD, 8.5)
            mark = text(_("Trainer's edition, not for learners"))
            canvas.drawRightString(PAGE_WIDTH - MARGIN, PAGE_HEIGHT - MARGIN + 8, mark)
        canvas.restoreState()

    # Rich text and images -------------------------------------------------------------------

    def rich_text(self, source):
        converter = RichTextConverter(self.styles, self.absolute_url, self.embedded_picture)
        return converter.convert(expand_db_html(_prepare_embeds(source)))

    def image(self, image_id):
        from wagtail.images import get_image_model

        if image_id not in self._images:
            self._images[image_id] = get_image_model().objects.filter(pk=image_id).first()
        return self._images[image_id]

    def embedded_picture(self, image_id, alt):
        picture = self.picture(self.image(image_id))
        return [picture, Spacer(1, 6)] if picture is not None else []

    def figure(self, image, caption):
        picture = self.picture(image)
        if picture is None:
            return []
        story = [Spacer(1, 4), picture]
        if caption:
            story.append(Spacer(1, 3))
            story.append(Paragraph(markup(caption), self.styles["caption"]))
        story.append(Spacer(1, 8))
        return [KeepTogether(story)]

    def picture(self, image, max_height=MAX_IMAGE_HEIGHT):
        """The image as a flowable read through the storage (never a local path), scaled to
        fit the frame; None when it cannot be drawn (an SVG, a file lost from storage)."""
        if image is None or image.is_svg():
            return None
        try:
            rendition = image.get_rendition(IMAGE_FILTER)
            with rendition.file.open("rb") as handle:
                data = handle.read()
        except OSError:
            return None
        # Renditions are sized in CSS pixels (96 per inch); a PDF point is 1/72 inch.
        width, height = rendition.width * 0.75, rendition.height * 0.75
        scale = min(1, FRAME_WIDTH / width, max_height / height)
        return Image(io.BytesIO(data), width=width * scale, height=height * scale)


def _prepare_embeds(source):
    """Replace Wagtail's image embeds with ``<img data-image-id>`` the converter reads through
    the storage, and media embeds with a link, before ``expand_db_html`` (which would turn
    images into local URLs and fetch every video's player from its provider)."""

    def replace(match):
        attrs = extract_attrs(match.group(1))
        kind = attrs.get("embedtype")
        if kind == "image":
            return f"<img data-image-id={quoteattr(attrs.get('id', ''))} alt={quoteattr(attrs.get('alt', ''))}>"
        if kind == "media" and attrs.get("url"):
            url = quoteattr(attrs["url"])
            return f"<p><a href={url}>{escape(attrs['url'])}</a></p>"
        return match.group(0)

    return FIND_EMBED_TAG.sub(replace, source or "")


BLOCK_STYLES = {
    "p": "body",
    "div": "body",
    "h1": "h2",
    "h2": "h2",
    "h3": "h3",
    "h4": "h4",
    "h5": "h4",
    "h6": "h4",
    "blockquote": "quote",
}
INLINE_TAGS = {
    "b": "b",
    "strong": "b",
    "i": "i",
    "em": "i",
    "u": "u",
    "s": "strike",
    "sup": "super",
    "sub": "sub",
}
TAG = re.compile(r"<[^>]*>")


class RichTextConverter(HTMLParser):
    """Wagtail rich text (expanded HTML) to ReportLab flowables: paragraphs, headings,
    bulleted and numbered lists (nested too), bold, italic, links, line breaks, images and
    horizontal rules. Other tags keep their text."""

    def __init__(self, styles, absolute_url, picture):
        super().__init__(convert_charrefs=True)
        self.styles = styles
        self.absolute_url = absolute_url
        self.picture = picture
        self.flowables = []
        self.buffer = []
        self.style = "body"
        self.inline = []  # open inline tags: (html tag, ReportLab tag or None)
        self.lists = []  # open lists: [ordered, items so far]
        self.bullet = None
        self._list_styles = {}

    def convert(self, html):
        self.feed(html)
        self.close()
        self.flush()
        return self.flowables

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in BLOCK_STYLES:
            self.flush()
            self.style = BLOCK_STYLES[tag]
        elif tag in ("ul", "ol"):
            self.flush()
            self.lists.append([tag == "ol", 0])
        elif tag == "li":
            self.flush()
            if self.lists:
                current = self.lists[-1]
                current[1] += 1
                self.bullet = f"{current[1]}." if current[0] else "•"
            else:
                self.bullet = "•"
        elif tag in INLINE_TAGS:
            self.open_inline(tag, INLINE_TAGS[tag])
        elif tag == "a":
            url = self.link(attrs.get("href"))
            opening = f'a href={quoteattr(url)} color="{BRAND.hexval()}"' if url else None
            self.open_inline(tag, opening)
        elif tag == "br":
            self.start_buffer()
            self.buffer.append("<br/>")
        elif tag == "img" and attrs.get("data-image-id", "").isdigit():
            self.flush()
            self.flowables += self.picture(int(attrs["data-image-id"]), attrs.get("alt", ""))
        elif tag == "hr":
            self.flush()
            self.flowables.append(HRFlowable(width="100%", thickness=0.5, color=RULE, spaceBefore=4, spaceAfter=8))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag):
        if tag in BLOCK_STYLES:
            self.flush()
            self.style = "body"
        elif tag in ("ul", "ol"):
            self.flush()
            if self.lists:
                self.lists.pop()
                if not self.lists:
                    self.flowables.append(Spacer(1, 4))
            self.bullet = None
        elif tag == "li":
            self.flush()
            self.bullet = None
        elif tag in INLINE_TAGS or tag == "a":
            self.close_inline(tag)

    def handle_data(self, data):
        self.start_buffer()
        self.buffer.append(escape(text(data)))

    def start_buffer(self):
        """A new paragraph opens the inline tags still open from the previous one."""
        if not self.buffer:
            self.buffer += [f"<{opening}>" for _tag, opening in self.inline if opening]

    # Inline markup ------------------------------------------------------------------------

    def open_inline(self, tag, opening):
        self.inline.append((tag, opening))
        if opening and self.buffer:
            self.buffer.append(f"<{opening}>")

    def close_inline(self, tag):
        """Close ``tag`` and whatever opened inside it, then reopen the latter."""
        positions = [i for i, (open_tag, _opening) in enumerate(self.inline) if open_tag == tag]
        if not positions:
            return
        position = positions[-1]
        inner = self.inline[position + 1 :]
        if self.buffer:
            for _tag, opening in reversed(self.inline[position:]):
                if opening:
                    self.buffer.append(f"</{opening.split()[0]}>")
            self.buffer += [f"<{opening}>" for _tag, opening in inner if opening]
        del self.inline[position]

    def link(self, href):
        url = self.absolute_url((href or "").strip())
        return url if urlsplit(url).scheme in ("http", "https", "mailto", "tel") else None

    # Paragraphs ---------------------------------------------------------------------------

    def flush(self):
        if not self.buffer:
            return
        self.buffer += [f"</{opening.split()[0]}>" for _tag, opening in reversed(self.inline) if opening]
        content = "".join(self.buffer).strip()
        self.buffer = []
        if not TAG.sub("", content).strip():
            return
        style = self.list_style() if self.bullet else self.styles[self.style]
        try:
            paragraph = Paragraph(content, style, bulletText=self.bullet)
        except ValueError:
            # Markup ReportLab cannot parse: keep the words.
            paragraph = Paragraph(TAG.sub("", content), style, bulletText=self.bullet)
        self.flowables.append(paragraph)

    def list_style(self):
        depth = max(1, len(self.lists))
        if depth not in self._list_styles:
            self._list_styles[depth] = ParagraphStyle(
                f"list{depth}",
                parent=self.styles["body"],
                leftIndent=18 * depth,
                bulletIndent=18 * depth - 14,
                bulletFontName=REGULAR,
                spaceAfter=3,
            )
        return self._list_styles[depth]
