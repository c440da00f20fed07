package org.mmsrouter.dns;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;
import org.mmsrouter.config.InvalidSettingsException;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.RouterSettings;
import org.mmsrouter.nodes.NodeDirectory;
import org.mmsrouter.nodes.RouterNodesChanged;

/**
 * Starts the DNS responder with the application and stops it with the application. Its answers
 * follow the live router nodes that {@link NodeDirectory} reports.
 */
@Singleton
@Startup
@DependsOn({"RouterConfiguration", "NodeDirectory"})
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
// Holds no transactional resource: spare every call the JTA transaction that is the EJB default.
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class DnsResponder {

    private static final Logger LOG = Logger.getLogger(DnsResponder.class.getName());

    @EJB
    private RouterConfiguration configuration;

    @EJB
    private NodeDirectory nodes;

    @Resource
    private ManagedThreadFactory threadFactory;

    private volatile DnsAnswerer answerer;
    private DnsUdpServer udp;
    private DnsTcpServer tcp;

    @PostConstruct
    void start() {
        RouterSettings settings = configuration.settings();
        RouterSettings.Dns dns = settings.dns();
        if (!dns.enabled()) {
            LOG.info("DNS responder disabled (mmsrouter.dns.enabled=false)");
            return;
        }
        DnsAnswerer answerer = new DnsAnswerer(
                settings.mmsDomains(), nodes.liveAddresses(), dns.ttlSeconds(), dns.wildcard(), dns.rotate());
        this.answerer = answerer;
        answerer.publish(nodes.liveAddresses()); // a change between building the answerer and this start is not lost
        InetSocketAddress bind = new InetSocketAddress(dns.bindAddress(), dns.port());
        try {
            ResponseRateLimiter limiter =
                    new ResponseRateLimiter(dns.rateLimit(), dns.rateLimitSlip(), Clock.systemUTC());
            udp = DnsUdpServer.start(answerer, limiter, bind, threadFactory);
        } catch (SocketException e) {
            throw new InvalidSettingsException(List.of("mmsrouter.dns.port: cannot listen on UDP "
                    + bind.getHostString() + ":" + dns.port() + " (" + e.getMessage() + ")"));
        }
        try {
            tcp = DnsTcpServer.start(answerer, bind, threadFactory, dns.tcp());
        } catch (IOException e) {
            udp.close();
            throw new InvalidSettingsException(List.of("mmsrouter.dns.port: cannot listen on TCP "
                    + bind.getHostString() + ":" + dns.port() + " (" + e.getMessage() + ")"));
        }
        LOG.info(() -> "DNS responder on UDP and TCP " + bind.getHostString() + ":" + dns.port() + " answers "
                + settings.mmsDomains() + (dns.wildcard() ? " and every name below them" : "")
                + " with the live router nodes' "
                + answerer.addresses() + (dns.rotate() ? ", rotated" : "") + " (TTL " + dns.ttlSeconds() + " s)");
    }

    /** The live router nodes changed: answers name them from now on (nothing to do while disabled). */
    public void nodesChanged(@Observes RouterNodesChanged change) {
        DnsAnswerer current = answerer;
        if (current != null) {
            current.publish(change.liveAddresses());
        }
    }

    /** DNS responses by rcode since start (empty when the responder is disabled). */
    public Map<String, Long> responsesByRcode() {
        DnsAnswerer current = answerer;
        return current == null ? Map.of() : current.responsesByRcode();
    }

    @PreDestroy
    void stop() {
        if (tcp != null) {
            tcp.close();
        }
        if (udp != null) {
            udp.close();
            LOG.info("DNS responder stopped");
        }
    }
}
