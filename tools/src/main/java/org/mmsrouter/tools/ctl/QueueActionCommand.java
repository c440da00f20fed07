package org.mmsrouter.tools.ctl;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code hold}, {@code release}, {@code requeue}, {@code purge}: an action on the queued MMs a filter
 * selects ({@code POST /admin/api/queue/<action>}), in the API's two steps ({@link Confirmed}). Without a
 * filter {@code --all} must say that every queued MM is meant, as Postfix's {@code postsuper -d ALL}.
 */
abstract class QueueActionCommand extends CtlCommand {

    @Mixin
    QueueFilters filters;

    @Option(names = "--all", description = "Select every queued MM (needed when no filter is given).")
    boolean all;

    @Option(
            names = {"-y", "--yes"},
            description = "Confirm without asking.")
    boolean yes;

    abstract String action();

    @Override
    public Integer call() {
        if (filters.isEmpty() && !all) {
            throw CtlException.usage(action() + ": give a filter (--mmsc, --sender, --older …) or --all");
        }
        if (!filters.isEmpty() && all) {
            throw CtlException.usage(action() + ": give filters or --all, not both");
        }
        return Confirmed.run(ctl(), "/queue/" + action(), filters.query(), yes);
    }

    @Command(name = "hold", description = "Keep the selected MMs queued but not forwarded (postsuper -h).")
    static final class Hold extends QueueActionCommand {
        @Override
        String action() {
            return "hold";
        }
    }

    @Command(name = "release", description = "Put held MMs back to be forwarded (postsuper -H).")
    static final class Release extends QueueActionCommand {
        @Override
        String action() {
            return "release";
        }
    }

    @Command(name = "requeue", description = "Forward waiting MMs now, skipping their back-off (postqueue -f).")
    static final class Requeue extends QueueActionCommand {
        @Override
        String action() {
            return "requeue";
        }
    }

    @Command(
            name = "purge",
            description =
                    "Remove the selected MMs from the queue, each leaving a per-MM record 'purged' (postsuper -d).")
    static final class Purge extends QueueActionCommand {
        @Override
        String action() {
            return "purge";
        }
    }
}
