"""Existing certificates record who issued and signed them, from the settings of the default
site as they are now (what their PDFs printed until then); each site's number pattern follows
its number prefix: the official default ("29/GCN-SVHTTDL") where the prefix was the default
"GCN", the old form ("PREFIX-2026-000123") where a site had chosen its own prefix. Certificates
keep their numbers."""

from django.db import migrations

DEFAULT_PREFIX = "GCN"
DEFAULT_PATTERN = "{sequence}/GCN-{abbreviation}"


def default_site_id(apps):
    Site = apps.get_model("wagtailcore", "Site")
    site = Site.objects.filter(is_default_site=True).first() or Site.objects.order_by("pk").first()
    return site.pk if site else None


def fill(apps, schema_editor):
    CertificateSettings = apps.get_model("certificates", "CertificateSettings")
    Certificate = apps.get_model("certificates", "Certificate")
    IssuingBody = apps.get_model("people", "IssuingBody")
    for settings in CertificateSettings.objects.all():
        prefix = settings.number_prefix.strip()
        if prefix and prefix != DEFAULT_PREFIX:
            escaped = prefix.replace("{", "{{").replace("}", "}}")
            settings.number_pattern = escaped + "-{year}-{sequence:06d}"
        else:
            settings.number_pattern = DEFAULT_PATTERN
        settings.save(update_fields=["number_pattern"])
    site_id = default_site_id(apps)
    body = IssuingBody.objects.filter(site_id=site_id).first()
    branding = CertificateSettings.objects.filter(site_id=site_id).first()
    fields = {}
    if body is not None:
        fields.update(
            issuer_governing_body=body.governing_body,
            issuer_name=body.name,
            issuer_place=body.place_name,
            issuer_logo_id=body.logo_id,
        )
    if branding is not None:
        fields.update(
            signatory_authority=branding.signatory_authority,
            signatory_title=branding.signatory_title,
            signatory_name=branding.signatory_name,
            signature_id=branding.signature_id,
        )
    if fields:
        Certificate.objects.update(**fields)


def back(apps, schema_editor):
    CertificateSettings = apps.get_model("certificates", "CertificateSettings")
    for settings in CertificateSettings.objects.all():
        pattern = settings.number_pattern
        if pattern.endswith("-{year}-{sequence:06d}"):
            settings.number_prefix = pattern.removesuffix("-{year}-{sequence:06d}").replace("{{", "{").replace("}}", "}")
        else:
            settings.number_prefix = DEFAULT_PREFIX
        settings.save(update_fields=["number_prefix"])


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0005_certificate_form_fields"),
        ("people", "0010_issuing_body"),
        ("wagtailcore", "0001_initial"),
    ]

    operations = [migrations.RunPython(fill, back)]
