package org.mmsrouter.forward;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.jms.JMSRuntimeException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.naming.NameNotFoundException;
import org.junit.jupiter.api.Test;

class LateJndiTest {

    private final Map<String, Object> tree = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private final LateJndi.Lookup jndi = name -> {
        lookups.incrementAndGet();
        Object bound = tree.get(name);
        if (bound == null) {
            throw new NameNotFoundException(name);
        }
        return bound;
    };

    @Test
    void anUnboundNameFailsAsABrokerFailureAndIsLookedUpAgainLater() {
        LateJndi<StringBuilder> late = new LateJndi<>("java:/ConnectionFactory", StringBuilder.class, jndi);

        JMSRuntimeException e = assertThrows(JMSRuntimeException.class, late::get);
        assertTrue(e.getMessage().contains("java:/ConnectionFactory"), e.getMessage());

        StringBuilder factory = new StringBuilder("bound at last");
        tree.put("java:/ConnectionFactory", factory);
        assertSame(factory, late.get());
    }

    @Test
    void whatWasFoundIsKeptUntilForgotten() {
        StringBuilder first = new StringBuilder("first");
        tree.put("n", first);
        LateJndi<StringBuilder> late = new LateJndi<>("n", StringBuilder.class, jndi);

        assertSame(first, late.get());
        assertSame(first, late.get());
        assertEquals(1, lookups.get());

        StringBuilder rebound = new StringBuilder("after a broker restart");
        tree.put("n", rebound);
        assertSame(first, late.get());
        late.forget();
        assertSame(rebound, late.get());
        assertEquals(2, lookups.get());
    }

    @Test
    void aForgottenNameThatIsGoneFailsEveryTimeUntilItIsBack() {
        tree.put("n", new StringBuilder());
        LateJndi<StringBuilder> late = new LateJndi<>("n", StringBuilder.class, jndi);
        late.get();

        tree.remove("n");
        late.forget();
        assertThrows(JMSRuntimeException.class, late::get);
        assertThrows(JMSRuntimeException.class, late::get);
        assertEquals(3, lookups.get());
    }

    @Test
    void somethingOfTheWrongTypeIsRefused() {
        tree.put("n", 42);
        LateJndi<StringBuilder> late = new LateJndi<>("n", StringBuilder.class, jndi);

        JMSRuntimeException e = assertThrows(JMSRuntimeException.class, late::get);
        assertTrue(e.getMessage().contains("java.lang.Integer"), e.getMessage());
    }
}
