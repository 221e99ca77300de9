"""Reading and writing a package's ``cmi`` data, the SCORM run-time data model, on the server.

What a package reports arrives from the learner's browser: every value read here is checked
(known words, bounded numbers), and the data a run starts from is built from a fixed list of
elements, with those the LMS owns (who the learner is, the credit, the time so far, the mastery
score) set here, never taken from what was saved."""

import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from people.models import display_name

STATUSES_12 = {"passed", "completed", "failed", "incomplete", "browsed", "not attempted"}
COMPLETION_2004 = {"completed", "incomplete", "not attempted", "unknown"}
SUCCESS_2004 = {"passed", "failed", "unknown"}
MAX_SECONDS = 10_000 * 3600
SESSION_12 = re.compile(r"^(\d{2,4}):([0-5]\d):([0-5]\d)(?:\.\d{1,2})?$")
SESSION_2004 = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d{1,2})?)S)?)?$")


@dataclass(frozen=True)
class Outcome:
    status: str  # SCORM 1.2 lesson_status, SCORM 2004 completion_status
    success: str  # "passed", "failed" or ""
    score: Decimal | None  # percent, to a tenth
    done: bool


def _section(data, name):
    value = data.get(name) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _word(value, allowed):
    return value if isinstance(value, str) and value in allowed else ""


def _number(value):
    if isinstance(value, bool) or not isinstance(value, (str, int, float)) or value == "":
        return None
    try:
        number = Decimal(str(value)[:32])
    except InvalidOperation:
        return None
    return number if number.is_finite() and abs(number) <= 1_000_000 else None


def _percent(value):
    if value is None:
        return None
    return min(Decimal(100), max(Decimal(0), value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _scaled_to_percent(score):
    """Percent from a score's raw, min and max (max 100 and min 0 when not given)."""
    raw, low, high = (_number(score.get(key)) for key in ("raw", "min", "max"))
    if raw is None:
        return None
    low = low or Decimal(0)
    if high is not None and high > low:
        return _percent((raw - low) * 100 / (high - low))
    return _percent(raw)


def outcome(version, data, mastery_score=None):
    """Where a learner stands by the cmi ``data`` a package saved. The lesson is done when the
    package reports it completed or passed; when the manifest gives a mastery score and the
    package a score, when that score (in percent) reaches it."""
    if version == "1.2":
        core = _section(data, "core")
        status = _word(core.get("lesson_status"), STATUSES_12)
        score_section = _section(core, "score")
        score = _scaled_to_percent(score_section)
        # SCORM 1.2 compares the raw score; as a percentage of its max it is the number the
        # learner is shown (the same for the usual 0 to 100 scores).
        if mastery_score is not None and score is not None:
            passed = score >= mastery_score
            return Outcome(status, "passed" if passed else "failed", score, passed)
        success = status if status in ("passed", "failed") else ""
        return Outcome(status, success, score, status in ("completed", "passed"))
    completion = _word(data.get("completion_status") if isinstance(data, dict) else None, COMPLETION_2004)
    success = _word(data.get("success_status") if isinstance(data, dict) else None, SUCCESS_2004)
    score_section = _section(data, "score")
    scaled = _number(score_section.get("scaled"))
    score = _percent(scaled * 100) if scaled is not None else _scaled_to_percent(score_section)
    if mastery_score is not None and score is not None:
        passed = score >= mastery_score
        return Outcome(completion, "passed" if passed else "failed", score, passed)
    success = success if success != "unknown" else ""
    return Outcome(completion, success, score, completion == "completed" or success == "passed")


def session_seconds(version, data):
    """The time the package says the learner spent in this run (whole seconds), or None."""
    if not isinstance(data, dict):
        return None
    value = _section(data, "core").get("session_time") if version == "1.2" else data.get("session_time")
    if not isinstance(value, str):
        return None
    if version == "1.2":
        match = SESSION_12.match(value)
        if not match:
            return None
        hours, minutes, seconds = (int(part) for part in match.groups())
        return min(MAX_SECONDS, hours * 3600 + minutes * 60 + seconds)
    match = SESSION_2004.match(value)
    if not match or value in ("P", "PT"):
        return None
    years, months, days, hours, minutes = (int(part or 0) for part in match.groups()[:5])
    seconds = Decimal(match.group(6) or 0)
    total = ((years * 365 + months * 30 + days) * 24 + hours) * 3600 + minutes * 60 + int(seconds)
    return min(MAX_SECONDS, total)


def time_12(seconds):
    """``HHHH:MM:SS``, SCORM 1.2's CMITimespan."""
    hours, rest = divmod(int(seconds), 3600)
    return f"{hours:04d}:{rest // 60:02d}:{rest % 60:02d}"


def time_2004(seconds):
    """An ISO 8601 duration, SCORM 2004's timeinterval."""
    hours, rest = divmod(int(seconds), 3600)
    return f"PT{hours}H{rest // 60}M{rest % 60}S"


def plain(number):
    """``number`` as SCORM writes decimals: "80", "0.6", never "8E+1"."""
    return f"{number.normalize():f}"


def _text(value, limit):
    return value[:limit] if isinstance(value, str) else ""


def _score(section, keys):
    return {key: str(number) for key in keys if (number := _number(section.get(key))) is not None}


def outcome_only(version, data):
    """``data`` without where the learner was: what data saved with another version of the
    package keeps (its status and score)."""
    if version == "1.2":
        core = _section(data, "core")
        return {"core": {"lesson_status": core.get("lesson_status"), "score": _section(core, "score")}}
    data = data if isinstance(data, dict) else {}
    return {key: data.get(key) for key in ("completion_status", "success_status", "score")}


def resume_data(package, data, learner, total_seconds, first=False):
    """The cmi data a run of ``package`` starts from: what ``data`` saved of the elements a
    package may write and read back, and what the LMS owns. ``first``: the learner's first run."""
    if package.scorm_version == "1.2":
        core = _section(data, "core")
        suspended = core.get("exit") == "suspend"
        restored = {
            "core": {
                "student_id": learner.get_username(),
                "student_name": display_name(learner)[:255],
                "lesson_location": _text(core.get("lesson_location"), 255),
                "lesson_status": _word(core.get("lesson_status"), STATUSES_12) or "not attempted",
                "score": _score(_section(core, "score"), ("raw", "min", "max")),
                "credit": "credit",
                "lesson_mode": "normal",
                "entry": "resume" if suspended else ("ab-initio" if first else ""),
                "total_time": time_12(total_seconds),
            },
            "suspend_data": _text(data.get("suspend_data") if isinstance(data, dict) else None, 4096),
        }
        if package.mastery_score is not None:
            restored["student_data"] = {"mastery_score": plain(package.mastery_score)}
        return restored
    data = data if isinstance(data, dict) else {}
    suspended = data.get("exit") == "suspend"
    restored = {
        "learner_id": learner.get_username(),
        "learner_name": display_name(learner)[:250],
        "location": _text(data.get("location"), 1000),
        "suspend_data": _text(data.get("suspend_data"), 64000),
        "completion_status": _word(data.get("completion_status"), COMPLETION_2004) or "unknown",
        "success_status": _word(data.get("success_status"), SUCCESS_2004) or "unknown",
        "score": _score(_section(data, "score"), ("scaled", "raw", "min", "max")),
        "credit": "credit",
        "mode": "normal",
        "entry": "resume" if suspended else ("ab-initio" if first else ""),
        "total_time": time_2004(total_seconds),
    }
    if package.mastery_score is not None:
        restored["scaled_passing_score"] = plain(package.mastery_score / 100)
    return restored
