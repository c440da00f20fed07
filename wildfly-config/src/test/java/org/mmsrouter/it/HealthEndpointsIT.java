package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mmsrouter.it.RouterTestSupport.await;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.mmsrouter.tools.sim.Behaviour;
import org.mmsrouter.tools.sim.SimMode;

/**
 * The router's own probes on the MM1 listener, as a load balancer, keepalived or a Kubernetes probe
 * asks them: no credentials, nothing but up or down; ready with every MMSC down (it still queues),
 * not ready while the server is suspended, ready again once resumed.
 */
class HealthEndpointsIT extends RouterItBase {

    @ArquillianResource
    private ManagementClient management;

    @AfterEach
    void resumedAndHealthy() throws Exception {
        execute(Operations.createOperation("resume"));
        bothHealthyAndEmpty();
    }

    @Test
    void liveAndReadyWithoutCredentialsAndNothingElse() throws Exception {
        HttpResponse<String> live = probe("GET", "/health/live");
        assertEquals(200, live.statusCode());
        assertEquals("{\"status\":\"UP\"}\n", live.body());
        assertEquals("no-store", live.headers().firstValue("Cache-Control").orElse(""));
        HttpResponse<String> ready = probe("GET", "/health/ready");
        assertEquals(200, ready.statusCode());
        assertEquals("{\"status\":\"UP\"}\n", ready.body());
        HttpResponse<String> head = probe("HEAD", "/health/ready");
        assertEquals(200, head.statusCode());
        assertEquals("", head.body());
        assertEquals(405, probe("POST", "/health/ready").statusCode());
        assertEquals(404, probe("GET", "/health/internals").statusCode());
    }

    @Test
    void readyWithEveryMmscDownNotReadyWhileSuspended() throws Exception {
        mmscs.a().setBehaviour(Behaviour.of(SimMode.REFUSE));
        mmscs.b().setBehaviour(Behaviour.of(SimMode.REFUSE));
        await(
                "both MMSCs DOWN",
                Duration.ofSeconds(30),
                () -> "DOWN".equals(RouterTestSupport.stateOf("sim-a"))
                        && "DOWN".equals(RouterTestSupport.stateOf("sim-b")));
        assertEquals(200, probe("GET", "/health/ready").statusCode(), "still takes MMs: they queue");

        execute(Operations.createOperation("suspend"));
        HttpResponse<String> suspended = probe("GET", "/health/ready");
        assertEquals(503, suspended.statusCode(), suspended.body());
        execute(Operations.createOperation("resume"));
        await(
                "ready after resume",
                Duration.ofSeconds(10),
                () -> probe("GET", "/health/ready").statusCode() == 200);
    }

    private static HttpResponse<String> probe(String method, String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + RouterTestSupport.HTTP_PORT + path))
                .timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build();
        return RouterTestSupport.HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private void execute(ModelNode operation) throws IOException {
        ModelNode result = management.getControllerClient().execute(operation);
        if (!Operations.isSuccessfulOutcome(result)) {
            throw new AssertionError(Operations.getFailureDescription(result).asString());
        }
    }
}
