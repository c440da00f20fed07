package org.mmsrouter.web.mm1;

import jakarta.servlet.http.HttpServletRequest;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import org.mmsrouter.forward.KeptHeader;

/**
 * Picks the WAP gateway's HTTP headers that MMSCs rely on and adds X-Forwarded-For.
 * MSISDN headers are not passed on yet: they identify the sender, so they may only be trusted
 * from configured WAP gateway addresses (store-and-forward issue).
 */
final class ForwardedHeaders {

    private ForwardedHeaders() {
    }

    static boolean isKept(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.equals("x-wap-network-client-ip")
                || lower.equals("x-wap-profile")
                || lower.equals("user-agent")
                || lower.startsWith("accept")
                || lower.equals("via");
    }

    static List<KeptHeader> keep(HttpServletRequest request) {
        List<KeptHeader> kept = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            if (isKept(name)) {
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
