package org.mmsrouter.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.hosts.HostsFileParser;

/**
 * The router's own lookups of MMSC host names, through one cache that respects the answers' TTLs,
 * so a changed MMSC address is followed without a restart (the JVM's resolver caches for its own
 * fixed time instead). Answers go stale after their TTL; when a refresh fails the stale addresses
 * are still used (serve-stale, RFC 8767): a DNS outage must not cut the router off from MMSCs whose
 * addresses it knew. Names that do not exist are cached negatively for a short while. IP literals
 * never cause a query. Concurrent lookups of one name share one query. Safe for concurrent use.
 */
public final class CachedResolver {

    /** Floor for positive TTLs: a TTL of 0 must not turn every forwarded MM into a DNS query. */
    static final Duration MIN_TTL = Duration.ofSeconds(1);
    /** Ceiling for positive TTLs: an MMSC's address must be re-checked at least daily. */
    static final Duration MAX_TTL = Duration.ofDays(1);
    /** Ceiling for negative caching (RFC 2308's SOA minimum, or this when the answer lacks a SOA). */
    static final Duration MAX_NEGATIVE_TTL = Duration.ofSeconds(30);
    /** After a failed refresh, stale addresses are used for this long before the next try. */
    static final Duration STALE_RETRY = Duration.ofSeconds(5);

    private static final Pattern IPV4_LITERAL = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    /** How long one query may take before the next name server is tried. */
    static final Duration QUERY_TIMEOUT = Duration.ofSeconds(2);

    private final Resolver resolver;
    private final HostsFileParser hosts;
    private final Clock clock;
    private final boolean aimAtAddresses;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<List<InetAddress>>> inFlight = new ConcurrentHashMap<>();

    /** What is known of one name: addresses (empty when it does not exist) until {@code freshUntil}. */
    private record Entry(List<InetAddress> addresses, Instant freshUntil, String failure) {
        boolean fresh(Instant now) {
            return now.isBefore(freshUntil);
        }
    }

    /**
     * Where an HTTP request for a URL goes: {@code uri} with the host replaced by its address, and
     * the {@code Host} header to send; for URLs left as they were, an empty {@code hostHeader}.
     */
    public record Target(URI uri, Optional<String> hostHeader) {}

    /** @param resolver asks the name servers (dnsjava's; its timeout bounds each lookup) */
    public CachedResolver(Resolver resolver, Clock clock) {
        this(resolver, new HostsFileParser(), clock, true);
    }

    /**
     * @param hosts          the hosts file consulted before DNS
     * @param aimAtAddresses whether {@link #target} replaces host names by addresses (false where the
     *                       HTTP client may not set the Host header: then the JDK resolves them)
     */
    CachedResolver(Resolver resolver, HostsFileParser hosts, Clock clock, boolean aimAtAddresses) {
        this.resolver = resolver;
        this.hosts = hosts;
        this.clock = clock;
        this.aimAtAddresses = aimAtAddresses;
    }

    /**
     * A resolver asking {@code servers} (host or host:port, port 53 by default), or the machine's
     * name servers from {@code /etc/resolv.conf} when the list is empty.
     *
     * @param aimAtAddresses see {@link #CachedResolver(Resolver, HostsFileParser, Clock, boolean)}
     */
    public static CachedResolver forServers(List<String> servers, boolean aimAtAddresses) {
        Resolver resolver;
        try {
            if (servers.isEmpty()) {
                resolver = new ExtendedResolver();
            } else {
                List<Resolver> each = new ArrayList<>();
                for (String server : servers) {
                    int colon = server.lastIndexOf(':');
                    SimpleResolver simple = new SimpleResolver(colon < 0 ? server : server.substring(0, colon));
                    if (colon >= 0) {
                        simple.setPort(Integer.parseInt(server.substring(colon + 1)));
                    }
                    each.add(simple);
                }
                resolver = new ExtendedResolver(each);
            }
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("name server " + e.getMessage() + " cannot be found", e);
        }
        resolver.setTimeout(QUERY_TIMEOUT);
        return new CachedResolver(resolver, new HostsFileParser(), Clock.systemUTC(), aimAtAddresses);
    }

    /** The addresses of {@code host}, from the cache while fresh; fails with {@link UnknownHostException}. */
    public CompletableFuture<List<InetAddress>> lookup(String host) {
        String key = host.toLowerCase();
        if (isLiteral(key)) {
            try {
                return CompletableFuture.completedFuture(List.of(InetAddress.getByName(stripBrackets(key))));
            } catch (UnknownHostException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        Optional<InetAddress> fromHostsFile = hostsFile(key);
        if (fromHostsFile.isPresent()) {
            return CompletableFuture.completedFuture(List.of(fromHostsFile.get()));
        }
        Entry known = cache.get(key);
        if (known != null && known.fresh(clock.instant())) {
            return known.failure() == null
                    ? CompletableFuture.completedFuture(known.addresses())
                    : CompletableFuture.failedFuture(new UnknownHostException(known.failure()));
        }
        CompletableFuture<List<InetAddress>> mine = new CompletableFuture<>();
        CompletableFuture<List<InetAddress>> running = inFlight.putIfAbsent(key, mine);
        if (running != null) {
            return running;
        }
        refresh(key).whenComplete((addresses, failure) -> {
            // Out of the in-flight map first (the cache already holds the outcome), then tell the waiters.
            inFlight.remove(key, mine);
            if (failure != null) {
                mine.completeExceptionally(
                        failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure);
            } else {
                mine.complete(addresses);
            }
        });
        return mine;
    }

    /**
     * The target of an HTTP request to {@code url}: plain-HTTP URLs with a host name go to the
     * name's first address with the name in the Host header; HTTPS URLs stay as they are, because
     * certificate checks and SNI need the name (the JDK resolves those).
     */
    public CompletableFuture<Target> target(URI url) {
        String host = url.getHost();
        if (!aimAtAddresses
                || host == null
                || !"http".equalsIgnoreCase(url.getScheme())
                || isLiteral(host.toLowerCase())) {
            return CompletableFuture.completedFuture(new Target(url, Optional.empty()));
        }
        return lookup(host).thenApply(addresses -> {
            InetAddress address = addresses.get(0);
            String literal = address.getHostAddress();
            String uriHost = literal.contains(":") ? "[" + literal + "]" : literal;
            String authority = (url.getRawUserInfo() == null ? "" : url.getRawUserInfo() + "@")
                    + uriHost
                    + (url.getPort() < 0 ? "" : ":" + url.getPort());
            URI direct = URI.create(url.getScheme() + "://" + authority
                    + Optional.ofNullable(url.getRawPath()).orElse("")
                    + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery()));
            String hostHeader = url.getPort() < 0 ? host : host + ":" + url.getPort();
            return new Target(direct, Optional.of(hostHeader));
        });
    }

    /** {@code /etc/hosts} first, as the system resolver does (it names localhost, for one). */
    private Optional<InetAddress> hostsFile(String host) {
        try {
            Name name = Name.fromString(host.endsWith(".") ? host : host + ".");
            Optional<InetAddress> v4 = hosts.getAddressForHost(name, Type.A);
            return v4.isPresent() ? v4 : hosts.getAddressForHost(name, Type.AAAA);
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // an unreadable hosts file or an odd name: ask DNS
        }
    }

    /**
     * An HTTP request builder aimed at {@code url} through this resolver (see {@link #target}),
     * its Host header set, waiting at most {@code timeout} for the lookup.
     *
     * @throws UnknownHostException when the host cannot be resolved in time, with the reason
     */
    public HttpRequest.Builder request(URI url, Duration timeout) throws UnknownHostException, InterruptedException {
        Target direct;
        try {
            direct = target(url).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new UnknownHostException("cannot resolve " + url.getHost() + ": "
                    + (cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage()));
        } catch (TimeoutException e) {
            throw new UnknownHostException("cannot resolve " + url.getHost() + " within " + timeout.toMillis() + " ms");
        }
        HttpRequest.Builder builder = HttpRequest.newBuilder(direct.uri()).timeout(timeout);
        direct.hostHeader().ifPresent(host -> builder.header("Host", host));
        return builder;
    }

    private CompletableFuture<List<InetAddress>> refresh(String host) {
        Name name;
        try {
            name = Name.fromString(host.endsWith(".") ? host : host + ".");
        } catch (TextParseException e) {
            return CompletableFuture.failedFuture(new UnknownHostException(host + ": not a host name"));
        }
        return query(name, Type.A)
                .thenCompose(answer -> answer.addresses().isEmpty() && answer.rcode() == Rcode.NOERROR
                        ? query(name, Type.AAAA)
                        : CompletableFuture.completedFuture(answer))
                .handle((answer, failure) -> settle(host, answer, failure));
    }

    /** Caches the outcome of a query and says what the lookup returns. */
    private List<InetAddress> settle(String host, Answer answer, Throwable failure) {
        Instant now = clock.instant();
        if (answer != null && !answer.addresses().isEmpty()) {
            cache.put(host, new Entry(answer.addresses(), now.plus(answer.ttl()), null));
            return answer.addresses();
        }
        if (answer != null && (answer.rcode() == Rcode.NXDOMAIN || answer.rcode() == Rcode.NOERROR)) {
            String why = host + ": " + (answer.rcode() == Rcode.NXDOMAIN ? "no such name" : "no address records");
            cache.put(host, new Entry(List.of(), now.plus(answer.ttl()), why));
            throw new CompletionException(new UnknownHostException(why));
        }
        String why = host + ": "
                + (answer != null
                        ? "name server answered " + Rcode.string(answer.rcode())
                        : "no answer from the name servers (" + describe(failure) + ")");
        Entry stale = cache.get(host);
        if (stale != null && stale.failure() == null) {
            cache.put(host, new Entry(stale.addresses(), now.plus(STALE_RETRY), null));
            return stale.addresses();
        }
        throw new CompletionException(new UnknownHostException(why));
    }

    /** What one query brought: its rcode, addresses and the TTL to cache them for. */
    private record Answer(int rcode, List<InetAddress> addresses, Duration ttl) {}

    private CompletableFuture<Answer> query(Name name, int type) {
        Message query = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        return resolver.sendAsync(query).toCompletableFuture().thenApply(response -> read(response, type));
    }

    private static Answer read(Message response, int type) {
        int rcode = response.getRcode();
        List<InetAddress> addresses = new ArrayList<>();
        long ttl = Long.MAX_VALUE;
        // A CNAME chain comes in the same answer section; the chain's shortest TTL bounds the result's.
        for (Record record : response.getSection(Section.ANSWER)) {
            ttl = Math.min(ttl, record.getTTL());
            if (type == Type.A && record instanceof ARecord a) {
                addresses.add(a.getAddress());
            } else if (type == Type.AAAA && record instanceof AAAARecord aaaa) {
                addresses.add(aaaa.getAddress());
            }
        }
        if (!addresses.isEmpty()) {
            return new Answer(rcode, List.copyOf(addresses), clamp(Duration.ofSeconds(ttl), MIN_TTL, MAX_TTL));
        }
        Duration negative = MAX_NEGATIVE_TTL;
        for (Record record : response.getSection(Section.AUTHORITY)) {
            if (record instanceof SOARecord soa) {
                negative =
                        clamp(Duration.ofSeconds(Math.min(soa.getMinimum(), soa.getTTL())), MIN_TTL, MAX_NEGATIVE_TTL);
            }
        }
        return new Answer(rcode, List.of(), negative);
    }

    private static Duration clamp(Duration value, Duration min, Duration max) {
        return value.compareTo(min) < 0 ? min : value.compareTo(max) > 0 ? max : value;
    }

    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof IOException && cause.getMessage() != null) {
            return cause.getMessage();
        }
        return cause == null ? "unknown" : cause.getClass().getSimpleName();
    }

    private static boolean isLiteral(String host) {
        return host.indexOf(':') >= 0
                || host.startsWith("[")
                || IPV4_LITERAL.matcher(host).matches();
    }

    private static String stripBrackets(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }
}
