package org.mmsrouter.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mmsrouter.testing.ManualClock;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.hosts.HostsFileParser;

/**
 * The resolver against a real name server on a real UDP socket: this project's own responder,
 * serving the operator zone {@code mmsc.test} whose addresses the test changes.
 */
class CachedResolverTest {

    private static final int TTL_SECONDS = 30;

    @TempDir
    Path temp;

    private final ManualClock clock = new ManualClock();
    private final AtomicInteger queries = new AtomicInteger();
    private DnsAnswerer zone;
    private DnsUdpServer server;
    private CachedResolver resolver;

    /** Counts the queries that go out, so the test sees what the cache spared. */
    private final class Counting implements Resolver {
        private final SimpleResolver real;

        Counting(SimpleResolver real) {
            this.real = real;
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query) {
            queries.incrementAndGet();
            return real.sendAsync(query);
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query, Executor executor) {
            queries.incrementAndGet();
            return real.sendAsync(query, executor);
        }

        @Override
        public void setPort(int port) {
            real.setPort(port);
        }

        @Override
        public void setTCP(boolean flag) {
            real.setTCP(flag);
        }

        @Override
        public void setIgnoreTruncation(boolean flag) {
            real.setIgnoreTruncation(flag);
        }

        @Override
        public void setEDNS(int version, int payloadSize, int flags, List<org.xbill.DNS.EDNSOption> options) {
            real.setEDNS(version, payloadSize, flags, options);
        }

        @Override
        public void setTSIGKey(org.xbill.DNS.TSIG key) {
            real.setTSIGKey(key);
        }

        @Override
        public void setTimeout(Duration timeout) {
            real.setTimeout(timeout);
        }
    }

    @BeforeEach
    void startNameServer() throws Exception {
        zone = new DnsAnswerer(
                List.of("mmsc.test"), List.of(InetAddress.getByName("127.0.0.2")), TTL_SECONDS, true, false);
        server = DnsUdpServer.start(
                zone,
                new ResponseRateLimiter(0, 2, Clock.systemUTC()),
                new InetSocketAddress("127.0.0.1", 0),
                Executors.defaultThreadFactory());
        SimpleResolver real = new SimpleResolver(InetAddress.getByName("127.0.0.1"));
        real.setPort(server.localPort());
        real.setTimeout(Duration.ofMillis(500));
        Path hosts = Files.writeString(temp.resolve("hosts"), "127.0.0.9 mmsc-from-hosts.test\n");
        resolver = new CachedResolver(new Counting(real), new HostsFileParser(hosts), clock, true);
    }

    @AfterEach
    void stopNameServer() {
        server.close();
    }

    private List<InetAddress> lookup(String host) throws Exception {
        return resolver.lookup(host).get();
    }

    private static List<InetAddress> ips(String... literals) throws UnknownHostException {
        InetAddress[] addresses = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            addresses[i] = InetAddress.getByName(literals[i]);
        }
        return List.of(addresses);
    }

    @Test
    void answersAreCachedForTheirTtlAndAChangedAddressIsFollowedAfterIt() throws Exception {
        List<InetAddress> first = lookup("mmsc1.mmsc.test");
        zone.publish(ips("127.0.0.3")); // the operator moves the MMSC
        clock.advance(Duration.ofSeconds(TTL_SECONDS - 1));
        List<InetAddress> withinTtl = lookup("MMSC1.mmsc.test");
        clock.advance(Duration.ofSeconds(2));
        List<InetAddress> afterTtl = lookup("mmsc1.mmsc.test");

        assertEquals(ips("127.0.0.2"), first);
        assertEquals(ips("127.0.0.2"), withinTtl, "cached: names are case-insensitive");
        assertEquals(ips("127.0.0.3"), afterTtl);
        assertEquals(2, queries.get(), "one query per TTL, not per lookup");
    }

    @Test
    void aNameThatDoesNotExistFailsAndIsCachedNegativelyForAShortWhile() throws Exception {
        DnsAnswerer apexOnly = new DnsAnswerer(List.of("other.test"), ips("127.0.0.4"), 5);
        try (DnsUdpServer strict = DnsUdpServer.start(
                apexOnly,
                new ResponseRateLimiter(0, 2, Clock.systemUTC()),
                new InetSocketAddress("127.0.0.1", 0),
                Executors.defaultThreadFactory())) {
            SimpleResolver real = new SimpleResolver(InetAddress.getByName("127.0.0.1"));
            real.setPort(strict.localPort());
            CachedResolver strictResolver = new CachedResolver(
                    new Counting(real),
                    new HostsFileParser(Files.writeString(temp.resolve("empty-hosts"), "")),
                    clock,
                    true);

            ExecutionException missing = assertThrows(
                    ExecutionException.class,
                    () -> strictResolver.lookup("nope.other.test").get());
            assertThrows(
                    ExecutionException.class,
                    () -> strictResolver.lookup("nope.other.test").get());
            clock.advance(Duration.ofSeconds(6)); // past the zone's negative TTL (its SOA minimum, 5 s)
            assertThrows(
                    ExecutionException.class,
                    () -> strictResolver.lookup("nope.other.test").get());

            assertInstanceOf(UnknownHostException.class, missing.getCause());
            assertTrue(
                    missing.getCause().getMessage().contains("no such name"),
                    missing.getCause().getMessage());
            assertEquals(2, queries.get(), "the second lookup came from the negative cache");
        }
    }

    @Test
    void whenTheNameServerIsGoneStaleAddressesAreStillUsed() throws Exception {
        List<InetAddress> before = lookup("mmsc1.mmsc.test");
        server.close();
        clock.advance(Duration.ofSeconds(TTL_SECONDS + 1));

        List<InetAddress> duringOutage = lookup("mmsc1.mmsc.test");
        ExecutionException neverKnown = assertThrows(ExecutionException.class, () -> lookup("mmsc2.mmsc.test"));

        assertEquals(before, duringOutage);
        assertInstanceOf(UnknownHostException.class, neverKnown.getCause());
        assertTrue(
                neverKnown.getCause().getMessage().contains("no answer from the name servers"),
                neverKnown.getCause().getMessage());
    }

    @Test
    void concurrentLookupsOfOneNameShareOneQueryAndABadNameFailsCleanly() throws Exception {
        List<CompletableFuture<List<InetAddress>>> lookups = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            lookups.add(resolver.lookup("mmsc1.mmsc.test"));
        }
        for (var lookup : lookups) {
            assertEquals(ips("127.0.0.2"), lookup.get());
        }
        ExecutionException bad = assertThrows(ExecutionException.class, () -> lookup("bad..name"));

        assertEquals(1, queries.get());
        assertInstanceOf(UnknownHostException.class, bad.getCause());
        assertEquals(ips("127.0.0.2"), lookup("mmsc1.mmsc.test"), "nothing stuck in flight");
    }

    @Test
    void literalsAndTheHostsFileNeedNoQuery() throws Exception {
        assertEquals(ips("192.0.2.5"), lookup("192.0.2.5"));
        assertEquals(ips("2001:db8::5"), lookup("[2001:db8::5]"));
        assertEquals(ips("127.0.0.9"), lookup("mmsc-from-hosts.test"));
        assertEquals(0, queries.get());
    }

    @Test
    void anHttpTargetGoesToTheAddressWithTheNameInTheHostHeaderAndHttpsStaysAsItIs() throws Exception {
        CachedResolver.Target plain = resolver.target(URI.create("http://mmsc1.mmsc.test:8002/mms/mm1?a=b%20c"))
                .get();
        CachedResolver.Target defaultPort =
                resolver.target(URI.create("http://mmsc1.mmsc.test/mms")).get();
        CachedResolver.Target tls =
                resolver.target(URI.create("https://mmsc1.mmsc.test/mms")).get();
        CachedResolver.Target literal =
                resolver.target(URI.create("http://127.0.0.1:18081/mms")).get();

        assertEquals(URI.create("http://127.0.0.2:8002/mms/mm1?a=b%20c"), plain.uri());
        assertEquals(Optional.of("mmsc1.mmsc.test:8002"), plain.hostHeader());
        assertEquals(URI.create("http://127.0.0.2/mms"), defaultPort.uri());
        assertEquals(Optional.of("mmsc1.mmsc.test"), defaultPort.hostHeader());
        assertEquals(new CachedResolver.Target(URI.create("https://mmsc1.mmsc.test/mms"), Optional.empty()), tls);
        assertEquals(new CachedResolver.Target(URI.create("http://127.0.0.1:18081/mms"), Optional.empty()), literal);
    }
}
