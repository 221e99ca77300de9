"""``manage.py certificate_keys generate|list|rotate``: the issuing body's signing keys
(certificates/keys.py), kept in ``LMS_CERTIFICATE_KEYS_DIR``. Back the folder up (docs/DEPLOY.md)."""

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from certificates import keys


class Command(BaseCommand):
    help = "Generate, list or rotate the keys certificates are signed with (LMS_CERTIFICATE_KEYS_DIR)."

    def add_arguments(self, parser):
        parser.add_argument(
            "action",
            choices=["generate", "list", "rotate"],
            help="generate: the first key (refused when one exists); list: every key; rotate: a new signing "
            "key, the older ones keep only their public half.",
        )

    def handle(self, *args, action, **options):
        try:
            getattr(self, action)()
        except keys.NoSigningKey as error:
            raise CommandError(str(error)) from None

    def generate(self):
        if any(stored.is_private for stored in keys.stored_keys()):
            raise CommandError(_("A signing key exists already: use “rotate” to replace it."))
        stored = keys.generate()
        self.stdout.write(
            _("Generated signing key %(kid)s in %(folder)s: back this folder up now.")
            % {"kid": stored.kid, "folder": keys.keys_dir()}
        )

    def rotate(self):
        stored = keys.rotate()
        retired = len(keys.stored_keys()) - 1
        self.stdout.write(
            _("New signing key %(kid)s; %(retired)d earlier key(s) keep only their public half and stay published.")
            % {"kid": stored.kid, "retired": retired}
        )

    def list(self):
        stored_keys = keys.stored_keys()
        signing = keys.newest_private(stored_keys)
        for stored in stored_keys:
            if stored is signing:
                role = _("signing")
            elif stored.is_private:
                role = _("private half kept")
            else:
                role = _("public only")
            created = timezone.localtime(stored.created).strftime("%d/%m/%Y %H:%M")
            self.stdout.write(f"{stored.kid}  {created}  {role}")
        self.stdout.write(_("%(count)d key(s) in %(folder)s.") % {"count": len(stored_keys), "folder": keys.keys_dir()})
