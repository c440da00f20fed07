package org.mmsrouter.tools.ctl;

import picocli.CommandLine.Command;

/** {@code mmscs}: the MMSC registry ({@code GET /admin/api/mmscs}). */
@Command(
        name = "mmscs",
        description = "Every MMSC with health, admin state, priority, weight, max rate, recipient prefixes"
                + " (GET /admin/api/mmscs).")
final class MmscsCommand extends CtlCommand {

    @Override
    public Integer call() {
        ctl().print(api().get("/mmscs"), Views::mmscs);
        return ExitCode.OK;
    }
}
