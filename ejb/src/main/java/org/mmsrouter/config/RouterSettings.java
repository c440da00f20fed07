package org.mmsrouter.config;

import java.net.InetAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Every router setting, validated. Built by {@link SettingsParser}; see
 * {@code mms-router-defaults.properties} for the keys and their defaults.
 */
public record RouterSettings(
        List<String> mmsDomains,
        List<InetAddress> routerAddresses,
        Dns dns,
        Mm1 mm1,
        List<MmscDefinition> mmscs,
        RegistryImport registryImport,
        Health health,
        Forwarding forwarding,
        Nodes nodes,
        Resolver resolver,
        Retrieval retrieval,
        Records records,
        Admission admission) {

    public RouterSettings {
        mmsDomains = List.copyOf(mmsDomains);
        routerAddresses = List.copyOf(routerAddresses);
        mmscs = List.copyOf(mmscs);
    }

    /** How the MMSC registry takes the settings file's routing attributes at start. */
    public enum RegistryImport {
        /** For MMSCs whose routing was edited at run time, the database's values win. */
        KEEP_EDITS,
        /** The settings file's values replace every MMSC's routing, run-time edits included. */
        REPLACE
    }

    /**
     * DNS responder settings.
     *
     * @param rateLimit     UDP responses per second per client /24 (IPv6: /56); 0 turns limiting off
     * @param rateLimitSlip every slip-th rate-limited response goes out truncated (TC=1), the rest are dropped
     * @param wildcard      whether every name below a zone apex (but its name server's) gets the router's addresses
     * @param rotate        whether the order of the addresses rotates from one answer to the next
     * @param tcp           limits of the TCP side
     */
    public record Dns(
            boolean enabled,
            InetAddress bindAddress,
            int port,
            long ttlSeconds,
            int rateLimit,
            int rateLimitSlip,
            boolean wildcard,
            boolean rotate,
            DnsTcp tcp) {}

    /**
     * How much of the DNS responder one TCP client may hold.
     *
     * @param connectionTimeout longest life of one connection, however busy (RFC 7766 lets a server close at will)
     * @param idleTimeout       a connection with no query for this long is closed
     * @param maxConnections    connections served at once; beyond it new ones wait in the accept backlog
     * @param maxPerSource      connections served at once from one client address; beyond it new ones are closed at once
     */
    public record DnsTcp(Duration connectionTimeout, Duration idleTimeout, int maxConnections, int maxPerSource) {}

    /**
     * How router nodes find each other: each publishes its name and addresses in the shared
     * database with a heartbeat, and DNS answers carry the addresses of the nodes whose heartbeat moves.
     *
     * @param name      this node's name, unique in the cluster (empty: WildFly's {@code jboss.node.name})
     * @param heartbeat time between two heartbeats of this node
     * @param timeout   a node whose heartbeat has not moved for this long is left out of answers
     */
    public record Nodes(String name, Duration heartbeat, Duration timeout) {}

    /**
     * Everything MM1 brings besides submissions: retrievals and follow-up PDUs, routed to the MMSC
     * that owns the message.
     *
     * @param learnedCapacity Message-IDs, Transaction-IDs and URLs remembered with their owner at most
     * @param timeout         longest wait for an MMSC to start answering a retrieval
     * @param passThroughs    paths that are not MM1 (e.g. MM7) and where their requests go
     * @param passThroughMaxConcurrent pass-through requests served at once (all paths together); more get 503
     */
    public record Retrieval(
            int learnedCapacity, Duration timeout, List<PassThrough> passThroughs, int passThroughMaxConcurrent) {
        public Retrieval {
            passThroughs = List.copyOf(passThroughs);
        }
    }

    /**
     * Requests under a path that is not MM1 (an MM7 gateway the operator pointed at the same
     * name, say), proxied as they are to a target.
     *
     * @param id         short name used in the settings keys and logs
     * @param pathPrefix requests whose path is this or below it ({@code /mm7}, {@code /mm7/...})
     * @param target     where they go: the part of the path below the prefix is appended
     */
    public record PassThrough(String id, String pathPrefix, URI target) {}

    /**
     * The resolver the router's own lookups (MMSC host names) go through.
     *
     * @param servers name servers as host or host:port; empty: the machine's ({@code /etc/resolv.conf})
     */
    public record Resolver(List<String> servers) {
        public Resolver {
            servers = List.copyOf(servers);
        }
    }

    /**
     * MM1 ingress settings.
     *
     * @param path            servlet path of the ingress
     * @param maxMessageBytes largest MM accepted
     * @param answerWindow    how long the ingress waits for an MMSC's m-send-conf to relay (zero: never)
     * @param trustedGateways WAP gateways whose MSISDN headers are passed on
     * @param allowedSources  networks MM1 requests are taken from (the WAP gateways'); others get 403
     * @param bodyTimeout     longest time an MM1 POST's body may take to arrive, from its headers to its last byte
     */
    public record Mm1(
            String path,
            int maxMessageBytes,
            Duration answerWindow,
            List<AddressRange> trustedGateways,
            List<AddressRange> allowedSources,
            Duration bodyTimeout) {
        public Mm1 {
            trustedGateways = List.copyOf(trustedGateways);
            allowedSources = List.copyOf(allowedSources);
        }

        /** Whether an MM1 request from {@code address} (an IP literal) is taken. */
        public boolean allowedSource(String address) {
            return AddressRange.anyContains(allowedSources, address);
        }

        public boolean trustedGateway(String address) {
            return AddressRange.anyContains(trustedGateways, address);
        }
    }

    /**
     * Health detection.
     *
     * @param probeInterval     time between probes of an MMSC that is UP (or not yet known)
     * @param fastProbeInterval time between probes of an MMSC that is SUSPECT or DOWN
     * @param probeTimeout      longest wait for one probe's answer
     * @param rise              successes in a row that bring a DOWN MMSC back
     * @param fall              failures in a row (probes or forwarding) that take an UP MMSC DOWN;
     *                          the first one already takes it out of routing (SUSPECT)
     * @param flapWindow        how far back falls count towards flap damping
     * @param flapLimit         falls within the window before each further one doubles {@code rise}
     */
    public record Health(
            Duration probeInterval,
            Duration fastProbeInterval,
            Duration probeTimeout,
            int rise,
            int fall,
            Duration flapWindow,
            int flapLimit) {}

    /**
     * Forwarding limits.
     *
     * @param timeout       how long to wait for an MMSC's m-send-conf
     * @param maxAttempts   deliveries of one MM before it is dead-lettered
     * @param defaultExpiry how long an MM without X-Mms-Expiry may wait in the queue
     * @param maxExpiry     the longest an MM may wait in the queue, whatever its X-Mms-Expiry asks
     * @param maxRate       MMs per second this node forwards at most (0: no limit)
     * @param slowStart     after a recovery, the time over which the rate ramps up to {@code maxRate}, and
     *                      over which an MMSC that came back UP ramps up to its full weight
     * @param noRouteWait   how long a forwarder holds an MM while no MMSC is up before handing it back
     * @param senderStickiness whether MMs of one sender keep going to the same MMSC while it is available
     * @param consumers     forwarding threads on this node (MMs forwarded at once)
     * @param batch         most MMs a forwarding thread ends with one commit, when a backlog waits
     */
    public record Forwarding(
            Duration timeout,
            int maxAttempts,
            Duration defaultExpiry,
            Duration maxExpiry,
            int maxRate,
            Duration slowStart,
            Duration noRouteWait,
            boolean senderStickiness,
            int consumers,
            int batch) {}

    /**
     * The per-MM records (mm-records.jsonl).
     *
     * @param hashMsisdns whether a record's sender is written as a keyed hash (HMAC-SHA256) instead of in clear
     * @param hashKeyFile the file holding the hash key (hex), generated when missing; empty: the default,
     *                    {@code mm-records-hash.key} in WildFly's data directory
     */
    public record Records(boolean hashMsisdns, String hashKeyFile) {}

    /**
     * Admission control: when the ingress takes no new MMs, and how much it holds at once.
     *
     * @param diskHighWaterPercent  used share of a storage volume at which new MMs are refused
     * @param diskLowWaterPercent   used share at or below which they are accepted again
     * @param diskMinFreeBytes      free space below which new MMs are refused whatever the share (Artemis
     *                              needs room for a new journal file and for compacting)
     * @param checkInterval         how often the volumes and the broker are looked at
     * @param volumes               paths watched besides the broker's directories and WildFly's data directory
     * @param maxInFlightBytes      request bodies held at once between arrival and the durable store
     * @param maxPerSource          MM1 POSTs one client address may have between arrival and store
     * @param sourceRate            MM1 POSTs per second one client address may make (0: no limit)
     * @param retryAfter            the Retry-After given while storage or the broker refuses
     * @param brokerRecoverAfter    how long the broker must have been stopped before the router reloads WildFly
     *                              to start it again, once its store is usable (zero or negative: never)
     */
    public record Admission(
            int diskHighWaterPercent,
            int diskLowWaterPercent,
            long diskMinFreeBytes,
            Duration checkInterval,
            List<String> volumes,
            long maxInFlightBytes,
            int maxPerSource,
            int sourceRate,
            Duration retryAfter,
            Duration brokerRecoverAfter) {
        public Admission {
            volumes = List.copyOf(volumes);
        }
    }
}
