#!/bin/sh
# Temporal's databases and schemas on PostgreSQL, as `npm run cluster` makes them: create the database, set up
# the versioning tables, update to the server's schema version. Every step is idempotent; run it before each start.
set -eu
schema=/etc/temporal/schema/postgresql/v12
for pair in temporal:temporal temporal_visibility:visibility; do
  db="${pair%%:*}"; dir="${pair#*:}"
  temporal-sql-tool --db "$db" create-database
  temporal-sql-tool --db "$db" setup-schema -v 0.0
  temporal-sql-tool --db "$db" update-schema -d "$schema/$dir/versioned"
done
