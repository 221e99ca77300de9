# Choices are shown by per-attempt opaque tokens, in an order derived from the attempt's
# secret: the question's "shuffle answers" switch goes, every attempt gets its own secret.

import secrets

from django.db import migrations, models

import quizzes.models


def give_each_attempt_its_own_secret(apps, schema_editor):
    Attempt = apps.get_model("quizzes", "Attempt")
    attempts = list(Attempt.objects.only("pk"))
    for attempt in attempts:
        attempt.secret = secrets.token_hex(32)
    Attempt.objects.bulk_update(attempts, ["secret"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [
        ("quizzes", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(
            model_name="question",
            name="shuffle_answers",
        ),
        # A callable default is called once for the rows already there: one secret for all.
        migrations.AddField(
            model_name="attempt",
            name="secret",
            field=models.CharField(default="", editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.RunPython(give_each_attempt_its_own_secret, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="attempt",
            name="secret",
            field=models.CharField(default=quizzes.models.new_attempt_secret, editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name="question",
            name="explanation",
            field=models.TextField(
                blank=True,
                help_text="Shown to the learner after answering, when the quiz shows the correct answers.",
                verbose_name="explanation",
            ),
        ),
        migrations.AlterField(
            model_name="quiz",
            name="show_correct_answers",
            field=models.BooleanField(
                default=True,
                help_text=(
                    "Show which answers were correct and the explanations: after each checked question (feedback "
                    "after each question) and in the review after submission. Off: the learner sees only whether an "
                    "answer was right."
                ),
                verbose_name="show correct answers",
            ),
        ),
    ]
