"""The congress duties as roles (scope kind "congress"), and closed counts made immutable in the database."""

from django.db import migrations

ROLES = [
    # code, Vietnamese name, English name, description
    ("congress_presidium", "Đoàn Chủ tịch đại hội", "Congress presidium", "Điều hành một đại hội chi bộ."),
    (
        "congress_secretariat",
        "Đoàn Thư ký đại hội",
        "Congress secretariat",
        "Ghi biên bản một đại hội chi bộ.",
    ),
    (
        "congress_counter",
        "Ban Kiểm phiếu",
        "Ballot-counting committee",
        "Phát phiếu, kiểm phiếu một cuộc bầu cử.",
    ),
]


def create_roles(apps, schema_editor):
    Role = apps.get_model("accounts", "Role")
    for position, (code, name, name_en, description) in enumerate(ROLES, start=20):
        Role.objects.update_or_create(
            code=code,
            defaults={
                "name": name,
                "name_en": name_en,
                "scope_kind": "congress",
                "is_party": True,
                "description": description,
                "position": position * 10,
            },
        )


def remove_roles(apps, schema_editor):
    apps.get_model("accounts", "Role").objects.filter(code__in=[r[0] for r in ROLES]).delete()


# Quyết định 190-QĐ/TW and issue 7 §6: once an election's count is closed, its ballots, their entries, its
# candidates (votes, elected) and the election row cannot change or disappear, whoever asks.
IMMUTABLE_SQL = """
CREATE FUNCTION congress_election_closed_guard() RETURNS trigger LANGUAGE plpgsql AS $$
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
CREATE TRIGGER congress_election_closed_guard BEFORE UPDATE OR DELETE ON congress_election
    FOR EACH ROW EXECUTE FUNCTION congress_election_closed_guard();
CREATE TRIGGER congress_candidate_closed_guard BEFORE UPDATE OR DELETE ON congress_candidate
    FOR EACH ROW EXECUTE FUNCTION congress_election_closed_guard();
CREATE TRIGGER congress_ballot_closed_guard BEFORE UPDATE OR DELETE ON congress_ballot
    FOR EACH ROW EXECUTE FUNCTION congress_election_closed_guard();
CREATE TRIGGER congress_ballotentry_closed_guard BEFORE UPDATE OR DELETE ON congress_ballotentry
    FOR EACH ROW EXECUTE FUNCTION congress_election_closed_guard();
"""
REVERSE_SQL = """
DROP TRIGGER congress_ballotentry_closed_guard ON congress_ballotentry;
DROP TRIGGER congress_ballot_closed_guard ON congress_ballot;
DROP TRIGGER congress_candidate_closed_guard ON congress_candidate;
DROP TRIGGER congress_election_closed_guard ON congress_election;
DROP FUNCTION congress_election_closed_guard();
"""


class Migration(migrations.Migration):
    dependencies = [("congress", "0001_initial"), ("accounts", "0003_roles")]
    operations = [
        migrations.RunPython(create_roles, remove_roles),
        migrations.RunSQL(IMMUTABLE_SQL, REVERSE_SQL),
    ]
