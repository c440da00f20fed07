package org.mmsrouter.systemtest.harness;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node's management model through {@code jboss-cli.sh}, as an operator drives it: one command a
 * call, connected to the node's management port (9990 + its offset).
 */
public final class ManagementCli {

    private static final Pattern RESULT = Pattern.compile("\"result\" => \"?([^\"\\s}]+)\"?");

    private final RouterNode node;

    public ManagementCli(RouterNode node) {
        this.node = node;
    }

    /** Runs {@code command} (e.g. {@code :reload}); its output whatever the outcome. */
    public Command.Result run(String command) {
        return Command.of(
                        Installation.server().resolve("bin/jboss-cli.sh").toString(),
                        "--connect",
                        "--controller=127.0.0.1:" + node.managementPort(),
                        "--command=" + command)
                .env("JBOSS_HOME", Installation.server().toString())
                .run();
    }

    /** Whether the command's outcome was success. */
    public static boolean succeeded(Command.Result result) {
        return result.output().contains("\"outcome\" => \"success\"");
    }

    /** The {@code "result" => value} of a read (quotes removed), if the read succeeded. */
    public Optional<String> read(String command) {
        Matcher result = RESULT.matcher(run(command).output());
        return result.find() ? Optional.of(result.group(1)) : Optional.empty();
    }
}
