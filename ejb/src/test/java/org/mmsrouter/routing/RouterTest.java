package org.mmsrouter.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mmsrouter.config.MmscDefinition;

class RouterTest {

    private static MmscDefinition mmsc(String id) {
        URI url = URI.create("http://" + id + ".example/mms");
        return new MmscDefinition(id, url, url);
    }

    private final Router router = new Router(List.of(mmsc("first"), mmsc("second"), mmsc("third")));

    @Test
    void routableMmscsComeInConfiguredOrder() {
        assertEquals(List.of("first", "third"),
                router.candidates(Set.of("third", "first")::contains).stream().map(MmscDefinition::id).toList());
    }

    @Test
    void noRoutableMmscMeansNoCandidate() {
        assertTrue(router.candidates(id -> false).isEmpty());
    }
}
