package org.mmsrouter.systemtest.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The harness's own checks, against the real provisioned server: a node that does not come up fails
 * with its log in the message; a kill hits exactly the node's process, by PID, and nothing that merely
 * looks like it.
 */
class HarnessIT {

    @RegisterExtension
    static final SystemHarness harness = new SystemHarness();

    @Test
    void aNodeThatFailsToStartReportsItsLog() {
        RouterNode node = harness.standaloneNode("bad-settings", 400);
        RouterNode.NodeStartFailure failure = assertThrows(
                RouterNode.NodeStartFailure.class, () -> node.start("mmsrouter.mm1.max-message-bytes=lots"));
        String message = failure.getMessage();
        assertTrue(message.contains("its deployment failed"), message);
        // The reason is in the log lines the failure carries, not only in a file someone must find.
        assertTrue(message.contains("mmsrouter.mm1.max-message-bytes: 'lots' is not a whole number"), message);
        assertFalse(node.isAlive(), "a node that failed to start is not left running");
    }

    @Test
    void aKillIsByPidAndSparesLookAlikes() {
        RouterNode node = harness.standaloneNode("killed", 410);
        // A process whose command line names the node's base directory, as a `pkill -f <base>` would match.
        ExternalProcess lookAlike = harness.track(ExternalProcess.start(
                "look-alike",
                List.of("sh", "-c", "sleep 600", "jboss.server.base.dir=" + node.base()),
                Map.of(),
                harness.work(),
                harness.work().resolve("look-alike.log")));
        node.start();
        long pid = node.pid().orElseThrow();
        assertTrue(Pids.live(pid).isPresent(), "WildFly's PID file names a live process");
        assertTrue(
                ProcessHandle.of(pid)
                        .flatMap(p -> p.info().command())
                        .orElse("")
                        .endsWith("java"),
                "the PID is the Java process, not the launcher script");

        node.kill();

        assertFalse(Pids.live(pid).isPresent(), "the node's process is gone");
        assertFalse(node.isAlive());
        assertTrue(lookAlike.isAlive(), "a process that only looks like the node is left alone");
        Await.until(
                "MM1 port " + node.httpPort() + " free again", Duration.ofSeconds(10), () -> bindable(node.httpPort()));
        assertEquals(-1, node.rssMegabytes(), "no memory figure for a dead node");
    }

    /** Whether this process can listen on 127.0.0.1:{@code port}, i.e. nothing else does. */
    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
