package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;
import static org.mmsrouter.it.RouterTestSupport.counter;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.Body;
import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.Header;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduEncoder;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.MmscSimulator;
import org.mmsrouter.tools.sim.ReceivedFollowUp;
import org.mmsrouter.tools.sim.SimMode;

/**
 * Follow-up PDUs in the container: every indication and request type a phone sends about an
 * existing message, composed with the project's codec, reaches the MMSC that holds the message —
 * by the operator's rule, by what the router learned (from the m-send-conf and the m-retrieve-conf
 * it relayed), and by a sweep of the live MMSCs (an indication whose owner is unknown: sent to every
 * MMSC) — byte for byte; indications wait in the queue while their owner may be down, requests are
 * told to retry.
 */
class FollowUpIT extends RouterItBase {

    private static final HttpClient DIRECT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final List<MessageType> BY_TRANSACTION_ID =
            List.of(MessageType.M_NOTIFYRESP_IND, MessageType.M_ACKNOWLEDGE_IND, MessageType.M_CANCEL_CONF);
    private static final List<MessageType> BY_CONTENT_LOCATION = List.of(
            MessageType.M_FORWARD_REQ,
            MessageType.M_DELETE_REQ,
            MessageType.M_MBOX_STORE_REQ,
            MessageType.M_MBOX_DELETE_REQ);

    @BeforeEach
    void healthyAndEmpty() throws Exception {
        bothHealthyAndEmpty();
    }

    /** A follow-up PDU with the fields its type needs and the key that names its message. */
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
        if (type == MessageType.M_READ_REC_IND || type == MessageType.M_FORWARD_REQ) {
            headers.add(Header.of(MmsHeader.TO, HeaderValue.EncodedText.plain("+4915112345678/TYPE=PLMN")));
        }
        if (type == MessageType.M_READ_REC_IND) {
            headers.add(Header.of(MmsHeader.FROM, HeaderValue.From.INSERT_ADDRESS));
            headers.add(Header.of(MmsHeader.READ_STATUS, new HeaderValue.Octet(0x80)));
        }
        if (type == MessageType.M_NOTIFYRESP_IND) {
            headers.add(Header.of(MmsHeader.STATUS, new HeaderValue.Octet(0x81))); // Retrieved
        }
        if (type == MessageType.M_CANCEL_CONF) {
            headers.add(Header.of(MmsHeader.CANCEL_STATUS, new HeaderValue.Octet(0x80)));
        }
        if (contentLocation != null) {
            headers.add(Header.of(MmsHeader.CONTENT_LOCATION, new HeaderValue.Text(contentLocation)));
        }
        return PduEncoder.encode(Pdu.of(headers, new Body.None()));
    }

    private static String storeDirectly(MmscSimulator sim, String transactionId) throws Exception {
        byte[] pdu = new SendReqComposer()
                .transactionId(transactionId)
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        HttpResponse<byte[]> response = DIRECT.send(
                HttpRequest.newBuilder(sim.url())
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/vnd.wap.mms-message")
                        .POST(HttpRequest.BodyPublishers.ofByteArray(pdu))
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        return SendConf.decode(response.body()).messageId();
    }

    private static String location(String messageId, String query) {
        return "http://mms.operator.test/mms/" + messageId + (query == null ? "" : "?" + query);
    }

    /**
     * Posts every follow-up type for one message through the router and checks each arrives at
     * {@code owner}, byte for byte, and nowhere else; indications are answered 204 at once, requests
     * with the owner's Ok confirmation.
     */
    private static void everyTypeReaches(
            MmscSimulator owner, MmscSimulator other, String transactionId, String messageId, String locationQuery)
            throws Exception {
        List<byte[]> sent = new ArrayList<>();
        for (MessageType type : BY_TRANSACTION_ID) {
            byte[] pdu = followUp(type, transactionId, null, null);
            HttpResponse<byte[]> answer = RouterTestSupport.postMm(pdu);
            assertEquals(204, answer.statusCode(), type.specName() + " answered at once");
            sent.add(pdu);
        }
        byte[] readReport = followUp(MessageType.M_READ_REC_IND, null, messageId, null);
        assertEquals(204, RouterTestSupport.postMm(readReport).statusCode(), "m-read-rec-ind answered at once");
        sent.add(readReport);
        for (MessageType type : BY_CONTENT_LOCATION) {
            byte[] pdu = followUp(
                    type, "req-" + type.octet() + "-" + transactionId, null, location(messageId, locationQuery));
            PduHeaders conf = PduHeaders.scan(RouterTestSupport.postMm(pdu).body());
            assertEquals(
                    FollowUps.confirmationOf(type).orElseThrow(),
                    conf.messageType().orElseThrow());
            assertEquals(
                    ResponseStatus.OK, conf.responseStatus(), type.specName() + ": the owner's confirmation, relayed");
            sent.add(pdu);
        }
        await(
                "all " + sent.size() + " follow-ups at " + owner.name(),
                Duration.ofSeconds(20),
                () -> owner.followUps().size() == sent.size());
        for (byte[] pdu : sent) {
            assertTrue(
                    owner.followUps().stream().map(ReceivedFollowUp::pdu).anyMatch(got -> Arrays.equals(got, pdu)),
                    "byte for byte at " + owner.name());
        }
        assertEquals(0, other.followUps().size(), "nothing at " + other.name());
    }

    @Test
    void everyFollowUpTypeReachesItsOwnerByTheOperatorsRule() throws Exception {
        // sim-b owns IDs starting rule-b- and URLs with owner=b (arquillian.xml); the sim turns a
        // rule-… Transaction-ID into the Message-ID.
        String messageId = storeDirectly(mmscs.b(), "rule-b-42");
        long before = counter("followUpsByRule");

        everyTypeReaches(mmscs.b(), mmscs.a(), "rule-b-42", messageId, "owner=b");

        await("all counted by rule", Duration.ofSeconds(10), () -> counter("followUpsByRule") == before + 8);
    }

    @Test
    void everyFollowUpTypeReachesItsOwnerByWhatTheRouterLearned() throws Exception {
        byte[] submission = new SendReqComposer()
                .transactionId("learn-7")
                .to("+4915112345678/TYPE=PLMN")
                .compose();
        String messageId =
                SendConf.decode(RouterTestSupport.postMm(submission).body()).messageId(); // learns the Message-ID
        MmscSimulator owner = messageId.startsWith("sim-a-") ? mmscs.a() : mmscs.b();
        MmscSimulator other = owner == mmscs.a() ? mmscs.b() : mmscs.a();
        HttpResponse<byte[]> retrieval = RouterTestSupport.HTTP.send(
                HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + RouterTestSupport.HTTP_PORT + "/mms/" + messageId))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, retrieval.statusCode()); // learns the m-retrieve-conf's Transaction-ID
        // What the router learned, as the NOC sees it (GET /admin/api/owners).
        String owners = AdminClient.VIEWER
                .get("/owners?transactionId=learn-7&messageId=" + messageId + "&url=/mms/never-seen")
                .body();
        assertEquals(
                "{\"owners\":[{\"kind\":\"TRANSACTION_ID\",\"mmsc\":\"" + owner.name() + "\",\"value\":\"learn-7\"},"
                        + "{\"kind\":\"MESSAGE_ID\",\"mmsc\":\"" + owner.name() + "\",\"value\":\"" + messageId + "\"},"
                        + "{\"kind\":\"URL\",\"value\":\"/mms/never-seen\"}]}",
                owners);
        assertEquals(400, AdminClient.VIEWER.get("/owners").statusCode());
        long before = counter("followUpsByLearned");

        everyTypeReaches(owner, other, "learn-7", messageId, null);

        await("all counted as learned", Duration.ofSeconds(10), () -> counter("followUpsByLearned") == before + 8);
    }

    @Test
    void everyFollowUpTypeForAMessageTheRouterNeverSawIsFoundBySweeping() throws Exception {
        String messageId = storeDirectly(mmscs.b(), "sweep-9");
        long before = counter("followUpsBySweep") + counter("followUpsByBroadcast");

        everyTypeReaches(mmscs.b(), mmscs.a(), "sweep-9", messageId, null);

        assertTrue(
                counter("followUpsBySweep") + counter("followUpsByBroadcast") > before,
                "found by sweeping (indications: sent to every MMSC), later ones by what that taught");
    }

    @Test
    void mmboxRequestsNamingNoMessageAreServedByTheFirstLiveMmsc() throws Exception {
        byte[] view = followUp(MessageType.M_MBOX_VIEW_REQ, "view-1", null, null);
        byte[] upload = followUp(MessageType.M_MBOX_UPLOAD_REQ, "upload-1", null, null);

        PduHeaders viewConf = PduHeaders.scan(RouterTestSupport.postMm(view).body());
        PduHeaders uploadConf = PduHeaders.scan(RouterTestSupport.postMm(upload).body());

        assertEquals(MessageType.M_MBOX_VIEW_CONF, viewConf.messageType().orElseThrow());
        assertEquals(ResponseStatus.OK, viewConf.responseStatus());
        assertEquals(MessageType.M_MBOX_UPLOAD_CONF, uploadConf.messageType().orElseThrow());
        assertEquals(ResponseStatus.OK, uploadConf.responseStatus());
        assertEquals(2, mmscs.a().followUps().size(), "sim-a comes first by priority");
    }

    @Test
    void aFollowUpAboutAMessageNoMmscHoldsGetsMessageNotFound() throws Exception {
        byte[] forward = followUp(MessageType.M_FORWARD_REQ, "fwd-nobody", null, location("nobody@mmsc.sim", null));

        PduHeaders conf = PduHeaders.scan(RouterTestSupport.postMm(forward).body());

        assertEquals(MessageType.M_FORWARD_CONF, conf.messageType().orElseThrow());
        assertEquals(ResponseStatus.ERROR_PERMANENT_MESSAGE_NOT_FOUND, conf.responseStatus());
    }

    @Test
    void whileTheOwnerIsDownIndicationsWaitInTheQueueAndArriveWhenItIsBack() throws Exception {
        String messageId = storeDirectly(mmscs.a(), "down-5");
        byte[] ack = followUp(MessageType.M_ACKNOWLEDGE_IND, "down-5", null, null);
        assertEquals(204, RouterTestSupport.postMm(ack).statusCode());
        await(
                "the first acknowledgement at sim-a (found by sweep)",
                Duration.ofSeconds(10),
                () -> mmscs.a().followUps().size() == 1);
        mmscs.a().setBehaviour(Behaviour.of(SimMode.REFUSE));
        await("sim-a DOWN", Duration.ofSeconds(10), () -> "DOWN".equals(RouterTestSupport.stateOf("sim-a")));

        byte[] readReport = followUp(MessageType.M_READ_REC_IND, null, messageId, null);
        assertEquals(204, RouterTestSupport.postMm(readReport).statusCode(), "taken at once though its owner is down");
        byte[] forward = followUp(MessageType.M_FORWARD_REQ, "fwd-down-5", null, location(messageId, null));
        PduHeaders conf = PduHeaders.scan(RouterTestSupport.postMm(forward).body());
        assertEquals(MessageType.M_FORWARD_CONF, conf.messageType().orElseThrow());
        assertEquals(ResponseStatus.ERROR_TRANSIENT_FAILURE, conf.responseStatus(), "m-forward-req: retry later");
        assertEquals(1, mmscs.a().followUps().size(), "sim-a refuses connections: nothing more reached it");

        mmscs.a().setBehaviour(Behaviour.HEALTHY);

        await(
                "the read report delivered once sim-a is back",
                Duration.ofSeconds(60),
                () -> mmscs.a().followUps().size() == 2);
        assertArrayEquals(readReport, mmscs.a().followUps().get(1).pdu(), "byte for byte");
        assertEquals(0, mmscs.b().followUps().size(), "it waited for sim-a, the MMSC that was down");
    }
}
