package org.mmsrouter.install;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The Java half of {@code install.sh} (shipped as {@code lib/mms-router-install.jar}, JDK only):
 *
 * <pre>
 * settings FILE PROFILE KNOWN_KEYS   check a node's settings file; one line per problem, exit 1 if any
 * verify --deployments DIR --dns HOST:PORT --domain NAME --mm1 URL --noc URL --user NAME [--wait SECONDS]
 *                                    check a started node; the password is the first line of stdin
 * </pre>
 *
 * Exit codes: 0 all good, 1 a problem found, 2 wrong usage.
 */
public final class InstallTool {

    private InstallTool() {}

    public static void main(String[] args) throws IOException {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) throws IOException {
        if (args.length == 4 && args[0].equals("settings")) {
            return settings(Path.of(args[1]), args[2], Path.of(args[3]), out, err);
        }
        if (args.length >= 1 && args[0].equals("verify")) {
            return verify(args, out, err);
        }
        err.println("usage: settings FILE PROFILE KNOWN_KEYS | verify --deployments DIR --dns HOST:PORT"
                + " --domain NAME --mm1 URL --noc URL --user NAME [--wait SECONDS] (password on stdin)");
        return 2;
    }

    private static int settings(Path file, String profileName, Path knownKeysFile, PrintStream out, PrintStream err)
            throws IOException {
        NodeSettingsCheck.Profile profile;
        try {
            profile = NodeSettingsCheck.Profile.of(profileName);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        if (!Files.isRegularFile(file)) {
            err.println(file + ": no such file");
            return 2;
        }
        Set<String> known = new LinkedHashSet<>();
        for (String line : Files.readAllLines(knownKeysFile)) {
            if (!line.isBlank()) {
                known.add(line.strip());
            }
        }
        Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(file);
        boolean othersMayRead = permissions.contains(PosixFilePermission.GROUP_READ)
                || permissions.contains(PosixFilePermission.OTHERS_READ);
        List<NodeSettingsCheck.Problem> problems =
                new NodeSettingsCheck(profile, known).check(Files.readString(file), file.toString(), othersMayRead);
        for (NodeSettingsCheck.Problem problem : problems) {
            out.println(file + ": " + problem);
        }
        if (problems.isEmpty()) {
            out.println(file + ": good for " + profile.file());
            return 0;
        }
        return 1;
    }

    private static int verify(String[] args, PrintStream out, PrintStream err) throws IOException {
        Map<String, String> options = new HashMap<>();
        for (int i = 1; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                err.println("expected an option, got " + args[i]);
                return 2;
            }
            options.put(args[i].substring(2), args[i + 1]);
        }
        for (String required : List.of("deployments", "dns", "domain", "mm1", "noc", "user")) {
            if (!options.containsKey(required)) {
                err.println("verify needs --" + required);
                return 2;
            }
        }
        String dns = options.get("dns");
        int colon = dns.lastIndexOf(':');
        if (colon < 1) {
            err.println("--dns is HOST:PORT");
            return 2;
        }
        String password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (password == null || password.isEmpty()) {
            err.println("verify reads the console password from the first line of standard input");
            return 2;
        }
        InstallVerify.Target target = new InstallVerify.Target(
                Path.of(options.get("deployments")),
                dns.substring(0, colon).replace("[", "").replace("]", ""),
                Integer.parseInt(dns.substring(colon + 1)),
                options.get("domain"),
                URI.create(options.get("mm1")),
                URI.create(options.get("noc")),
                options.get("user"),
                password,
                Duration.ofSeconds(Long.parseLong(options.getOrDefault("wait", "180"))));
        List<InstallVerify.Outcome> outcomes = InstallVerify.run(target);
        outcomes.forEach(out::println);
        return outcomes.stream().allMatch(InstallVerify.Outcome::ok) ? 0 : 1;
    }
}
