package org.mmsrouter.tools.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

/** {@code tools compose}: placeholder until the JSON reader lands. */
@Command(name = "compose", mixinStandardHelpOptions = true, description = "Not available yet.")
final class ComposeCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        System.err.println("compose is not implemented yet");
        return 2;
    }
}
