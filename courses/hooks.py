"""Links that apps above courses add to lesson pages (a lesson's check quiz, say),
without courses importing them. A provider takes ``(lesson, user)`` and returns a list of
``Link``; register it from the app's ``AppConfig.ready()``."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Link:
    label: str
    url: str
    note: str = ""


_lesson_link_providers = []


def register_lesson_links(provider):
    if provider not in _lesson_link_providers:
        _lesson_link_providers.append(provider)
    return provider


def lesson_links(lesson, user):
    return [link for provider in _lesson_link_providers for link in provider(lesson, user)]


_enrolment_link_providers = []


def register_enrolment_links(provider):
    """A provider takes ``(enrolments, user)`` and returns ``{enrolment pk: [Link, ...]}``
    for the ones it has something for, in a constant number of queries (the certificate of
    a completed course, say). Shown on /learning/ and the course page."""
    if provider not in _enrolment_link_providers:
        _enrolment_link_providers.append(provider)
    return provider


def attach_enrolment_links(enrolments, user):
    """Set ``links`` on each enrolment."""
    for enrolment in enrolments:
        enrolment.links = []
    if not enrolments:
        return
    by_pk = {enrolment.pk: enrolment for enrolment in enrolments}
    for provider in _enrolment_link_providers:
        for pk, links in provider(enrolments, user).items():
            by_pk[pk].links.extend(links)
