package org.mmsrouter.tools.ctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code replay ID | --all | filters}: dead letters back to the queue — one ({@code POST
 * /admin/api/dead-letters/ID/replay}), all ({@code POST …/replay-all}) or those a filter selects ({@code POST
 * …/replay?<filters>}, two steps as {@link Confirmed}).
 */
@Command(
        name = "replay",
        description = "Queue dead letters again: one by its router id, --all, or those the filters select (confirmed).")
final class ReplayCommand extends CtlCommand {

    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "A dead letter's router id.")
    String id;

    @Option(names = "--all", description = "Every dead letter.")
    boolean all;

    @Mixin
    QueueFilters filters;

    @Option(
            names = {"-y", "--yes"},
            description = "Confirm a replay by filter without asking.")
    boolean yes;

    @Override
    public Integer call() {
        int ways = (id != null ? 1 : 0) + (all ? 1 : 0) + (filters.isEmpty() ? 0 : 1);
        if (ways != 1) {
            throw CtlException.usage("replay: give one of ID, --all or filters");
        }
        if (id != null) {
            AdminClient.Answer answer =
                    api().require(api().act("POST", "/dead-letters/" + encode(id) + "/replay", null));
            ctl().print(answer, json -> "replayed " + Views.text(json, "routerMessageId") + "\n");
            return ExitCode.OK;
        }
        if (all) {
            AdminClient.Answer answer = api().require(api().act("POST", "/dead-letters/replay-all", null));
            ctl().print(
                            answer,
                            json -> String.format(
                                    "replayed %s, expired (left in place) %s, vanished %s%n",
                                    Views.text(json, "replayed"),
                                    Views.text(json, "expired"),
                                    Views.text(json, "vanished")));
            return ExitCode.OK;
        }
        return Confirmed.run(ctl(), "/dead-letters/replay", filters.query(), yes);
    }
}
