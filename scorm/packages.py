"""SCORM packages: the checks an uploaded .zip passes before it becomes a lesson, and its unpacking.

``read_package()`` checks the archive (size, entries, names) and its ``imsmanifest.xml``, and says
what the package is and which file it launches. ``extract_package()`` runs those same checks, then
writes the files to a storage, counting the bytes it really unpacks.

Every refusal is a ``PackageError`` (a ``ValidationError``) with one translated message that says
what is wrong and what to do, so forms can show it as it is. The limits are settings:
``LMS_SCORM_MAX_UPLOAD_BYTES``, ``LMS_SCORM_MAX_FILES`` and ``LMS_SCORM_MAX_UNPACKED_BYTES``.
"""

import os
import posixpath
import re
import stat
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from urllib.parse import unquote, urlsplit
from xml.etree.ElementTree import ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring
from django.core.exceptions import ValidationError
from django.core.files import File
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from . import conf
from .conf import MiB

MANIFEST = "imsmanifest.xml"
MAX_MANIFEST_BYTES = 2 * MiB
# Text and HTML compress well, but not this well: above this ratio a large entry is a zip bomb.
MAX_COMPRESSION_RATIO = 200
RATIO_CHECKED_ABOVE = MiB
CHUNK_BYTES = 64 * 1024

SCORM_12 = "1.2"
SCORM_2004 = "2004"
SCHEMA_VERSIONS = {
    "1.2": SCORM_12,
    "2004 3rd Edition": SCORM_2004,
    "2004 4th Edition": SCORM_2004,
    "CAM 1.3": SCORM_2004,
}
ADLCP_NAMESPACES = {
    "http://www.adlnet.org/xsd/adlcp_rootv1p2": SCORM_12,
    "http://www.adlnet.org/xsd/adlcp_v1p3": SCORM_2004,
}
XML_BASE = "{http://www.w3.org/XML/1998/namespace}base"
# A drive letter ("C:") makes a name absolute on Windows, where many packages are made.
DRIVE = re.compile(r"^[A-Za-z]:")
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f]")


class PackageError(ValidationError):
    """A SCORM package refused at upload; its message says why and what to do."""


@dataclass(frozen=True)
class PackageInfo:
    version: str  # "1.2" or "2004"
    title: str
    organisation: str
    item_title: str
    launch: str  # the launch file's path inside the package, POSIX
    launch_query: str  # without the "?"; "" when the launch has none
    mastery_score: Decimal | None  # percent, 0-100
    file_count: int
    unpacked_bytes: int


def read_package(fileobj):
    """Check the SCORM .zip in ``fileobj`` (an UploadedFile or a seekable binary file) and return
    its ``PackageInfo``; raise ``PackageError`` at the first thing that makes it unusable."""
    check_upload_size(fileobj)
    with open_zip(fileobj) as archive:
        return inspect_archive(archive)


def extract_package(fileobj, storage, prefix):
    """Check the package (``read_package()``'s checks, run here again) and write each of its files
    to ``storage`` as ``prefix/name``; return how many were written.

    ``prefix`` should be a folder of its own (new for each upload): a storage renames a file whose
    name is taken, and the package's links would then break. On any refusal nothing stays written.
    """
    check_upload_size(fileobj)
    written = []
    with open_zip(fileobj) as archive:
        inspect_archive(archive)
        counter = UnpackedBytes(conf.max_unpacked_bytes())
        try:
            for entry in archive.infolist():
                if not entry.is_dir():
                    name = f"{prefix}/{entry.filename}"
                    written.append(name)
                    extract_entry(archive, entry, storage, name, counter)
        except Exception:
            # The file being written when it failed is there too, cut short.
            for name in written:
                if storage.exists(name):
                    storage.delete(name)
            raise
    return len(written)


# The archive


def check_upload_size(fileobj):
    fileobj.seek(0, os.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(0)
    if size > conf.max_upload_bytes():
        raise PackageError(
            gettext(
                "The package is larger than %(limit)s. Make its videos and images smaller, "
                "or ask an administrator to raise the limit."
            )
            % {"limit": filesizeformat(conf.max_upload_bytes())},
            code="too_large",
        )


def open_zip(fileobj):
    try:
        return zipfile.ZipFile(fileobj)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as error:
        raise PackageError(
            gettext(
                "The uploaded file is not a valid .zip file. Export the lesson from your authoring tool "
                "as a SCORM package (.zip) and upload it again."
            ),
            code="not_zip",
        ) from error


def inspect_archive(archive):
    entries = archive.infolist()
    check_entries(entries)
    check_files_are_not_folders(entries)
    check_declared_sizes(entries)
    files = [entry for entry in entries if not entry.is_dir()]
    info = read_manifest(archive)
    if info["launch"] not in {entry.filename for entry in files}:
        raise PackageError(
            gettext(
                "The launch file “%(path)s” named in imsmanifest.xml is not in the package. "
                "Check the spelling and the letter case, or export the package again."
            )
            % {"path": info["launch"]},
            code="launch_missing",
        )
    return PackageInfo(**info, file_count=len(files), unpacked_bytes=sum(entry.file_size for entry in files))


def check_entries(entries):
    if len(entries) > conf.max_files():
        raise PackageError(
            gettext(
                "The package contains more than %(limit)d files. Remove the files the lesson does not use, "
                "or ask an administrator to raise the limit."
            )
            % {"limit": conf.max_files()},
            code="too_many_files",
        )
    seen = set()
    for entry in entries:
        # orig_filename: zipfile cuts a name at its first NUL, and the rest must not go unnoticed.
        name = entry.orig_filename
        shown = name.encode("unicode_escape").decode("ascii") if CONTROL_CHARACTERS.search(name) else name
        if not is_safe_name(name):
            raise PackageError(
                gettext(
                    "The package contains a file name that is not allowed: “%(name)s”. Names must be paths "
                    "inside the package, without “..”, backslashes or control characters. "
                    "Export the package again from your authoring tool."
                )
                % {"name": shown},
                code="unsafe_name",
            )
        if stat.S_ISLNK(entry.external_attr >> 16):
            raise PackageError(
                gettext(
                    "The package contains a symbolic link, “%(name)s”, which is not allowed. "
                    "Put the file itself in its place and upload the package again."
                )
                % {"name": name},
                code="symlink",
            )
        # Packages are often made on Windows, where "Index.html" and "index.html" are one file.
        key = name.rstrip("/").casefold()
        if key in seen:
            raise PackageError(
                gettext(
                    "The file “%(name)s” appears more than once in the package (letter case aside). "
                    "Remove the duplicate and upload the package again."
                )
                % {"name": name},
                code="duplicate",
            )
        seen.add(key)
        if entry.flag_bits & 0x1:
            raise PackageError(
                gettext(
                    "The file “%(name)s” in the package is protected by a password. "
                    "Upload a package without a password."
                )
                % {"name": name},
                code="encrypted",
            )


def check_files_are_not_folders(entries):
    """A name both a file's and a folder's ("a" and "a/b") cannot be unpacked."""
    names = {entry.orig_filename.rstrip("/").casefold(): entry.orig_filename for entry in entries if not entry.is_dir()}
    for entry in entries:
        parts = entry.orig_filename.rstrip("/").split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder.casefold() in names:
                raise PackageError(
                    gettext(
                        "The name “%(name)s” in the package is both a file and a folder. "
                        "Rename one of them and upload the package again."
                    )
                    % {"name": names[folder.casefold()]},
                    code="file_and_folder",
                )


def is_safe_name(name):
    """A relative POSIX path that stays inside the package (directories end with "/")."""
    if not name or name.startswith("/") or "\\" in name or DRIVE.match(name) or CONTROL_CHARACTERS.search(name):
        return False
    parts = name.removesuffix("/").split("/")
    return all(part not in ("", ".", "..") for part in parts)


def check_declared_sizes(entries):
    if sum(entry.file_size for entry in entries) > conf.max_unpacked_bytes():
        raise unpacked_too_large()
    for entry in entries:
        if entry.file_size > RATIO_CHECKED_ABOVE and entry.file_size > MAX_COMPRESSION_RATIO * entry.compress_size:
            raise PackageError(
                gettext(
                    "The file “%(name)s” in the package is compressed more than %(ratio)d to 1, which only "
                    "happens in harmful archives, and was refused. Export the package again from your "
                    "authoring tool."
                )
                % {"name": entry.filename, "ratio": MAX_COMPRESSION_RATIO},
                code="compression_ratio",
            )


def unpacked_too_large():
    return PackageError(
        gettext(
            "Unpacked, the package would take more than %(limit)s. Make its videos and images smaller, "
            "or ask an administrator to raise the limit."
        )
        % {"limit": filesizeformat(conf.max_unpacked_bytes())},
        code="unpacked_too_large",
    )


# The manifest


def read_manifest(archive):
    """The manifest's facts for ``PackageInfo``, with the launch path not yet checked in the zip."""
    manifest = parse_manifest(archive)
    version = scorm_version(manifest)
    organisation = default_organisation(manifest)
    resources = {
        resource.get("identifier"): resource
        for resources in children(manifest, "resources")
        for resource in children(resources, "resource")
    }
    launchable = [
        (item, resources[item.get("identifierref")])
        for item in organisation.iter()
        if local_name(item.tag) == "item"
        and item.get("identifierref") in resources
        and resources[item.get("identifierref")].get("href")
    ]
    if not launchable:
        raise PackageError(
            gettext(
                "No item in imsmanifest.xml launches a resource, so the package has nothing to play. "
                "Export the package again from your authoring tool."
            ),
            code="no_launch_item",
        )
    scos = [(item, resource) for item, resource in launchable if attribute(resource, "scormtype") == "sco"]
    if len(scos) > 1:
        raise PackageError(
            gettext(
                "The package contains %(count)d SCOs, but a lesson plays exactly one. Split the package "
                "into one package per SCO and make each a lesson of its own."
            )
            % {"count": len(scos)},
            code="several_scos",
        )
    item, resource = (scos or launchable)[0]
    launch, launch_query = launch_address(manifest, resource, item)
    first_item = next((element for element in organisation.iter() if local_name(element.tag) == "item"), None)
    organisation_title = title_of(organisation)
    return {
        "version": version,
        "title": organisation_title or title_of(first_item),
        "organisation": organisation_title,
        "item_title": title_of(item),
        "launch": launch,
        "launch_query": launch_query,
        "mastery_score": mastery_score(item, version),
    }


def parse_manifest(archive):
    try:
        entry = archive.getinfo(MANIFEST)
    except KeyError as error:
        raise PackageError(
            gettext(
                "The package has no imsmanifest.xml at its top level. Zip the contents of the lesson "
                "folder rather than the folder itself, or export the lesson again as a SCORM package."
            ),
            code="no_manifest",
        ) from error
    too_large = PackageError(
        gettext(
            "imsmanifest.xml is larger than %(limit)s, far more than a lesson needs. "
            "Check that the package was exported correctly."
        )
        % {"limit": filesizeformat(MAX_MANIFEST_BYTES)},
        code="manifest_too_large",
    )
    if entry.file_size > MAX_MANIFEST_BYTES:
        raise too_large
    with archive.open(entry) as manifest:
        content = manifest.read(MAX_MANIFEST_BYTES + 1)
    if len(content) > MAX_MANIFEST_BYTES:
        raise too_large
    try:
        return fromstring(content)
    except DefusedXmlException as error:
        raise PackageError(
            gettext(
                "imsmanifest.xml declares XML entities, which are refused for safety. "
                "Export the package again from your authoring tool."
            ),
            code="manifest_entities",
        ) from error
    except ParseError as error:
        raise PackageError(
            gettext(
                "imsmanifest.xml is not well-formed XML (%(error)s). Export the package again from your authoring tool."
            )
            % {"error": error},
            code="manifest_not_xml",
        ) from error


def scorm_version(manifest):
    not_scorm = PackageError(
        gettext("imsmanifest.xml is not a SCORM manifest. Only SCORM 1.2 and SCORM 2004 packages can be uploaded."),
        code="not_scorm",
    )
    if local_name(manifest.tag) != "manifest":
        raise not_scorm
    declared = ""
    for metadata in children(manifest, "metadata"):
        for element in children(metadata, "schemaversion"):
            declared = (element.text or "").strip()
    if declared in SCHEMA_VERSIONS:
        return SCHEMA_VERSIONS[declared]
    # Some packages leave schemaversion out; the ADL namespace they use still tells the version.
    used = namespaces_used(manifest)
    for namespace, version in ADLCP_NAMESPACES.items():
        if namespace in used:
            return version
    if declared:
        raise PackageError(
            gettext(
                "imsmanifest.xml declares the SCORM version “%(version)s”, which is not supported. "
                "Export the package as SCORM 1.2 or SCORM 2004 (3rd or 4th edition)."
            )
            % {"version": declared},
            code="unknown_version",
        )
    raise not_scorm


def namespaces_used(manifest):
    used = set()
    for element in manifest.iter():
        for name in (element.tag, *element.attrib):
            if name.startswith("{"):
                used.add(name[1:].partition("}")[0])
        # xsi:schemaLocation names the schemas even when no element of theirs is used.
        for name, value in element.attrib.items():
            if local_name(name) == "schemaLocation":
                used.update(value.split())
    return used


def default_organisation(manifest):
    organisations = [
        organisation
        for organizations in children(manifest, "organizations")
        for organisation in children(organizations, "organization")
    ]
    if not organisations:
        raise PackageError(
            gettext(
                "imsmanifest.xml has no organization, so the package has nothing to play. "
                "Export the package again from your authoring tool."
            ),
            code="no_organisation",
        )
    default = next((element.get("default") for element in children(manifest, "organizations")), None)
    return next((o for o in organisations if o.get("identifier") == default), organisations[0])


def launch_address(manifest, resource, item):
    """The launch file's path inside the package and its query string: the resource's href
    resolved against the xml:base of the manifest, resources and resource, plus the item's
    parameters (SCORM's launch rule; a "#fragment" parameter has no place in a path)."""
    resources = next(children(manifest, "resources"))
    href = ""
    for reference in (manifest.get(XML_BASE), resources.get(XML_BASE), resource.get(XML_BASE), resource.get("href")):
        if reference:
            href = resolve(href, reference.strip())
    address = urlsplit(href)
    path = posixpath.normpath(unquote(address.path)) if address.path else ""
    if address.scheme or address.netloc or not is_safe_name(path):
        raise PackageError(
            gettext(
                "imsmanifest.xml launches “%(href)s”, which is outside the package. "
                "A lesson must launch a file inside its package."
            )
            % {"href": href},
            code="launch_outside",
        )
    parameters = (item.get("parameters") or "").lstrip("?&")
    if parameters.startswith("#"):
        parameters = ""
    return path, "&".join(part for part in (address.query, parameters) if part)


def resolve(base, reference):
    """A relative URI reference against a base, as browsers do; an absolute one stands alone."""
    address = urlsplit(reference)
    if address.scheme or address.netloc or reference.startswith("/"):
        return reference
    return base[: base.rfind("/") + 1] + reference


def mastery_score(item, version):
    if version == SCORM_12:
        return percent(next((element.text for element in children(item, "masteryscore")), None), 1)
    for sequencing in children(item, "sequencing"):
        for objectives in children(sequencing, "objectives"):
            for primary in children(objectives, "primaryObjective"):
                if primary.get("satisfiedByMeasure", "").strip() == "true":
                    # The standard's default minimum is 1.0: everything right.
                    measure = next((element.text for element in children(primary, "minNormalizedMeasure")), "1.0")
                    return percent(measure, 100)
    return None


def percent(text, scale):
    """``text`` times ``scale`` as a percent 0-100, or None when it is missing or not one."""
    try:
        value = Decimal((text or "").strip()) * scale
    except InvalidOperation:
        return None
    return value if 0 <= value <= 100 else None


def title_of(element):
    title = None if element is None else next(children(element, "title"), None)
    return "" if title is None else "".join(title.itertext()).strip()


def children(element, name):
    return (child for child in element if local_name(child.tag) == name)


def local_name(name):
    return name.rpartition("}")[2] if isinstance(name, str) else ""


def attribute(element, name):
    """An attribute by local name, letter case aside: 1.2 writes adlcp:scormtype, 2004 adlcp:scormType."""
    return next((value for key, value in element.attrib.items() if local_name(key).lower() == name), None)


# Unpacking


class UnpackedBytes:
    """The bytes really unpacked so far: the sizes a zip declares can lie."""

    def __init__(self, limit):
        self.limit = limit
        self.total = 0

    def add(self, count):
        self.total += count
        if self.total > self.limit:
            raise unpacked_too_large()


class CountingReader:
    def __init__(self, source, counter):
        self.source = source
        self.counter = counter

    def read(self, size=CHUNK_BYTES):
        data = self.source.read(min(size, CHUNK_BYTES) if size and size > 0 else CHUNK_BYTES)
        self.counter.add(len(data))
        return data


def extract_entry(archive, entry, storage, name, counter):
    try:
        with archive.open(entry) as source:
            storage.save(name, File(CountingReader(source, counter), name=name))
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise PackageError(
            gettext(
                "The file “%(name)s” in the package is damaged and cannot be unpacked. "
                "Export the package again and upload the new .zip."
            )
            % {"name": entry.filename},
            code="damaged",
        ) from error
