from django.core.checks import Warning, register

from . import conf, keys


@register(deploy=True)
def signing_key(app_configs, **kwargs):
    """A server that issues certificates needs the key that signs them (certificates/keys.py)."""
    if conf.generate_keys():
        return []
    try:
        keys.signing_key()
    except keys.NoSigningKey as error:
        return [
            Warning(
                str(error),
                hint="Certificates are signed when their PDF is rendered; until there is a key, rendering fails "
                "and is retried. Back the key folder up once it exists (docs/DEPLOY.md).",
                id="certificates.W001",
            )
        ]
    return []
