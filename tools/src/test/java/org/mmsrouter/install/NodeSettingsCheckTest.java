package org.mmsrouter.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.mmsrouter.install.NodeSettingsCheck.Problem;
import org.mmsrouter.install.NodeSettingsCheck.Profile;

class NodeSettingsCheckTest {

    private static final Set<String> KNOWN = Set.of(
            "mmsrouter.cluster.password",
            "mmsrouter.cluster.jgroups.port",
            "mmsrouter.cluster.jgroups.fd-port",
            "mmsrouter.cluster.ha.journal",
            "mmsrouter.cluster.ha.backup-journal",
            "mmsrouter.db.url",
            "mmsrouter.db.user",
            "mmsrouter.db.password",
            "mmsrouter.router.addresses",
            "mmsrouter.dns.port",
            "mmsrouter.dns.bind-address",
            "mmsrouter.mmscs");

    /** A node of a two-host cluster, as the template's comments lead an operator to write it. */
    private static final String GOOD_CLUSTER_NODE = """
            # node 1 of two
            jboss.node.name=node1
            jboss.tx.node.id=node1
            jboss.socket.binding.port-offset=0
            jboss.bind.address=10.0.0.1
            jboss.bind.address.private=10.0.0.1
            mmsrouter.cluster.jgroups.port=7600
            mmsrouter.cluster.member.1.host=10.0.0.1
            mmsrouter.cluster.member.1.port=7600
            mmsrouter.cluster.member.2.host=10.0.0.2
            mmsrouter.cluster.member.2.port=7600
            mmsrouter.cluster.password=s3cret-cluster
            mmsrouter.cluster.ha.journal=node1
            mmsrouter.cluster.ha.backup-journal=node2
            mmsrouter.db.url=jdbc:postgresql://10.0.0.9:5432/mmsrouter
            mmsrouter.db.user=mmsrouter
            mmsrouter.db.password=s3cret-db
            mmsrouter.router.addresses=10.0.0.1
            mmsrouter.mmscs=a
            mmsrouter.mmsc.a.url=http://mmsc-a.operator.test/mms
            """;

    private static List<Problem> cluster(String text) {
        return new NodeSettingsCheck(Profile.CLUSTER, KNOWN).check(text, "node.properties", false);
    }

    @Test
    void aCompleteClusterNodeHasNoProblem() {
        assertEquals(List.of(), cluster(GOOD_CLUSTER_NODE));
    }

    @Test
    void twoNodesOnOneHostWithOffsetsAndLoopbackAreFine() {
        String second = GOOD_CLUSTER_NODE
                .replace("10.0.0.1", "127.0.0.1")
                .replace("10.0.0.2", "127.0.0.1")
                .replace("member.2.port=7600", "member.2.port=7700")
                .replace("port-offset=0", "port-offset=100");
        assertEquals(List.of(), cluster(second));
    }

    @Test
    void anEmptySingleNodeFileIsFine() {
        assertEquals(List.of(), new NodeSettingsCheck(Profile.SINGLE, KNOWN).check("# defaults\n", "f", true));
    }

    static Stream<Arguments> mistakes() {
        return Stream.of(
                Arguments.of(
                        "cluster password missing", drop("mmsrouter.cluster.password"), "mmsrouter.cluster.password"),
                Arguments.of("node name missing", drop("jboss.node.name"), "jboss.node.name"),
                Arguments.of("database missing", drop("mmsrouter.db.url"), "mmsrouter.db.url"),
                Arguments.of(
                        "WildFly's placeholder password",
                        GOOD_CLUSTER_NODE.replace("s3cret-cluster", "CHANGE ME!!"),
                        "mmsrouter.cluster.password"),
                Arguments.of(
                        "this node not among the members",
                        GOOD_CLUSTER_NODE.replace("member.1.host=10.0.0.1", "member.1.host=10.0.0.3"),
                        "jboss.bind.address.private"),
                Arguments.of(
                        "loopback on a multi-host cluster",
                        GOOD_CLUSTER_NODE
                                .replace("jboss.bind.address.private=10.0.0.1", "jboss.bind.address.private=127.0.0.1")
                                .replace("member.1.host=10.0.0.1", "member.1.host=127.0.0.1"),
                        "jboss.bind.address.private"),
                Arguments.of(
                        "DNS giving out loopback on a multi-host cluster",
                        GOOD_CLUSTER_NODE.replace("router.addresses=10.0.0.1", "router.addresses=127.0.0.1"),
                        "mmsrouter.router.addresses"),
                Arguments.of(
                        "a gap in the members",
                        GOOD_CLUSTER_NODE
                                .replace("member.2.host", "member.3.host")
                                .replace("member.2.port", "member.3.port"),
                        "mmsrouter.cluster.member.2.host"),
                Arguments.of("only one member", drop("mmsrouter.cluster.member.2"), "mmsrouter.cluster.member.2.host"),
                Arguments.of(
                        "journal name too long",
                        GOOD_CLUSTER_NODE.replace("ha.journal=node1", "ha.journal=router-node-1"),
                        "mmsrouter.cluster.ha.journal"),
                Arguments.of(
                        "backup of its own journal",
                        GOOD_CLUSTER_NODE.replace("backup-journal=node2", "backup-journal=node1"),
                        "mmsrouter.cluster.ha.backup-journal"),
                Arguments.of(
                        "not PostgreSQL",
                        GOOD_CLUSTER_NODE.replace("jdbc:postgresql://", "jdbc:mysql://"),
                        "mmsrouter.db.url"),
                Arguments.of(
                        "a host name where an address goes",
                        GOOD_CLUSTER_NODE.replace("jboss.bind.address=10.0.0.1", "jboss.bind.address=node1.example"),
                        "jboss.bind.address"),
                Arguments.of(
                        "a port out of range",
                        GOOD_CLUSTER_NODE.replace("jgroups.port=7600", "jgroups.port=76000"),
                        "mmsrouter.cluster.jgroups.port"),
                Arguments.of("a typo", GOOD_CLUSTER_NODE + "mmsrouter.dns.prot=53\n", "mmsrouter.dns.prot"),
                Arguments.of("a key set twice", GOOD_CLUSTER_NODE + "mmsrouter.db.user=other\n", "mmsrouter.db.user"),
                Arguments.of(
                        "an MMSC without URL",
                        GOOD_CLUSTER_NODE.replace("mmsrouter.mmscs=a", "mmsrouter.mmscs=a,b"),
                        "mmsrouter.mmsc.b.url"),
                Arguments.of(
                        "transaction node id too long",
                        GOOD_CLUSTER_NODE.replace("tx.node.id=node1", "tx.node.id=node1-of-the-cluster-in-frankfurt"),
                        "jboss.tx.node.id"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("mistakes")
    void eachMistakeIsNamedByItsKey(String mistake, String text, String key) {
        List<Problem> problems = cluster(text);
        assertTrue(
                problems.stream().anyMatch(p -> p.key().equals(key)),
                mistake + ": expected a problem about " + key + ", got " + problems);
    }

    @Test
    void aSecretInAFileOthersMayReadIsNamed() {
        List<Problem> problems = new NodeSettingsCheck(Profile.CLUSTER, KNOWN).check(GOOD_CLUSTER_NODE, "n", true);
        assertEquals(
                List.of("mmsrouter.cluster.password", "mmsrouter.db.password"),
                problems.stream().map(Problem::key).toList());
        assertTrue(problems.get(0).message().contains("chmod 600 n"), problems.toString());
    }

    @Test
    void aContinuedLineIsOneKey() {
        String text = GOOD_CLUSTER_NODE.replace(
                "mmsrouter.router.addresses=10.0.0.1", "mmsrouter.router.addresses=10.0.0.1,\\\n    10.0.0.11");
        assertEquals(List.of(), cluster(text));
    }

    @Test
    void profilesAreNamedByTheirFiles() {
        assertEquals(Profile.CLUSTER, Profile.of("standalone-full-ha.xml"));
        assertEquals(Profile.SINGLE, Profile.of("standalone-full.xml"));
    }

    private static String drop(String keyPrefix) {
        return GOOD_CLUSTER_NODE
                .lines()
                .filter(line -> !line.startsWith(keyPrefix))
                .reduce("", (all, line) -> all + line + "\n");
    }
}
