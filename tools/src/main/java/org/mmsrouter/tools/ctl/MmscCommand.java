package org.mmsrouter.tools.ctl;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code mmsc drain|enable|disable|weight ID [N]}: one MMSC's admin state ({@code POST
 * /admin/api/mmscs/ID/admin-state?set=…}) or weight ({@code PUT /admin/api/mmscs/ID/routing} with every
 * attribute as {@code GET /admin/api/mmscs} shows it and the new weight).
 */
@Command(
        name = "mmsc",
        description = "Change one MMSC: drain (no new MMs), enable, disable, or set its weight.",
        subcommands = {
            MmscCommand.Drain.class,
            MmscCommand.Enable.class,
            MmscCommand.Disable.class,
            MmscCommand.Weight.class
        })
final class MmscCommand extends CtlCommand {

    @Override
    public Integer call() {
        throw CtlException.usage("give drain, enable, disable or weight (mmsrouterctl mmsc --help)");
    }

    /** Sets the admin state. */
    abstract static class AdminState extends CtlCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The MMSC's id.")
        String id;

        abstract String state();

        @Override
        public Integer call() {
            AdminClient.Answer answer =
                    api().require(api().act("POST", "/mmscs/" + encode(id) + "/admin-state?set=" + state(), null));
            ctl().print(answer, Views::mmsc);
            return ExitCode.OK;
        }
    }

    @Command(name = "drain", description = "No new MMs to this MMSC; those in flight finish.")
    static final class Drain extends AdminState {
        @Override
        String state() {
            return "draining";
        }
    }

    @Command(name = "enable", description = "Route to this MMSC again.")
    static final class Enable extends AdminState {
        @Override
        String state() {
            return "enabled";
        }
    }

    @Command(name = "disable", description = "Take this MMSC out of routing.")
    static final class Disable extends AdminState {
        @Override
        String state() {
            return "disabled";
        }
    }

    @Command(name = "weight", description = "Show the MMSC's weight, or set it to N.")
    static final class Weight extends CtlCommand {

        @Parameters(index = "0", paramLabel = "ID", description = "The MMSC's id.")
        String id;

        @Parameters(index = "1", arity = "0..1", paramLabel = "N", description = "The new weight.")
        Integer weight;

        @Override
        public Integer call() {
            JsonObject mmsc = find(api().get("/mmscs").json(), id);
            if (weight == null) {
                if (ctl().json()) {
                    ctl().out().println(mmsc);
                } else {
                    ctl().out().println(id + ": weight " + Views.text(mmsc, "weight"));
                }
                return ExitCode.OK;
            }
            JsonObject routing = new JsonObject();
            routing.add("priority", mmsc.get("priority"));
            routing.addProperty("weight", weight);
            JsonElement prefixes = mmsc.get("recipientPrefixes");
            routing.add("recipientPrefixes", prefixes == null || prefixes.isJsonNull() ? new JsonArray() : prefixes);
            routing.add("adminState", mmsc.get("adminState"));
            routing.add("maxRate", mmsc.get("maxRate"));
            AdminClient.Answer answer =
                    api().require(api().act("PUT", "/mmscs/" + encode(id) + "/routing", routing.toString()));
            ctl().print(answer, Views::mmsc);
            return ExitCode.OK;
        }

        private static JsonObject find(JsonObject list, String id) {
            for (JsonObject mmsc : Views.objects(list, "mmscs")) {
                if (id.equals(Views.text(mmsc, "id"))) {
                    return mmsc;
                }
            }
            throw new CtlException(ExitCode.REFUSED, "no MMSC " + id + " (mmsrouterctl mmscs lists them)");
        }
    }
}
