package org.mmsrouter.tools.ctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code queue}: the queued MMs, oldest first, one page ({@code GET /admin/api/queue}). */
@Command(
        name = "queue",
        description = "The queued MMs of this node, oldest first, one page (GET /admin/api/queue), like mailq.")
final class QueueCommand extends CtlCommand {

    @Mixin
    QueueFilters filters;

    @Option(
            names = "--page",
            paramLabel = "N",
            defaultValue = "1",
            description = "Page, from 1 (default: ${DEFAULT-VALUE}).")
    int page;

    @Option(
            names = "--size",
            paramLabel = "N",
            defaultValue = "50",
            description = "MMs a page, at most 500 (default: ${DEFAULT-VALUE}).")
    int size;

    @Override
    public Integer call() {
        if (page < 1 || size < 1 || size > 500) {
            throw CtlException.usage("--page must be at least 1 and --size between 1 and 500");
        }
        ctl().print(
                        api().get(QueueFilters.join("/queue", filters.query(), "page=" + page, "size=" + size)),
                        Views::queue);
        return ExitCode.OK;
    }
}
