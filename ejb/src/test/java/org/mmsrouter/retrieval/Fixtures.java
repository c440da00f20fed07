package org.mmsrouter.retrieval;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.health.HealthView;
import org.mmsrouter.health.MmscHealth;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.pdu.Body;
import org.mmsrouter.pdu.Bytes;
import org.mmsrouter.pdu.ContentType;
import org.mmsrouter.pdu.Header;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduEncoder;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.routing.AdminState;

/** MMSCs, health, PDUs and answers for the retrieval and follow-up tests. */
final class Fixtures {

    static final List<KeptHeader> HEADERS = List.of(new KeptHeader("User-Agent", "phone"));

    private Fixtures() {}

    /** An enabled MMSC without ownership rules. */
    static MmscDefinition mmsc(String id, int priority) {
        return mmsc(id, priority, AdminState.ENABLED, MmscDefinition.Ownership.NONE);
    }

    static MmscDefinition mmsc(String id, int priority, AdminState state) {
        return mmsc(id, priority, state, MmscDefinition.Ownership.NONE);
    }

    /** An MMSC owning the IDs {@code idRegex} matches. */
    static MmscDefinition owningIds(String id, int priority, String idRegex) {
        return mmsc(
                id, priority, AdminState.ENABLED, new MmscDefinition.Ownership(List.of(), List.of(), null, idRegex));
    }

    /** An MMSC owning the paths under {@code prefix}. */
    static MmscDefinition owningPaths(String id, int priority, String prefix) {
        return mmsc(
                id, priority, AdminState.ENABLED, new MmscDefinition.Ownership(List.of(), List.of(prefix), null, null));
    }

    static MmscDefinition mmsc(String id, int priority, AdminState state, MmscDefinition.Ownership owns) {
        URI url = URI.create("http://" + id + ".test/mms");
        return new MmscDefinition(
                id,
                url,
                url,
                MmscDefinition.Probe.DEFAULT,
                new MmscDefinition.Routing(priority, 100, List.of(), state, 0),
                owns);
    }

    /** Health set by hand; an MMSC it was not told about is unknown to it, as one removed from the board. */
    static final class Health implements HealthView {
        private final Map<String, MmscHealth> states = new HashMap<>();

        Health set(String id, MmscHealth state) {
            states.put(id, state);
            return this;
        }

        private MmscHealth known(String id) {
            MmscHealth state = states.get(id);
            if (state == null) {
                throw new IllegalArgumentException("no MMSC " + id);
            }
            return state;
        }

        @Override
        public MmscHealth state(String mmscId) {
            return known(mmscId);
        }

        @Override
        public Instant since(String mmscId) {
            return Instant.EPOCH;
        }

        @Override
        public boolean isRoutable(String mmscId) {
            return known(mmscId).routable();
        }

        @Override
        public boolean anyRoutable() {
            return states.values().stream().anyMatch(MmscHealth::routable);
        }
    }

    /** The failures reported to health detection, as "mmsc: detail". */
    static final class Reports implements FailureReporter {
        final List<String> lines = new ArrayList<>();

        @Override
        public void failed(String mmscId, String detail) {
            lines.add(mmscId + ": " + detail);
        }
    }

    /** An m-retrieve-conf with the given X-Mms-Retrieve-Status (-1: none) and IDs (null: none). */
    static byte[] retrieveConf(int retrieveStatus, String transactionId, String messageId) {
        List<Header> headers = new ArrayList<>();
        headers.add(Header.of(MmsHeader.MESSAGE_TYPE, new HeaderValue.Octet(MessageType.M_RETRIEVE_CONF.octet())));
        if (transactionId != null) {
            headers.add(Header.of(MmsHeader.TRANSACTION_ID, new HeaderValue.Text(transactionId)));
        }
        headers.add(Header.of(MmsHeader.MMS_VERSION, new HeaderValue.Octet(0x92)));
        if (messageId != null) {
            headers.add(Header.of(MmsHeader.MESSAGE_ID, new HeaderValue.Text(messageId)));
        }
        headers.add(Header.of(MmsHeader.DATE, new HeaderValue.Int(1)));
        if (retrieveStatus >= 0) {
            headers.add(Header.of(MmsHeader.RETRIEVE_STATUS, new HeaderValue.Octet(retrieveStatus)));
        }
        headers.add(Header.of(MmsHeader.CONTENT_TYPE, new HeaderValue.ContentTypeValue(ContentType.of("text/plain"))));
        return PduEncoder.encode(Pdu.of(headers, new Body.SinglePart(Bytes.EMPTY)));
    }

    /** A follow-up PDU of {@code type} (IDs and Content-Location null when absent). */
    static byte[] followUp(MessageType type, String transactionId, String messageId, String contentLocation) {
        List<Header> headers = new ArrayList<>();
        headers.add(Header.of(MmsHeader.MESSAGE_TYPE, new HeaderValue.Octet(type.octet())));
        if (transactionId != null) {
            headers.add(Header.of(MmsHeader.TRANSACTION_ID, new HeaderValue.Text(transactionId)));
        }
        headers.add(Header.of(MmsHeader.MMS_VERSION, new HeaderValue.Octet(0x92)));
        if (messageId != null) {
            headers.add(Header.of(MmsHeader.MESSAGE_ID, new HeaderValue.Text(messageId)));
        }
        if (contentLocation != null) {
            headers.add(Header.of(MmsHeader.CONTENT_LOCATION, new HeaderValue.Text(contentLocation)));
        }
        return PduEncoder.encode(Pdu.of(headers, new Body.None()));
    }

    static PduHeaders scan(byte[] pdu) {
        try {
            return PduHeaders.scan(pdu);
        } catch (PduFormatException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An MMSC's answer to a retrieval, its body not yet read. */
    static RetrievalProxy.Upstream answer(String mmscId, int status, String contentType, byte[] body) {
        RetrievalProxy.Peeking peeking = new RetrievalProxy.Peeking(new ByteArrayInputStream(body));
        Map<String, List<String>> headers =
                contentType == null ? Map.of() : Map.of("content-type", List.of(contentType));
        return new RetrievalProxy.Upstream(mmscId, status, headers, peeking, peeking);
    }

    /** {@link #answer} with the MMS content type. */
    static RetrievalProxy.Upstream mms(String mmscId, int status, byte[] body) {
        return answer(mmscId, status, "application/vnd.wap.mms-message", body);
    }

    /** The whole body an upstream streams. */
    static byte[] body(RetrievalProxy.Upstream upstream) {
        try {
            return upstream.body().readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
