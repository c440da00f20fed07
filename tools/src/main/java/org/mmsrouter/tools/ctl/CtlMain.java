package org.mmsrouter.tools.ctl;

import com.google.gson.JsonObject;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code mmsrouterctl}: the router's admin API from a terminal (docs/mmsrouterctl.md). Global options may
 * stand before or after the verb. Human tables by default, the API's JSON with {@code --json}; exit codes
 * as {@link ExitCode} says; every error one line on standard error.
 */
@Command(
        name = "mmsrouterctl",
        mixinStandardHelpOptions = true,
        scope = ScopeType.INHERIT,
        version = "mmsrouterctl 0.1.0",
        description = "The MMS Router's admin API from a terminal (docs/mmsrouterctl.md).",
        footer = {
            "",
            "Credentials: --credentials FILE (user=, password=; mode 600)",
            "  or MMSROUTER_USER and MMSROUTER_PASSWORD; never arguments.",
            "Exit codes: 0 ok, 1 usage, 2 refused by the server (4xx; 409: confirmation",
            "  needed or stale), 3 login failed or role missing (401/403),",
            "  4 cannot connect or TLS, 5 server error (5xx)."
        },
        subcommands = {
            StatusCommand.class,
            MmscsCommand.class,
            MmscCommand.class,
            QueueCommand.class,
            QshapeCommand.class,
            QueueActionCommand.Hold.class,
            QueueActionCommand.Release.class,
            QueueActionCommand.Requeue.class,
            QueueActionCommand.Purge.class,
            DeadLettersCommand.class,
            ReplayCommand.class,
            RecordsCommand.class,
            ReloadCommand.class,
            CommandLine.HelpCommand.class
        })
public final class CtlMain implements Callable<Integer> {

    /** Where the management listener is unless {@code --url} or {@value #URL_VARIABLE} says otherwise. */
    public static final String DEFAULT_URL = "https://127.0.0.1:9443";

    public static final String URL_VARIABLE = "MMSROUTER_URL";
    public static final String TRUST_VARIABLE = "MMSROUTER_TRUST";

    @Option(
            names = "--url",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description = "The node's management listener (default: $MMSROUTER_URL, else " + DEFAULT_URL + ").")
    URI url;

    @Option(
            names = "--credentials",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "File with user= and password= lines, readable by its owner only.")
    Path credentialsFile;

    @Option(
            names = "--trust",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "The node's certificate (PEM) or a PKCS#12/JKS trust store (default: $MMSROUTER_TRUST,"
                    + " else the JDK's trusted CAs).")
    Path trustFile;

    @Option(
            names = "--insecure",
            scope = ScopeType.INHERIT,
            description = "Accept any certificate: only for a node on this host (a loopback URL).")
    boolean insecure;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "Print the API's JSON instead of tables.")
    boolean json;

    @Option(
            names = "--timeout",
            scope = ScopeType.INHERIT,
            paramLabel = "SECONDS",
            defaultValue = "60",
            description = "How long to wait for an answer (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private final PrintStream out;
    private final PrintStream err;
    private final BufferedReader in;
    private final Map<String, String> environment;
    private AdminClient client;

    CtlMain(PrintStream out, PrintStream err, InputStream in, Map<String, String> environment) {
        this.out = out;
        this.err = err;
        this.in = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        this.environment = Map.copyOf(environment);
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System.in, System.getenv()));
    }

    /** Runs one command line; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err, InputStream in, Map<String, String> env) {
        CtlMain main = new CtlMain(out, err, in, env);
        CommandLine commandLine = new CommandLine(main);
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setParameterExceptionHandler((e, arguments) -> {
            err.println("mmsrouterctl: " + Views.oneLine(e.getMessage(), 300) + " (see "
                    + e.getCommandLine().getCommandSpec().qualifiedName() + " --help)");
            return ExitCode.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, failed, parsed) -> {
            if (e instanceof CtlException ctl) {
                if (main.json && ctl.body() != null) {
                    out.println(ctl.body().strip()); // the API's error answer, for scripts
                }
                err.println("mmsrouterctl: " + ctl.getMessage());
                return ctl.exitCode();
            }
            err.println("mmsrouterctl: unexpected " + e.getClass().getSimpleName() + ": "
                    + Views.oneLine(e.getMessage(), 300));
            return ExitCode.USAGE;
        });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    @Override
    public Integer call() {
        throw CtlException.usage("give a command: status, mmscs, mmsc, queue, qshape, hold, release, requeue, purge,"
                + " dead-letters, replay, records, reload (mmsrouterctl --help)");
    }

    /** The admin API of the target node, made on first use (credentials and trust checked then). */
    AdminClient api() {
        if (client == null) {
            URI target = target();
            if (insecure && trustFile != null) {
                throw CtlException.usage("give --trust or --insecure, not both");
            }
            Credentials credentials = Credentials.resolve(credentialsFile, environment);
            Path trust = trustFile != null ? trustFile : pathOrNull(environment.get(TRUST_VARIABLE));
            String storePassword = environment.get(Trust.STORE_PASSWORD_VARIABLE);
            SSLContext ssl = Trust.context(
                    target,
                    insecure ? null : trust,
                    insecure,
                    storePassword == null ? null : storePassword.toCharArray());
            if (timeoutSeconds < 1) {
                throw CtlException.usage("--timeout must be at least 1 second");
            }
            client = new AdminClient(target, credentials, ssl, Duration.ofSeconds(timeoutSeconds));
        }
        return client;
    }

    /** The URL to call, checked: https, or http to a loopback address only (the password goes in every request). */
    URI target() {
        URI target = url != null ? url : URI.create(environment.getOrDefault(URL_VARIABLE, DEFAULT_URL));
        String scheme = target.getScheme() == null ? "" : target.getScheme().toLowerCase(Locale.ROOT);
        if (target.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
            throw CtlException.usage("--url " + target + ": give https://HOST:PORT");
        }
        if (scheme.equals("http") && !Trust.isLoopback(target.getHost())) {
            throw CtlException.usage("--url " + target + ": plain http would send the password in clear; use https");
        }
        return target;
    }

    /** Prints an answer: its JSON with {@code --json}, else what {@code view} makes of it. */
    void print(AdminClient.Answer answer, Function<JsonObject, String> view) {
        if (json) {
            out.println(answer.body().strip());
        } else {
            out.print(view.apply(answer.json()));
        }
    }

    boolean json() {
        return json;
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    BufferedReader in() {
        return in;
    }

    private static Path pathOrNull(String value) {
        return value == null || value.isBlank() ? null : Path.of(value);
    }
}
