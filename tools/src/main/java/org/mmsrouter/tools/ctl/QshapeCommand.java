package org.mmsrouter.tools.ctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code qshape}: queued MMs per MMSC and age bucket ({@code GET /admin/api/queue/shape}). */
@Command(
        name = "qshape",
        description = "Queued MMs per MMSC and age bucket, like Postfix qshape (GET /admin/api/queue/shape).")
final class QshapeCommand extends CtlCommand {

    @Mixin
    QueueFilters filters;

    @Override
    public Integer call() {
        ctl().print(api().get(QueueFilters.join("/queue/shape", filters.query())), Views::shape);
        return ExitCode.OK;
    }
}
