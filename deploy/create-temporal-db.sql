-- Temporal's auto-setup creates its own databases (temporal, temporal_visibility) as this user.
ALTER USER support CREATEDB;
