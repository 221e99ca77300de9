from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

# Block labels are shown as written (Wagtail capitalises field labels, not block labels): they
# begin with a capital letter, like Wagtail's own.


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        template = "courses/blocks/image_block.html"


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False, help_text=_("Defaults to the document title."))

    class Meta:
        icon = "doc-full"
        template = "courses/blocks/document_block.html"


class NoteBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("Kind"),
        choices=[("info", _("Information")), ("tip", _("Tip")), ("warning", _("Warning"))],
        default="info",
    )
    text = blocks.RichTextBlock(label=_("Text"), features=["bold", "italic", "link", "ul", "ol"])

    class Meta:
        icon = "warning"
        template = "courses/blocks/note_block.html"


class VideoBlock(blocks.StructBlock):
    video = EmbedBlock(label=_("Video URL"), help_text=_("YouTube, Vimeo or another oEmbed provider."))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "media"
        template = "courses/blocks/video_block.html"


class LessonBodyBlock(blocks.StreamBlock):
    heading = blocks.CharBlock(label=_("Heading"), icon="title", template="courses/blocks/heading_block.html")
    paragraph = blocks.RichTextBlock(label=_("Rich text"), icon="pilcrow")
    image = ImageBlock(label=_("Image"))
    video = VideoBlock(label=_("Video"))
    document = DocumentBlock(label=_("Downloadable document"))
    note = NoteBlock(label=_("Highlighted note"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # In the editor a stream's own text field shows its label only in its panel's heading,
        # which names no input (wagtail/wagtail#11179): screen readers get it from aria-label.
        heading = self.child_blocks["heading"]
        heading.field.widget.attrs["aria-label"] = heading.label
