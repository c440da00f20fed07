package org.mmsrouter.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** No two packages of the router core depend on each other, directly or through others. */
class PackageCyclesTest {

    private static final Path MAIN = Path.of("src/main/java");

    @Test
    void theRouterCoreHasNoPackageCycle() {
        assertTrue(
                Files.isDirectory(MAIN.resolve("org/mmsrouter")), "run from the ejb module: " + MAIN.toAbsolutePath());
        PackageGraph graph = PackageGraph.read(MAIN);
        assertTrue(
                graph.edges().size() >= 10,
                "too few packages read: " + graph.edges().keySet());
        List<List<String>> cycles = graph.cycles();
        assertTrue(cycles.isEmpty(), () -> "package cycles " + cycles + " in " + describe(graph.edges(), cycles));
    }

    @Test
    void aCycleThroughImportsIsFound() {
        PackageGraph graph = PackageGraph.of(List.of(
                "package a.x;\nimport a.y.Y;\nclass X {}",
                "package a.y;\nimport static a.z.Z.f;\nclass Y {}",
                "package a.z;\nimport a.x.X;\nclass Z {}",
                "package a.w;\nimport a.x.X;\nclass W {}"));
        assertEquals(List.of(List.of("a.x", "a.y", "a.z")), graph.cycles());
    }

    @Test
    void anInlineQualifiedNameCountsButCommentsAndStringsDoNot() {
        PackageGraph inline = PackageGraph.of(
                List.of("package a.x;\nclass X { a.y.Y y; }", "package a.y;\nimport a.x.X;\nclass Y {}"));
        assertEquals(List.of(List.of("a.x", "a.y")), inline.cycles());
        PackageGraph mentioned = PackageGraph.of(List.of(
                "package a.x;\n/** see a.y.Y */\nclass X { // a.y.Y\n String s = \"a.y.Y\"; }",
                "package a.y;\nimport a.x.X;\nclass Y {}"));
        assertEquals(List.of(), mentioned.cycles());
        assertEquals(Map.of("a.x", Set.of(), "a.y", Set.of("a.x")), mentioned.edges());
    }

    private static String describe(Map<String, Set<String>> edges, List<List<String>> cycles) {
        Set<String> involved = cycles.stream().flatMap(List::stream).collect(Collectors.toSet());
        return edges.entrySet().stream()
                .filter(e -> involved.contains(e.getKey()))
                .map(e -> e.getKey() + " -> " + e.getValue())
                .collect(Collectors.joining("; "));
    }
}
