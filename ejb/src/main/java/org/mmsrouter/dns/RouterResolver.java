package org.mmsrouter.dns;

import jakarta.annotation.PostConstruct;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.net.URI;
import java.net.http.HttpRequest;
import java.util.List;
import java.util.logging.Logger;
import org.mmsrouter.config.InvalidSettingsException;
import org.mmsrouter.config.RouterConfiguration;

/**
 * Holds the one {@link CachedResolver} that the router's own lookups of MMSC host names go through
 * (forwarding and probing alike, so both reach the same address).
 */
@Singleton
@Startup
@DependsOn("RouterConfiguration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Holds no transactional resource: spare every call the JTA transaction that is the EJB default.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class RouterResolver {

    private static final Logger LOG = Logger.getLogger(RouterResolver.class.getName());

    /** The JDK property that lets the HTTP client send a Host header of the caller's choosing. */
    static final String ALLOW_HOST_HEADER = "jdk.httpclient.allowRestrictedHeaders";

    @EJB
    private RouterConfiguration configuration;

    private CachedResolver resolver;

    @PostConstruct
    void start() {
        List<String> servers = configuration.settings().resolver().servers();
        boolean hostHeaderAllowed = hostHeaderAllowed();
        try {
            resolver = CachedResolver.forServers(servers, hostHeaderAllowed);
        } catch (IllegalArgumentException e) {
            throw new InvalidSettingsException(List.of("mmsrouter.resolver.servers: " + e.getMessage()));
        }
        if (!hostHeaderAllowed) {
            LOG.warning("System property " + ALLOW_HOST_HEADER + " does not include 'host': HTTP requests to MMSC "
                    + "host names are resolved by the JVM (its own cache time), not by the router's TTL-respecting "
                    + "resolver. wildfly-config's server.cli sets it; add it to a server configured by hand.");
        }
        LOG.info(() -> "MMSC host names resolve through " + (servers.isEmpty() ? "the machine's name servers" : servers)
                + ", cached for their TTL");
    }

    /** Whether the JDK HTTP client takes a Host header from callers (it reads the property once, at start). */
    private static boolean hostHeaderAllowed() {
        try {
            HttpRequest.newBuilder(URI.create("http://127.0.0.1/")).header("Host", "probe.invalid");
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public CachedResolver resolver() {
        return resolver;
    }
}
