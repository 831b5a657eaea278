"""A cooperative's commune lies in its province, enforced by the database (a composite foreign key).

Django has no composite foreign keys, so the constraint is plain SQL. Rows that break it (a record moved to
another province that kept its old commune) lose the commune link; their address text is kept as written.
"""

from django.db import migrations

FORWARD = """
UPDATE registry_cooperative c SET commune_id = NULL
  FROM places_commune m
 WHERE c.commune_id = m.id AND m.province_id <> c.province_id;
ALTER TABLE registry_cooperative
  ADD CONSTRAINT cooperative_commune_in_province
  FOREIGN KEY (commune_id, province_id) REFERENCES places_commune (id, province_id);
"""
BACKWARD = "ALTER TABLE registry_cooperative DROP CONSTRAINT cooperative_commune_in_province;"


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0002_statement_level_history"),
        ("places", "0004_commune_id_province_unique"),
    ]

    operations = [migrations.RunSQL(FORWARD, BACKWARD)]
