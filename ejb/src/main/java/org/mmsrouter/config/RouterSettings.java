package org.mmsrouter.config;

import java.net.InetAddress;
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
        Duration probeInterval,
        Duration probeTimeout,
        Forwarding forwarding) {

    public RouterSettings {
        mmsDomains = List.copyOf(mmsDomains);
        routerAddresses = List.copyOf(routerAddresses);
        mmscs = List.copyOf(mmscs);
    }

    /** DNS responder settings. */
    public record Dns(boolean enabled, InetAddress bindAddress, int port, long ttlSeconds) {
    }

    /**
     * MM1 ingress settings.
     *
     * @param path            servlet path of the ingress
     * @param maxMessageBytes largest MM accepted
     * @param answerWindow    how long the ingress waits for an MMSC's m-send-conf to relay (zero: never)
     * @param trustedGateways WAP gateways whose MSISDN headers are passed on
     */
    public record Mm1(String path, int maxMessageBytes, Duration answerWindow, List<AddressRange> trustedGateways) {
        public Mm1 {
            trustedGateways = List.copyOf(trustedGateways);
        }

        public boolean trustedGateway(String address) {
            return trustedGateways.stream().anyMatch(range -> range.contains(address));
        }
    }

    /**
     * Forwarding limits.
     *
     * @param timeout       how long to wait for an MMSC's m-send-conf
     * @param maxAttempts   deliveries of one MM before it is dead-lettered
     * @param defaultExpiry how long an MM without X-Mms-Expiry may wait in the queue
     * @param maxRate       MMs per second this node forwards at most (0: no limit)
     * @param slowStart     after a recovery, the time over which the rate ramps up to {@code maxRate}
     * @param noRouteWait   how long a forwarder holds an MM while no MMSC is up before handing it back
     */
    public record Forwarding(Duration timeout, int maxAttempts, Duration defaultExpiry, int maxRate,
                             Duration slowStart, Duration noRouteWait) {
    }
}
