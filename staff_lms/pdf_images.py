"""Pictures in the LMS's PDFs (a certificate's logo and signature): prepared once, then copied
into every document as they are.

ReportLab's ``drawImage`` decodes a picture and compresses its pixels again for every document
that draws it, which made a certificate with a logo and a signature cost 2.4 times one without
(docs/BENCHMARKS.md). Here a picture is prepared once per process and per file, in the form a
PDF stores it, and ``draw_image`` only writes those bytes:

- transparency is flattened onto white, the paper it is printed on (nothing is drawn under a
  logo or a signature), so no soft mask travels with it;
- the picture is reduced to at most ``MAX_SIDE`` pixels, unless its own pixels (up to twice that)
  make a smaller file: reducing a flat drawing such as an emblem or a signature blurs its edges
  into hundreds of colours that compress far worse than the drawing itself;
- the pixels are stored losslessly as PNG compresses them (Flate with PNG predictors, which a PDF
  reads directly), as a palette when there are at most 256 colours, in grey when there is no
  colour; a JPEG stays a JPEG (its own bytes, or the reduction encoded again), whichever is
  smallest.

The cache is each process's own: preparing takes a fraction of a second, once per file, and a
certificate should neither wait on a shared cache nor fail with it. The key is the file's content
hash, so every process shows a replaced logo or signature in its next document.
"""

import hashlib
import io
import struct
import zlib
from dataclasses import dataclass
from functools import cached_property, lru_cache

from PIL import ExifTags, Image, ImageOps
from reportlab.pdfbase.pdfdoc import PDFName, PDFObject, PDFStream

MAX_SIDE = 600
WHITE = (255, 255, 255)
JPEG_QUALITY = 90


@dataclass(frozen=True)
class PdfImage:
    """A picture as a PDF image XObject stores it: plain data, picklable."""

    width: int
    height: int
    colour_space: bytes  # PDF syntax: /DeviceRGB, /DeviceGray or [/Indexed /DeviceRGB n <palette>]
    bits: int  # per colour component, or per palette index
    filter: str  # FlateDecode or DCTDecode
    decode_parms: bytes  # PDF syntax, empty when the data needs none
    data: bytes

    @cached_property
    def name(self):
        """The picture's name in a document: the same picture is stored once per document."""
        return "img" + hashlib.sha1(self.data).hexdigest()[:20]


def pdf_image(image):
    """The Wagtail image ``image`` as a ``PdfImage``, prepared once per process and per file
    content: a replaced file has another hash, so the next document shows it."""
    return _prepared(image, image.get_file_hash())


@lru_cache(maxsize=16)
def _prepared(image, file_hash):
    with image.open_file() as handle:
        return prepare(handle.read())


def prepare(data):
    """``data`` (the bytes of an image file) as the smallest faithful ``PdfImage``."""
    picture = Image.open(io.BytesIO(data))
    from_jpeg = picture.format == "JPEG"
    upright = picture.getexif().get(ExifTags.Base.Orientation, 1) == 1
    as_is = from_jpeg and upright and picture.mode in ("RGB", "L")
    stored_mode = picture.mode
    picture = on_white(ImageOps.exif_transpose(picture))

    renditions = []
    if max(picture.size) <= 2 * MAX_SIDE:
        renditions.append(picture)
    if max(picture.size) > MAX_SIDE:
        reduced = picture.copy()
        reduced.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        renditions.append(reduced)
    candidates = [flate(rendition) for rendition in renditions]
    if from_jpeg:  # a photograph or a scan: lossy already, and far smaller as a JPEG
        for rendition in renditions:
            if rendition is picture and as_is:
                candidates.append(dct(data, picture.size, stored_mode))
            else:
                buffer = io.BytesIO()
                rendition.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
                candidates.append(dct(buffer.getvalue(), rendition.size, rendition.mode))
    return min(candidates, key=lambda candidate: len(candidate.data))


def on_white(picture):
    """RGB or greyscale pixels, transparent parts painted white."""
    if picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info:
        picture = picture.convert("RGBA")
        white = Image.new("RGB", picture.size, WHITE)
        white.paste(picture, mask=picture.getchannel("A"))
        picture = white
    elif picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGB")
    if picture.mode == "RGB" and picture.convert("L").convert("RGB").tobytes() == picture.tobytes():
        picture = picture.convert("L")
    return picture


def flate(picture):
    """Lossless, Flate-compressed: as a palette when that is exact, in whichever of the forms
    below is smallest."""
    encodings = flate_forms(picture)
    if picture.getcolors(256) is not None:
        palette = picture.convert("RGB").quantize(256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)
        if palette.convert(picture.mode).tobytes() == picture.tobytes():
            encodings += flate_forms(palette)
    return min(encodings, key=lambda encoding: len(encoding.data))


def flate_forms(picture):
    """The picture as PNG stores it (rows filtered by PNG predictors, which a PDF reads
    directly) and as plain packed rows; the second is smaller for a palette of few colours,
    where PNG's filters only disturb long runs of one index."""
    buffer = io.BytesIO()
    picture.save(buffer, "PNG", optimize=True)
    chunks = png_chunks(buffer.getvalue())
    width, height, bits, colour_type = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    if colour_type == 3:
        entries = chunks[b"PLTE"]
        colour_space = b"[/Indexed /DeviceRGB %d <%s>]" % (len(entries) // 3 - 1, entries.hex().encode())
    else:
        colour_space = b"/DeviceGray" if colour_type == 0 else b"/DeviceRGB"
    colours = 3 if colour_type == 2 else 1
    predictors = b"<< /Predictor 15 /Colors %d /BitsPerComponent %d /Columns %d >>" % (colours, bits, width)
    stored = Image.open(io.BytesIO(buffer.getvalue()))  # in the PNG's own palette order
    rows = stored.tobytes("raw", stored.mode if bits == 8 else f"{stored.mode};{bits}")
    return [
        PdfImage(width, height, colour_space, bits, "FlateDecode", predictors, chunks[b"IDAT"]),
        PdfImage(width, height, colour_space, bits, "FlateDecode", b"", zlib.compress(rows, 9)),
    ]


def dct(data, size, mode):
    colour_space = b"/DeviceGray" if mode == "L" else b"/DeviceRGB"
    return PdfImage(*size, colour_space, 8, "DCTDecode", b"", data)


def png_chunks(data):
    """{chunk type: data}, the IDAT chunks joined."""
    chunks, position = {}, 8
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        chunks[kind] = chunks.get(kind, b"") + data[position + 8 : position + 8 + length]
        position += 12 + length
    return chunks


class ImageXObject(PDFObject):
    """A prepared picture in one document (ReportLab names an object once, so one per document)."""

    def __init__(self, picture):
        self.picture = picture

    def format(self, document):
        picture = self.picture
        stream = PDFStream(content=picture.data)
        entries = stream.dictionary.dict
        entries.update(
            Type=PDFName("XObject"),
            Subtype=PDFName("Image"),
            Width=picture.width,
            Height=picture.height,
            BitsPerComponent=picture.bits,
            ColorSpace=picture.colour_space,
            Filter=PDFName(picture.filter),
        )
        if picture.decode_parms:
            entries["DecodeParms"] = picture.decode_parms
        return stream.format(document)


def draw_image(canvas, picture, x, y, width, height):
    """Draw ``picture`` as large as fits the box, centred in it."""
    scale = min(width / picture.width, height / picture.height)
    drawn_width, drawn_height = picture.width * scale, picture.height * scale
    if not canvas.hasForm(picture.name):
        canvas._doc.addForm(picture.name, ImageXObject(picture))
    canvas.saveState()
    canvas.translate(x + (width - drawn_width) / 2, y + (height - drawn_height) / 2)
    canvas.scale(drawn_width, drawn_height)
    canvas.doForm(picture.name)
    canvas.restoreState()
