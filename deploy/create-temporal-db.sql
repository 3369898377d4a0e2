-- The schema step (deploy/temporal-schema.sh) creates Temporal's databases (temporal, temporal_visibility) as this user.
ALTER USER support CREATEDB;
