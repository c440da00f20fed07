package org.mmsrouter.web.mm1;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.logging.Logger;
import org.mmsrouter.forward.KeptHeader;

/**
 * Picks the WAP gateway's HTTP headers that MMSCs rely on and adds X-Forwarded-For. MSISDN
 * headers identify the sender to the MMSC (and so what gets billed): they are passed on only from
 * configured WAP gateways, and stripped, with a log line, from anywhere else.
 */
final class ForwardedHeaders {

    private static final Logger LOG = Logger.getLogger(ForwardedHeaders.class.getName());

    private ForwardedHeaders() {
    }

    static boolean isMsisdn(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("x-wap-network-client-msisdn") || lower.equals("x-msisdn") || lower.equals("x-up-calling-line-id");
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
        List<KeptHeader> kept = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            if (isMsisdn(name) && !trustedGateway) {
                LOG.warning(() -> "Stripped " + name + " from " + request.getRemoteAddr() + ": not a trusted WAP gateway");
                continue;
            }
            if (isKept(name) || isMsisdn(name)) {
                for (String value : Collections.list(request.getHeaders(name))) {
                    kept.add(new KeptHeader(name, value));
                }
            }
        }
        String previous = request.getHeader("X-Forwarded-For");
        String client = request.getRemoteAddr();
        kept.add(new KeptHeader("X-Forwarded-For", previous == null ? client : previous + ", " + client));
        return kept;
    }
}
