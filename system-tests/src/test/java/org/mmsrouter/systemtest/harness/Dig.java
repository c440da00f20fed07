package org.mmsrouter.systemtest.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * BIND's dig against one DNS server, as a resolver or an operator asks it: one try, a short timeout,
 * its whole output kept (header flags, status, sections) for the checks to match.
 */
public final class Dig {

    /** The name the router answers for (its test configuration's MMSC host name). */
    public static final String NAME = "mms.operator.test";

    private final String server;
    private final int port;
    private final int timeoutSeconds;

    private Dig(String server, int port, int timeoutSeconds) {
        this.server = server;
        this.port = port;
        this.timeoutSeconds = timeoutSeconds;
    }

    /** dig {@code @server -p port +tries=1 +time=2}. */
    public static Dig at(String server, int port) {
        return new Dig(server, port, 2);
    }

    /** The same server, each try waiting {@code seconds} (e.g. a forwarding resolver: 3). */
    public Dig timeout(int seconds) {
        return new Dig(server, port, seconds);
    }

    /** dig's full output for {@code arguments} (name, type, options like {@code +tcp}); whatever its exit code. */
    public String query(String... arguments) {
        return Command.of(command(arguments)).run().output();
    }

    /**
     * The A records the responder on 127.0.0.1:{@code port} gives for {@link #NAME}, as a set (empty when it
     * does not answer: dig's error lines are not addresses).
     */
    public static Set<String> addresses(int port) {
        Set<String> addresses = new TreeSet<>();
        at("127.0.0.1", port).addresses(NAME).stream()
                .filter(a -> a.matches("[0-9.]+"))
                .forEach(addresses::add);
        return addresses;
    }

    /** The answers of {@code dig +short name A}, in the order the server gave them. */
    public List<String> addresses(String name) {
        return query("+short", name, "A")
                .lines()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .toList();
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(
                List.of("dig", "@" + server, "-p", Integer.toString(port), "+tries=1", "+time=" + timeoutSeconds));
        command.addAll(Arrays.asList(arguments));
        return command;
    }

    @Override
    public String toString() {
        return "dig @" + server + " -p " + port;
    }
}
