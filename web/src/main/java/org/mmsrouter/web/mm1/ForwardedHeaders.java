package org.mmsrouter.web.mm1;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import org.mmsrouter.mm.KeptHeader;

/**
 * Picks the WAP gateway's HTTP headers that MMSCs rely on and adds X-Forwarded-For. Identity
 * headers — the MSISDN headers (who sends, so who is billed), X-WAP-Network-Client-IP (the
 * handset's address) and the chain of an incoming X-Forwarded-For — are believed only from
 * configured WAP gateways ({@code mmsrouter.mm1.trusted-gateways}). From anywhere else they are
 * stripped, with a log line, and X-Forwarded-For names the connecting address alone: a client
 * cannot make the MMSC believe it is somebody else.
 */
final class ForwardedHeaders {

    private static final Logger LOG = Logger.getLogger(ForwardedHeaders.class.getName());
    static final String FORWARDED_FOR = "X-Forwarded-For";

    private ForwardedHeaders() {}

    static boolean isMsisdn(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("x-wap-network-client-msisdn")
                || lower.equals("x-msisdn")
                || lower.equals("x-up-calling-line-id");
    }

    /** Headers that say who the subscriber is or where the request came from: only a trusted gateway may set them. */
    static boolean isIdentity(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return isMsisdn(name) || lower.equals("x-wap-network-client-ip") || lower.equals("x-forwarded-for");
    }

    static boolean isKept(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("x-wap-network-client-ip")
                || lower.equals("x-wap-profile")
                || lower.equals("user-agent")
                || lower.startsWith("accept")
                || lower.equals("via");
    }

    static List<KeptHeader> keep(HttpServletRequest request, boolean trustedGateway) {
        List<KeptHeader> incoming = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                incoming.add(new KeptHeader(name, value));
            }
        }
        return keep(incoming, request.getRemoteAddr(), trustedGateway);
    }

    /**
     * The headers to pass on from {@code incoming}, sent by {@code client}: the kept ones, the
     * identity ones only from a trusted gateway, and X-Forwarded-For last.
     */
    static List<KeptHeader> keep(List<KeptHeader> incoming, String client, boolean trustedGateway) {
        List<KeptHeader> kept = new ArrayList<>();
        List<String> forwardedFor = new ArrayList<>();
        for (KeptHeader header : incoming) {
            String name = header.name();
            if (isIdentity(name) && !trustedGateway) {
                strippedFrom(name, client);
            } else if (name.equalsIgnoreCase(FORWARDED_FOR)) {
                forwardedFor.add(header.value());
            } else if (isKept(name) || isMsisdn(name)) {
                kept.add(header);
            }
        }
        kept.add(new KeptHeader(FORWARDED_FOR, forwardedFor(forwardedFor, client)));
        return kept;
    }

    /** The X-Forwarded-For to send: the trusted chain so far (possibly empty), then the connecting address. */
    static String forwardedFor(List<String> chain, String client) {
        List<String> hops = new ArrayList<>(chain);
        hops.add(client);
        return String.join(", ", hops);
    }

    static void strippedFrom(String name, String client) {
        LOG.warning(() -> "Stripped " + name + " from " + client
                + ": not a trusted WAP gateway (mmsrouter.mm1.trusted-gateways)");
    }
}
