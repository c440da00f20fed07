package org.mmsrouter.systemtest.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * One WildFly with the router, as its own process: a server base directory (a copy of the provisioned
 * server's configuration with the EAR in its deployments), started with {@code standalone.sh}, known by
 * the PID WildFly writes ({@code JBOSS_PIDFILE}), killed by that PID. Ports are the defaults plus the
 * node's offset: MM1 on 8080, the NOC listener on 9443, management on 9990.
 */
public final class RouterNode implements AutoCloseable {

    /** The operator every node's realm gets (role noc-operator), as {@code mmsrouter-user.sh} adds one. */
    public static final String OPERATOR = "e2e-operator";

    /** {@link #OPERATOR}'s password (tests that install a node themselves give it to the installer). */
    public static final String OPERATOR_PASSWORD = "e2e-operator-pw";

    private static final String DEPLOYMENT = "mms-router.ear";
    private static final Duration START_LIMIT = Duration.ofSeconds(180);

    private final String name;
    /** The WildFly installation it runs from (the provisioned server, unless {@link #installed}). */
    private final Path home;

    private final Path base;
    private final int offset;
    private final List<String> launch;
    private ExternalProcess launcher;
    private AdminApi admin;
    /** See {@link #launchedWith}: empty for a node on the machine's own network. */
    private List<String> commandPrefix = List.of();

    private RouterNode(String name, Path home, Path base, int offset, List<String> launch) {
        this.name = name;
        this.home = home;
        this.base = base;
        this.offset = offset;
        this.launch = List.copyOf(launch);
    }

    /**
     * A single router (profile standalone-full) in a fresh base directory {@code base}: the provisioned
     * configuration, the EAR, the operator {@link #OPERATOR}.
     */
    public static RouterNode standalone(String name, Path base, int offset) {
        Path server = Installation.server();
        recreate(base);
        copyTree(server.resolve("standalone/configuration"), base.resolve("configuration"));
        copy(Installation.ear(), base.resolve("deployments").resolve(DEPLOYMENT));
        addOperator(base);
        return new RouterNode(
                name,
                server,
                base,
                offset,
                List.of("-c", "standalone-full.xml", "-Djboss.socket.binding.port-offset=" + offset));
    }

    /**
     * A node whose base directory something else made (e.g. {@code cluster-node.sh}): started with
     * {@code arguments} after {@code -Djboss.server.base.dir}.
     */
    public static RouterNode prepared(String name, Path base, int offset, List<String> arguments) {
        return new RouterNode(name, Installation.server(), base, offset, arguments);
    }

    /**
     * A node in a WildFly installation of its own ({@code home}, e.g. unpacked from the pristine
     * distribution and set up by the router's installer), in its default base directory
     * {@code home/standalone}, started with {@code arguments}.
     */
    public static RouterNode installed(String name, Path home, int offset, List<String> arguments) {
        return new RouterNode(name, home, home.resolve("standalone"), offset, arguments);
    }

    /**
     * Launches WildFly behind {@code prefix}, e.g. {@code ip netns exec mmsr1} ({@link NetworkLab}): a
     * command that execs the rest, so WildFly's PID file, {@link #kill} and {@link #stop} work as without
     * it. Addresses this class gives out ({@link #mm1}, {@link #admin}) are 127.0.0.1 of the machine's own
     * network: a test of such a node reaches it at its host's address instead.
     */
    public RouterNode launchedWith(List<String> prefix) {
        this.commandPrefix = List.copyOf(prefix);
        return this;
    }

    /** Adds the operator {@link #OPERATOR} to the realm of the node in {@code base} (as README tells how). */
    public static void addOperator(Path base) {
        addUser(base, OPERATOR, "noc-operator", OPERATOR_PASSWORD);
    }

    /**
     * Adds {@code user} with {@code role} (noc-operator, noc-viewer, noc-metrics) to the realm of the node in
     * {@code base} with {@code bin/mmsrouter-user.sh}, the password on its standard input.
     */
    public static void addUser(Path base, String user, String role, String password) {
        Path server = Installation.server();
        Command.of(
                        server.resolve("bin/mmsrouter-user.sh").toString(),
                        "--base-dir",
                        base.toString(),
                        "--password-stdin",
                        "add",
                        user,
                        role)
                .env("JBOSS_HOME", server.toString())
                .input(password + "\n")
                .output();
    }

    public String name() {
        return name;
    }

    public Path base() {
        return base;
    }

    public int offset() {
        return offset;
    }

    public int httpPort() {
        return 8080 + offset;
    }

    public int nocPort() {
        return 9443 + offset;
    }

    public int managementPort() {
        return 9990 + offset;
    }

    /** Where gateways POST MM1 PDUs. */
    public URI mm1() {
        return URI.create("http://127.0.0.1:" + httpPort() + "/mms");
    }

    public Path serverLog() {
        return base.resolve("log/server.log");
    }

    /** Standard output of the launcher and WildFly (boot errors before server.log exists). */
    public Path consoleLog() {
        return base.resolve("console.log");
    }

    /** The admin API as {@link #OPERATOR}, trusting the certificate this node presents now. */
    public AdminApi admin() {
        if (admin == null) {
            admin = new AdminApi(nocPort(), OPERATOR, OPERATOR_PASSWORD);
        }
        return admin;
    }

    /**
     * Starts WildFly with {@code properties} ("name=value", passed as -D) and waits until the router is
     * deployed; a failed deployment, a server that exits, or one not deployed in 180 s fails with the
     * last lines of its log.
     */
    public Duration start(String... properties) {
        launch(properties);
        return awaitDeployed(START_LIMIT);
    }

    /** Starts WildFly without waiting (see {@link #awaitDeployed}). */
    public void launch(String... properties) {
        if (isAlive()) {
            throw new IllegalStateException(name + " is already running (PID " + pid().getAsLong() + ")");
        }
        try (Stream<Path> markers = Files.list(base.resolve("deployments"))) {
            for (Path marker : markers.filter(
                            p -> p.getFileName().toString().matches(".*\\.(deployed|failed|isdeploying|pending)"))
                    .toList()) {
                Files.delete(marker);
            }
            Files.deleteIfExists(pidFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<String> command = new ArrayList<>(commandPrefix);
        command.add(home.resolve("bin/standalone.sh").toString());
        command.addAll(launch);
        command.add("-Djboss.server.base.dir=" + base);
        for (String property : properties) {
            command.add("-D" + property);
        }
        launcher = ExternalProcess.start(
                name,
                command,
                Map.of(
                        "LAUNCH_JBOSS_IN_BACKGROUND",
                        "1",
                        "JBOSS_PIDFILE",
                        pidFile().toString()),
                base,
                consoleLog());
    }

    /** Waits until the router is deployed (see {@link #start}); returns how long that took. */
    public Duration awaitDeployed(Duration within) {
        Path deployed = base.resolve("deployments/" + DEPLOYMENT + ".deployed");
        Path failed = base.resolve("deployments/" + DEPLOYMENT + ".failed");
        long started = System.nanoTime();
        while (!Files.exists(deployed)) {
            if (Files.exists(failed)) {
                throw startFailure("its deployment failed: " + read(failed));
            }
            if (launcher != null && !launcher.isAlive()) {
                throw startFailure("WildFly exited");
            }
            if (System.nanoTime() - started > within.toNanos()) {
                throw startFailure("the router was not deployed within " + within.toSeconds() + " s");
            }
            Await.pause(Duration.ofMillis(250));
        }
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** The Java process's PID (WildFly writes it once it runs). */
    public OptionalLong pid() {
        return Pids.read(pidFile());
    }

    public boolean isAlive() {
        OptionalLong pid = pid();
        return (pid.isPresent() && Pids.live(pid.getAsLong()).isPresent()) || (launcher != null && launcher.isAlive());
    }

    /** kill -9 of WildFly's Java process, by its PID; returns once it is gone. */
    public void kill() {
        OptionalLong pid = pid();
        pid.ifPresent(p -> Pids.live(p).ifPresent(Pids::kill));
        if (launcher != null) {
            launcher.kill();
        }
    }

    /** A clean stop (SIGTERM: WildFly shuts down gracefully); killed if still running after {@code within}. */
    public void stop(Duration within) {
        Optional<ProcessHandle> java =
                pid().stream().mapToObj(Pids::live).flatMap(Optional::stream).findFirst();
        java.ifPresent(ProcessHandle::destroy);
        boolean stopped = launcher == null || launcher.waitFor(within).isPresent();
        if (!stopped || java.map(ProcessHandle::isAlive).orElse(false)) {
            kill();
        }
    }

    /** Resident memory of the Java process in MiB (from /proc), or -1 when it is not running. */
    public long rssMegabytes() {
        OptionalLong pid = pid();
        if (pid.isEmpty()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid.getAsLong() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException e) {
            return -1;
        }
        return -1;
    }

    @Override
    public void close() {
        if (isAlive()) {
            kill();
        }
    }

    @Override
    public String toString() {
        return name + " (offset " + offset + ", " + base + ")";
    }

    private Path pidFile() {
        return base.resolve("server.pid");
    }

    private NodeStartFailure startFailure(String why) {
        kill();
        Path log = Files.exists(serverLog()) ? serverLog() : consoleLog();
        return new NodeStartFailure(
                name + " did not start: " + why + "\n--- last lines of " + log + " ---\n" + LogTail.of(log, 40));
    }

    private static String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    static void recreate(Path directory) {
        try {
            if (Files.exists(directory)) {
                try (Stream<Path> tree = Files.walk(directory)) {
                    for (Path path : tree.sorted((a, b) -> b.compareTo(a)).toList()) {
                        Files.delete(path);
                    }
                }
            }
            Files.createDirectories(directory.resolve("deployments"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + directory, e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try (Stream<Path> tree = Files.walk(from)) {
            for (Path source : tree.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from, e);
        }
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + from, e);
        }
    }

    /** A node that did not come up; the message carries the end of its log. */
    public static final class NodeStartFailure extends AssertionError {
        private static final long serialVersionUID = 1L;

        NodeStartFailure(String message) {
            super(message);
        }
    }
}
