package org.mmsrouter.tools.ctl;

import picocli.CommandLine.Command;

/** {@code status}: the node at a glance ({@code GET /admin/api/overview}). */
@Command(
        name = "status",
        description = "This node: admission, rates, MMSCs with health and last probe, queues, router nodes"
                + " (GET /admin/api/overview).")
final class StatusCommand extends CtlCommand {

    @Override
    public Integer call() {
        ctl().print(api().get("/overview"), Views::status);
        return ExitCode.OK;
    }
}
