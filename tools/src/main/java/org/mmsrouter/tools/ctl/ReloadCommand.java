package org.mmsrouter.tools.ctl;

import picocli.CommandLine.Command;

/**
 * {@code reload}: the node re-reads mms-router.properties and applies what it can without a restart
 * ({@code POST /admin/api/reload}); refused settings (409) and a bad file (400) leave the running settings
 * untouched and exit 2 with the server's reason.
 */
@Command(
        name = "reload",
        description = "Apply changes of mms-router.properties without a restart (POST /admin/api/reload).")
final class ReloadCommand extends CtlCommand {

    @Override
    public Integer call() {
        AdminClient.Answer answer = api().act("POST", "/reload", null);
        if (!answer.ok()) {
            String refused = String.join("; ", Views.strings(answer.jsonIfAny().orElse(null), "refused"));
            CtlException failure = answer.failure();
            throw refused.isEmpty()
                    ? failure
                    : new CtlException(failure.exitCode(), failure.getMessage() + " [" + refused + "]", failure.body());
        }
        ctl().print(answer, Views::reload);
        return ExitCode.OK;
    }
}
