# Sourced by the end-to-end scripts that use PostgreSQL: the libpq settings, each overridable from
# the environment (.ci/run creates this role and database), exported for psql and for the scripts.
PGHOST=${PGHOST:-127.0.0.1}
PGPORT=${PGPORT:-5432}
PGDATABASE=${PGDATABASE:-mmsrouter}
PGUSER=${PGUSER:-mmsrouter}
PGPASSWORD=${PGPASSWORD:-mmsrouter}
PGOPTIONS=${PGOPTIONS:---client-min-messages=warning}
export PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD PGOPTIONS
