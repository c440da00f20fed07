package org.mmsrouter.systemtest.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Hosts on one machine, each a network namespace of its own (issue 19: "network namespaces on one
 * machine are fine"): a bridge {@value #BRIDGE} in the root namespace with {@value #GATEWAY}/24,
 * namespaces {@code mmsr1..mmsrN} each joined to it by a veth pair (the host side {@code mmsrvI}, the
 * namespace side {@value #INTERFACE} with 10.231.0.I/24), loopback up. Host i is reached from the root
 * namespace (and from every other host) at {@link #address(int)}; a test cuts its link to play a
 * partition. Everything is named {@code mmsr*} and removed after the test class, and also when a
 * new lab starts (a run killed before its cleanup leaves them behind). Needs root and iproute2.
 *
 * <p>What lives in the root namespace on 127.0.0.1 (PostgreSQL, the simulated MMSCs) is reached from
 * the hosts through a {@link #relay relay} on the bridge address ({@code socat}): nothing of the
 * machine's own services is reconfigured.
 */
public final class NetworkLab implements AutoCloseable {

    /** The bridge in the root namespace. */
    public static final String BRIDGE = "mmsrbr0";
    /** The bridge's address: the root namespace as the hosts see it. */
    public static final String GATEWAY = "10.231.0.254";
    /** Each namespace's side of its veth pair. */
    public static final String INTERFACE = "lab0";

    private static final String PREFIX = "mmsr";
    private static final String SUBNET = "10.231.0.";

    private final SystemHarness harness;
    private final int hosts;
    private final List<ExternalProcess> relays = new ArrayList<>();

    private NetworkLab(SystemHarness harness, int hosts) {
        this.harness = harness;
        this.hosts = hosts;
    }

    /**
     * Makes the bridge and {@code hosts} namespaces (after removing any left over), tracked by the
     * harness for removal; skips the test (or fails it under MMSROUTER_REQUIRE_SYSTEM=1) without root,
     * iproute2 or socat.
     */
    public static NetworkLab create(SystemHarness harness, int hosts) {
        Prerequisites.root();
        Prerequisites.command("ip", "iproute2");
        Prerequisites.command("socat", "socat");
        if (hosts < 1 || hosts > 200) {
            throw new IllegalArgumentException("1..200 hosts, not " + hosts);
        }
        NetworkLab lab = harness.track(new NetworkLab(harness, hosts));
        removeLeftovers();
        ip("link", "add", BRIDGE, "type", "bridge");
        ip("addr", "add", GATEWAY + "/24", "dev", BRIDGE);
        ip("link", "set", BRIDGE, "up");
        for (int i = 1; i <= hosts; i++) {
            String ns = namespace(i);
            String hostSide = PREFIX + "v" + i;
            ip("netns", "add", ns);
            ip("link", "add", hostSide, "type", "veth", "peer", "name", INTERFACE, "netns", ns);
            ip("link", "set", hostSide, "master", BRIDGE, "up");
            lab.ip(i, "link", "set", "lo", "up");
            lab.ip(i, "addr", "add", address(i) + "/24", "dev", INTERFACE);
            lab.ip(i, "link", "set", INTERFACE, "up");
        }
        return lab;
    }

    /** How many hosts the lab has. */
    public int hosts() {
        return hosts;
    }

    /** Host {@code i}'s namespace name. */
    public static String namespace(int i) {
        return PREFIX + i;
    }

    /** Host {@code i}'s own address, 10.231.0.i. */
    public static String address(int i) {
        return SUBNET + i;
    }

    /** An address of the lab's subnet that no host has as its own, e.g. a virtual one (101..200). */
    public static String spare(int i) {
        if (i < 101 || i > 200) {
            throw new IllegalArgumentException("spare addresses are 101..200, not " + i);
        }
        return SUBNET + i;
    }

    /** What a command is prefixed with to run in host {@code i}'s namespace. */
    public List<String> prefix(int i) {
        return List.of("ip", "netns", "exec", namespace(i));
    }

    /** {@code command} to run in host {@code i}'s namespace. */
    public Command exec(int i, String... command) {
        List<String> full = new ArrayList<>(prefix(i));
        full.addAll(List.of(command));
        return Command.of(full).timeout(Duration.ofSeconds(60));
    }

    /**
     * A long-running process in host {@code i}'s namespace, its output appended to {@code log}, tracked by
     * the harness (killed by PID after the class). {@code ip netns exec} execs the command: the PID is its own.
     */
    public ExternalProcess start(int i, String name, List<String> command, Path log) {
        List<String> full = new ArrayList<>(prefix(i));
        full.addAll(command);
        harness.log(name, log);
        return harness.track(ExternalProcess.start(name, full, Map.of(), log.getParent(), log));
    }

    /** The IPv4 addresses host {@code i} has on its link now (its own and any virtual one it holds). */
    public List<String> addresses(int i) {
        return exec(i, "ip", "-4", "-o", "addr", "show", "dev", INTERFACE)
                .run()
                .output()
                .lines()
                .map(line -> line.replaceAll(".* inet ([0-9.]+)/.*", "$1"))
                .filter(a -> a.matches("[0-9.]+"))
                .toList();
    }

    /** Which host holds {@code address} now (0 when none does). */
    public int holder(String address) {
        for (int i = 1; i <= hosts; i++) {
            if (addresses(i).contains(address)) {
                return i;
            }
        }
        return 0;
    }

    /** Cuts host {@code i} off: its link goes down inside its namespace (a partition, as a pulled cable). */
    public void cut(int i) {
        ip(i, "link", "set", INTERFACE, "down");
    }

    /** Joins host {@code i} again after {@link #cut}. */
    public void heal(int i) {
        ip(i, "link", "set", INTERFACE, "up");
    }

    /**
     * Makes {@code 127.0.0.1:targetPort} of the root namespace reachable from the hosts at
     * {@value #GATEWAY}:{@code port}: socat, one child per connection, until the lab is closed.
     */
    public void relay(int port, int targetPort) {
        Path log = harness.work().resolve("relay-" + port + ".log");
        ExternalProcess relay = ExternalProcess.start(
                "relay " + port,
                List.of(
                        "socat",
                        "TCP-LISTEN:" + port + ",bind=" + GATEWAY + ",reuseaddr,fork",
                        "TCP:127.0.0.1:" + targetPort),
                Map.of(),
                harness.work(),
                log);
        relays.add(relay);
        Await.until(
                "the relay " + GATEWAY + ":" + port + " listens",
                Duration.ofSeconds(10),
                () -> relay.isAlive()
                        && Command.of("ss", "-Htln", "src", GATEWAY + ":" + port)
                                .run()
                                .output()
                                .contains(GATEWAY));
    }

    /** Removes the namespaces and the bridge (killing, by PID, anything still running in a namespace). */
    @Override
    public void close() {
        relays.forEach(ExternalProcess::close);
        removeLeftovers();
    }

    /** Every {@code mmsr*} namespace (its processes killed by PID first) and link. */
    private static void removeLeftovers() {
        for (String ns : Command.of("ip", "netns", "list")
                .run()
                .output()
                .lines()
                .map(line -> line.split(" ")[0])
                .filter(name -> name.matches(PREFIX + "[0-9]+"))
                .toList()) {
            Command.of("ip", "netns", "pids", ns)
                    .run()
                    .output()
                    .lines()
                    .filter(pid -> pid.matches("[0-9]+"))
                    .map(Long::parseLong)
                    .forEach(pid -> Pids.live(pid).ifPresent(Pids::kill));
            Command.of("ip", "netns", "delete", ns).run();
        }
        for (String link : Command.of("ip", "-o", "link", "show")
                .run()
                .output()
                .lines()
                .map(line -> line.replaceAll("^[0-9]+: ([^:@]+).*", "$1"))
                .filter(name -> name.startsWith(PREFIX))
                .toList()) {
            Command.of("ip", "link", "delete", link).run();
        }
    }

    private void ip(int i, String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip", "-n", namespace(i)));
        command.addAll(List.of(arguments));
        Command.of(command).output();
    }

    private static void ip(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        Command.of(command).output();
    }
}
