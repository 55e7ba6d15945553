"""The models that were `digital_skills`' champions, drop-ins, support log, skill checks, practice maturity and
quality mark (ADR 0029). They keep their tables (`db_table`), so this changes only Django's picture of them: no
table is made, and the data is not touched."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('digital_skills', '0004_move_to_digital_champions'),
        ('organisations', '0004_planning_needs'),
        ('people', '0003_erasure'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Champion',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('team', models.CharField(blank=True, max_length=100)),
                        ('domain_codes', models.JSONField(blank=True, default=list, help_text='Areas they are happy to help with.')),
                        ('contact_note', models.CharField(blank=True, help_text="How to reach them, for example 'Reception, Tuesday mornings'.", max_length=200)),
                        ('is_active', models.BooleanField(default=True)),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation')),
                        ('partnership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.partnership')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='champion_roles', to='people.person')),
                        ('site', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='organisations.site')),
                    ],
                    options={
                        'db_table': 'digital_skills_champion',
                        'ordering': ['organisation__name', 'person__family_name'],
                    },
                ),
                migrations.CreateModel(
                    name='DropIn',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('starts_at', models.DateTimeField()),
                        ('minutes', models.PositiveSmallIntegerField(default=60)),
                        ('place', models.CharField(help_text="Room and site, or 'Teams'.", max_length=200)),
                        ('topic', models.CharField(blank=True, max_length=200)),
                        ('places', models.PositiveSmallIntegerField(default=6, help_text='How many people can book.')),
                        ('champion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='drop_ins', to='digital_champions.champion')),
                    ],
                    options={
                        'db_table': 'digital_skills_dropin',
                        'ordering': ['starts_at'],
                    },
                ),
                migrations.CreateModel(
                    name='Booking',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('cancelled_at', models.DateTimeField(blank=True, null=True)),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='people.person')),
                        ('drop_in', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='bookings', to='digital_champions.dropin')),
                    ],
                    options={
                        'db_table': 'digital_skills_booking',
                    },
                ),
                migrations.CreateModel(
                    name='MaturityAssessment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('assessed_on', models.DateField()),
                        ('status', models.CharField(choices=[('draft', 'Draft'), ('submitted', 'Sent for peer review'), ('awarded', 'Quality mark awarded'), ('not_awarded', 'Not awarded this time')], default='draft', max_length=20)),
                        ('created_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person')),
                        ('organisation', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.organisation')),
                    ],
                    options={
                        'db_table': 'digital_skills_maturityassessment',
                        'ordering': ['-assessed_on', '-pk'],
                    },
                ),
                migrations.CreateModel(
                    name='ActionItem',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('dimension', models.CharField(choices=[('competence', 'Competence'), ('capability', 'Capability'), ('capacity', 'Capacity'), ('confidence', 'Confidence'), ('creativity', 'Creativity'), ('communication', 'Communication'), ('continuity', 'Continuity')], max_length=20)),
                        ('action', models.CharField(max_length=300)),
                        ('owner', models.CharField(help_text='Who will do it (a name or a role).', max_length=100)),
                        ('due_on', models.DateField()),
                        ('done_on', models.DateField(blank=True, null=True)),
                        ('maturity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='actions', to='digital_champions.maturityassessment')),
                    ],
                    options={
                        'db_table': 'digital_skills_actionitem',
                        'ordering': ['due_on', 'pk'],
                    },
                ),
                migrations.CreateModel(
                    name='MaturityScore',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('dimension', models.CharField(choices=[('competence', 'Competence'), ('capability', 'Capability'), ('capacity', 'Capacity'), ('confidence', 'Confidence'), ('creativity', 'Creativity'), ('communication', 'Communication'), ('continuity', 'Continuity')], max_length=20)),
                        ('score', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('metric', models.CharField(blank=True, help_text='What you measured, with the figure.', max_length=300)),
                        ('evidence', models.TextField(blank=True, help_text='What shows it: documents, examples, dates.')),
                        ('maturity', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='scores', to='digital_champions.maturityassessment')),
                    ],
                    options={
                        'db_table': 'digital_skills_maturityscore',
                    },
                ),
                migrations.CreateModel(
                    name='QualityMarkLevel',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('name', models.CharField(max_length=100)),
                        ('min_average', models.DecimalField(decimal_places=1, max_digits=3)),
                        ('min_each', models.PositiveSmallIntegerField(default=1, help_text='Every C must score at least this.')),
                        ('valid_months', models.PositiveSmallIntegerField(default=24)),
                        ('description', models.CharField(blank=True, max_length=300)),
                        ('partnership', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='organisations.partnership')),
                    ],
                    options={
                        'db_table': 'digital_skills_qualitymarklevel',
                        'ordering': ['min_average'],
                    },
                ),
                migrations.CreateModel(
                    name='QualityMarkAward',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('submitted_at', models.DateTimeField()),
                        ('reviewed_at', models.DateTimeField(blank=True, null=True)),
                        ('review_note', models.TextField(blank=True)),
                        ('expires_on', models.DateField(blank=True, null=True)),
                        ('maturity', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='award', to='digital_champions.maturityassessment')),
                        ('reviewed_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person')),
                        ('submitted_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='people.person')),
                        ('level', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to='digital_champions.qualitymarklevel')),
                    ],
                    options={
                        'db_table': 'digital_skills_qualitymarkaward',
                    },
                ),
                migrations.CreateModel(
                    name='SkillCheck',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('confirmed_at', models.DateTimeField(blank=True, null=True)),
                        ('champion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='skill_checks', to='digital_champions.champion')),
                        ('confirmed_items', models.ManyToManyField(blank=True, db_table='digital_skills_skillcheck_confirmed_items', related_name='+', to='digital_skills.item')),
                        ('framework', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='digital_skills.framework')),
                        ('person', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='skill_checks', to='people.person')),
                    ],
                    options={
                        'db_table': 'digital_skills_skillcheck',
                        'ordering': ['-created_at'],
                    },
                ),
                migrations.CreateModel(
                    name='SupportContact',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('happened_on', models.DateField()),
                        ('domain_code', models.CharField(max_length=40, verbose_name='topic')),
                        ('summary', models.CharField(blank=True, help_text='A few words on the problem. Do not name the person or any patient.', max_length=200)),
                        ('minutes', models.PositiveSmallIntegerField()),
                        ('outcome', models.CharField(choices=[('resolved', 'Sorted out'), ('referred', 'Referred on (IT service desk, training, manager)'), ('follow_up', 'Needs a follow-up')], max_length=20)),
                        ('referred_to', models.CharField(blank=True, max_length=200)),
                        ('champion', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='contacts', to='digital_champions.champion')),
                    ],
                    options={
                        'db_table': 'digital_skills_supportcontact',
                        'ordering': ['-happened_on', '-pk'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='champion',
                    constraint=models.UniqueConstraint(fields=('person', 'organisation'), name='champion_once_per_organisation'),
                ),
                migrations.AddConstraint(
                    model_name='dropin',
                    constraint=models.CheckConstraint(condition=models.Q(('places__gte', 1)), name='drop_in_places_positive'),
                ),
                migrations.AddConstraint(
                    model_name='booking',
                    constraint=models.UniqueConstraint(condition=models.Q(('cancelled_at__isnull', True)), fields=('drop_in', 'person'), name='booking_once_per_person'),
                ),
                migrations.AddConstraint(
                    model_name='maturityscore',
                    constraint=models.UniqueConstraint(fields=('maturity', 'dimension'), name='maturity_score_once'),
                ),
                migrations.AddConstraint(
                    model_name='maturityscore',
                    constraint=models.CheckConstraint(condition=models.Q(('score__gte', 1), ('score__lte', 4)), name='maturity_score_1_to_4'),
                ),
                migrations.AddConstraint(
                    model_name='qualitymarklevel',
                    constraint=models.UniqueConstraint(fields=('partnership', 'name'), name='quality_level_unique_name'),
                ),
                migrations.AddConstraint(
                    model_name='qualitymarkaward',
                    constraint=models.CheckConstraint(condition=models.Q(('reviewed_by__isnull', True), models.Q(('reviewed_by', models.F('submitted_by')), _negated=True), _connector='OR'), name='quality_mark_reviewed_by_second_person'),
                ),
                migrations.AddConstraint(
                    model_name='supportcontact',
                    constraint=models.CheckConstraint(condition=models.Q(('minutes__gte', 1), ('minutes__lte', 480)), name='contact_minutes_1_to_480'),
                ),
            ],
            database_operations=[],
        ),
    ]
