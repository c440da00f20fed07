package org.mmsrouter.systemtest.harness;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * A router cluster whose nodes are hosts of a {@link NetworkLab}, each in its own network namespace
 * with every port at its default (offset 0): node i has address 10.231.0.i and owns the virtual
 * address {@link #vip(int)} (10.231.0.(100+i)), which keepalived ({@link #startKeepalived}, with the
 * configuration the operators' {@code cluster-keepalived.sh} writes) moves to a survivor when its
 * router is not ready. Each node's base directory is made with {@code cluster-node.sh} as
 * {@link Cluster} makes it (whose secrets, checks and simulators this uses), but bound as a node
 * behind a VIP must be: the subscriber listener on every address (0.0.0.0, so it serves whichever
 * VIP it holds), JGroups and the brokers on the node's own address, DNS answers giving out the VIPs.
 * PostgreSQL and the simulated MMSCs stay on the root namespace's loopback, reached through the
 * lab's relays on {@link NetworkLab#GATEWAY}.
 */
public final class NamespacedCluster {

    /** JGroups TCP port (FD_SOCK2 the next). */
    public static final int JGROUPS = 7600;
    /** DNS port of every node, on its own address. */
    public static final int DNS = 5353;
    /** MM1 port. */
    public static final int HTTP = 8080;

    private static final Pattern RESULT = Pattern.compile("\"result\" => \"?(.*?)\"?\\s*$", Pattern.MULTILINE);

    private final SystemHarness harness;
    private final Postgres db;
    private final NetworkLab lab;
    private final Cluster cluster;
    private final List<RouterNode> routers = new ArrayList<>();
    private final List<ExternalProcess> keepalived = new ArrayList<>();

    private NamespacedCluster(SystemHarness harness, Postgres db, NetworkLab lab, Cluster cluster) {
        this.harness = harness;
        this.db = db;
        this.lab = lab;
        this.cluster = cluster;
    }

    /**
     * A lab of {@code size} hosts, the cluster's secrets ({@link Cluster#create}), the simulators started
     * and PostgreSQL and the simulators relayed into the lab; keepalived must be installed.
     */
    public static NamespacedCluster create(SystemHarness harness, Postgres db, int size) {
        Prerequisites.command("keepalived", "keepalived");
        NetworkLab lab = NetworkLab.create(harness, size);
        Cluster cluster = Cluster.create(harness, db, new int[size]);
        cluster.startSimulators();
        lab.relay(Integer.parseInt(db.port()), Integer.parseInt(db.port()));
        lab.relay(Cluster.CONTROL + 1, Cluster.CONTROL + 1);
        lab.relay(Cluster.CONTROL + 2, Cluster.CONTROL + 2);
        return new NamespacedCluster(harness, db, lab, cluster);
    }

    public NetworkLab lab() {
        return lab;
    }

    public Simulators simulators() {
        return cluster.simulators();
    }

    public int size() {
        return lab.hosts();
    }

    /** Node {@code i}'s virtual address. */
    public static String vip(int i) {
        return NetworkLab.spare(100 + i);
    }

    /** Every node's virtual address. */
    public List<String> vips() {
        return IntStream.rangeClosed(1, size()).mapToObj(NamespacedCluster::vip).toList();
    }

    /** MM1 at {@code address} (a node's own or a virtual one), as a gateway posts to it. */
    public static URI mm1(String address) {
        return URI.create("http://" + address + ":" + HTTP + "/mms");
    }

    /** Node {@code i}'s router process. */
    public RouterNode router(int i) {
        return routers.get(i - 1);
    }

    /**
     * Makes every node's base directory with cluster-node.sh (node i's backup broker standing by for node
     * i-1's journal, a ring, as {@link Cluster} does), with its VIP: cluster-node.sh --vip also writes its
     * keepalived configuration ({@code keepaliveOptions} added as --keepalived-option NAME=VALUE, e.g.
     * "preempt-delay=5").
     */
    public void prepare(String... keepaliveOptions) {
        String members = IntStream.rangeClosed(1, size())
                .mapToObj(i -> NetworkLab.address(i) + ":" + JGROUPS)
                .collect(Collectors.joining(","));
        String dbUrl = "jdbc:postgresql://" + NetworkLab.GATEWAY + ":" + db.port() + "/" + db.database();
        for (int i = 1; i <= size(); i++) {
            Path base = harness.work().resolve("node" + i);
            List<String> arguments = new ArrayList<>(List.of(
                    "--server",
                    Installation.server().toString(),
                    "--name",
                    "node" + i,
                    "--base",
                    base.toString(),
                    "--backup-of",
                    "node" + (i == 1 ? size() : i - 1),
                    "--members",
                    members,
                    "--jgroups-port",
                    Integer.toString(JGROUPS),
                    "--bind",
                    NetworkLab.address(i),
                    "--cluster-password-file",
                    cluster.clusterPassword().toString(),
                    "--cluster-key",
                    cluster.clusterKey().toString(),
                    "--db-url",
                    dbUrl,
                    "--db-user",
                    db.user(),
                    "--db-password-file",
                    cluster.dbPassword().toString(),
                    "--vip",
                    vip(i),
                    "--all-vips",
                    String.join(",", vips()),
                    "--vip-interface",
                    NetworkLab.INTERFACE,
                    "--set",
                    "mmsrouter.dns.bind-address=" + NetworkLab.address(i),
                    "--set",
                    "mmsrouter.dns.port=" + DNS,
                    "--set",
                    "mmsrouter.dns.rate-limit=0",
                    // The gateways (load, probe) are in the root namespace: the bridge's address.
                    "--set",
                    "mmsrouter.mm1.allowed-sources=127.0.0.0/8,::1," + NetworkLab.GATEWAY,
                    "--set",
                    "mmsrouter.mmsc.sim-a.url=http://" + NetworkLab.GATEWAY + ":" + (Cluster.CONTROL + 1) + "/mms",
                    "--set",
                    "mmsrouter.mmsc.sim-b.url=http://" + NetworkLab.GATEWAY + ":" + (Cluster.CONTROL + 2) + "/mms"));
            for (String option : keepaliveOptions) {
                arguments.addAll(List.of("--keepalived-option", option));
            }
            cluster.nodeScript(arguments.toArray(String[]::new)).requireSuccess();
            RouterNode.addOperator(base);
            routers.add(harness.node(RouterNode.prepared(
                            "node" + i,
                            base,
                            0,
                            List.of(
                                    "-c",
                                    "standalone-full-ha.xml",
                                    "-P",
                                    base.resolve("configuration/cluster-node.properties")
                                            .toString()))
                    .launchedWith(lab.prefix(i))));
        }
    }

    private Path keepalivedDirectory(int i) {
        return harness.work().resolve("node" + i).resolve("keepalived");
    }

    /** Starts node {@code i}'s WildFly in its namespace and waits until its router is deployed. */
    public Duration start(int i, Duration within) {
        router(i).launch();
        return router(i).awaitDeployed(within);
    }

    /**
     * Starts every node (one after the other, each deployed before the next starts), waits until every
     * backup broker stands by for its neighbour's journal, then starts every node's keepalived.
     */
    public void startAll() {
        for (int i = 1; i <= size(); i++) {
            System.out.println(
                    "     node" + i + " deployed (" + Await.seconds(start(i, Duration.ofSeconds(180))) + ")");
        }
        Await.until(
                "every backup broker stands by for its neighbour's journal",
                Duration.ofSeconds(120),
                () -> IntStream.rangeClosed(1, size()).allMatch(i -> backupStandingBy(i, 1)));
        for (int i = 1; i <= size(); i++) {
            startKeepalived(i);
        }
    }

    /**
     * Starts keepalived in node {@code i}'s namespace in the foreground, as a service unit runs it, with
     * the configuration cluster-keepalived.sh wrote and PID files of its own.
     */
    public ExternalProcess startKeepalived(int i) {
        Path dir = keepalivedDirectory(i);
        ExternalProcess process = lab.start(
                i,
                "keepalived node" + i,
                List.of(
                        "keepalived",
                        "--dont-fork",
                        "--log-console",
                        "--log-detail",
                        "--no-syslog",
                        "--vrrp",
                        "--use-file",
                        dir.resolve("keepalived.conf").toString(),
                        "--pid",
                        dir.resolve("keepalived.pid").toString(),
                        "--vrrp_pid",
                        dir.resolve("vrrp.pid").toString()),
                dir.resolve("keepalived.log"));
        while (keepalived.size() < i) {
            keepalived.add(null);
        }
        keepalived.set(i - 1, process);
        return process;
    }

    /** Node {@code i}'s keepalived log. */
    public Path keepalivedLog(int i) {
        return keepalivedDirectory(i).resolve("keepalived.log");
    }

    /** Which node holds {@code vip} now (0: none). */
    public int holder(String vip) {
        return lab.holder(vip);
    }

    /** Every node holds its own VIP and no other. */
    public boolean eachOwnsItsVip() {
        for (int i = 1; i <= size(); i++) {
            Set<String> held = new TreeSet<>(lab.addresses(i));
            held.remove(NetworkLab.address(i));
            if (!held.equals(Set.of(vip(i)))) {
                return false;
            }
        }
        return true;
    }

    /** The A records node {@code at}'s DNS responder gives out now (dig against its own address). */
    public Set<String> dnsAnswers(int at) {
        Set<String> answers = new TreeSet<>();
        Dig.at(NetworkLab.address(at), DNS).addresses(Dig.NAME).stream()
                .filter(a -> a.matches("[0-9.]+"))
                .forEach(answers::add);
        return answers;
    }

    /** Node {@code i}'s readiness (GET /admin/api/ready on its loopback NOC listener): the HTTP status, 0 if none. */
    public int readiness(int i) {
        String status = lab.exec(
                        i,
                        "curl",
                        "-sk",
                        "-o",
                        "/dev/null",
                        "-w",
                        "%{http_code}",
                        "--max-time",
                        "5",
                        "https://127.0.0.1:9443/admin/api/ready")
                .run()
                .output()
                .strip();
        return status.matches("[0-9]{3}") ? Integer.parseInt(status) : 0;
    }

    /** A management CLI command against node {@code i}, run in its namespace (local authentication). */
    public Command.Result cli(int i, String command) {
        return lab.exec(
                        i,
                        Installation.server().resolve("bin/jboss-cli.sh").toString(),
                        "--connect",
                        "--controller=127.0.0.1:9990",
                        "--command=" + command)
                .run();
    }

    /** The value of a CLI {@code read-attribute} on node {@code i}, or "" when the CLI failed. */
    public String cliResult(int i, String command) {
        Command.Result result = cli(i, command);
        Matcher value = RESULT.matcher(result.output());
        return result.succeeded() && value.find() ? value.group(1) : "";
    }

    /** Whether broker {@code server} (default, backup) of node {@code i} is active ("" when unreadable). */
    public String brokerActive(int i, String server) {
        return cliResult(i, "/subsystem=messaging-activemq/server=" + server + ":read-attribute(name=active)");
    }

    /** How many members node {@code i}'s JGroups channel ee has in its view (0 when unreadable). */
    /** Node {@code i}'s JGroups view as WildFly gives it, e.g. {@code [node2|7] (2) [node2, node1]}. */
    public String view(int i) {
        return cliResult(i, "/subsystem=jgroups/channel=ee:read-attribute(name=view)");
    }

    public int viewMembers(int i) {
        return JGroupsView.members(view(i));
    }

    /** Node {@code i}'s backup broker stands by for its neighbour's journal (logged at or after {@code sinceLine}). */
    public boolean backupStandingBy(int i, int sinceLine) {
        return loggedSince(i, sinceLine, ClusterNode.STANDING_BY);
    }

    /**
     * Waits (at most {@code within}) until every one of {@code answeredOk} has reached an MMSC; fails naming
     * some that did not. Returns how long it took.
     */
    public Duration awaitDelivered(Set<String> answeredOk, Duration within) {
        try {
            return Await.until(
                    "every MM answered Ok (" + answeredOk.size() + ") is delivered",
                    within,
                    () -> Deliveries.of(simulators()).missing(answeredOk).isEmpty());
        } catch (AssertionError e) {
            Set<String> missing = Deliveries.of(simulators()).missing(answeredOk);
            throw new AssertionError(
                    e.getMessage() + ": " + missing.size() + " not delivered, e.g. "
                            + missing.stream().limit(3).toList(),
                    e);
        }
    }

    /** Node {@code i}'s server.log has {@code text} at or after line {@code sinceLine}. */
    public boolean loggedSince(int i, int sinceLine, String text) {
        return LogTail.contains(router(i).serverLog(), sinceLine, text);
    }
}
