"""Enable pg_trgm: the folded search columns of every app carry trigram GIN indexes."""

from django.contrib.postgres.operations import TrigramExtension
from django.db import migrations


class Migration(migrations.Migration):
    initial = True
    dependencies = []
    operations = [TrigramExtension()]
