package org.mmsrouter.systemtest.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node of a {@link Cluster}: its router process ({@link RouterNode}, base directory made by
 * {@code cluster-node.sh}), the ports and address the cluster gave it, and what a test reads from it:
 * its DNS answers, its brokers' state in its log and management model, its queue and admin API.
 */
public final class ClusterNode {

    /** Artemis logs this when the backup broker has started and waits for its journal's lease. */
    static final String STANDING_BY = "ActiveMQServerImpl::name=backup) AMQ221109";
    /** Artemis logs this when the backup broker takes the journal over (its node stopped or died). */
    public static final String BACKUP_ACTIVE = "AMQ221010: Backup Server is now active";

    private static final Pattern RESULT = Pattern.compile("\"result\" => \"?(.*?)\"?\\s*$", Pattern.MULTILINE);
    private static final Pattern QUEUED =
            Pattern.compile("^mmsrouter_queue_messages\\{queue=\"MmsSubmissions\"} (\\S+)$", Pattern.MULTILINE);

    private final int index;
    private final RouterNode router;
    private final int dnsPort;
    private final int jgroupsPort;

    ClusterNode(int index, RouterNode router, int dnsPort, int jgroupsPort) {
        this.index = index;
        this.router = router;
        this.dnsPort = dnsPort;
        this.jgroupsPort = jgroupsPort;
    }

    /** 1-based, as the scripts and logs count nodes. */
    public int index() {
        return index;
    }

    /** {@code node<index>}: its JGroups and broker name. */
    public String name() {
        return "node" + index;
    }

    public RouterNode router() {
        return router;
    }

    public Path base() {
        return router.base();
    }

    public int dnsPort() {
        return dnsPort;
    }

    public int jgroupsPort() {
        return jgroupsPort;
    }

    /** The address this node's DNS answers give out for it (router address 127.0.10.i). */
    public String address() {
        return "127.0.10." + index;
    }

    /** {@code 127.0.0.1:<management port>}, as jboss-cli and cluster-restart.sh take it. */
    public String controller() {
        return "127.0.0.1:" + router.managementPort();
    }

    /** What this node's DNS responder gives out now. */
    public Set<String> dnsAnswers() {
        return Dig.addresses(dnsPort);
    }

    /** Lines in its server.log now (to look only at what comes after). */
    public int logLines() {
        return LogTail.lineCount(router.serverLog());
    }

    /** Its server.log has {@code text} at or after line {@code sinceLine}. */
    public boolean loggedSince(int sinceLine, String text) {
        return LogTail.contains(router.serverLog(), sinceLine, text);
    }

    /** Its backup broker stands by for the neighbour's journal (logged at or after {@code sinceLine}). */
    public boolean backupStandingBy(int sinceLine) {
        return loggedSince(sinceLine, STANDING_BY);
    }

    /** Whether its broker {@code server} ("default" or "backup") says it is active; false when unreadable. */
    public boolean brokerActive(String server) {
        return "true"
                .equals(cliResult("/subsystem=messaging-activemq/server=" + server + ":read-attribute(name=active)"));
    }

    /** The time field (second column) of the first log line at or after {@code sinceLine} holding {@code text}, or "". */
    public String loggedAt(int sinceLine, String text) {
        return LogTail.linesFrom(router.serverLog(), sinceLine).stream()
                .filter(l -> l.contains(text))
                .findFirst()
                .map(l -> l.split(" ").length > 1 ? l.split(" ")[1] : l)
                .orElse("");
    }

    /** A management CLI command against this node (local authentication); its whole output. */
    public Command.Result cli(String command) {
        return Command.of(
                        Installation.server().resolve("bin/jboss-cli.sh").toString(),
                        "--connect",
                        "--controller=" + controller(),
                        "--command=" + command)
                .timeout(Duration.ofSeconds(60))
                .run();
    }

    /** The value of a {@code read-attribute} (the text after {@code "result" =>}), or "" when the CLI failed. */
    public String cliResult(String command) {
        Command.Result result = cli(command);
        Matcher value = RESULT.matcher(result.output());
        return result.succeeded() && value.find() ? value.group(1) : "";
    }

    /** How many members this node's JGroups channel ee has in its view (0 when unreadable). */
    public int viewMembers() {
        return JGroupsView.members(cliResult("/subsystem=jgroups/channel=ee:read-attribute(name=view)"));
    }

    /** MMs in its MmsSubmissions queue, as a metrics scraper reads them ("?" when unreadable). */
    public String queued() {
        try {
            Matcher queued = QUEUED.matcher(router.admin().get("/metrics"));
            return queued.find() ? queued.group(1) : "?";
        } catch (RuntimeException | AssertionError e) {
            return "?";
        }
    }

    /** The admin state of {@code mmsc} this node has in force ("" when it lists no such MMSC). */
    public String adminState(String mmsc) {
        Matcher card = Pattern.compile("\\{[^{}]*\"id\":\"" + Pattern.quote(mmsc) + "\"[^{}]*}")
                .matcher(router.admin().get("/mmscs"));
        if (!card.find()) {
            return "";
        }
        Matcher state = Pattern.compile("\"adminState\":\"([a-z]*)\"").matcher(card.group());
        return state.find() ? state.group(1) : "";
    }

    @Override
    public String toString() {
        return name() + " " + router;
    }
}
