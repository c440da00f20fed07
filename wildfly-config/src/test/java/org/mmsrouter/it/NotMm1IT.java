package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What is not MM1: a configured pass-through (arquillian.xml: /mm7 to a stand-in MM7 gateway on
 * 18184) is proxied as it is; anything else is refused with a clear status.
 */
class NotMm1IT extends RouterItBase {

    private static final String SOAP =
            "<?xml version=\"1.0\"?><env:Envelope xmlns:env=\"http://schemas.xmlsoap.org/soap/envelope/\">"
                    + "<env:Body><SubmitReq/></env:Body></env:Envelope>";

    /** One request as the stand-in gateway saw it. */
    record Seen(String method, String pathAndQuery, String soapAction, String forwardedFor, String body) {}

    private HttpServer gateway;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startGateway() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 18184), 16);
        gateway.createContext("/", exchange -> {
            try (exchange) {
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                URI uri = exchange.getRequestURI();
                seen.add(new Seen(
                        exchange.getRequestMethod(),
                        uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()),
                        exchange.getRequestHeaders().getFirst("SOAPAction"),
                        exchange.getRequestHeaders().getFirst("X-Forwarded-For"),
                        body));
                byte[] answer = "<SubmitRsp>ok</SubmitRsp>".getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "text/xml");
                exchange.getResponseHeaders().set("X-Gateway", "stand-in");
                exchange.sendResponseHeaders(202, answer.length);
                exchange.getResponseBody().write(answer);
            }
        });
        gateway.start();
    }

    @AfterEach
    void stopGateway() {
        gateway.stop(0);
    }

    private static HttpResponse<String> send(String method, String path, String contentType, String body)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + RouterTestSupport.HTTP_PORT + path))
                .timeout(Duration.ofSeconds(10))
                .header("SOAPAction", "\"\"")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return RouterTestSupport.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aConfiguredPassThroughIsProxiedAsItIs() throws Exception {
        HttpResponse<String> posted = send("POST", "/mm7/submit?v=6.8", "text/xml; charset=utf-8", SOAP);
        HttpResponse<String> got = send("GET", "/mm7", null, null);

        assertEquals(202, posted.statusCode());
        assertEquals("<SubmitRsp>ok</SubmitRsp>", posted.body());
        assertEquals("stand-in", posted.headers().firstValue("X-Gateway").orElseThrow());
        assertEquals(new Seen("POST", "/vasp/submit?v=6.8", "\"\"", "127.0.0.1", SOAP), seen.get(0));
        assertEquals(202, got.statusCode());
        assertEquals("/vasp", seen.get(1).pathAndQuery());
    }

    @Test
    void aPathCannotClimbOutOfThePassThroughsTarget() throws Exception {
        // Undertow resolves the dot segments first, so this is no longer a /mm7 path at all; either
        // way nothing outside the target's /vasp may reach the gateway.
        send("GET", "/mm7/%2e%2e/%2e%2e/admin", null, null);
        HttpResponse<String> encoded = send("GET", "/mm7/a%2Fb%3Fc", null, null);

        assertTrue(seen.stream().allMatch(s -> s.pathAndQuery().startsWith("/vasp/")), seen.toString());
        assertEquals(202, encoded.statusCode(), "an encoded slash stays inside its segment");
    }

    @Test
    void anUnreachableTargetIsABadGateway() throws Exception {
        gateway.stop(0);

        HttpResponse<String> response = send("POST", "/mm7/submit", "text/xml", SOAP);

        assertEquals(502, response.statusCode());
        assertTrue(!response.body().contains("Exception"), response.body());
    }

    @Test
    void whatIsNeitherMm1NorAPassThroughIsRefusedClearly() throws Exception {
        HttpResponse<String> elsewhere = send("POST", "/soap/endpoint", "text/xml", SOAP);
        HttpResponse<String> soapAtMm1 = send("POST", "/mms", "text/xml", SOAP);
        HttpResponse<String> put = send("PUT", "/mms/x", "text/plain", "x");

        assertEquals(404, elsewhere.statusCode());
        assertTrue(elsewhere.body().contains("not an MM1 endpoint"), elsewhere.body());
        assertEquals(415, soapAtMm1.statusCode());
        assertEquals(404, put.statusCode());
        assertTrue(seen.isEmpty(), "nothing reached the gateway");
    }
}
