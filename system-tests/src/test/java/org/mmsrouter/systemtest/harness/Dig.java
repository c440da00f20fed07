package org.mmsrouter.systemtest.harness;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * BIND's dig against one DNS server, as a resolver or an operator asks it: one try, a short timeout,
 * its whole output kept (header flags, status, sections) for the checks to match.
 */
public final class Dig {

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

    /** The answers of {@code dig +short name A}, in the order the server gave them. */
    public List<String> addresses(String name) {
        return query("+short", name, "A").lines().map(String::strip).filter(line -> !line.isEmpty()).toList();
    }

    private List<String> command(String... arguments) {
        List<String> command = new ArrayList<>(List.of("dig", "@" + server, "-p", Integer.toString(port), "+tries=1",
                "+time=" + timeoutSeconds));
        command.addAll(Arrays.asList(arguments));
        return command;
    }

    @Override
    public String toString() {
        return "dig @" + server + " -p " + port;
    }
}
