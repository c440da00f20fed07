package org.mmsrouter.forward;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.routing.RoutingRequest;

/** What routing needs to know about one queued MM: its first recipient and its sender. */
final class RoutingRequests {

    /** MSISDN headers a trusted WAP gateway adds; the ingress has already stripped untrusted ones. */
    private static final Set<String> MSISDN_HEADERS =
            Set.of("x-wap-network-client-msisdn", "x-msisdn", "x-up-calling-line-id");

    private static final String INSERT_ADDRESS = "#insert";

    private RoutingRequests() {}

    static RoutingRequest of(QueuedMm mm) {
        try {
            return of(mm, PduHeaders.scan(mm.pdu()));
        } catch (PduFormatException e) {
            return of(mm, null);
        }
    }

    /** From headers the caller has already scanned ({@code null}: the scan failed). */
    static RoutingRequest of(QueuedMm mm, PduHeaders headers) {
        if (headers == null) {
            // The ingress validated it; should the bytes not scan now, route it like an MM without a number.
            return new RoutingRequest(null, msisdn(mm.headers()));
        }
        String recipient = first(headers.to(), first(headers.cc(), first(headers.bcc(), null)));
        String sender = msisdn(mm.headers());
        if (sender == null && headers.from() != null && !INSERT_ADDRESS.equals(headers.from())) {
            sender = headers.from();
        }
        return new RoutingRequest(recipient, sender);
    }

    private static String first(List<String> addresses, String otherwise) {
        return addresses.isEmpty() ? otherwise : addresses.get(0);
    }

    private static String msisdn(List<KeptHeader> headers) {
        for (KeptHeader header : headers) {
            if (MSISDN_HEADERS.contains(header.name().toLowerCase(Locale.ROOT))) {
                return header.value();
            }
        }
        return null;
    }
}
