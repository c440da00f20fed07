package org.mmsrouter.systemtest.harness;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The harness a system test class registers ({@code @RegisterExtension static final SystemHarness
 * harness = new SystemHarness();}): a fresh work directory for the class, the processes it starts
 * (nodes, simulators, loads; killed by PID after the class, whatever happened), the logs it knows
 * (their last lines printed into the test report when a test fails), and the figures it prints.
 */
public final class SystemHarness implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    private static final int TAIL_LINES = 60;

    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final Map<String, Path> logs = new LinkedHashMap<>();
    private Path work;

    @Override
    public void beforeAll(ExtensionContext context) {
        work = Installation.work().resolve(context.getRequiredTestClass().getSimpleName());
        RouterNode.recreate(work);
    }

    /** This class's work directory (fresh for each run). */
    public Path work() {
        if (work == null) {
            throw new IllegalStateException("the harness is not registered with @RegisterExtension on a static field");
        }
        return work;
    }

    /** A provisioned single router in {@code work()/name} (see {@link RouterNode#standalone}). */
    public RouterNode standaloneNode(String name, int offset) {
        return node(RouterNode.standalone(name, work().resolve(name), offset));
    }

    /** Tracks a node made otherwise (killed after the class; its logs reported on failure). */
    public RouterNode node(RouterNode node) {
        track(node);
        log(node.name() + " server.log", node.serverLog());
        log(node.name() + " console", node.consoleLog());
        return node;
    }

    /** Simulated MMSCs named as {@code ports}' keys, their control API on {@code controlPort}. */
    public Simulators simulators(Map<String, Integer> ports, int controlPort) {
        Path log = work().resolve("simulators.log");
        log("simulators", log);
        return track(Simulators.start(ports, controlPort, log));
    }

    /** A load run against {@code node} (see {@link Load#start}). */
    public Load load(RouterNode node, String runId, String... options) {
        Load load = track(Load.start(node.mm1(), runId, work(), options));
        log("load " + runId, load.result().report());
        return load;
    }

    /** Something to close (kill) after the class, in reverse order of registration. */
    public <T extends AutoCloseable> T track(T resource) {
        started.push(resource);
        return resource;
    }

    /** A log whose last lines go into the report when a test fails. */
    public void log(String name, Path file) {
        logs.put(name, file);
    }

    /** Prints a figure the test measured (kept in the report's standard output). */
    public void figure(String format, Object... arguments) {
        System.out.println("FIGURE " + String.format(Locale.ROOT, format, arguments));
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        StringBuilder report =
                new StringBuilder("\n=== " + context.getDisplayName() + " failed; logs of " + work + " ===\n");
        logs.forEach((name, file) -> report.append("--- ")
                .append(name)
                .append(" (")
                .append(file)
                .append("), last ")
                .append(TAIL_LINES)
                .append(" lines ---\n")
                .append(LogTail.of(file, TAIL_LINES))
                .append('\n'));
        System.out.println(report);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        while (!started.isEmpty()) {
            try {
                started.pop().close();
            } catch (Exception e) {
                System.out.println("cleanup: " + e);
            }
        }
    }
}
