"""SCORM packages built in memory for the tests: a zip of ``(name, data)`` entries, the manifests
of SCORM 1.2 and 2004 (namespaces and schemaversion as in ADL's sample packages), and a launch
page the browser tests drive.

The launch page finds the API the standard way: its own window first (our player defines
``window.API`` / ``window.API_1484_11`` there), then its parents, then its opener. It exposes
``window.scormTest``: ``init()``, ``set(key, value)``, ``get(key)``, ``commit()``, ``finish()`` and
``error()`` (the last error code), each returning what the API returned; ``init()`` also writes
the bookmark, suspend data and status it reads into ``<pre id="state">`` as JSON.
"""

import io
import json
import struct
import zipfile
from xml.sax.saxutils import escape, quoteattr

MANIFEST_12 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.lesson" version="1.0"
    xmlns="http://www.imsproject.org/xsd/imscp_rootv1p1p2"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_rootv1p2"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsproject.org/xsd/imscp_rootv1p1p2 imscp_rootv1p1p2.xsd
                        http://www.imsglobal.org/xsd/imsmd_rootv1p2p1 imsmd_rootv1p2p1.xsd
                        http://www.adlnet.org/xsd/adlcp_rootv1p2 adlcp_rootv1p2.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    {schemaversion}
  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>{title}</title>
{items}
    </organization>
  </organizations>
  <resources{resources_base}>
{resources}
  </resources>
</manifest>
"""

ITEM_12 = """      <item identifier="ITEM-{n}" identifierref="RES-{n}" isvisible="true">
        <title>{title}</title>{mastery}
      </item>"""

RESOURCE_12 = """    <resource identifier="RES-{n}" type="webcontent" adlcp:scormtype="sco" href={href}{base}>
      <file href="index.html"/>
    </resource>"""

MANIFEST_2004 = """<?xml version="1.0" encoding="UTF-8"?>
<manifest identifier="com.example.lesson" version="1"
    xmlns="http://www.imsglobal.org/xsd/imscp_v1p1"
    xmlns:adlcp="http://www.adlnet.org/xsd/adlcp_v1p3"
    xmlns:adlseq="http://www.adlnet.org/xsd/adlseq_v1p3"
    xmlns:adlnav="http://www.adlnet.org/xsd/adlnav_v1p3"
    xmlns:imsss="http://www.imsglobal.org/xsd/imsss"
    xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"
    xsi:schemaLocation="http://www.imsglobal.org/xsd/imscp_v1p1 imscp_v1p1.xsd
                        http://www.adlnet.org/xsd/adlcp_v1p3 adlcp_v1p3.xsd
                        http://www.adlnet.org/xsd/adlseq_v1p3 adlseq_v1p3.xsd
                        http://www.adlnet.org/xsd/adlnav_v1p3 adlnav_v1p3.xsd
                        http://www.imsglobal.org/xsd/imsss imsss_v1p0.xsd">
  <metadata>
    <schema>ADL SCORM</schema>
    {schemaversion}
  </metadata>
  <organizations default="ORG-1">
    <organization identifier="ORG-1">
      <title>{title}</title>
{items}
    </organization>
  </organizations>
  <resources{resources_base}>
{resources}
  </resources>
</manifest>
"""

ITEM_2004 = """      <item identifier="ITEM-{n}" identifierref="RES-{n}">
        <title>{title}</title>{sequencing}
      </item>"""

SEQUENCING_2004 = """
        <imsss:sequencing>
          <imsss:objectives>
            <imsss:primaryObjective objectiveID="PRIMARYOBJ" satisfiedByMeasure="true">
              <imsss:minNormalizedMeasure>{measure}</imsss:minNormalizedMeasure>
            </imsss:primaryObjective>
          </imsss:objectives>
        </imsss:sequencing>"""

RESOURCE_2004 = """    <resource identifier="RES-{n}" type="webcontent" adlcp:scormType="sco" href={href}{base}>
      <file href="index.html"/>
    </resource>"""

# Names the launch page uses, per version: the API's window property, its methods, and the
# data model elements init() reports.
RUNTIME = {
    "1.2": {
        "api": "API",
        "initialize": "LMSInitialize",
        "get": "LMSGetValue",
        "set": "LMSSetValue",
        "commit": "LMSCommit",
        "finish": "LMSFinish",
        "error": "LMSGetLastError",
        "state": {
            "location": "cmi.core.lesson_location",
            "suspend_data": "cmi.suspend_data",
            "status": "cmi.core.lesson_status",
        },
    },
    "2004": {
        "api": "API_1484_11",
        "initialize": "Initialize",
        "get": "GetValue",
        "set": "SetValue",
        "commit": "Commit",
        "finish": "Terminate",
        "error": "GetLastError",
        "state": {
            "location": "cmi.location",
            "suspend_data": "cmi.suspend_data",
            "status": "cmi.completion_status",
            "success_status": "cmi.success_status",
        },
    },
}

LAUNCH_PAGE = """<!DOCTYPE html>
<html lang="vi">
<head><meta charset="utf-8"><title>%(title)s</title></head>
<body>
<h1>%(title)s</h1>
<pre id="state"></pre>
<script>
(function () {
  var names = %(names)s;

  function findIn(win) {
    for (var hops = 0; win && hops < 10; hops++) {
      try {
        if (win[names.api]) return win[names.api];
      } catch (error) {
        return null;  // another origin
      }
      if (!win.parent || win.parent === win) break;
      win = win.parent;
    }
    return null;
  }

  function api() {
    var found = findIn(window) || (window.opener ? findIn(window.opener) : null);
    if (!found) throw new Error("SCORM API " + names.api + " not found");
    return found;
  }

  window.scormTest = {
    init: function () {
      var result = String(api()[names.initialize](""));
      var state = {};
      for (var key in names.state) state[key] = String(api()[names.get](names.state[key]));
      document.getElementById("state").textContent = JSON.stringify(state);
      return result;
    },
    set: function (key, value) { return String(api()[names.set](key, String(value))); },
    get: function (key) { return String(api()[names.get](key)); },
    commit: function () { return String(api()[names.commit]("")); },
    finish: function () { return String(api()[names.finish]("")); },
    error: function () { return String(api()[names.error]()); },
  };
})();
</script>
</body>
</html>
"""


def zip_bytes(entries):
    """A zip of ``entries``: ``(name, data)`` pairs (data as str or bytes) or ``(ZipInfo, data)``
    pairs for custom attributes (symlinks, hostile names, flags)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries:
            archive.writestr(name, data)
    return buffer.getvalue()


def symlink(name, target):
    """A zip entry that unpacks as a symbolic link to ``target``."""
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix, whose mode bits external_attr carries
    info.external_attr = 0o120777 << 16
    return info, target


def with_headers(data, name, flag_bits=None, file_size=None):
    """The zip ``data`` with the headers of entry ``name`` rewritten (local and central alike), as a
    hostile tool would write them: ``flag_bits`` (0x1 marks it encrypted), ``file_size`` (a lie)."""
    patched = bytearray(data)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        local = archive.getinfo(name).header_offset
    encoded = name.encode()
    central = patched.index(b"PK\x01\x02", local)
    while patched[central + 46 : central + 46 + len(encoded)] != encoded:
        central = patched.index(b"PK\x01\x02", central + 1)
    # Offsets of the general purpose flags and the uncompressed size in the two headers.
    for header, flags_at, size_at in ((local, 6, 22), (central, 8, 24)):
        if flag_bits is not None:
            struct.pack_into("<H", patched, header + flags_at, flag_bits)
        if file_size is not None:
            struct.pack_into("<I", patched, header + size_at, file_size)
    return bytes(patched)


def launch_page(version, title="Bài học thử"):
    return LAUNCH_PAGE % {"title": escape(title), "names": json.dumps(RUNTIME[version])}


def manifest_12(
    title="Bài học thử",
    item_title=None,
    mastery_score=None,
    href="index.html",
    schemaversion="1.2",
    resources_base=None,
    resource_base=None,
    scos=1,
):
    """A SCORM 1.2 manifest: one organisation of ``scos`` items, each launching its own SCO."""
    mastery = f"\n        <adlcp:masteryscore>{mastery_score}</adlcp:masteryscore>" if mastery_score is not None else ""
    return _manifest(
        MANIFEST_12,
        ITEM_12,
        RESOURCE_12,
        title,
        item_title,
        {"mastery": mastery},
        href,
        schemaversion,
        resources_base,
        resource_base,
        scos,
    )


def manifest_2004(
    title="Bài học thử",
    item_title=None,
    scaled_passing_score=None,
    href="index.html",
    schemaversion="2004 4th Edition",
    resources_base=None,
    resource_base=None,
    scos=1,
):
    """A SCORM 2004 manifest; ``scaled_passing_score`` (0-1) becomes the primary objective's
    minimum normalized measure."""
    sequencing = SEQUENCING_2004.format(measure=scaled_passing_score) if scaled_passing_score is not None else ""
    return _manifest(
        MANIFEST_2004,
        ITEM_2004,
        RESOURCE_2004,
        title,
        item_title,
        {"sequencing": sequencing},
        href,
        schemaversion,
        resources_base,
        resource_base,
        scos,
    )


def _manifest(
    template, item, resource, title, item_title, item_extra, href, schemaversion, resources_base, resource_base, scos
):
    def base(value):
        return f" xml:base={quoteattr(value)}" if value is not None else ""

    return template.format(
        title=escape(title),
        schemaversion=f"<schemaversion>{escape(schemaversion)}</schemaversion>" if schemaversion else "",
        items="\n".join(
            item.format(n=n, title=escape(item_title if item_title is not None else title), **item_extra)
            for n in range(1, scos + 1)
        ),
        resources_base=base(resources_base),
        resources="\n".join(
            resource.format(n=n, href=quoteattr(href), base=base(resource_base)) for n in range(1, scos + 1)
        ),
    )


def scorm12_package(title="Bài học thử", launch_html=None, mastery_score=None, extra_files=None, manifest=None):
    """A SCORM 1.2 package: imsmanifest.xml, index.html (the launch page above unless
    ``launch_html``) and ``extra_files`` (``(name, data)`` pairs)."""
    return zip_bytes(
        [
            ("imsmanifest.xml", manifest or manifest_12(title=title, mastery_score=mastery_score)),
            ("index.html", launch_html if launch_html is not None else launch_page("1.2", title)),
            *(extra_files or []),
        ]
    )


def scorm2004_package(
    title="Bài học thử", launch_html=None, scaled_passing_score=None, extra_files=None, manifest=None
):
    """A SCORM 2004 (4th edition) package, as ``scorm12_package``."""
    return zip_bytes(
        [
            ("imsmanifest.xml", manifest or manifest_2004(title=title, scaled_passing_score=scaled_passing_score)),
            ("index.html", launch_html if launch_html is not None else launch_page("2004", title)),
            *(extra_files or []),
        ]
    )
