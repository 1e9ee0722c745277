#!/usr/bin/env bash
# Each service owns its own database; run once, by the PostgreSQL container's first start, as the superuser.
# escalation-service connects as its runtime role and migrates as the owner: the runtime role may only INSERT and
# SELECT the accountability ledger (escalation-service V7__runtime_role.sql). Its password comes from the environment.
set -euo pipefail
: "${ESCALATION_RUNTIME_PASSWORD:?ESCALATION_RUNTIME_PASSWORD must be set (see .env.example)}"
psql -v ON_ERROR_STOP=1 -q --username "$POSTGRES_USER" --dbname postgres -v password="$ESCALATION_RUNTIME_PASSWORD" <<'SQL'
CREATE DATABASE findings;
CREATE DATABASE assignment;
CREATE DATABASE escalation;
CREATE DATABASE notification;
CREATE ROLE escalation_runtime LOGIN PASSWORD :'password';
SQL
