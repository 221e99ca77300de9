"""Course completion is decided here, in one place.

Completing every lesson is the built-in requirement. Other apps add theirs (a passed final
quiz, for instance) with ``register()`` from their ``AppConfig.ready()``; courses never
imports them. A requirement is a callable taking an ``Enrolment`` and returning a list of
``Check`` (empty when it does not apply to that course).
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


@dataclass(frozen=True)
class Check:
    label: str
    met: bool
    pending: bool = False  # waiting on someone else, e.g. an essay to be marked
    url: str = ""  # where the learner acts on it, e.g. the final quiz
    score: Decimal | None = None  # a result in percent, e.g. of the final quiz


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


def final_score(checks):
    """The final score ``checks`` give: the mean of the scores the met ones carry (a passed
    final quiz, say), to one decimal; None when none has a score. Worked out once, when the
    enrolment completes, and stored as ``Enrolment.final_score``, which every screen shows."""
    scores = [check.score for check in checks if check.met and check.score is not None]
    if not scores:
        return None
    return (sum(scores, Decimal(0)) / len(scores)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
