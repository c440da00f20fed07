package org.mmsrouter.tools.ctl;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** A verb of {@code mmsrouterctl}: reaches the global options and the admin API through the root command. */
abstract class CtlCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    CtlMain ctl() {
        return (CtlMain) spec.root().userObject();
    }

    AdminClient api() {
        return ctl().api();
    }

    /** {@code value} as one path segment or query value. */
    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
