package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mmsrouter.it.RouterTestSupport.await;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.Bytes;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduEncoder;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import org.mmsrouter.tools.sim.ReceivedMm;

/** What the MM1 ingress answers to each kind of request, and which gateway headers reach the MMSC. */
class Mm1IngressIT extends RouterItBase {

    @BeforeEach
    void empty() throws Exception {
        await("sim-a UP", Duration.ofSeconds(30), () -> "UP".equals(RouterTestSupport.stateOf("sim-a")));
        mmscs.a().clearReceived();
    }

    @Test
    void identityHeadersPassFromATrustedGatewayAndAreStrippedFromAnyOther() throws Exception {
        byte[] trusted = new SendReqComposer()
                .transactionId("it-msisdn-trusted")
                .to("+1/TYPE=PLMN")
                .compose();
        byte[] untrusted = new SendReqComposer()
                .transactionId("it-msisdn-untrusted")
                .to("+1/TYPE=PLMN")
                .compose();

        // 127.0.0.1 is the test server's configured WAP gateway; 127.0.0.2 is another loopback source.
        assertEquals(200, rawPost(InetAddress.getByName("127.0.0.1"), trusted));
        assertEquals(200, rawPost(InetAddress.getByName("127.0.0.2"), untrusted));

        await(
                "both MMs arrived",
                Duration.ofSeconds(20),
                () -> mmscs.a().received().size() == 2);
        for (ReceivedMm mm : mmscs.a().received()) {
            boolean fromTrusted = mm.transactionId().equals("it-msisdn-trusted");
            assertEquals(fromTrusted, mm.headers().containsKey("x-wap-network-client-msisdn"), mm.transactionId());
            assertEquals(fromTrusted, mm.headers().containsKey("x-msisdn"), mm.transactionId());
            // The handset's address is an identity header too: believed from the trusted gateway only.
            assertEquals(
                    fromTrusted ? List.of("10.9.8.7") : null,
                    mm.headers().get("x-wap-network-client-ip"),
                    mm.transactionId());
            assertEquals(List.of("Handset/1.0"), mm.headers().get("user-agent"));
        }
    }

    @Test
    void anOversizedMmGetsContentNotAcceptedWithItsTransactionId() throws Exception {
        byte[] big = PduEncoder.encodeCanonical(withPadding(
                new SendReqComposer().transactionId("it-big").to("+1/TYPE=PLMN").toPdu(), 1_100_000));

        SendConf conf = SendConf.decode(RouterTestSupport.postMm(big).body());

        assertEquals(ResponseStatus.ERROR_PERMANENT_CONTENT_NOT_ACCEPTED, conf.responseStatus());
        assertEquals("it-big", conf.transactionId());
    }

    @Test
    void anMSendReqWithoutRecipientIsMessageFormatCorrupt() throws Exception {
        byte[] noRecipient = {
            (byte) 0x8C,
            (byte) 0x80,
            (byte) 0x98,
            'n',
            'r',
            0,
            (byte) 0x8D,
            (byte) 0x92,
            (byte) 0x89,
            0x01,
            (byte) 0x81,
            (byte) 0x84,
            (byte) 0xA3,
            0x00
        };

        SendConf conf = SendConf.decode(RouterTestSupport.postMm(noRecipient).body());

        assertEquals(ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT, conf.responseStatus());
        assertEquals("nr", conf.transactionId());
        assertTrue(conf.responseText().contains("recipient"), conf.responseText());
    }

    @Test
    void anotherMessageTypeIsUnsupportedAsTheSpecificationSays() throws Exception {
        // m-delivery-ind goes from MMSC to phone, never from a phone to the MMS domain.
        byte[] delivery10 = {(byte) 0x8C, (byte) 0x86, (byte) 0x98, 'a', 0, (byte) 0x8D, (byte) 0x90};
        byte[] delivery12 = {(byte) 0x8C, (byte) 0x86, (byte) 0x98, 'b', 0, (byte) 0x8D, (byte) 0x92};

        assertEquals(
                0x88,
                SendConf.decode(RouterTestSupport.postMm(delivery10).body()).responseStatus(),
                "1.0: unsupported-message");
        assertEquals(
                ResponseStatus.ERROR_PERMANENT_FAILURE,
                SendConf.decode(RouterTestSupport.postMm(delivery12).body()).responseStatus());
    }

    @Test
    void theWrongContentTypeIsRefusedWithHttp415AndNoStackTrace() throws Exception {
        HttpResponse<String> response = RouterTestSupport.HTTP.send(
                HttpRequest.newBuilder(RouterTestSupport.MM1_URL)
                        .header("Content-Type", "text/plain")
                        .POST(HttpRequest.BodyPublishers.ofString("hello"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(415, response.statusCode());
        assertFalse(response.body().contains("Exception"), response.body());
    }

    private static Pdu withPadding(Pdu pdu, int bytes) {
        var multipart = (org.mmsrouter.pdu.Body.Multipart) pdu.body();
        var part = multipart.parts().get(0);
        var padded = org.mmsrouter.pdu.Part.of(part.contentType(), part.headers(), Bytes.copyOf(new byte[bytes]));
        return Pdu.of(pdu.headers(), org.mmsrouter.pdu.Body.Multipart.of(List.of(padded)));
    }

    /** POSTs from a chosen local address (the JDK client cannot bind one), as a WAP gateway would. */
    private static int rawPost(InetAddress from, byte[] pdu) throws Exception {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(from, 0));
            socket.connect(new InetSocketAddress("127.0.0.1", RouterTestSupport.HTTP_PORT), 5000);
            socket.setSoTimeout(30_000);
            String head = "POST /mms HTTP/1.1\r\nHost: mms.operator.test\r\n"
                    + "Content-Type: application/vnd.wap.mms-message\r\n"
                    + "X-WAP-Network-Client-MSISDN: 4915112345678\r\nX-MSISDN: 4915112345678\r\n"
                    + "X-WAP-Network-Client-IP: 10.9.8.7\r\nUser-Agent: Handset/1.0\r\n"
                    + "Content-Length: " + pdu.length + "\r\nConnection: close\r\n\r\n";
            OutputStream out = socket.getOutputStream();
            out.write(head.getBytes(StandardCharsets.US_ASCII));
            out.write(pdu);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            in.transferTo(answer);
            String status = answer.toString(StandardCharsets.ISO_8859_1)
                    .lines()
                    .findFirst()
                    .orElse("");
            return Integer.parseInt(status.split(" ")[1]);
        }
    }
}
