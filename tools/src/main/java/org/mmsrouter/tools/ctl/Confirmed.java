package org.mmsrouter.tools.ctl;

import com.google.gson.JsonObject;
import java.io.IOException;

/**
 * The admin API's two-step actions: the first POST answers 409 with the selection's size and a token
 * bound to it; the action happens when the same POST is sent again with {@code confirm=<token>}. In
 * between, {@code mmsrouterctl} shows the count and asks on the terminal, unless {@code --yes} confirmed
 * beforehand. A selection of none is done without asking; a token gone stale is the server's 409 (exit 2).
 */
final class Confirmed {

    private Confirmed() {}

    /** POSTs {@code path} with {@code query}, confirms, prints the outcome; returns the exit code. */
    static int run(CtlMain ctl, String path, String query, boolean yes) {
        AdminClient api = ctl.api();
        AdminClient.Answer look = api.act("POST", QueueFilters.join(path, query), null);
        if (look.ok()) {
            ctl.print(look, Views::actionDone); // a server that acted at once: nothing to confirm
            return ExitCode.OK;
        }
        JsonObject selection = look.status() == 409 ? look.jsonIfAny().orElse(null) : null;
        String token = Views.text(selection, "confirm");
        if (token == null || !selection.has("selected")) {
            throw look.failure();
        }
        if (Views.number(selection, "selected") == 0) {
            if (ctl.json()) {
                ctl.out().println(look.body().strip());
            } else {
                ctl.out().println(Views.selection(selection) + ": nothing to do");
            }
            return ExitCode.OK;
        }
        if (!yes && !askedAndConfirmed(ctl, Views.selection(selection))) {
            throw new CtlException(
                    ExitCode.REFUSED,
                    Views.selection(selection) + ": not confirmed, nothing done (--yes confirms without asking)");
        }
        AdminClient.Answer done = api.require(
                api.act("POST", QueueFilters.join(path, query, "confirm=" + CtlCommand.encode(token)), null));
        ctl.print(done, Views::actionDone);
        return ExitCode.OK;
    }

    private static boolean askedAndConfirmed(CtlMain ctl, String selection) {
        ctl.err().print(selection + ". Go ahead? [y/N] ");
        ctl.err().flush();
        try {
            String reply = ctl.in().readLine();
            return reply != null && reply.strip().matches("(?i)y|yes");
        } catch (IOException e) {
            return false;
        }
    }
}
