package org.mmsrouter.install;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mmsrouter.install.NodeSettingsCheck.Problem;
import org.mmsrouter.install.NodeSettingsCheck.Profile;

/**
 * The shipped per-node settings template ({@code wildfly-config/src/main/dist/node-settings.properties}) is
 * complete and consistent with the checker: every key the cluster profile's CLI scripts read without a
 * default is in it, and the template with every line filled in passes the checker for a cluster node, with
 * the known keys the installer gives it (the router's defaults file and every key the CLI scripts read).
 */
class NodeSettingsTemplateTest {

    private static final Pattern CLI_KEY = Pattern.compile("\\$\\{(mmsrouter\\.[A-Za-z0-9.-]+)(:?)");
    private static final Pattern COMMENTED_SETTING = Pattern.compile("^# ([a-z][A-Za-z0-9.-]*)=(.*)$");

    static Path root;
    static String template;
    static Set<String> knownKeys = new TreeSet<>();
    static Set<String> keysWithoutDefault = new TreeSet<>();

    @BeforeAll
    static void read() throws IOException {
        root = Paths.get("..").toAbsolutePath().normalize();
        template = Files.readString(root.resolve("wildfly-config/src/main/dist/node-settings.properties"));
        Properties defaults = new Properties();
        try (InputStream in =
                Files.newInputStream(root.resolve("ejb/src/main/resources/mms-router-defaults.properties"))) {
            defaults.load(in);
        }
        knownKeys.addAll(defaults.stringPropertyNames());
        List<Path> scripts = new ArrayList<>();
        try (Stream<Path> cli = Files.list(root.resolve("wildfly-config/src/main/cli"))) {
            cli.forEach(scripts::add);
        }
        scripts.add(root.resolve("jms-config/src/main/resources/cli/jms-destinations.cli"));
        for (Path script : scripts) {
            Matcher key = CLI_KEY.matcher(Files.readString(script));
            while (key.find()) {
                knownKeys.add(key.group(1));
                if (key.group(2).isEmpty()) {
                    keysWithoutDefault.add(key.group(1));
                }
            }
        }
    }

    @Test
    void everyKeyTheScriptsNeedWithoutADefaultIsInTheTemplate() {
        assertTrue(keysWithoutDefault.contains("mmsrouter.cluster.password"), "the scan finds " + keysWithoutDefault);
        for (String key : keysWithoutDefault) {
            if (key.startsWith("mmsrouter.cluster.member.")) {
                continue; // members 3.. are generated; 1 and 2 are checked below
            }
            assertTrue(
                    template.contains("\n# " + key + "=") || template.contains("\n" + key + "="),
                    key + " is in the template");
        }
        for (String member : List.of("1.host", "1.port", "2.host", "2.port")) {
            assertTrue(template.contains("mmsrouter.cluster.member." + member + "="), "member " + member);
        }
    }

    @Test
    void theTemplateFilledInIsAGoodClusterNode() {
        StringBuilder filled = new StringBuilder();
        for (String line : template.split("\n")) {
            Matcher setting = COMMENTED_SETTING.matcher(line);
            if (setting.matches()) {
                String value = setting.group(2).isEmpty() ? "a-secret-of-" + setting.group(1) : setting.group(2);
                filled.append(setting.group(1)).append('=').append(value).append('\n');
            } else {
                filled.append(line).append('\n');
            }
        }
        // The template's example is a two-host cluster: this node listens on its member address.
        String node = filled.toString()
                .replace("jboss.bind.address=127.0.0.1", "jboss.bind.address=10.0.0.1")
                .replace("mmsrouter.router.addresses=127.0.0.1", "mmsrouter.router.addresses=10.0.0.1");
        List<Problem> problems =
                new NodeSettingsCheck(Profile.CLUSTER, knownKeys).check(node, "node.properties", false);
        assertEquals(List.of(), problems);
    }

    @Test
    void theTemplateAsShippedIsAGoodSingleNode() {
        assertEquals(List.of(), new NodeSettingsCheck(Profile.SINGLE, knownKeys).check(template, "t", true));
    }
}
