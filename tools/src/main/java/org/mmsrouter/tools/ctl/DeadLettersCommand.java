package org.mmsrouter.tools.ctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code dead-letters}: the oldest dead letters ({@code GET /admin/api/dead-letters?limit=N}). */
@Command(name = "dead-letters", description = "The dead letters, oldest first, with why (GET /admin/api/dead-letters).")
final class DeadLettersCommand extends CtlCommand {

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "100",
            description = "At most this many, 1 to 1000 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Override
    public Integer call() {
        if (limit < 1 || limit > 1000) {
            throw CtlException.usage("--limit must be between 1 and 1000");
        }
        ctl().print(api().get("/dead-letters?limit=" + limit), Views::deadLetters);
        return ExitCode.OK;
    }
}
