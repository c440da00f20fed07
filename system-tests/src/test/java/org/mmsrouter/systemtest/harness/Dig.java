package org.mmsrouter.systemtest.harness;

import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;

/** A router's DNS responder asked as a resolver would ({@code dig}), for the addresses it gives out. */
public final class Dig {

    /** The name the router answers for (its test configuration's MMSC host name). */
    public static final String NAME = "mms.operator.test";

    private Dig() {
    }

    /** The A records the responder on 127.0.0.1:{@code port} answers for {@link #NAME} (empty when it does not answer). */
    public static Set<String> addresses(int port) {
        Command.Result result = Command.of("dig", "@127.0.0.1", "-p", Integer.toString(port), "+short", "+tries=1", "+time=2",
                NAME, "A").run();
        Set<String> addresses = new TreeSet<>();
        if (result.succeeded()) {
            Arrays.stream(result.output().split("\\s+")).filter(a -> a.matches("[0-9.]+")).forEach(addresses::add);
        }
        return addresses;
    }
}
