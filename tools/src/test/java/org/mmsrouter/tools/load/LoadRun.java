package org.mmsrouter.tools.load;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;
import org.mmsrouter.tools.cli.LoadCommand;
import picocli.CommandLine;

/** One {@code tools load} run as a user makes it: exit code, the RESULT line's fields, all output. */
record LoadRun(int exit, Map<String, String> result, String output) {

    static LoadRun execute(String... args) {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new LoadCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));

        int exit = cli.execute(args);

        String output = out.toString();
        Map<String, String> fields = new HashMap<>();
        output.lines()
                .filter(line -> line.startsWith("RESULT "))
                .reduce((a, b) -> b)
                .ifPresent(line -> {
                    for (String pair : line.substring("RESULT ".length()).split(" ")) {
                        String[] kv = pair.split("=", 2);
                        fields.put(kv[0], kv[1]);
                    }
                });
        return new LoadRun(exit, fields, output);
    }

    long number(String key) {
        return Long.parseLong(field(key));
    }

    double millis(String key) {
        return Double.parseDouble(field(key));
    }

    private String field(String key) {
        String value = result.get(key);
        if (value == null) {
            throw new AssertionError("no " + key + " in the RESULT line of\n" + output);
        }
        return value;
    }
}
