"""The demo site's content, loaded by ``manage.py seed_demo``: part of the host site, not of
the installable apps.

- ``people``: administrative units, institutions, staff and the four named accounts;
- ``courses``: the course catalogue, lesson texts, cover images and handouts;
- ``questions`` and ``quizzes``: the question bank and quizzes, and the learners' attempts;
- ``classes``: in-person classes and their attendance;
- ``certificates``: the completed enrolments' certificates, dated by completion, one revoked.
"""
