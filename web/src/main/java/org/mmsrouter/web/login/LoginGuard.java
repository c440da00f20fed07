package org.mmsrouter.web.login;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.servlet.ServletExtension;
import io.undertow.servlet.api.DeploymentInfo;
import io.undertow.servlet.handlers.ServletRequestContext;
import io.undertow.util.Headers;
import io.undertow.util.StatusCodes;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.logging.Logger;
import org.mmsrouter.audit.AuditEntry;
import org.mmsrouter.audit.AuditLog;

/**
 * The console's and admin API's front door, in front of the container's authentication (an Undertow
 * handler outside the security handlers, installed as a {@link ServletExtension}): a request from a
 * locked source or for a locked user is answered 429 with {@code Retry-After} before its password is
 * checked; a refused password (401 to a request that carried credentials) counts against its source and
 * user; every failed login, throttled request and 403 goes to the audit log with the source address.
 */
public final class LoginGuard implements ServletExtension {

    /** A request attribute by which a filter that refused (and audited) a request says so. */
    public static final String AUDITED = "org.mmsrouter.login.audited";

    private static final Logger AUDIT = Logger.getLogger(AuditLog.LOGGER);
    private static final String GUARDED_PREFIX = "/admin";

    @Override
    public void handleDeployment(DeploymentInfo deployment, ServletContext context) {
        LoginThrottle throttle = new LoginThrottle(ThrottlePolicy.fromSystemProperties(), Clock.systemUTC());
        deployment.addOuterHandlerChainWrapper(next -> new Handler(next, throttle));
    }

    /** The name a BASIC {@code Authorization} header gives, or null (none, another scheme, malformed). */
    static String basicUser(String authorization) {
        if (authorization == null
                || authorization.length() < 6
                || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(
                    Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? null : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static void audit(String action, String user, String source, String target, String outcome) {
        AUDIT.info(new AuditEntry(
                        Instant.now(),
                        user,
                        source,
                        System.getProperty("jboss.node.name", "-"),
                        action,
                        target,
                        null,
                        outcome)
                .toLogLine());
    }

    private record Handler(HttpHandler next, LoginThrottle throttle) implements HttpHandler {

        @Override
        public void handleRequest(HttpServerExchange exchange) throws Exception {
            if (!exchange.getRelativePath().startsWith(GUARDED_PREFIX)) {
                next.handleRequest(exchange);
                return;
            }
            String source = exchange.getSourceAddress().getAddress().getHostAddress();
            String user = basicUser(exchange.getRequestHeaders().getFirst(Headers.AUTHORIZATION));
            String target = exchange.getRequestMethod() + " " + exchange.getRequestPath();
            Optional<Duration> locked = throttle.lockedFor(source, user);
            if (locked.isPresent()) {
                long seconds = Math.max(1, (locked.get().toMillis() + 999) / 1000);
                exchange.setStatusCode(StatusCodes.TOO_MANY_REQUESTS);
                exchange.getResponseHeaders().put(Headers.RETRY_AFTER, Long.toString(seconds));
                exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=UTF-8");
                exchange.getResponseSender().send("Too many failed logins: try again in " + seconds + " s\n");
                audit("login.throttled", user, source, target, "retry-after=" + seconds + "s");
                return;
            }
            exchange.addExchangeCompleteListener((done, nextListener) -> {
                try {
                    settle(done, source, user, target);
                } finally {
                    nextListener.proceed();
                }
            });
            next.handleRequest(exchange);
        }

        private void settle(HttpServerExchange done, String source, String user, String target) {
            int status = done.getStatusCode();
            if (status == StatusCodes.UNAUTHORIZED && user != null) {
                throttle.failed(source, user);
                audit("login.failed", user, source, target, "401");
            } else if (status == StatusCodes.FORBIDDEN && !alreadyAudited(done)) {
                audit("access.forbidden", user, source, target, "403");
            } else if (user != null && status < 400) {
                throttle.succeeded(user);
            }
        }

        private static boolean alreadyAudited(HttpServerExchange done) {
            ServletRequestContext context = done.getAttachment(ServletRequestContext.ATTACHMENT_KEY);
            ServletRequest request = context == null ? null : context.getServletRequest();
            return request != null && request.getAttribute(AUDITED) != null;
        }
    }
}
