package org.mmsrouter.systemtest.harness;

import java.time.Duration;
import java.util.Map;

/**
 * The PostgreSQL a cluster test shares between its nodes, reached as libpq's environment says
 * ({@code PGHOST PGPORT PGDATABASE PGUSER PGPASSWORD}), with the defaults .ci/run sets up: role and
 * database mmsrouter on 127.0.0.1:5432. Queried with {@code psql}, as an operator would.
 */
public record Postgres(String host, String port, String database, String user, String password) {

    /** The settings from the environment, each defaulted as .ci/run creates them. */
    public static Postgres fromEnvironment() {
        return new Postgres(env("PGHOST", "127.0.0.1"), env("PGPORT", "5432"), env("PGDATABASE", "mmsrouter"),
                env("PGUSER", "mmsrouter"), env("PGPASSWORD", "mmsrouter"));
    }

    /** The JDBC URL the nodes get; with {@code tls}, {@code sslmode=require}. */
    public String jdbcUrl(boolean tls) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (tls ? "?sslmode=require" : "");
    }

    /** Whether the server answers a query with these settings. */
    public boolean reachable() {
        return psql("select 1", false).succeeded();
    }

    /** Whether the server accepts a connection that demands TLS (its {@code ssl} is on). */
    public boolean offersTls() {
        return psql("select 1", true).succeeded();
    }

    /** Runs {@code sql} ({@code psql -tAc}) and returns its unaligned output; fails the test on an error. */
    public String query(String sql) {
        return psql(sql, false).requireSuccess().output().trim();
    }

    private Command.Result psql(String sql, boolean requireTls) {
        Command command = Command.of("psql", "-v", "ON_ERROR_STOP=1", "-tAc", sql).env(environment())
                .timeout(Duration.ofSeconds(30));
        if (requireTls) {
            command.env("PGSSLMODE", "require");
        }
        return command.run();
    }

    private Map<String, String> environment() {
        return Map.of("PGHOST", host, "PGPORT", port, "PGDATABASE", database, "PGUSER", user, "PGPASSWORD", password,
                "PGOPTIONS", "--client-min-messages=warning");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
