package org.mmsrouter.architecture;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The dependencies between the packages of one source tree, read from its Java files: imports
 * (static ones too) and fully qualified names written inline, outside comments. Only packages
 * of the tree itself count (a dependency on another module cannot close a cycle here).
 */
final class PackageGraph {

    private static final Pattern PACKAGE = Pattern.compile("^package\\s+([\\w.]+)\\s*;", Pattern.MULTILINE);
    private static final Pattern BLOCK_COMMENT = Pattern.compile("/\\*.*?\\*/", Pattern.DOTALL);
    private static final Pattern LINE_COMMENT = Pattern.compile("//[^\\n]*");
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\\\n]|\\\\.)*\"");

    private final Map<String, Set<String>> edges;

    private PackageGraph(Map<String, Set<String>> edges) {
        this.edges = edges;
    }

    /** Reads every {@code .java} file under {@code root} (a source root such as {@code src/main/java}). */
    static PackageGraph read(Path root) {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                sources.put(file.toString(), Files.readString(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return of(sources.values());
    }

    /** The graph of the given compilation units' texts. */
    static PackageGraph of(Iterable<String> units) {
        Map<String, Set<String>> edges = new TreeMap<>();
        List<String[]> bodies = new ArrayList<>();
        for (String unit : units) {
            String stripped = strip(unit);
            Matcher pkg = PACKAGE.matcher(stripped);
            if (!pkg.find()) {
                continue;
            }
            edges.computeIfAbsent(pkg.group(1), p -> new TreeSet<>());
            bodies.add(new String[] {pkg.group(1), stripped});
        }
        Set<String> packages = new TreeSet<>(edges.keySet());
        for (String[] body : bodies) {
            for (String other : packages) {
                // "other." followed by an upper-case name: a type of that package (not a sub-package's)
                if (!other.equals(body[0])
                        && Pattern.compile("(?<![\\w.])" + Pattern.quote(other) + "\\.[A-Z*]")
                                .matcher(body[1])
                                .find()) {
                    edges.get(body[0]).add(other);
                }
            }
        }
        return new PackageGraph(edges);
    }

    /** Comments and string literals removed: a package named there is no dependency. */
    private static String strip(String unit) {
        String noBlocks = BLOCK_COMMENT.matcher(unit).replaceAll(" ");
        String noStrings = STRING.matcher(noBlocks).replaceAll("\"\"");
        return LINE_COMMENT.matcher(noStrings).replaceAll("");
    }

    Map<String, Set<String>> edges() {
        return edges;
    }

    /**
     * Every group of packages that depend on each other, directly or through others (the strongly
     * connected components with more than one package), each as its sorted package names.
     */
    List<List<String>> cycles() {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new TreeSet<>();
        List<List<String>> cycles = new ArrayList<>();
        for (String start : edges.keySet()) {
            if (!index.containsKey(start)) {
                connect(start, index, low, stack, onStack, cycles);
            }
        }
        return cycles;
    }

    /** Tarjan's algorithm, one vertex. */
    private void connect(
            String v,
            Map<String, Integer> index,
            Map<String, Integer> low,
            Deque<String> stack,
            Set<String> onStack,
            List<List<String>> cycles) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : edges.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, index, low, stack, onStack, cycles);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            List<String> component = new ArrayList<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                component.sort(null);
                cycles.add(component);
            }
        }
    }
}
