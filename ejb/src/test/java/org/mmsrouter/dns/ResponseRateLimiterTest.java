package org.mmsrouter.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.mmsrouter.dns.ResponseRateLimiter.Decision;
import org.mmsrouter.testing.ManualClock;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.Type;

class ResponseRateLimiterTest {

    private final ManualClock clock = new ManualClock();

    private static InetAddress ip(String literal) throws Exception {
        return InetAddress.getByName(literal);
    }

    @Test
    void aPrefixGetsItsRateThenEveryOtherResponseSlipsAndTheRestAreDropped() throws Exception {
        ResponseRateLimiter limiter = new ResponseRateLimiter(10, 2, clock);
        List<Decision> decisions = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            decisions.add(limiter.decide(ip("198.51.100." + (i % 200 + 1)))); // one /24, many hosts
        }
        assertEquals(10, decisions.stream().filter(d -> d == Decision.SEND).count(), "a second's worth");
        assertEquals(
                List.of(Decision.DROP, Decision.SLIP, Decision.DROP, Decision.SLIP, Decision.DROP, Decision.SLIP),
                decisions.subList(10, 16));
        assertEquals(Decision.SEND, limiter.decide(ip("203.0.113.9")), "another /24 is not affected");

        clock.advance(Duration.ofMillis(300));
        assertEquals(Decision.SEND, limiter.decide(ip("198.51.100.1")), "tokens refill at the rate");
    }

    @Test
    void zeroTurnsItOffAndIpv6UsesA56() throws Exception {
        ResponseRateLimiter off = new ResponseRateLimiter(0, 2, clock);
        for (int i = 0; i < 1000; i++) {
            assertEquals(Decision.SEND, off.decide(ip("198.51.100.1")));
        }
        ResponseRateLimiter limiter = new ResponseRateLimiter(1, 1, clock);
        assertEquals(Decision.SEND, limiter.decide(ip("2001:db8:0:aa00::1")));
        assertEquals(Decision.SLIP, limiter.decide(ip("2001:db8:0:aaff::2")), "same /56");
        assertEquals(Decision.SEND, limiter.decide(ip("2001:db8:0:ab00::1")), "another /56");
    }

    @Test
    void aSlippedResponseIsTheQuestionWithTcSet() throws Exception {
        DnsAnswerer answerer = new DnsAnswerer(List.of("mms.operator.test"), List.of(ip("192.0.2.1")), 60);
        Message query = Message.newQuery(Record.newRecord(Name.fromString("mms.operator.test."), Type.A, DClass.IN));

        Message slipped = new Message(answerer.slip(query.toWire()).orElseThrow());

        assertTrue(slipped.getHeader().getFlag(Flags.TC));
        assertEquals(query.getHeader().getID(), slipped.getHeader().getID());
        assertEquals(query.getQuestion().getName(), slipped.getQuestion().getName());
        assertTrue(slipped.getSection(Section.ANSWER).isEmpty(), "nothing to amplify");
        assertFalse(answerer.slip(new byte[] {1, 2}).isPresent(), "no answer for what deserves none");
    }

    @Test
    void threadsDecidingAtOnceShareOneBudget() throws Exception {
        ResponseRateLimiter limiter = new ResponseRateLimiter(1000, 0, clock); // the clock stands still
        int threads = 4;
        int each = 2000;
        AtomicInteger sent = new AtomicInteger();
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        if (limiter.decide(ip("198.51.100." + (i % 250 + 1))) == Decision.SEND) {
                            sent.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1000, sent.get(), "exactly one second's worth, however many threads ask");
    }

    @Test
    void aClientSeenBeforeCostsNoAllocation() throws Exception {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        ResponseRateLimiter limiter = new ResponseRateLimiter(1_000_000, 2, Clock.systemUTC());
        InetAddress v4 = ip("198.51.100.7");
        InetAddress v4Neighbour = ip("198.51.100.8");
        for (int i = 0; i < 20_000; i++) { // warm up: JIT compilation allocates on this thread too
            limiter.decide(i % 2 == 0 ? v4 : v4Neighbour);
        }
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < 20_000; i++) {
            limiter.decide(i % 2 == 0 ? v4 : v4Neighbour);
        }
        long allocated = threads.getThreadAllocatedBytes(id) - before;

        assertTrue(allocated < 20_000, allocated + " bytes allocated for 20,000 decisions");
    }
}
