package org.mmsrouter.web.mm1;

import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.pdu.Printable;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;

/**
 * What the ingress does with a POSTed body, decided from its headers alone (a header-only scan: the
 * body is passed on as it arrived, never decoded here): answer it at once with an m-send-conf
 * saying what is wrong, hand it on as a follow-up about an existing message, or queue it as an
 * m-send-req. Plain Java: the servlet acts on the {@link Verdict}; tests check every answer's bytes.
 */
final class Screening {

    /** The MMS version answered with when the request names none (or cannot be read). */
    static final int DEFAULT_VERSION = 0x12;

    private static final int VERSION_1_0 = 0x10;
    /** MMS 1.0's "unsupported-message", replaced by 0xE0-range statuses from 1.1 on. */
    private static final int UNSUPPORTED_MESSAGE_1_0 = 0x88;

    private Screening() {}

    /** What to do with one body. */
    sealed interface Verdict {

        /** Refused by its content: answer {@code sendConf} now and log {@code logLine} (INFO). */
        record Answer(byte[] sendConf, String logLine) implements Verdict {}

        /** A PDU about an existing message (acknowledgement, read report, forward or delete request, ...). */
        record FollowUp(PduHeaders headers, MessageType type, int version) implements Verdict {}

        /**
         * A well-formed m-send-req, to be queued; {@code tid} is its Transaction-ID as it came,
         * {@code version} the MMS version to answer with.
         */
        record SendReq(PduHeaders headers, String tid, int version) implements Verdict {}
    }

    /**
     * Screens {@code body} from {@code client}, whose bodies may have at most {@code maxMessageBytes}.
     * The checks run in this order: readable headers, size, follow-up, message type, mandatory headers.
     */
    static Verdict screen(Mm1Servlet.BoundedBody body, int maxMessageBytes, String client) {
        PduHeaders headers;
        try {
            headers = PduHeaders.scan(body.bytes());
        } catch (PduFormatException e) {
            return new Verdict.Answer(
                    new SendConf(
                                    "",
                                    DEFAULT_VERSION,
                                    ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT,
                                    "corrupt PDU " + e.getMessage(),
                                    null)
                            .encode(),
                    "Corrupt PDU from " + client + ": " + e.getMessage());
        }
        String tid = headers.transactionId() == null ? "" : headers.transactionId();
        String shownTid = Printable.escape(tid); // logs get the TID escaped, the answer as it came
        int version = headers.mmsVersion() < 0 ? DEFAULT_VERSION : headers.mmsVersion();
        if (body.truncated()) {
            return new Verdict.Answer(
                    new SendConf(
                                    tid,
                                    version,
                                    ResponseStatus.ERROR_PERMANENT_CONTENT_NOT_ACCEPTED,
                                    "message larger than " + maxMessageBytes + " bytes",
                                    null)
                            .encode(),
                    "MM from " + client + " (TID " + shownTid + ") exceeds " + maxMessageBytes + " bytes");
        }
        MessageType type = headers.messageType().orElse(null);
        if (type != null && FollowUps.isFollowUp(type)) {
            return new Verdict.FollowUp(headers, type, version);
        }
        if (type != MessageType.M_SEND_REQ) {
            int status = version == VERSION_1_0 ? UNSUPPORTED_MESSAGE_1_0 : ResponseStatus.ERROR_PERMANENT_FAILURE;
            return new Verdict.Answer(
                    new SendConf(tid, version, status, "unsupported message type", null).encode(),
                    String.format("Unsupported message type 0x%02X from %s", headers.messageTypeOctet(), client));
        }
        String missing = PostChecks.missingMandatoryHeader(headers);
        if (missing != null) {
            return new Verdict.Answer(
                    new SendConf(
                                    tid,
                                    version,
                                    ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT,
                                    "m-send-req without " + missing,
                                    null)
                            .encode(),
                    "m-send-req from " + client + " (TID " + shownTid + ") lacks " + missing);
        }
        return new Verdict.SendReq(headers, tid, version);
    }

    /** The m-send-conf for an m-send-req the admission will not store now: a transient failure, so it is retried. */
    static byte[] busy(String tid, int version) {
        return new SendConf(
                        tid, version, ResponseStatus.ERROR_TRANSIENT_FAILURE, "router busy, please retry later", null)
                .encode();
    }
}
