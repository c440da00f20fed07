package org.mmsrouter.admission;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BrokerRecoveryAgentTest {

    @TempDir
    Path dir;

    @Test
    void theHistoryOutlivesTheDeploymentInItsFile() {
        Path file = dir.resolve(BrokerRecoveryAgent.HISTORY_FILE);
        assertEquals(BrokerRecovery.History.NONE, BrokerRecoveryAgent.load(file));
        BrokerRecovery.History history =
                new BrokerRecovery.History(Instant.parse("2026-12-05T10:00:10Z"), Duration.ofSeconds(120), 2);
        BrokerRecoveryAgent.save(file, history);
        assertEquals(history, BrokerRecoveryAgent.load(file));
    }

    @Test
    void anUnreadableFileStartsWithoutHistory() throws IOException {
        Path file = dir.resolve(BrokerRecoveryAgent.HISTORY_FILE);
        Files.writeString(file, "last-request=yesterday\n");
        assertEquals(BrokerRecovery.History.NONE, BrokerRecoveryAgent.load(file));
        assertEquals(BrokerRecovery.History.NONE, BrokerRecoveryAgent.load(null));
    }
}
