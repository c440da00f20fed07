package org.mmsrouter.nodes;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A router node's row in the shared database: written only by that node, read by all. Holds no
 * optimistic-lock version on purpose: each node is the sole writer of its row.
 */
@Entity
@Table(name = "ROUTER_NODE")
public class RouterNodeRecord {

    @Id
    @Column(length = 64)
    private String name;

    /** Comma-separated IP literals. */
    @Column(nullable = false, length = 2000)
    private String addresses;

    @Column(nullable = false)
    private long beat;

    @Column(name = "STARTED_AT", nullable = false)
    private Instant startedAt;

    /** The writer's clock at its last beat: for people reading the table, never for liveness. */
    @Column(name = "BEAT_AT", nullable = false)
    private Instant beatAt;

    /** This node's view of the MMSCs' health, "sim-a=UP,sim-b=DOWN": so every node's console shows every node's view. */
    @Column(name = "MMSC_HEALTH", length = 4000)
    private String mmscHealth;

    /** Whether the node takes new MMs (admission control); null in rows written before the column existed: yes. */
    @Column(name = "ACCEPTING")
    private Boolean accepting;

    protected RouterNodeRecord() {
        // for JPA
    }

    RouterNodeRecord(String name, List<InetAddress> addresses, Instant startedAt) {
        this.name = name;
        this.startedAt = startedAt;
        this.beatAt = startedAt;
        this.addresses = join(addresses);
    }

    void shareHealth(Map<String, String> health) {
        String text = health.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(","));
        mmscHealth = text.length() > 4000 ? text.substring(0, 4000) : text;
    }

    void shareAcceptance(boolean accepting) {
        this.accepting = accepting;
    }

    /** The health view this node wrote, MMSC id → state, in its order. */
    Map<String, String> health() {
        Map<String, String> view = new LinkedHashMap<>();
        if (mmscHealth != null && !mmscHealth.isEmpty()) {
            for (String pair : mmscHealth.split(",")) {
                int equals = pair.indexOf('=');
                if (equals > 0) {
                    view.put(pair.substring(0, equals), pair.substring(equals + 1));
                }
            }
        }
        return view;
    }

    String name() {
        return name;
    }

    /** One more heartbeat; the addresses are rewritten in case this node's settings changed. */
    void beat(List<InetAddress> currentAddresses, Instant restartedAt, Instant now, boolean firstOfThisRun) {
        beat++;
        addresses = join(currentAddresses);
        beatAt = now;
        if (firstOfThisRun) {
            startedAt = restartedAt;
        }
    }

    NodeBeat toBeat() {
        List<InetAddress> parsed = Arrays.stream(addresses.split(","))
                .filter(s -> !s.isBlank())
                .map(RouterNodeRecord::literal)
                .toList();
        return new NodeBeat(name, parsed, beat, startedAt, accepting == null || accepting);
    }

    private static String join(List<InetAddress> addresses) {
        return addresses.stream().map(InetAddress::getHostAddress).collect(Collectors.joining(","));
    }

    private static InetAddress literal(String text) {
        if (!text.trim().matches("[0-9A-Fa-f:.]+")) {
            throw new IllegalStateException("ROUTER_NODE holds a bad address: " + text);
        }
        try {
            return InetAddress.getByName(text.trim()); // IP literals only: written by join above
        } catch (UnknownHostException e) {
            throw new IllegalStateException("ROUTER_NODE holds a bad address: " + text, e);
        }
    }
}
