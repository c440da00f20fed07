package org.mmsrouter.tools.ctl;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * One run of {@code mmsrouterctl} in this JVM as a shell would start it: arguments, environment,
 * standard input; its exit code and what it printed on standard output and error.
 */
record CtlRun(int code, String out, String err) {

    static CtlRun of(Map<String, String> env, String stdin, String... args) {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        int code = CtlMain.run(
                args,
                new PrintStream(stdout, true, UTF_8),
                new PrintStream(stderr, true, UTF_8),
                new ByteArrayInputStream(stdin.getBytes(UTF_8)),
                env);
        return new CtlRun(code, stdout.toString(UTF_8), stderr.toString(UTF_8));
    }
}
