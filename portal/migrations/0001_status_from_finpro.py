# The status models moved from the finpro package to the portal app. Their tables keep
# their names; this migration only takes over the models' state (no SQL is run).

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("finpro", "0001_status"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[

                migrations.CreateModel(
                    name='StatusMessage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('kind', models.CharField(choices=[('maintenance', 'Scheduled maintenance'), ('incident', 'Incident'), ('notice', 'Notice')], default='maintenance', max_length=16)),
                        ('title', models.CharField(max_length=160)),
                        ('body', models.TextField(blank=True)),
                        ('starts_at', models.DateTimeField(help_text='Eastern Time.')),
                        ('ends_at', models.DateTimeField(blank=True, help_text='Eastern Time; blank while open-ended.', null=True)),
                        ('published', models.BooleanField(default=True)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                    ],
                    options={
                        'db_table': 'finpro_statusmessage',
                        'ordering': ['starts_at', 'id'],
                        'indexes': [models.Index(fields=['published', 'ends_at'], name='finpro_stat_publish_1ee2f6_idx')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('ends_at__isnull', True), ('ends_at__gte', models.F('starts_at')), _connector='OR'), name='finpro_statusmessage_ends_after_start')],
                    },
                ),
                migrations.CreateModel(
                    name='SystemStatus',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('state', models.CharField(choices=[('operational', 'All systems operational'), ('degraded', 'Some features are slow or unavailable'), ('outage', 'Unexpected outage')], default='operational', max_length=16)),
                        ('note', models.TextField(blank=True, help_text='Shown on the System Status page.', verbose_name='Status note')),
                        ('maintenance_mode', models.BooleanField(default=False, help_text='Every user except support staff sees “System Is Currently Unavailable”.', verbose_name='System unavailable (maintenance mode)')),
                        ('maintenance_message', models.TextField(blank=True, help_text='Shown on the unavailable page, e.g. when FinPro is expected back.')),
                        ('retry_after_minutes', models.PositiveIntegerField(default=60, help_text='Sent to browsers as Retry-After.', verbose_name='Expected back in (minutes)')),
                        ('updated_at', models.DateTimeField(auto_now=True)),
                        ('updated_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'finpro_systemstatus',
                        'verbose_name': 'system status',
                        'verbose_name_plural': 'system status',
                        'constraints': [models.CheckConstraint(condition=models.Q(('pk', 1)), name='finpro_systemstatus_singleton')],
                    },
                ),
            ],
        ),
    ]
