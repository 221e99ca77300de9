"""What apps above certificates add to them without certificates importing them. In-person
classes (``classes``) issue certificates for completed attendance; through these it tells:

- who else may see a certificate (the trainer of the class): a provider takes a user and
  returns a ``Q`` on ``Certificate``, ORed into ``Certificate.objects.visible_to``;
- what a certificate is re-issued from (the class as it is now, rather than a course
  enrolment): a provider takes a certificate and returns a ``Statement``, or None when the
  certificate is not its own.

Register providers from the app's ``AppConfig.ready()``."""

_visibility_providers = []
_restatement_providers = []


def register_visibility(provider):
    if provider not in _visibility_providers:
        _visibility_providers.append(provider)
    return provider


def visibility_conditions(user):
    return [provider(user) for provider in _visibility_providers]


def register_restatement(provider):
    if provider not in _restatement_providers:
        _restatement_providers.append(provider)
    return provider


def restatement_of(certificate):
    for provider in _restatement_providers:
        if (statement := provider(certificate)) is not None:
            return statement
    return None
