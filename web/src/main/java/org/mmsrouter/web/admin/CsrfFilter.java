package org.mmsrouter.web.admin;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.Provider;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.logging.Logger;
import org.mmsrouter.audit.AuditEntry;
import org.mmsrouter.audit.AuditLog;
import org.mmsrouter.web.login.LoginGuard;

/**
 * Cross-site request forgery guard for every state-changing call of the admin API. A browser that
 * has logged in sends its BASIC credentials (and session cookie) with any request, including one a
 * hostile page makes it send; so a POST, PUT or DELETE must also carry, in header
 * {@value #HEADER}, the token {@code GET /admin/api/session} handed to this session — which a
 * page of another origin cannot read. An {@code Origin} header, when present, must be this server's.
 */
@Provider
public class CsrfFilter implements ContainerRequestFilter {

    private static final Logger AUDIT = Logger.getLogger(AuditLog.LOGGER);

    /** The request header that carries the token. */
    public static final String HEADER = "X-CSRF-Token";

    static final String SESSION_ATTRIBUTE = "org.mmsrouter.csrf-token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");
    private static final SecureRandom RANDOM = new SecureRandom();

    @Context
    private HttpServletRequest request;

    /** This session's token, made on first use. */
    static String tokenOf(HttpSession session) {
        synchronized (session) {
            Object token = session.getAttribute(SESSION_ATTRIBUTE);
            if (token == null) {
                byte[] bytes = new byte[24];
                RANDOM.nextBytes(bytes);
                token = HexFormat.of().formatHex(bytes);
                session.setAttribute(SESSION_ATTRIBUTE, token);
            }
            return (String) token;
        }
    }

    @Override
    public void filter(ContainerRequestContext context) {
        if (SAFE_METHODS.contains(context.getMethod())) {
            return;
        }
        String refusal = refusal(context.getHeaderString("Origin"), context.getHeaderString(HEADER));
        if (refusal != null) {
            // An audit line (log/audit.log), like the container's other refusals (LoginGuard): who, from where, why.
            request.setAttribute(LoginGuard.AUDITED, Boolean.TRUE);
            AUDIT.info(new AuditEntry(
                            Instant.now(),
                            request.getRemoteUser(),
                            request.getRemoteAddr(),
                            System.getProperty("jboss.node.name", "-"),
                            "csrf.refused",
                            context.getMethod() + " " + request.getRequestURI(),
                            refusal,
                            "403")
                    .toLogLine());
            context.abortWith(Response.status(Response.Status.FORBIDDEN)
                    .type(MediaType.APPLICATION_JSON)
                    .entity(Map.of("error", refusal))
                    .build());
        }
    }

    private String refusal(String origin, String token) {
        if (origin != null && !origin.equals("null") && !sameOrigin(origin)) {
            return "cross-origin request from " + origin;
        }
        if (origin != null && origin.equals("null")) {
            return "request from an opaque origin";
        }
        HttpSession session = request.getSession(false);
        Object expected = session == null ? null : session.getAttribute(SESSION_ATTRIBUTE);
        if (token == null || token.isEmpty()) {
            return "missing " + HEADER + " header: GET /admin/api/session gives the token for this session";
        }
        if (expected == null
                || !MessageDigest.isEqual(
                        ((String) expected).getBytes(StandardCharsets.UTF_8), token.getBytes(StandardCharsets.UTF_8))) {
            return "wrong or stale " + HEADER + ": GET /admin/api/session gives the token for this session";
        }
        return null;
    }

    private boolean sameOrigin(String origin) {
        try {
            URI uri = URI.create(origin);
            int port = uri.getPort() == -1 ? ("https".equals(uri.getScheme()) ? 443 : 80) : uri.getPort();
            return request.getScheme().equalsIgnoreCase(uri.getScheme())
                    && request.getServerName().equalsIgnoreCase(uri.getHost())
                    && request.getServerPort() == port;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
