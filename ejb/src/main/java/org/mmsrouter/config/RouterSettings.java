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
        Duration forwardTimeout) {

    public RouterSettings {
        mmsDomains = List.copyOf(mmsDomains);
        routerAddresses = List.copyOf(routerAddresses);
        mmscs = List.copyOf(mmscs);
    }

    /** DNS responder settings. */
    public record Dns(boolean enabled, InetAddress bindAddress, int port, long ttlSeconds) {
    }

    /** MM1 ingress settings. */
    public record Mm1(String path, int maxMessageBytes) {
    }
}
