-- Runs once when the compose database is created (as the superuser).
-- rehabreg_owner owns the schema and runs migrations; rehabreg_app is what the service connects as:
-- it owns nothing and cannot bypass row-level security. Change both passwords for real deployments.
CREATE ROLE rehabreg_owner LOGIN PASSWORD 'owner-change-me' NOSUPERUSER NOBYPASSRLS;
CREATE ROLE rehabreg_app LOGIN PASSWORD 'app-change-me' NOSUPERUSER NOBYPASSRLS;
CREATE DATABASE rehabreg OWNER rehabreg_owner;
GRANT CONNECT ON DATABASE rehabreg TO rehabreg_app;
