package org.mmsrouter.systemtest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * Router nodes on one host as an operator builds a cluster (README "Cluster"): each node's base
 * directory made with the operators' {@code cluster-node.sh} from the cluster profile
 * (standalone-full-ha.xml), the cluster's secrets (password, key) made as docs/security/cluster-plane.md
 * says, PostgreSQL as the shared registry, two simulated MMSCs; restarts through the operators'
 * {@code cluster-restart.sh}. The journals are tables in the same PostgreSQL database; node i's backup
 * broker stands by for node i-1's journal (node 1's for the last node's: a ring); node i's DNS answers
 * give out 127.0.10.i for it.
 */
public final class Cluster {

    /** JGroups TCP port before each node's offset (FD_SOCK2 uses the next port). */
    public static final int JGROUPS_BASE = 20600;
    /** DNS port before each node's offset. */
    public static final int DNS_BASE = 16053;
    /** The simulators' control port; sim-a and sim-b on the next two. */
    public static final int CONTROL = 19080;

    private static final Duration RESTART_LIMIT = Duration.ofMinutes(10);

    private final SystemHarness harness;
    private final Postgres db;
    private final int[] offsets;
    private final List<ClusterNode> nodes = new ArrayList<>();
    private final List<Path> secrets = new ArrayList<>();
    private final Path clusterPassword;
    private final Path dbPassword;
    private final Path clusterKey;
    private Simulators simulators;

    private Cluster(SystemHarness harness, Postgres db, int[] offsets) {
        this.harness = harness;
        this.db = db;
        this.offsets = offsets.clone();
        this.clusterPassword = harness.work().resolve("cluster-password");
        this.dbPassword = harness.work().resolve("db-password");
        this.clusterKey = harness.work().resolve("cluster-key.p12");
    }

    /**
     * Checks what a cluster needs (dig, psql, a reachable PostgreSQL, a build with the cluster profile),
     * empties the router's tables, writes the secrets and generates the cluster key; one node per offset.
     */
    public static Cluster create(SystemHarness harness, Postgres db, int... offsets) {
        Prerequisites.command("dig", "dnsutils");
        Prerequisites.command("psql", "postgresql-client");
        Prerequisites.require(
                db.reachable(),
                "PostgreSQL " + db.user() + "@" + db.host() + ":" + db.port() + "/" + db.database()
                        + " is reachable (PGHOST, PGPORT, PGUSER, PGPASSWORD, PGDATABASE)");
        String ha = read(Installation.server().resolve("standalone/configuration/standalone-full-ha.xml"));
        if (!ha.contains("mmsrouter.cluster.password")) {
            throw new IllegalStateException(Installation.server() + " has no cluster profile: build the project first");
        }
        db.query("drop table if exists mmsc; drop table if exists router_node; drop table if exists audit_event");
        dropJournals(db);
        Cluster cluster = new Cluster(harness, db, offsets);
        harness.track(cluster::removeSecrets);
        cluster.secret(cluster.clusterPassword, "cluster-" + UUID.randomUUID());
        cluster.secret(cluster.dbPassword, db.password());
        cluster.removeAfterwards(cluster.clusterKey);
        cluster.nodeScript(
                        "--generate-cluster-key",
                        cluster.clusterKey.toString(),
                        "--cluster-password-file",
                        cluster.clusterPassword.toString())
                .requireSuccess();
        return cluster;
    }

    /**
     * Drops the brokers' journal tables an earlier cluster left (node&lt;i&gt;_msg, _bind, _nm, …) with the large
     * objects they pointed to: a new cluster must not load an old journal, nor its node IDs.
     */
    public static void dropJournals(Postgres db) {
        String tables = db.query(
                        "select string_agg(quote_ident(tablename), ',') from pg_tables"
                                + " where schemaname = current_schema() and tablename ~ '^node[0-9]+_(msg|bind|jmsbind|lmsg|p[0-9]*|page[0-9]*|nm)$'")
                .strip();
        if (!tables.isEmpty()) {
            db.execute("drop table " + tables);
        }
        db.query(
                "select count(lo_unlink(oid)) from pg_largeobject_metadata where lomowner = (select oid from pg_roles where rolname = current_user)");
    }

    /** Starts the simulated MMSCs sim-a and sim-b (ports {@link #CONTROL} + 1, + 2). */
    public Simulators startSimulators() {
        simulators =
                harness.simulators(new LinkedHashMap<>(Map.of("sim-a", CONTROL + 1, "sim-b", CONTROL + 2)), CONTROL);
        return simulators;
    }

    public Simulators simulators() {
        return simulators;
    }

    public Path clusterPassword() {
        return clusterPassword;
    }

    public Path dbPassword() {
        return dbPassword;
    }

    public Path clusterKey() {
        return clusterKey;
    }

    public int size() {
        return offsets.length;
    }

    /** Node {@code i} (1-based), once prepared. */
    public ClusterNode node(int i) {
        return nodes.get(i - 1);
    }

    public List<ClusterNode> nodes() {
        return List.copyOf(nodes);
    }

    /** The operators' cluster-node.sh with {@code arguments}, run to its end. */
    public Command.Result nodeScript(String... arguments) {
        List<String> command = new ArrayList<>(
                List.of(Installation.operatorScript("cluster-node.sh").toString()));
        command.addAll(List.of(arguments));
        return Command.of(command)
                .in(Installation.project())
                .timeout(Duration.ofMinutes(2))
                .run();
    }

    /** Every node's JGroups address (TCPPING's static list). */
    public String members() {
        return Arrays.stream(offsets)
                .mapToObj(o -> "127.0.0.1:" + (JGROUPS_BASE + o))
                .collect(Collectors.joining(","));
    }

    /**
     * Makes the base directories of all nodes with cluster-node.sh ({@code dbUrl} as the registry),
     * and adds the NOC operator to each; the command cluster-node.sh printed goes to node&lt;i&gt;.start-command.
     */
    public void prepare(String dbUrl) {
        for (int i = 1; i <= size(); i++) {
            prepare(i, dbUrl);
        }
    }

    private void prepare(int i, String dbUrl) {
        Path base = harness.work().resolve("node" + i);
        int offset = offsets[i - 1];
        int dnsPort = DNS_BASE + offset;
        String backupOf = "node" + (i == 1 ? size() : i - 1);
        String output = nodeScript(
                        "--server",
                        Installation.server().toString(),
                        "--name",
                        "node" + i,
                        "--base",
                        base.toString(),
                        "--backup-of",
                        backupOf,
                        "--offset",
                        Integer.toString(offset),
                        "--members",
                        members(),
                        "--jgroups-port",
                        Integer.toString(JGROUPS_BASE),
                        "--cluster-password-file",
                        clusterPassword.toString(),
                        "--cluster-key",
                        clusterKey.toString(),
                        "--db-url",
                        dbUrl,
                        "--db-user",
                        db.user(),
                        "--db-password-file",
                        dbPassword.toString(),
                        "--router-address",
                        "127.0.10." + i,
                        "--set",
                        "mmsrouter.dns.port=" + dnsPort,
                        "--set",
                        "mmsrouter.dns.rate-limit=0",
                        "--set",
                        "mmsrouter.mmsc.sim-a.url=http://127.0.0.1:" + (CONTROL + 1) + "/mms",
                        "--set",
                        "mmsrouter.mmsc.sim-b.url=http://127.0.0.1:" + (CONTROL + 2) + "/mms")
                .requireSuccess()
                .output();
        write(harness.work().resolve("node" + i + ".start-command"), output);
        RouterNode.addOperator(base);
        RouterNode router = harness.node(RouterNode.prepared(
                "node" + i,
                base,
                offset,
                List.of(
                        "-c",
                        "standalone-full-ha.xml",
                        "-P",
                        base.resolve("configuration/cluster-node.properties").toString())));
        nodes.add(new ClusterNode(i, router, dnsPort, JGROUPS_BASE + offset));
    }

    /**
     * Starts every node, one after the other (three WildFly boots at once on two cores take longer than in
     * turn), each within {@code within}; prints how long each took.
     */
    public void startInTurn(Duration within) {
        for (int i = 1; i <= size(); i++) {
            System.out.println("     node" + i + " deployed (" + Await.seconds(start(i, within)) + ")");
        }
    }

    /** Starts node {@code i} and waits until its router is deployed; returns how long that took. */
    public Duration start(int i, Duration within) {
        node(i).router().launch();
        return node(i).router().awaitDeployed(within);
    }

    /**
     * Restarts node {@code i} with the operators' cluster-restart.sh (suspend, ordinary stop, start without the
     * router, failback, deploy, the replica's backup standing by again), with {@code options} added (e.g. --skip-stop,
     * --update CMD, --user U --password-file F); fails with the script's output when it does. Its output
     * is printed indented; returns how long it took.
     */
    public Duration restart(int i, String... options) {
        ClusterNode node = node(i);
        ClusterNode replica = node(i == size() ? 1 : i + 1);
        List<String> command = new ArrayList<>(List.of(
                Installation.operatorScript("cluster-restart.sh").toString(),
                "--server",
                Installation.server().toString(),
                "--base",
                node.base().toString(),
                "--controller",
                node.controller(),
                "--replica",
                replica.controller(),
                "--start",
                startCommand(node)));
        command.addAll(List.of(options));
        long started = System.nanoTime();
        Command.Result result = Command.of(command)
                .in(Installation.project())
                .timeout(RESTART_LIMIT)
                .run();
        write(harness.work().resolve("restart-" + node.name() + ".log"), result.output());
        System.out.println(result.output().lines().map(line -> "     " + line).collect(Collectors.joining("\n")));
        if (!result.succeeded()) {
            throw new AssertionError(node.name() + " did not come back: cluster-restart.sh exited " + result.exitCode()
                    + "\n" + result.output() + "\n--- " + node.router().serverLog() + " ---\n"
                    + LogTail.of(node.router().serverLog(), 40));
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /**
     * The command cluster-restart.sh runs to start node {@code node} in the background, as a service
     * manager would: WildFly writes its PID where {@link RouterNode} reads it, so the harness still kills it by PID.
     */
    private static String startCommand(ClusterNode node) {
        Path base = node.base();
        return "LAUNCH_JBOSS_IN_BACKGROUND=1 JBOSS_PIDFILE='" + base.resolve("server.pid") + "' nohup '"
                + Installation.server().resolve("bin/standalone.sh")
                + "' -c standalone-full-ha.xml -Djboss.server.base.dir='" + base
                + "' -P '" + base.resolve("configuration/cluster-node.properties") + "' >>'"
                + node.router().consoleLog()
                + "' 2>&1 </dev/null &";
    }

    /** Node {@code at}'s DNS answers carry exactly the addresses of {@code members} (1-based), no other node's. */
    public boolean dnsAnswersExactly(int at, int... members) {
        Set<String> answers = node(at).dnsAnswers();
        Set<Integer> expected = IntStream.of(members).boxed().collect(Collectors.toSet());
        return nodes.stream().allMatch(n -> answers.contains(n.address()) == expected.contains(n.index()));
    }

    /**
     * A load run against node {@code i} (report load-&lt;runId&gt;.txt, Ok Transaction-IDs ok-&lt;runId&gt;.txt):
     * {@code rate} MM/s offered (open loop) for {@code seconds}, {@code size}-byte MMs, 100 concurrent, 10 s timeout.
     */
    public Load load(int i, String runId, int rate, int seconds, int size) {
        return harness.load(
                node(i).router(),
                runId,
                "--rate",
                Integer.toString(rate),
                "--concurrency",
                "100",
                "--warmup",
                "0s",
                "--duration",
                seconds + "s",
                "--size",
                Integer.toString(size),
                "--timeout",
                "10s");
    }

    /** The resident memory of each node, as "node-1 612 MB, node-2 598 MB". */
    public String rss() {
        return nodes.stream()
                .map(n -> "node-" + n.index() + " " + n.router().rssMegabytes() + " MB")
                .collect(Collectors.joining(", "));
    }

    /** Every node's MmsSubmissions queue, as "node-1 12, node-2 0". */
    public String queued() {
        return nodes.stream().map(n -> "node-" + n.index() + " " + n.queued()).collect(Collectors.joining(", "));
    }

    /**
     * Writes {@code text} to {@code file} through a file made mode 600 before a byte goes in; the file is
     * removed after the test class, with the cluster's own secrets.
     */
    public void secret(Path file, String text) {
        removeAfterwards(file);
        try {
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, text + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A secret file something else made (e.g. a key generated by cluster-node.sh), removed after the test class. */
    public void removeAfterwards(Path file) {
        secrets.add(file);
    }

    private void removeSecrets() throws IOException {
        for (Path file : secrets) {
            Files.deleteIfExists(file);
        }
    }

    private static void write(Path file, String text) {
        try {
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
