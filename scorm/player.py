"""What the lesson page needs to play a package: the address of its files (``content``) and the
player's settings, with the cmi data the run starts from (``static/scorm/player.js``)."""

from django.core import signing
from django.middleware.csrf import get_token
from django.urls import reverse
from django.utils.translation import gettext as _

from . import cmi, conf
from .models import ScormRecord

CONTENT_SALT = "scorm.content"


def content_token(package, user):
    """The signed part of the address of ``package``'s files, good for ``LMS_SCORM_LINK_HOURS``:
    the frame that shows them sends no cookie, so the address itself is the permission. It names
    the learner it was made for, so that a shared address can be traced, not to check who uses it."""
    return signing.dumps({"p": package.pk, "u": user.pk}, salt=CONTENT_SALT, compress=False)


def package_of_token(token):
    """The package id a token gives access to, or None when it is forged or expired."""
    try:
        data = signing.loads(token, salt=CONTENT_SALT, max_age=conf.link_hours() * 3600)
    except signing.BadSignature:
        return None
    return data.get("p") if isinstance(data, dict) else None


class Player:
    def __init__(self, lesson, package, config):
        self.lesson, self.package, self.config = lesson, package, config

    @classmethod
    def for_request(cls, lesson, enrolment, request):
        """The player for ``request.user``: a new run of their record when enrolled; a preview
        that saves nothing for whoever may preview the course."""
        package, user = lesson.package, request.user
        content_url = reverse("scorm:content", args=[content_token(package, user), package.launch])
        if package.launch_query:
            content_url += "?" + package.launch_query
        config = {
            "version": package.scorm_version,
            "package": package.pk,
            "contentUrl": content_url,
            # The frame is sandboxed without same-origin rights: its messages come from "null".
            "contentOrigin": "null",
            "commitUrl": None,
            "messages": {
                "saving": _("Saving your progress…"),
                "saved": _("Your progress is saved."),
                "offline": _(
                    "No connection: your progress is kept in this browser and saved when the connection returns."
                ),
                "refused": _("Your progress could not be saved. Reload the page."),
                "done": _("You have done this lesson."),
                "preview": _("Preview: nothing you do here is saved."),
            },
        }
        if enrolment is None:
            config["cmi"] = cmi.resume_data(package, {}, user, 0, first=True)
            return cls(lesson, package, config)
        record = ScormRecord.objects.launch(enrolment, lesson)
        config.update(
            cmi=record.resume_data(package, user),
            launch=record.launches,
            saved=[record.saved_launch, record.saved_seq],
            commitUrl=reverse("scorm:commit", args=[lesson.pk]),
            csrfToken=get_token(request),
            storageKey=f"lms-scorm:{user.pk}:{lesson.pk}",
        )
        player = cls(lesson, package, config)
        player.record = record
        return player
