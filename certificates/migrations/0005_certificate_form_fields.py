"""Certificates in official form: a number pattern, the holder's date of birth, who issued and
signed each certificate (filled for existing ones by 0006), certificates of in-person classes
(no course), and numbers unique within their year."""

import certificates.conf
import certificates.numbers
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('certificates', '0004_issuing_body_moves_to_people'),
        ('courses', '0006_train_course_permission'),
        ('wagtailimages', '0027_image_description'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='certificate',
            name='date_of_birth',
            field=models.DateField(blank=True, null=True, verbose_name='date of birth'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='issuer_governing_body',
            field=models.CharField(blank=True, max_length=200, verbose_name='governing body'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='issuer_logo',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='logo'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='issuer_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='body that issued it'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='issuer_place',
            field=models.CharField(blank=True, max_length=100, verbose_name='place of issue'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='signatory_authority',
            field=models.CharField(blank=True, max_length=100, verbose_name='signing on behalf of'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='signatory_name',
            field=models.CharField(blank=True, max_length=200, verbose_name='signatory name'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='signatory_title',
            field=models.CharField(blank=True, max_length=100, verbose_name='signatory title'),
        ),
        migrations.AddField(
            model_name='certificate',
            name='signature',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='wagtailimages.image', verbose_name='signature image'),
        ),
        migrations.AddField(
            model_name='certificatesettings',
            name='number_pattern',
            field=models.CharField(default=certificates.conf.number_pattern, help_text="How certificate numbers are written. Placeholders: {sequence}, the number in the year from 01 (required; {sequence:06d} writes 000029); {year}, the year of issue; {abbreviation}, the issuing body's abbreviation (Settings → Issuing body). The default {sequence}/GCN-{abbreviation} gives 29/GCN-SVHTTDL. Numbers start again from 01 each year; certificates already issued keep theirs.", max_length=60, validators=[certificates.numbers.validate_number_pattern], verbose_name='number pattern'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='course',
            field=models.ForeignKey(blank=True, help_text='Empty for an in-person class held without an online course.', null=True, on_delete=django.db.models.deletion.PROTECT, related_name='certificates', to='courses.coursepage', verbose_name='course'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='issued_by',
            field=models.ForeignKey(blank=True, help_text='Empty when issued automatically on completion of a course; for a class, who marked it completed.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='issued by'),
        ),
        migrations.AlterField(
            model_name='certificate',
            name='number',
            field=models.CharField(max_length=80, verbose_name='number'),
        ),
        migrations.AddConstraint(
            model_name='certificate',
            constraint=models.UniqueConstraint(fields=('year', 'number'), name='unique_certificate_number_per_year'),
        ),
    ]
