package org.mmsrouter.tools.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Keeps the Markdown documentation honest: every relative link (README.md, docs/**, bench/README.md) points at a file
 * that exists, and at a heading that exists when it names an anchor in a Markdown file; every {@code mmsrouter.*}
 * setting the operations guide names exists in {@code mms-router-defaults.properties} (or is one of the documented
 * WildFly system-property families), and every key of that file is documented in the operations guide; every
 * repository path named in inline code ({@code wildfly-config/src/main/scripts/cluster-node.sh}) exists.
 *
 * <p>Runs from the {@code tools} module directory; the repository root is {@code ..}.
 */
class DocsConsistencyTest {

    /** Settings outside mms-router-defaults.properties that the docs may name: WildFly system properties. */
    static final List<String> SYSTEM_PROPERTY_PREFIXES = List.of(
            "mmsrouter.http.",
            "mmsrouter.noc.",
            "mmsrouter.login.",
            "mmsrouter.cluster.",
            "mmsrouter.db.",
            "mmsrouter.broker.",
            "mmsrouter.mmsc.<id>.",
            "mmsrouter.pass-through.<id>.");

    /** Single system properties read outside the settings file (SettingsSources.FILE_PROPERTY). */
    static final Set<String> SYSTEM_PROPERTIES = Set.of("mmsrouter.config.file");

    /** Segments of per-id keys: mmsrouter.mmsc.sim-a.url is documented as mmsrouter.mmsc.&lt;id&gt;.url. */
    static final Pattern PER_ID_KEY = Pattern.compile("^(mmsrouter\\.(?:mmsc|pass-through)\\.)([^.<>]+)(\\..+)$");

    static final Pattern LINK =
            Pattern.compile("!?\\[(?:[^\\]\\[]|\\[[^\\]]*\\])*\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    static final Pattern HEADING = Pattern.compile("^ {0,3}(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    static final Pattern HTML_ANCHOR = Pattern.compile("<a\\s+(?:name|id)=\"([^\"]+)\"");
    static final Pattern INLINE_CODE = Pattern.compile("(`+)(.+?)\\1");
    static final Pattern SETTING = Pattern.compile(
            "(?<![A-Za-z0-9_.-])mmsrouter(?:\\.[A-Za-z0-9_<>-]+)*(?:\\.\\*|\\.(?=[^A-Za-z0-9_<>-]|$))?");

    static Path root;
    static List<Path> markdown;
    static Set<String> defaultKeys;

    @BeforeAll
    static void findRepository() throws IOException {
        root = Paths.get("..").toAbsolutePath().normalize();
        assertTrue(
                Files.isRegularFile(root.resolve("README.md")) && Files.isDirectory(root.resolve("ejb")),
                "expected the repository root at " + root + " (run from the tools module)");
        List<Path> files = new ArrayList<>();
        files.add(root.resolve("README.md"));
        files.add(root.resolve("bench/README.md"));
        try (Stream<Path> docs = Files.walk(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        markdown = files;
        Properties defaults = new Properties();
        try (InputStream in =
                Files.newInputStream(root.resolve("ejb/src/main/resources/mms-router-defaults.properties"))) {
            defaults.load(in);
        }
        defaultKeys = new TreeSet<>(defaults.stringPropertyNames());
    }

    /**
     * A file of the repository in a code span: a top-level directory of the project, then a path ending in a file
     * name with an extension ({@code web/mm1/UnreadBody} is shorthand for a class, not a path).
     */
    static final Pattern REPOSITORY_PATH = Pattern.compile(
            "^(?:\\./)?((?:bench|docs|ejb|web|pdu|tools|ear|jms-config|wildfly-config|system-tests|\\.ci)/(?:[A-Za-z0-9_-]+/)*"
                    + "[A-Za-z0-9_-]+\\.[A-Za-z0-9]+)$");

    @Test
    void everyRepositoryPathNamedInCodeExists() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path file : markdown) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                Matcher code = INLINE_CODE.matcher(lines.get(i));
                while (code.find()) {
                    Matcher path = REPOSITORY_PATH.matcher(code.group(2).trim());
                    // target/ holds what a build makes: named, not shipped.
                    if (path.matches()
                            && !path.group(1).contains("/target/")
                            && !Files.exists(root.resolve(path.group(1)))) {
                        missing.add(root.relativize(file) + ":" + (i + 1) + ": " + path.group(1));
                    }
                }
            }
        }
        if (!missing.isEmpty()) {
            fail(missing.size() + " repository path(s) named in code spans that do not exist:\n  "
                    + String.join("\n  ", missing));
        }
    }

    @Test
    void everyRelativeLinkResolves() throws IOException {
        List<String> broken = new ArrayList<>();
        Map<Path, Set<String>> anchorCache = new HashMap<>();
        for (Path file : markdown) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            boolean fenced = false;
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.stripLeading().startsWith("```")) {
                    fenced = !fenced;
                    continue;
                }
                if (fenced) {
                    continue;
                }
                Matcher m = LINK.matcher(INLINE_CODE.matcher(line).replaceAll(""));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                        continue; // http:, https:, mailto:
                    }
                    String problem = checkLink(file, target, anchorCache);
                    if (problem != null) {
                        broken.add(root.relativize(file) + ":" + (i + 1) + ": (" + target + ") " + problem);
                    }
                }
            }
        }
        if (!broken.isEmpty()) {
            fail(broken.size() + " broken Markdown link(s):\n  " + String.join("\n  ", broken));
        }
    }

    private static String checkLink(Path from, String target, Map<Path, Set<String>> anchorCache) throws IOException {
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String anchor = hash < 0 ? null : target.substring(hash + 1);
        pathPart = URLDecoder.decode(pathPart.replace("+", "%2B"), StandardCharsets.UTF_8);
        Path resolved =
                pathPart.isEmpty() ? from : from.getParent().resolve(pathPart).normalize();
        if (!resolved.startsWith(root)) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            return "no such file: " + root.relativize(resolved);
        }
        if (anchor != null && !anchor.isEmpty() && resolved.toString().endsWith(".md")) {
            Set<String> anchors = anchorCache.computeIfAbsent(resolved, DocsConsistencyTest::anchorsOf);
            if (!anchors.contains(anchor)) {
                return "no heading with anchor #" + anchor + " in " + root.relativize(resolved);
            }
        }
        return null;
    }

    /** GitHub's heading anchors: text lower-cased, punctuation dropped, spaces to '-', repeats numbered -1, -2 … */
    static Set<String> anchorsOf(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Set<String> anchors = new LinkedHashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher a = HTML_ANCHOR.matcher(line);
            while (a.find()) {
                anchors.add(a.group(1));
            }
            Matcher h = HEADING.matcher(line);
            if (h.matches()) {
                String slug = slug(h.group(2));
                int n = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(n == 0 ? slug : slug + "-" + n);
            }
        }
        return anchors;
    }

    static String slug(String heading) {
        String text = heading.replaceAll("!?\\[([^\\]]*)\\]\\([^)]*\\)", "$1") // links keep their text
                .replaceAll("<[^>]+>", ""); // inline HTML
        StringBuilder out = new StringBuilder();
        text.toLowerCase(Locale.ROOT).codePoints().forEach(c -> {
            if (Character.isLetterOrDigit(c) || c == '-' || c == '_') {
                out.appendCodePoint(c);
            } else if (c == ' ') {
                out.append('-');
            }
        });
        return out.toString();
    }

    @Test
    void slugFollowsGitHub() {
        assertTrue(slug("Failover against HAProxy (`bench/run-failover-bench.sh`)")
                .equals("failover-against-haproxy-benchrun-failover-benchsh"));
        assertTrue(slug("Admin API, security and audit").equals("admin-api-security-and-audit"));
    }

    @Test
    void everyDocumentedSettingExists() throws IOException {
        Map<String, Set<String>> problems = new TreeMap<>();
        for (Path file : operationsGuide()) {
            for (String key : settingsNamedIn(file)) {
                if (!knownSetting(key)) {
                    problems.computeIfAbsent(key, k -> new TreeSet<>())
                            .add(root.relativize(file).toString());
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(problems.size() + " setting(s) named in the operations guide exist neither in"
                    + " mms-router-defaults.properties nor as a documented system property (" + SYSTEM_PROPERTY_PREFIXES
                    + ", " + SYSTEM_PROPERTIES + "):\n  "
                    + problems.entrySet().stream()
                            .map(e -> e.getKey() + "  (in " + String.join(", ", e.getValue()) + ")")
                            .collect(Collectors.joining("\n  ")));
        }
    }

    @Test
    void everyDefaultSettingIsDocumented() throws IOException {
        Set<String> documented = new TreeSet<>();
        for (Path file : operationsGuide()) {
            documented.addAll(settingsNamedIn(file));
        }
        List<String> missing = new ArrayList<>();
        for (String key : defaultKeys) {
            Matcher perId = PER_ID_KEY.matcher(key);
            boolean found = documented.contains(key)
                    || perId.matches() && documented.contains(perId.group(1) + "<id>" + perId.group(3));
            if (!found) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            fail(missing.size() + " key(s) of ejb/src/main/resources/mms-router-defaults.properties are not named (in"
                    + " backticks) in docs/operations*:\n  " + String.join("\n  ", missing));
        }
    }

    static boolean knownSetting(String key) {
        if (defaultKeys.contains(key) || SYSTEM_PROPERTIES.contains(key)) {
            return true;
        }
        if (key.endsWith(".*") || key.endsWith(".") || key.equals("mmsrouter")) {
            // a family: mmsrouter.* or mmsrouter.http.* — some key or documented prefix must start with it
            String prefix =
                    key.endsWith(".*") ? key.substring(0, key.length() - 1) : key.endsWith(".") ? key : key + ".";
            return defaultKeys.stream().anyMatch(k -> k.startsWith(prefix))
                    || SYSTEM_PROPERTY_PREFIXES.stream().anyMatch(p -> p.startsWith(prefix) || prefix.startsWith(p));
        }
        if (SYSTEM_PROPERTY_PREFIXES.stream().anyMatch(p -> key.startsWith(p) && key.length() > p.length())) {
            return true;
        }
        // per-id keys written with a concrete id (mmsrouter.mmsc.sim-a.priority) count as their <id> form
        Matcher perId = PER_ID_KEY.matcher(key);
        return perId.matches() && SYSTEM_PROPERTY_PREFIXES.contains(perId.group(1) + "<id>.");
    }

    static List<Path> operationsGuide() {
        List<Path> files = markdown.stream()
                .filter(p -> root.relativize(p).toString().replace('\\', '/').startsWith("docs/operations"))
                .collect(Collectors.toList());
        assertTrue(!files.isEmpty(), "no docs/operations*.md found");
        return files;
    }

    /** The mmsrouter.* names written in inline code spans (and fenced blocks are skipped). */
    static Set<String> settingsNamedIn(Path file) throws IOException {
        Set<String> keys = new TreeSet<>();
        boolean fenced = false;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
                continue;
            }
            if (fenced) {
                continue;
            }
            Matcher code = INLINE_CODE.matcher(line);
            while (code.find()) {
                Matcher s = SETTING.matcher(code.group(2));
                while (s.find()) {
                    keys.add(s.group());
                }
            }
        }
        return keys;
    }
}
