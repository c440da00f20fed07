package org.mmsrouter.tools.ctl;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code records --tid X | --message-id Y}: an MM's per-MM records ({@code GET /admin/api/mms}). */
@Command(
        name = "records",
        description = "An MM's per-MM record(s) by the handset's Transaction-ID or the MMSC's Message-ID"
                + " (GET /admin/api/mms).")
final class RecordsCommand extends CtlCommand {

    @ArgGroup(exclusive = true, multiplicity = "1")
    Key key;

    /** One of the two keys. */
    static final class Key {
        @Option(names = "--tid", paramLabel = "TRANSACTION-ID", required = true)
        String transactionId;

        @Option(names = "--message-id", paramLabel = "MESSAGE-ID", required = true)
        String messageId;
    }

    @Override
    public Integer call() {
        String query = key.transactionId != null
                ? "transactionId=" + encode(key.transactionId)
                : "messageId=" + encode(key.messageId);
        ctl().print(api().get("/mms?" + query), Views::records);
        return ExitCode.OK;
    }
}
