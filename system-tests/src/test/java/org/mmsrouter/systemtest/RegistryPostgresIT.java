package org.mmsrouter.systemtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer.OrderAnnotation;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.mmsrouter.systemtest.harness.Await;
import org.mmsrouter.systemtest.harness.Dig;
import org.mmsrouter.systemtest.harness.Postgres;
import org.mmsrouter.systemtest.harness.Prerequisites;
import org.mmsrouter.systemtest.harness.RouterNode;
import org.mmsrouter.systemtest.harness.Simulators;
import org.mmsrouter.systemtest.harness.SystemHarness;
import org.mmsrouter.systemtest.harness.SystemTest;

/**
 * The MMSC registry on PostgreSQL (the datasource a cluster shares) instead of the embedded H2 file:
 * an MMSC edited through the API survives kill -9 of WildFly and is stored in PostgreSQL's MMSC table;
 * a second node on the same database joins every node's DNS answers (rotated), is dropped from them
 * within the node timeout when killed, and is left out of them while it refuses new MMs (admission
 * control) although live. Needs PostgreSQL (PGHOST/PGPORT/PGUSER/PGPASSWORD/PGDATABASE, defaults as
 * .ci/run creates them) and dig. Nodes at port offsets 500 and 510, DNS on 15753 and 15763.
 */
@SystemTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(OrderAnnotation.class)
class RegistryPostgresIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    private static final int OFFSET_1 = 500;
    private static final int OFFSET_2 = 510;
    private static final String ADDRESS_1 = "127.0.5.1";
    private static final String ADDRESS_2 = "127.0.5.2";
    private static final String EDIT =
            "{\"priority\":0,\"weight\":9,\"recipientPrefixes\":[\"+49170\"],\"adminState\":\"draining\",\"maxRate\":50}";
    private static final String UPDATED_BY = "e2e-operator (api from 127.0.0.1)";
    private static final Pattern SIM_A = Pattern.compile("\\{[^{}]*\"id\":\"sim-a\"[^{}]*}");
    private static final Duration JOIN_LIMIT = Duration.ofSeconds(30);
    private static final Duration SETTLED_LIMIT = Duration.ofSeconds(5);

    private final Postgres postgres = Postgres.fromEnvironment();
    private final Dig dns1 = Dig.at("127.0.0.1", dnsPort(OFFSET_1));
    private final Dig dns2 = Dig.at("127.0.0.1", dnsPort(OFFSET_2));
    private Simulators sims;
    private RouterNode node1;
    private RouterNode node2;

    @BeforeAll
    void nodeOneOnPostgres() {
        Prerequisites.command("dig", "dnsutils");
        Prerequisites.command("psql", "postgresql-client");
        Prerequisites.require(
                postgres.reachable(),
                "PostgreSQL " + postgres.user() + "@" + postgres.host() + ":" + postgres.port() + "/"
                        + postgres.database() + " is reachable");
        postgres.execute(
                "drop table if exists mmsc; drop table if exists router_node; drop table if exists audit_event");
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("sim-a", 18581);
        ports.put("sim-b", 18582);
        sims = harness.simulators(ports, 18580);
        node1 = onPostgres("node-1", OFFSET_1);
        node2 = onPostgres("node-2", OFFSET_2);
        start(node1, ADDRESS_1);
    }

    @Order(1)
    @Test
    void theRegistryEditSurvivesKill9OnPostgres() {
        node1.admin().send("PUT", "/mmscs/sim-a/routing", EDIT);
        node1.kill();
        String stored = postgres.query(
                "select weight, recipient_prefixes, admin_state, max_rate, updated_by from mmsc where id = 'sim-a'");
        start(node1, ADDRESS_1);
        Matcher listed = SIM_A.matcher(node1.admin().get("/mmscs"));
        String simA = listed.find() ? listed.group() : "";
        harness.figure("PostgreSQL row: %s", stored);
        harness.figure("after kill -9 and restart: %s", simA);
        assertEquals("9|+49170|DRAINING|50|" + UPDATED_BY, stored, "the MMSC row in PostgreSQL");
        assertTrue(
                simA.contains("\"weight\":9")
                        && simA.contains("\"adminState\":\"draining\"")
                        && simA.contains("\"updatedBy\":\"" + UPDATED_BY + "\""),
                "the registry after restart lists the edit: " + simA);
    }

    @Order(2)
    @Test
    void nodeOnesAnswersCarryBothNodes() {
        start(node2, ADDRESS_2);
        within("node-1's DNS answers carry both nodes", JOIN_LIMIT, () -> both(dns1));
    }

    @Order(3)
    @Test
    void nodeTwosAnswersCarryBothNodes() {
        within("node-2's DNS answers carry both nodes", JOIN_LIMIT, () -> both(dns2));
    }

    @Order(4)
    @Test
    void consecutiveAnswersStartWithADifferentNode() {
        within(
                "consecutive answers start with a different node",
                SETTLED_LIMIT,
                () -> !first(dns1).equals(first(dns1)));
    }

    @Order(5)
    @Test
    void bothNodesBeatInTheRouterNodeTable() {
        String nodes = rows("select name || '=' || addresses from router_node order by name");
        harness.figure("ROUTER_NODE: %s", nodes);
        assertEquals("node-1=" + ADDRESS_1 + " node-2=" + ADDRESS_2, nodes);
    }

    @Order(6)
    @Test
    void nodeOnesAnswersDropTheDeadNodeTwo() {
        node2.kill();
        harness.figure(
                "node-2 killed with kill -9; node-1 answered: %s",
                String.join(" ", dns1.addresses("mms.operator.test")));
        within(
                "node-1's answers drop the dead node-2 (node timeout 10 s, DNS TTL 60 s)",
                JOIN_LIMIT,
                () -> onlyFirst(dns1));
    }

    /** node-2 back, but refusing new MMs (a free-space floor no volume here meets, as if its journal's disk were full). */
    @Order(7)
    @Test
    void nodeOneSeesNodeTwoLiveAgain() {
        start(node2, ADDRESS_2, "mmsrouter.admission.disk-min-free-mb=1000000");
        Pattern live = Pattern.compile("\"addresses\":\\[\"" + Pattern.quote(ADDRESS_2) + "\"][^{}]*\"live\":true");
        within(
                "node-1 sees node-2 live again",
                JOIN_LIMIT,
                () -> live.matcher(node1.admin().get("/status")).find());
    }

    @Order(8)
    @Test
    void nodeOnesAnswersLeaveOutTheRefusingNodeTwo() {
        Await.pause(Duration.ofSeconds(3)); // a few heartbeats more: the answers are no leftover of node-2's absence
        within("node-1's answers leave out node-2 while it refuses new MMs", SETTLED_LIMIT, () -> onlyFirst(dns1));
    }

    @Order(9)
    @Test
    void nodeTwosOwnAnswersLeaveItOut() {
        within("node-2's own answers leave it out too", SETTLED_LIMIT, () -> onlyFirst(dns2));
    }

    @Order(10)
    @Test
    void theRouterNodeTableSaysWhichNodeAccepts() {
        String accepting = rows("select name || '=' || accepting from router_node order by name");
        harness.figure("ROUTER_NODE accepting: %s", accepting);
        assertTrue(accepting.matches("node-1=t(rue)? node-2=f(alse)?"), "ROUTER_NODE's accepting column: " + accepting);
        node2.kill();
    }

    /** A node whose MmsRouterDS is the shared PostgreSQL database. */
    private RouterNode onPostgres(String name, int offset) {
        RouterNode node = harness.standaloneNode(name, offset);
        postgres.configure(node);
        return node;
    }

    private void start(RouterNode node, String address, String... more) {
        List<String> properties = Stream.concat(
                        Stream.of(
                                "mmsrouter.dns.port=" + dnsPort(node.offset()),
                                "mmsrouter.node.name=" + node.name(),
                                "mmsrouter.router.addresses=" + address,
                                "mmsrouter.dns.rate-limit=0"),
                        Stream.concat(sims.routerProperties().stream(), Stream.of(more)))
                .toList();
        Duration took = node.start(properties.toArray(String[]::new));
        harness.figure("%s deployed after %s", node.name(), Await.seconds(took));
    }

    /** Await.until, with the time the condition took printed as the script printed it. */
    private void within(String what, Duration limit, BooleanSupplier condition) {
        harness.figure("%s: %s", what, Await.seconds(Await.until(what, limit, condition)));
    }

    private String rows(String sql) {
        return String.join(" ", postgres.query(sql).lines().toList());
    }

    private static boolean both(Dig dns) {
        List<String> answers = dns.addresses("mms.operator.test");
        return answers.contains(ADDRESS_1) && answers.contains(ADDRESS_2);
    }

    private static boolean onlyFirst(Dig dns) {
        List<String> answers = dns.addresses("mms.operator.test");
        return answers.contains(ADDRESS_1) && !answers.contains(ADDRESS_2);
    }

    private static String first(Dig dns) {
        return dns.addresses("mms.operator.test").stream().findFirst().orElse("");
    }

    private static int dnsPort(int offset) {
        return 15253 + offset;
    }
}
