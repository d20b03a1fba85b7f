"""One person holds one role per practice, in the database too.

Triggers refuse a membership (lead, respondent) of a practice its user coaches, and a
coach assignment to a practice its coach belongs to, whether inserted or updated. The
error is an integrity error, like a broken unique constraint.
"""

from django.db import migrations

MESSAGE = "one role per practice: user % already holds another role in practice %"

SQLITE_FORWARD = [
    f"""
    CREATE TRIGGER practices_membership_one_role_{event.split()[0].lower()}
    BEFORE {event} ON practices_membership
    FOR EACH ROW WHEN EXISTS (
        SELECT 1 FROM practices_coachassignment
        WHERE coach_id = NEW.user_id AND practice_id = NEW.practice_id
    )
    BEGIN
        SELECT RAISE(ABORT, 'one role per practice: this user coaches this practice');
    END;
    """
    for event in ("INSERT", "UPDATE OF user_id, practice_id")
] + [
    f"""
    CREATE TRIGGER practices_coachassignment_one_role_{event.split()[0].lower()}
    BEFORE {event} ON practices_coachassignment
    FOR EACH ROW WHEN EXISTS (
        SELECT 1 FROM practices_membership
        WHERE user_id = NEW.coach_id AND practice_id = NEW.practice_id
    )
    BEGIN
        SELECT RAISE(ABORT, 'one role per practice: this user belongs to this practice');
    END;
    """
    for event in ("INSERT", "UPDATE OF coach_id, practice_id")
]

SQLITE_REVERSE = [
    f"DROP TRIGGER IF EXISTS practices_{table}_one_role_{event};"
    for table in ("membership", "coachassignment")
    for event in ("insert", "update")
]

# Both triggers take the same transaction-level lock on (user, practice) before they
# look at the other table, so that two transactions adding the two roles at once are
# serialised and the second one sees the first one's row.
POSTGRESQL_FORWARD = [
    f"""
    CREATE FUNCTION practices_one_role_per_practice() RETURNS trigger AS $$
    DECLARE
        person bigint;
    BEGIN
        IF TG_TABLE_NAME = 'practices_membership' THEN
            person := NEW.user_id;
        ELSE
            person := NEW.coach_id;
        END IF;
        PERFORM pg_advisory_xact_lock(
            hashtextextended('practices.one_role:' || person || ':' || NEW.practice_id, 0)
        );
        IF TG_TABLE_NAME = 'practices_membership' THEN
            PERFORM 1 FROM practices_coachassignment
            WHERE coach_id = person AND practice_id = NEW.practice_id;
        ELSE
            PERFORM 1 FROM practices_membership
            WHERE user_id = person AND practice_id = NEW.practice_id;
        END IF;
        IF FOUND THEN
            RAISE EXCEPTION '{MESSAGE}', person, NEW.practice_id
                USING ERRCODE = 'integrity_constraint_violation';
        END IF;
        RETURN NEW;
    END;
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE TRIGGER practices_membership_one_role
    BEFORE INSERT OR UPDATE OF user_id, practice_id ON practices_membership
    FOR EACH ROW EXECUTE FUNCTION practices_one_role_per_practice();
    """,
    """
    CREATE TRIGGER practices_coachassignment_one_role
    BEFORE INSERT OR UPDATE OF coach_id, practice_id ON practices_coachassignment
    FOR EACH ROW EXECUTE FUNCTION practices_one_role_per_practice();
    """,
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS practices_membership_one_role ON practices_membership;",
    "DROP TRIGGER IF EXISTS practices_coachassignment_one_role ON practices_coachassignment;",
    "DROP FUNCTION IF EXISTS practices_one_role_per_practice();",
]

SQL = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


def _run(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)


def _sql(schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor not in SQL:
        raise NotImplementedError(f"No one-role-per-practice triggers for {vendor}.")
    return SQL[vendor]


def forward(apps, schema_editor):
    _run(schema_editor, _sql(schema_editor)[0])


def reverse(apps, schema_editor):
    _run(schema_editor, _sql(schema_editor)[1])


class Migration(migrations.Migration):
    dependencies = [
        ("practices", "0001_initial"),
    ]

    operations = [migrations.RunPython(forward, reverse)]
