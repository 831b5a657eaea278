"""Counts recorded when they are fixed, and closed counts immutable against new rows too.

* ``Congress.full_members``: the cell's full members recorded when the congress opens (which ballots it holds).
* ``Election.counting_committee``: the counting committee as it was when the count closed (for the minutes).
* ``Election.summoned`` is now recorded when the vote opens; elections already being voted on get it here.
* A closed election's totals add up: issued = valid + invalid + not returned.
* The guard of migration 0002 now also refuses INSERT of candidates, ballots and entries under a closed election,
  and moving a row (UPDATE of its election or ballot) into a closed election.
"""

import django.db.models.expressions
import django.db.models.functions.comparison
import pgtrigger.compiler
import pgtrigger.migrations
from django.conf import settings
from django.db import migrations, models

GUARD_SQL = """
CREATE OR REPLACE FUNCTION congress_election_closed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    old_election bigint;
    new_election bigint;
BEGIN
    IF TG_TABLE_NAME = 'congress_election' THEN
        IF TG_OP <> 'INSERT' AND OLD.state = 'closed' THEN
            RAISE EXCEPTION 'congress: a closed election cannot be changed';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_TABLE_NAME = 'congress_ballotentry' THEN
        IF TG_OP <> 'INSERT' THEN
            SELECT b.election_id INTO old_election FROM congress_ballot b WHERE b.id = OLD.ballot_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            SELECT b.election_id INTO new_election FROM congress_ballot b WHERE b.id = NEW.ballot_id;
        END IF;
    ELSE
        IF TG_OP <> 'INSERT' THEN
            old_election := OLD.election_id;
        END IF;
        IF TG_OP <> 'DELETE' THEN
            new_election := NEW.election_id;
        END IF;
    END IF;
    IF EXISTS (
        SELECT 1 FROM congress_election e WHERE e.id IN (old_election, new_election) AND e.state = 'closed'
    ) THEN
        RAISE EXCEPTION 'congress: the count of this election is closed';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
DROP TRIGGER congress_candidate_closed_guard ON congress_candidate;
DROP TRIGGER congress_ballot_closed_guard ON congress_ballot;
DROP TRIGGER congress_ballotentry_closed_guard ON congress_ballotentry;
CREATE TRIGGER congress_candidate_closed_guard BEFORE INSERT OR UPDATE OR DELETE ON congress_candidate
    FOR EACH ROW EXECUTE FUNCTION congress_election_closed_guard();
CREATE TRIGGER congress_ballot_closed_guard BEFORE INSERT OR UPDATE OR DELETE ON congress_ballot
    FOR EACH ROW EXECUTE FUNCTION congress_election_closed_guard();
CREATE TRIGGER congress_ballotentry_closed_guard BEFORE INSERT OR UPDATE OR DELETE ON congress_ballotentry
    FOR EACH ROW EXECUTE FUNCTION congress_election_closed_guard();
"""

# Migration 0002's guard (UPDATE and DELETE only), restored when going back.
REVERSE_GUARD_SQL = """
CREATE OR REPLACE FUNCTION congress_election_closed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    election_id bigint;
    closed boolean;
BEGIN
    IF TG_TABLE_NAME = 'congress_election' THEN
        IF OLD.state = 'closed' THEN
            RAISE EXCEPTION 'congress: a closed election cannot be changed';
        END IF;
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    ELSIF TG_TABLE_NAME = 'congress_ballotentry' THEN
        SELECT b.election_id INTO election_id FROM congress_ballot b WHERE b.id = OLD.ballot_id;
    ELSE
        election_id := OLD.election_id;
    END IF;
    SELECT e.state = 'closed' INTO closed FROM congress_election e WHERE e.id = election_id;
    IF closed THEN
        RAISE EXCEPTION 'congress: the count of this election is closed';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$;
DROP TRIGGER congress_candidate_closed_guard ON congress_candidate;
DROP TRIGGER congress_ballot_closed_guard ON congress_ballot;
DROP TRIGGER congress_ballotentry_closed_guard ON congress_ballotentry;
CREATE TRIGGER congress_candidate_closed_guard BEFORE UPDATE OR DELETE ON congress_candidate
    FOR EACH ROW EXECUTE FUNCTION congress_election_closed_guard();
CREATE TRIGGER congress_ballot_closed_guard BEFORE UPDATE OR DELETE ON congress_ballot
    FOR EACH ROW EXECUTE FUNCTION congress_election_closed_guard();
CREATE TRIGGER congress_ballotentry_closed_guard BEFORE UPDATE OR DELETE ON congress_ballotentry
    FOR EACH ROW EXECUTE FUNCTION congress_election_closed_guard();
"""


def record_summoned(apps, schema_editor):
    """Elections already being voted on keep the summoned count of now (it is fixed from here on)."""
    Election = apps.get_model("congress", "Election")
    Summons = apps.get_model("congress", "Summons")
    for election in Election.objects.filter(state="voting", summoned__isnull=True):
        election.summoned = Summons.objects.filter(
            congress_id=election.congress_id, status="summoned"
        ).count()
        election.save(update_fields=["summoned"])


class Migration(migrations.Migration):
    dependencies = [
        ("congress", "0002_duty_roles_and_immutable_counts"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        pgtrigger.migrations.RemoveTrigger(
            model_name="congress",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="congress",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="congress",
            name="delete_delete",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="election",
            name="insert_insert",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="election",
            name="update_update",
        ),
        pgtrigger.migrations.RemoveTrigger(
            model_name="election",
            name="delete_delete",
        ),
        migrations.AddField(
            model_name="congress",
            name="full_members",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Ghi khi đại hội khai mạc; quyết định các cuộc bầu chi bộ tổ chức.",
                null=True,
                verbose_name="số đảng viên chính thức khi khai mạc",
            ),
        ),
        migrations.AddField(
            model_name="congressevent",
            name="full_members",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Ghi khi đại hội khai mạc; quyết định các cuộc bầu chi bộ tổ chức.",
                null=True,
                verbose_name="số đảng viên chính thức khi khai mạc",
            ),
        ),
        migrations.AddField(
            model_name="election",
            name="counting_committee",
            field=models.JSONField(
                blank=True, default=list, verbose_name="Ban Kiểm phiếu khi kết thúc kiểm phiếu"
            ),
        ),
        migrations.AddField(
            model_name="electionevent",
            name="counting_committee",
            field=models.JSONField(
                blank=True, default=list, verbose_name="Ban Kiểm phiếu khi kết thúc kiểm phiếu"
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="congress",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "congress_congressevent" ("cell_id", "closed_at", "created_at", "created_by_id", "deputy_needed", "double_entry", "full_members", "held_on", "id", "opened_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place", "resolution", "resolution_adopted_at", "resolution_votes_against", "resolution_votes_for", "state", "term_id", "title", "version") SELECT new_values."cell_id", new_values."closed_at", new_values."created_at", new_values."created_by_id", new_values."deputy_needed", new_values."double_entry", new_values."full_members", new_values."held_on", new_values."id", new_values."opened_at", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."place", new_values."resolution", new_values."resolution_adopted_at", new_values."resolution_votes_against", new_values."resolution_votes_for", new_values."state", new_values."term_id", new_values."title", new_values."version" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;',
                    hash="28341d7494b0bdca3ce3d324c8471733aea87a4d",
                    level="STATEMENT",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_0c125",
                    referencing="REFERENCING NEW TABLE AS new_values ",
                    table="congress_congress",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="congress",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "congress_congressevent" ("cell_id", "closed_at", "created_at", "created_by_id", "deputy_needed", "double_entry", "full_members", "held_on", "id", "opened_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place", "resolution", "resolution_adopted_at", "resolution_votes_against", "resolution_votes_for", "state", "term_id", "title", "version") SELECT new_values."cell_id", new_values."closed_at", new_values."created_at", new_values."created_by_id", new_values."deputy_needed", new_values."double_entry", new_values."full_members", new_values."held_on", new_values."id", new_values."opened_at", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."place", new_values."resolution", new_values."resolution_adopted_at", new_values."resolution_votes_against", new_values."resolution_votes_for", new_values."state", new_values."term_id", new_values."title", new_values."version" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;',
                    hash="7f52267c56ad9150f1748c84c9a5f8e7b1e41065",
                    level="STATEMENT",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_2847a",
                    referencing="REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ",
                    table="congress_congress",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="congress",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "congress_congressevent" ("cell_id", "closed_at", "created_at", "created_by_id", "deputy_needed", "double_entry", "full_members", "held_on", "id", "opened_at", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "place", "resolution", "resolution_adopted_at", "resolution_votes_against", "resolution_votes_for", "state", "term_id", "title", "version") SELECT old_values."cell_id", old_values."closed_at", old_values."created_at", old_values."created_by_id", old_values."deputy_needed", old_values."double_entry", old_values."full_members", old_values."held_on", old_values."id", old_values."opened_at", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."place", old_values."resolution", old_values."resolution_adopted_at", old_values."resolution_votes_against", old_values."resolution_votes_for", old_values."state", old_values."term_id", old_values."title", old_values."version" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;',
                    hash="585f04821076b989a7d9ad7ff4b267c741740a47",
                    level="STATEMENT",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_53a29",
                    referencing="REFERENCING OLD TABLE AS old_values ",
                    table="congress_congress",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="election",
            trigger=pgtrigger.compiler.Trigger(
                name="insert_insert",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "congress_electionevent" ("appointed_by_superior", "closed_at", "closed_by_id", "congress_id", "counting_committee", "id", "invalid", "issued", "kind", "list_decision", "not_returned", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "previous_id", "round", "seats", "state", "style", "summoned", "valid", "version", "voting_opened_at") SELECT new_values."appointed_by_superior", new_values."closed_at", new_values."closed_by_id", new_values."congress_id", new_values."counting_committee", new_values."id", new_values."invalid", new_values."issued", new_values."kind", new_values."list_decision", new_values."not_returned", _pgh_attached_context.value, NOW(), \'insert\', new_values."id", new_values."previous_id", new_values."round", new_values."seats", new_values."state", new_values."style", new_values."summoned", new_values."valid", new_values."version", new_values."voting_opened_at" FROM ( SELECT new_values.* FROM new_values  ) AS new_values, _pgh_attached_context; RETURN NULL;',
                    hash="4f1da6ca622e8cc04ea54ecc9bedb0e33421d6d3",
                    level="STATEMENT",
                    operation="INSERT",
                    pgid="pgtrigger_insert_insert_2f2c7",
                    referencing="REFERENCING NEW TABLE AS new_values ",
                    table="congress_election",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="election",
            trigger=pgtrigger.compiler.Trigger(
                name="update_update",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "congress_electionevent" ("appointed_by_superior", "closed_at", "closed_by_id", "congress_id", "counting_committee", "id", "invalid", "issued", "kind", "list_decision", "not_returned", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "previous_id", "round", "seats", "state", "style", "summoned", "valid", "version", "voting_opened_at") SELECT new_values."appointed_by_superior", new_values."closed_at", new_values."closed_by_id", new_values."congress_id", new_values."counting_committee", new_values."id", new_values."invalid", new_values."issued", new_values."kind", new_values."list_decision", new_values."not_returned", _pgh_attached_context.value, NOW(), \'update\', new_values."id", new_values."previous_id", new_values."round", new_values."seats", new_values."state", new_values."style", new_values."summoned", new_values."valid", new_values."version", new_values."voting_opened_at" FROM ( SELECT new_values.* FROM old_values JOIN new_values ON (old_values."id") = (new_values."id") WHERE (old_values.* IS DISTINCT FROM new_values.*) ) AS new_values, _pgh_attached_context; RETURN NULL;',
                    hash="8e663d103ff9fe063e8a7fda5c7705bd1f9e4a69",
                    level="STATEMENT",
                    operation="UPDATE",
                    pgid="pgtrigger_update_update_e8a3d",
                    referencing="REFERENCING OLD TABLE AS old_values  NEW TABLE AS new_values ",
                    table="congress_election",
                    when="AFTER",
                ),
            ),
        ),
        pgtrigger.migrations.AddTrigger(
            model_name="election",
            trigger=pgtrigger.compiler.Trigger(
                name="delete_delete",
                sql=pgtrigger.compiler.UpsertTriggerSql(
                    func='WITH _pgh_attached_context AS ( SELECT _pgh_attach_context() AS value ) INSERT INTO "congress_electionevent" ("appointed_by_superior", "closed_at", "closed_by_id", "congress_id", "counting_committee", "id", "invalid", "issued", "kind", "list_decision", "not_returned", "pgh_context_id", "pgh_created_at", "pgh_label", "pgh_obj_id", "previous_id", "round", "seats", "state", "style", "summoned", "valid", "version", "voting_opened_at") SELECT old_values."appointed_by_superior", old_values."closed_at", old_values."closed_by_id", old_values."congress_id", old_values."counting_committee", old_values."id", old_values."invalid", old_values."issued", old_values."kind", old_values."list_decision", old_values."not_returned", _pgh_attached_context.value, NOW(), \'delete\', old_values."id", old_values."previous_id", old_values."round", old_values."seats", old_values."state", old_values."style", old_values."summoned", old_values."valid", old_values."version", old_values."voting_opened_at" FROM ( SELECT old_values.* FROM old_values  ) AS old_values, _pgh_attached_context; RETURN NULL;',
                    hash="8d1987cf8898731e034ef2db9368432ccb2bd90e",
                    level="STATEMENT",
                    operation="DELETE",
                    pgid="pgtrigger_delete_delete_30987",
                    referencing="REFERENCING OLD TABLE AS old_values ",
                    table="congress_election",
                    when="AFTER",
                ),
            ),
        ),
        migrations.AddConstraint(
            model_name="election",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("state", "closed"), _negated=True),
                    (
                        "issued",
                        django.db.models.expressions.CombinedExpression(
                            django.db.models.expressions.CombinedExpression(
                                django.db.models.functions.comparison.Coalesce("valid", 0),
                                "+",
                                django.db.models.functions.comparison.Coalesce("invalid", 0),
                            ),
                            "+",
                            django.db.models.functions.comparison.Coalesce("not_returned", 0),
                        ),
                    ),
                    _connector="OR",
                ),
                name="congress_election_closed_totals_add_up",
            ),
        ),
        migrations.RunPython(record_summoned, migrations.RunPython.noop),
        migrations.RunSQL(GUARD_SQL, REVERSE_GUARD_SQL),
    ]
