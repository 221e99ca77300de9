"""Course completion is decided here, in one place.

Completing every lesson is the built-in requirement. Other apps add theirs (a passed final
quiz, for instance) with ``register()`` from their ``AppConfig.ready()``; courses never
imports them. A requirement is a callable taking an ``Enrolment`` and returning a list of
``Check`` (empty when it does not apply to that course).
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Check:
    label: str
    met: bool
    pending: bool = False  # waiting on someone else, e.g. an essay to be marked
    url: str = ""  # where the learner acts on it, e.g. the final quiz


_requirements = []


def register(requirement):
    if requirement not in _requirements:
        _requirements.append(requirement)
    return requirement


def all_lessons_done(enrolment):
    total, done = enrolment.lesson_counts()
    remaining = total - done
    if remaining <= 0:
        return Check(str(_("All lessons done")), True)
    return Check(ngettext("%(n)d lesson left", "%(n)d lessons left", remaining) % {"n": remaining}, False)


def checks(enrolment):
    results = [all_lessons_done(enrolment)]
    for requirement in _requirements:
        results.extend(requirement(enrolment))
    return results


def is_complete(enrolment):
    return all(check.met for check in checks(enrolment))
