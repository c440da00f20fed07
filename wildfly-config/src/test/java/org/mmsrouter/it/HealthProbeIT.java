package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.mmsrouter.it.RouterTestSupport.await;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The health singleton's timer probes real sockets: a stopped MMSC goes DOWN, a restarted one UP. */
class HealthProbeIT extends RouterItBase {

    @Test
    void stoppedSimulatorIsMarkedDownAndRestartedOneUp() throws Exception {
        await("sim-a UP", Duration.ofSeconds(30), () -> "UP".equals(RouterTestSupport.stateOf("sim-a")));

        mmscs.stopA();
        long stoppedAt = System.nanoTime();
        await(
                "sim-a DOWN after it stopped",
                Duration.ofSeconds(10),
                () -> "DOWN".equals(RouterTestSupport.stateOf("sim-a")));
        long detectionMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
        assertEquals("UP", RouterTestSupport.stateOf("sim-b"), "the other MMSC is unaffected");

        mmscs.restartA();
        await("sim-a UP after restart", Duration.ofSeconds(10), () -> "UP".equals(RouterTestSupport.stateOf("sim-a")));
        System.out.println("sim-a stop detected in " + detectionMillis + " ms (probe interval 250 ms)");
    }
}
