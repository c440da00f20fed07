package org.mmsrouter.systemtest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * The PostgreSQL a cluster's nodes share, as libpq's environment names it (PGHOST, PGPORT, PGUSER,
 * PGPASSWORD, PGDATABASE; the defaults are the role and database .ci/run creates), reached with psql
 * and given to a node as its {@code MmsRouterDS}. The password travels in psql's environment and in
 * jboss-cli's standard input, never on a command line.
 */
public record Postgres(String host, String port, String database, String user, String password) {

    /** The settings from the environment, each defaulting as .ci/run sets PostgreSQL up. */
    public static Postgres fromEnvironment() {
        return new Postgres(
                env("PGHOST", "127.0.0.1"),
                env("PGPORT", "5432"),
                env("PGDATABASE", "mmsrouter"),
                env("PGUSER", "mmsrouter"),
                env("PGPASSWORD", "mmsrouter"));
    }

    /** Whether psql reaches the database with these settings. */
    public boolean reachable() {
        return psql("select 1").succeeded();
    }

    /** Whether the server accepts a connection that demands TLS (its {@code ssl} is on). */
    public boolean offersTls() {
        return Command.of("psql", "-v", "ON_ERROR_STOP=1", "-tAc", "select 1")
                .env(environment())
                .env("PGSSLMODE", "require")
                .timeout(Duration.ofSeconds(30))
                .run()
                .succeeded();
    }

    /** psql's unaligned, tuples-only output of {@code sql} (rows one a line); fails the test on an error. */
    public String query(String sql) {
        return psql(sql).requireSuccess().output().strip();
    }

    /** Runs {@code sql} (statements separated by ';'); fails the test on an error. */
    public void execute(String sql) {
        psql(sql).requireSuccess();
    }

    /** The JDBC URL of this database. */
    public String jdbcUrl() {
        return jdbcUrl(false);
    }

    /** The JDBC URL the nodes get; with {@code tls}, {@code sslmode=require}. */
    public String jdbcUrl(boolean tls) {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database + (tls ? "?sslmode=require" : "");
    }

    /**
     * Points the node's {@code MmsRouterDS} (the MMSC registry and the node table) at this database, as
     * an operator does for a cluster (README "MMSC registry"): the JDBC driver the build fetched into the
     * node's deployments, the datasource rewritten with jboss-cli on the embedded server.
     */
    public void configure(RouterNode node) {
        Path driver = Installation.server().getParent().resolve("jdbc/postgresql.jar");
        try {
            Files.copy(driver, node.base().resolve("deployments/postgresql.jar"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot deploy " + driver, e);
        }
        String datasource = "/subsystem=datasources/data-source=MmsRouterDS:write-attribute";
        String script = String.join(
                "\n",
                "embed-server --server-config=standalone-full.xml --std-out=discard",
                datasource + "(name=driver-name, value=postgresql.jar)",
                datasource + "(name=connection-url, value=\"" + jdbcUrl() + "\")",
                datasource + "(name=user-name, value=" + user + ")",
                datasource + "(name=password, value=" + password + ")",
                "stop-embedded-server",
                "");
        Command.of(Installation.server().resolve("bin/jboss-cli.sh").toString())
                .env("JAVA_OPTS", "-Djboss.server.base.dir=" + node.base())
                .input(script)
                .timeout(Duration.ofSeconds(120))
                .output();
    }

    private Command.Result psql(String sql) {
        return Command.of("psql", "-v", "ON_ERROR_STOP=1", "-tAc", sql)
                .env(environment())
                .timeout(Duration.ofSeconds(30))
                .run();
    }

    private Map<String, String> environment() {
        return Map.of(
                "PGHOST",
                host,
                "PGPORT",
                port,
                "PGDATABASE",
                database,
                "PGUSER",
                user,
                "PGPASSWORD",
                password,
                "PGOPTIONS",
                "--client-min-messages=warning");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isEmpty() ? fallback : value;
    }
}
