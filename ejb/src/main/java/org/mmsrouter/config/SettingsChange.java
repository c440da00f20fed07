package org.mmsrouter.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a reload of the settings would change, split into what the running router takes at once
 * and what only a restart can bring. The live part: the MMSCs (added, removed, changed — URLs,
 * routing), health detection, forwarding's pacing and attempts, and MM1's answer window, allowed
 * sources, trusted gateways, size and body limits and default expiries. Everything else (ports and
 * listeners, domains and addresses, DNS, nodes, resolver, retrievals, records, admission, forwarding
 * threads and timeout) is fixed at start: a change there makes the whole reload refused, naming each.
 *
 * @param live       the live settings that differ, by key
 * @param restartOnly the fixed settings that differ, each with why it needs a restart
 */
public record SettingsChange(List<String> live, List<String> restartOnly) {

    public SettingsChange {
        live = List.copyOf(live);
        restartOnly = List.copyOf(restartOnly);
    }

    /** Nothing differs. */
    public boolean none() {
        return live.isEmpty() && restartOnly.isEmpty();
    }

    /** What changes from {@code before} to {@code after}. */
    public static SettingsChange between(RouterSettings before, RouterSettings after) {
        List<String> live = new ArrayList<>();
        List<String> fixed = new ArrayList<>();
        diff(live, "mmsrouter.mmscs / mmsrouter.mmsc.*", before.mmscs(), after.mmscs());
        diff(live, "mmsrouter.registry.import", before.registryImport(), after.registryImport());
        diff(live, "mmsrouter.probe.* / mmsrouter.health.*", before.health(), after.health());

        RouterSettings.Forwarding f0 = before.forwarding();
        RouterSettings.Forwarding f1 = after.forwarding();
        diff(live, "mmsrouter.forward.max-rate", f0.maxRate(), f1.maxRate());
        diff(live, "mmsrouter.forward.slow-start-seconds", f0.slowStart(), f1.slowStart());
        diff(live, "mmsrouter.forward.no-route-wait-ms", f0.noRouteWait(), f1.noRouteWait());
        diff(live, "mmsrouter.forward.sender-stickiness", f0.senderStickiness(), f1.senderStickiness());
        diff(live, "mmsrouter.forward.max-attempts", f0.maxAttempts(), f1.maxAttempts());
        diff(live, "mmsrouter.forward.default-expiry-hours", f0.defaultExpiry(), f1.defaultExpiry());
        diff(live, "mmsrouter.forward.max-expiry-hours", f0.maxExpiry(), f1.maxExpiry());
        diff(fixed, "mmsrouter.forward.timeout-ms: the MMSC client is built with it", f0.timeout(), f1.timeout());
        diff(
                fixed,
                "mmsrouter.forward.consumers: the forwarding threads start with the deployment",
                f0.consumers(),
                f1.consumers());
        diff(
                fixed,
                "mmsrouter.forward.batch: the forwarding threads start with the deployment",
                f0.batch(),
                f1.batch());

        RouterSettings.Mm1 m0 = before.mm1();
        RouterSettings.Mm1 m1 = after.mm1();
        diff(live, "mmsrouter.mm1.answer-window-ms", m0.answerWindow(), m1.answerWindow());
        diff(live, "mmsrouter.mm1.allowed-sources", m0.allowedSources(), m1.allowedSources());
        diff(live, "mmsrouter.mm1.trusted-gateways", m0.trustedGateways(), m1.trustedGateways());
        diff(live, "mmsrouter.mm1.max-message-bytes", m0.maxMessageBytes(), m1.maxMessageBytes());
        diff(live, "mmsrouter.mm1.body-timeout-ms", m0.bodyTimeout(), m1.bodyTimeout());
        diff(fixed, "mmsrouter.mm1.path: the servlet is mapped at start", m0.path(), m1.path());

        diff(fixed, "mmsrouter.mms.domains: DNS zones are built at start", before.mmsDomains(), after.mmsDomains());
        diff(
                fixed,
                "mmsrouter.router.addresses: published with the node at start",
                before.routerAddresses(),
                after.routerAddresses());
        diff(fixed, "mmsrouter.dns.*: the responder binds its port at start", before.dns(), after.dns());
        diff(fixed, "mmsrouter.node.*: the heartbeat starts with the deployment", before.nodes(), after.nodes());
        diff(
                fixed,
                "mmsrouter.resolver.*: the router's resolver is built at start",
                before.resolver(),
                after.resolver());
        diff(
                fixed,
                "mmsrouter.retrieval.* / mmsrouter.pass-through*: mapped and sized at start",
                before.retrieval(),
                after.retrieval());
        diff(fixed, "mmsrouter.records.*: the hash key is loaded at start", before.records(), after.records());
        diff(
                fixed,
                "mmsrouter.admission.*: admission control is sized at start",
                before.admission(),
                after.admission());
        return new SettingsChange(live, fixed);
    }

    private static void diff(List<String> into, String what, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            into.add(what.contains(":") ? what + " (needs a restart)" : what);
        }
    }
}
