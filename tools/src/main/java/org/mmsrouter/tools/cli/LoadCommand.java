package org.mmsrouter.tools.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.mmsrouter.tools.load.Durations;
import org.mmsrouter.tools.load.LoadConfig;
import org.mmsrouter.tools.load.LoadReport;
import org.mmsrouter.tools.load.LoadResult;
import org.mmsrouter.tools.load.LoadRunner;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tools load}: many concurrent m-send-reqs for a while; throughput, latency, answers by status. */
@Command(
        name = "load",
        mixinStandardHelpOptions = true,
        description = {
            "POST m-send-reqs of a given size from concurrent workers for a while and report throughput, "
                    + "m-send-conf latency (p50/p90/p99/p99.9/max) and the answers by X-Mms-Response-Status, then one "
                    + "line 'RESULT throughput=… p50_ms=… p99_ms=… p999_ms=… ok=… errors=… requests=… not_ok=… "
                    + "[matched_ids=… other_ids=…] ok_p99_ms=… transient_p99_ms=… http503_p99_ms=… timeouts=… transient=… "
                    + "http503=… http503_retry_after=…'.",
            "Exit 0 when every measured MM was answered Ok, 1 otherwise."
        })
public final class LoadCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(
            names = "--url",
            defaultValue = "http://127.0.0.1:8080/mms",
            description = "MM1 URL (default: ${DEFAULT-VALUE}).")
    URI url;

    @Option(
            names = "--concurrency",
            defaultValue = "50",
            description = "Workers, each with one MM in flight at a time (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(
            names = "--duration",
            defaultValue = "30s",
            converter = Durations.class,
            description = "How long to measure, after the warm-up: 60s, 500ms, 2m … (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(
            names = "--rate",
            defaultValue = "0",
            description = "MMs per second offered over all workers (open loop); 0 = closed loop: each worker sends "
                    + "its next MM as soon as the answer arrives (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(
            names = "--size",
            defaultValue = "30000",
            description = "Approximate size of each m-send-req in bytes: pseudo-random data in its one part "
                    + "(default: ${DEFAULT-VALUE}).")
    int size;

    @Option(
            names = "--warmup",
            defaultValue = "5s",
            converter = Durations.class,
            description = "Load before the measurement, not recorded (default: ${DEFAULT-VALUE}).")
    Duration warmup;

    @Option(
            names = "--timeout",
            defaultValue = "30s",
            converter = Durations.class,
            description = "Longest wait for one m-send-conf (default: ${DEFAULT-VALUE}).")
    Duration timeout;

    @Option(
            names = "--count",
            defaultValue = "0",
            description = "Stop after this many measured MMs (or at the end of --duration, whichever comes first); "
                    + "0 = no limit (default: ${DEFAULT-VALUE}).")
    long count;

    @Option(
            names = "--expect-message-id",
            paramLabel = "REGEX",
            description = "Count Ok answers by whether their Message-ID matches REGEX (whole ID), e.g. the MMSC's "
                    + "form when measuring a router that relays the MMSC's m-send-conf.")
    Pattern messageIds;

    @Option(names = "--run-id", description = "Middle of every Transaction-ID, load-<run-id>-<n> (default: random).")
    String runId;

    @Option(
            names = "--ok-log",
            paramLabel = "FILE",
            description = "Write the Transaction-ID of every MM answered Ok (warm-up included) to FILE, one a line, "
                    + "at the end of the run: what a delivery check compares with what the MMSCs received.")
    Path okLog;

    @Option(
            names = "--source",
            paramLabel = "ADDRESS",
            description = "Local address every connection is bound to, e.g. 127.0.0.2: one host plays several "
                    + "gateways to a server that bounds each client address (default: the system's choice).")
    InetAddress source;

    /** The run these options describe; rejects impossible values with a message naming the option. */
    public LoadConfig config() {
        String id = runId != null ? runId : UUID.randomUUID().toString().substring(0, 8);
        return new LoadConfig(url, concurrency, duration, rate, size, warmup, timeout, count, id, messageIds, source);
    }

    /**
     * Refuses a {@code --source} this host cannot bind, before the run: otherwise every MM would
     * fail alike with "Cannot assign requested address" and the run would say nothing else.
     */
    static void checkBindable(InetAddress source) {
        if (source == null) {
            return;
        }
        try (Socket probe = new Socket()) {
            probe.bind(new InetSocketAddress(source, 0));
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "--source " + source.getHostAddress() + " is not an address of this host (" + e.getMessage() + ")");
        }
    }

    @Override
    public Integer call() throws Exception {
        LoadConfig config;
        try {
            config = config();
            checkBindable(config.source());
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter out = spec.commandLine().getOut();
        LoadRunner runner = new LoadRunner(config);
        out.println(LoadReport.header(config, runner.pduSize()));
        out.flush();
        LoadResult result = runner.run();
        if (okLog != null) {
            Files.write(okLog, runner.okTransactionIds());
        }
        out.print(LoadReport.summary(result));
        out.flush();
        return result.success() ? 0 : 1;
    }
}
