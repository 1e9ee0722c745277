-- Two roles (docs/operations.md): whoever runs the migrations owns the tables; the service connects as the runtime
-- role ${runtime_role}, which may do its work but only INSERT and SELECT the accountability ledger. Not being the
-- owner, it can neither disable the append-only triggers nor change the grants.
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${runtime_role}') THEN
        RAISE EXCEPTION 'runtime role ${runtime_role} does not exist: create it (LOGIN, not the owner) first';
    END IF;
    IF '${runtime_role}' = current_user THEN
        RAISE EXCEPTION 'the service must not connect as the owner of its ledger (%): migrate as the owner'
            ' (quarkus.flyway.username) and connect as another role', current_user;
    END IF;
END
$$;

GRANT USAGE ON SCHEMA public TO "${runtime_role}";
GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO "${runtime_role}";
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "${runtime_role}";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO "${runtime_role}";
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "${runtime_role}";
REVOKE ALL ON accountability_record FROM "${runtime_role}";
GRANT SELECT, INSERT ON accountability_record TO "${runtime_role}";
REVOKE ALL ON flyway_schema_history FROM "${runtime_role}";
