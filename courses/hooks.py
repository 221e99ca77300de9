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
