package org.mmsrouter.forward;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.PduHeaders;

/**
 * One line of the per-MM record, written when an MM's journey through the router ends: delivered
 * to an MMSC, rejected by one, expired, or given up. One JSON object per line (JSON Lines), fields
 * always in this order, absent values as null — for billing reconciliation against the MMSCs' CDRs.
 *
 * @param time            when the journey ended
 * @param node            the router node that ended it
 * @param routerMessageId the router's own id of the MM
 * @param transactionId   the handset's X-Mms-Transaction-ID
 * @param messageId       the Message-ID the MMSC gave it (delivered or rejected with one), else null
 * @param sender          the sender's number (trusted MSISDN header, else From), or null; its keyed hash
 *                        instead when {@code mmsrouter.records.hash-msisdns} is on ({@link MmJournal})
 * @param recipients      To + Cc + Bcc addresses
 * @param size            bytes of the m-send-req
 * @param mmsc            the MMSC that took or rejected it, or null
 * @param outcome         delivered | rejected | expired | gave-up
 * @param latency         from acceptance at the ingress to the end of the journey
 * @param attempts        deliveries of the MM from the queue, this one included
 */
public record MmRecord(
        Instant time,
        String node,
        String routerMessageId,
        String transactionId,
        String messageId,
        String sender,
        int recipients,
        int size,
        String mmsc,
        String outcome,
        Duration latency,
        int attempts) {

    /**
     * The record of {@code mm}'s end, sender and recipients from its header scan ({@code null} when
     * the scan failed: then 0 recipients and the sender from the MSISDN header alone).
     */
    /**
     * Looked up once: {@code Json.createObjectBuilder()} runs a ServiceLoader lookup (class-path
     * resource scans) on every call, which the profile showed on the forwarding path, once per MM.
     */
    private static final JsonProvider JSON = JsonProvider.provider();

    static MmRecord of(
            QueuedMm mm,
            PduHeaders headers,
            Instant now,
            String node,
            String outcome,
            String mmsc,
            String messageId,
            int attempts) {
        int recipients = headers == null
                ? 0
                : headers.to().size() + headers.cc().size() + headers.bcc().size();
        return new MmRecord(
                now,
                node,
                mm.routerMessageId(),
                mm.transactionId(),
                messageId,
                RoutingRequests.of(mm, headers).sender(),
                recipients,
                mm.pdu().length,
                mmsc,
                outcome,
                Duration.between(mm.arrival(), now),
                attempts);
    }

    /** This record with another sender (hashed for the records file, masked for a viewer); itself when it is the same. */
    public MmRecord withSender(String other) {
        return Objects.equals(sender, other)
                ? this
                : new MmRecord(
                        time,
                        node,
                        routerMessageId,
                        transactionId,
                        messageId,
                        other,
                        recipients,
                        size,
                        mmsc,
                        outcome,
                        latency,
                        attempts);
    }

    /** The JSON line (without the line break). */
    public String toJson() {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("time", time.toString());
        text(json, "node", node);
        text(json, "routerMessageId", routerMessageId);
        text(json, "transactionId", transactionId);
        text(json, "messageId", messageId);
        text(json, "sender", sender);
        json.add("recipients", recipients).add("size", size);
        text(json, "mmsc", mmsc);
        text(json, "outcome", outcome);
        return json.add("latencyMs", latency.toMillis())
                .add("attempts", attempts)
                .build()
                .toString();
    }

    private static void text(JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }
}
