package org.mmsrouter.tools.cli;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.mmsrouter.tools.sim.MmscSimulator;
import org.mmsrouter.tools.sim.SimulatorControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tools mmsc-sim}: runs simulated MMSCs until interrupted. */
@Command(
        name = "mmsc-sim",
        mixinStandardHelpOptions = true,
        description = "Play one or more operator MMSCs on loopback ports, with a control API.")
final class MmscSimCommand implements Callable<Integer> {

    private static final String NODELAY = "sun.net.httpserver.nodelay";

    @Option(
            names = "--mmsc",
            paramLabel = "NAME=PORT",
            description = "A simulated MMSC (repeatable). Default: sim-a=18081 and sim-b=18082.")
    private List<String> mmscs = new ArrayList<>(List.of("sim-a=18081", "sim-b=18082"));

    @Option(
            names = "--path",
            defaultValue = "/mms",
            description = "MM1 path of every simulator (default: ${DEFAULT-VALUE}).")
    private String path;

    @Option(
            names = "--bind",
            defaultValue = "127.0.0.1",
            description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    private String bind;

    @Option(
            names = "--control-port",
            defaultValue = "18080",
            description = "Port of the control API (default: ${DEFAULT-VALUE}).")
    private int controlPort;

    @Override
    public Integer call() throws Exception {
        // The JDK HTTP server writes an answer's headers and body separately; without TCP_NODELAY
        // every m-send-conf waits ~40 ms for the client's delayed ACK, which no real MMSC does. The
        // server reads this once, when its first instance is made: so here, before any is.
        if (System.getProperty(NODELAY) == null) {
            System.setProperty(NODELAY, "true");
        }
        List<MmscSimulator> sims = new ArrayList<>();
        for (String spec : mmscs) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                System.err.println("--mmsc expects NAME=PORT, got " + spec);
                return 2;
            }
            int port = Integer.parseInt(spec.substring(eq + 1));
            sims.add(new MmscSimulator(spec.substring(0, eq), new InetSocketAddress(bind, port), path).start());
        }
        SimulatorControl control = new SimulatorControl(new InetSocketAddress(bind, controlPort), sims);
        for (MmscSimulator sim : sims) {
            System.out.printf("MMSC simulator %s: http://%s:%d%s%n", sim.name(), bind, sim.port(), sim.path());
        }
        System.out.printf("Control API: http://%s:%d/sims%n", bind, control.port());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            control.close();
            sims.forEach(MmscSimulator::close);
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
