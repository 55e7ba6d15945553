"""Logic models of partnership programmes (digital skills) beside schemes' ones: every model names its partnership
(filled from the scheme for the models there are), the scheme becomes optional; indicators get an organisation and
a date they count from."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Q


def fill_partnership(apps, schema_editor):  # noqa: ANN001, ANN201 - migration signature
    LogicModel = apps.get_model("monitoring", "LogicModel")
    for model in LogicModel.objects.select_related("scheme"):
        model.partnership_id = model.scheme.partnership_id
        model.save(update_fields=["partnership"])


class Migration(migrations.Migration):
    dependencies = [
        ("monitoring", "0001_initial"),
        ("organisations", "0004_planning_needs"),
    ]

    operations = [
        migrations.AddField(
            model_name="logicmodel",
            name="partnership",
            field=models.ForeignKey(
                null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.partnership"
            ),
        ),
        migrations.RunPython(fill_partnership, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="logicmodel",
            name="partnership",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="organisations.partnership"
            ),
        ),
        migrations.AlterField(
            model_name="logicmodel",
            name="scheme",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="logic_models",
                to="schemes.scheme",
            ),
        ),
        migrations.AddField(
            model_name="logicmodel",
            name="programme",
            field=models.CharField(
                blank=True, choices=[("digital_skills", "Digital skills for all staff")], max_length=30
            ),
        ),
        migrations.AlterModelOptions(name="logicmodel", options={"ordering": ["scheme", "programme", "-version"]}),
        migrations.AddConstraint(
            model_name="logicmodel",
            constraint=models.UniqueConstraint(
                condition=~Q(programme=""),
                fields=("partnership", "programme", "version"),
                name="programme_logic_model_version_once",
            ),
        ),
        migrations.AddConstraint(
            model_name="logicmodel",
            constraint=models.CheckConstraint(
                condition=(Q(scheme__isnull=False) & Q(programme="")) | (Q(scheme__isnull=True) & ~Q(programme="")),
                name="logic_model_of_scheme_or_programme",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                help_text="Count one organisation only, where the figure allows it. Empty: the whole partnership.",
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to="organisations.organisation",
            ),
        ),
        migrations.AddField(
            model_name="indicator",
            name="since",
            field=models.DateField(
                blank=True,
                help_text="Count only what happened from this date, where it allows.",
                null=True,
                verbose_name="counted from",
            ),
        ),
    ]
