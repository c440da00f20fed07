package org.mmsrouter.tools.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import org.mmsrouter.tools.json.Json;

/**
 * Control and inspection HTTP API for a set of simulators, on its own port (so it stays
 * reachable while a simulator refuses connections):
 * <pre>
 * GET    /sims                              every simulator: name, port, mode, received count
 * GET    /sims/{name}/received              what it accepted: sequence, Transaction-ID, Message-ID, size, SHA-256
 * GET    /sims/{name}/received/{sequence}   one MM's bytes, exactly as received
 * DELETE /sims/{name}/received              forget what it received
 * POST   /sims/{name}/mode?set=MODE[&amp;delay-ms=N][&amp;status=0xE3]
 *        MODE: healthy | refuse | http500 | hang | slow | slow-submit | slow-retrieve | status
 * </pre>
 */
public final class SimulatorControl implements AutoCloseable {

    private final Map<String, MmscSimulator> simulators = new LinkedHashMap<>();
    private final HttpServer server;

    public SimulatorControl(InetSocketAddress address, List<MmscSimulator> sims) throws IOException {
        sims.forEach(sim -> simulators.put(sim.name(), sim));
        server = HttpServer.create(address, 32);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread thread = new Thread(r, "mmsc-sim-control");
            thread.setDaemon(true);
            return thread;
        }));
        server.createContext("/sims", this::handle);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            route(exchange);
        }
    }

    private void route(HttpExchange exchange) throws IOException {
        try {
            String[] parts =
                    exchange.getRequestURI().getPath().replaceAll("/+$", "").split("/");
            String method = exchange.getRequestMethod();
            if (parts.length == 2) {
                json(exchange, 200, listSims());
                return;
            }
            MmscSimulator sim = simulators.get(parts[2]);
            if (sim == null) {
                text(exchange, 404, "no simulator named " + parts[2]);
                return;
            }
            String action = parts.length > 3 ? parts[3] : "";
            if (action.equals("received") && parts.length == 4 && method.equals("GET")) {
                json(exchange, 200, listReceived(sim));
            } else if (action.equals("received") && parts.length == 4 && method.equals("DELETE")) {
                sim.clearReceived();
                text(exchange, 200, "cleared");
            } else if (action.equals("received") && parts.length == 5 && method.equals("GET")) {
                rawMm(exchange, sim, parts[4]);
            } else if (action.equals("mode") && (method.equals("POST") || method.equals("PUT"))) {
                setMode(exchange, sim);
            } else {
                text(
                        exchange,
                        404,
                        "unknown request " + method + " "
                                + exchange.getRequestURI().getPath());
            }
        } catch (RuntimeException e) {
            // Bad mode names, numbers and the like: the caller's mistake, answered plainly.
            text(exchange, 400, e.getMessage());
        }
    }

    private String listSims() {
        StringBuilder out = new StringBuilder("[");
        for (MmscSimulator sim : simulators.values()) {
            if (out.length() > 1) {
                out.append(',');
            }
            Behaviour behaviour = sim.behaviour();
            out.append("{\"name\":")
                    .append(Json.string(sim.name()))
                    .append(",\"port\":")
                    .append(sim.port())
                    .append(",\"path\":")
                    .append(Json.string(sim.path()))
                    .append(",\"mode\":")
                    .append(Json.string(behaviour.mode().name().toLowerCase()))
                    .append(",\"received\":")
                    .append(sim.received().size())
                    .append(",\"submissionsInProgress\":")
                    .append(sim.submissionsInProgress())
                    .append('}');
        }
        return out.append(']').toString();
    }

    private static String listReceived(MmscSimulator sim) {
        StringBuilder out = new StringBuilder("[");
        for (ReceivedMm mm : sim.received()) {
            if (out.length() > 1) {
                out.append(',');
            }
            out.append("{\"sequence\":")
                    .append(mm.sequence())
                    .append(",\"transactionId\":")
                    .append(Json.string(mm.transactionId()))
                    .append(",\"messageId\":")
                    .append(Json.string(mm.messageId()))
                    .append(",\"receivedAt\":")
                    .append(Json.string(mm.receivedAt().toString()))
                    .append(",\"size\":")
                    .append(mm.pdu().length)
                    .append(",\"sha256\":")
                    .append(Json.string(sha256(mm.pdu())))
                    .append('}');
        }
        return out.append(']').toString();
    }

    private static void rawMm(HttpExchange exchange, MmscSimulator sim, String sequence) throws IOException {
        int wanted = Integer.parseInt(sequence);
        for (ReceivedMm mm : sim.received()) {
            if (mm.sequence() == wanted) {
                send(exchange, 200, "application/vnd.wap.mms-message", mm.pdu());
                return;
            }
        }
        text(exchange, 404, "no MM with sequence " + wanted);
    }

    private static void setMode(HttpExchange exchange, MmscSimulator sim) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        String set = query.get("set");
        if (set == null) {
            throw new IllegalArgumentException("missing set=MODE");
        }
        SimMode mode = SimMode.parse(set);
        Behaviour behaviour = switch (mode) {
            case SLOW -> Behaviour.slow(Duration.ofMillis(Long.parseLong(query.getOrDefault("delay-ms", "3000"))));
            case SLOW_SUBMIT ->
                Behaviour.slowSubmissions(Duration.ofMillis(Long.parseLong(query.getOrDefault("delay-ms", "3000"))));
            case SLOW_RETRIEVE ->
                Behaviour.slowRetrievals(Duration.ofMillis(Long.parseLong(query.getOrDefault("delay-ms", "3000"))));
            case STATUS -> Behaviour.status(Integer.decode(query.getOrDefault("status", "0xE0")));
            default -> Behaviour.of(mode);
        };
        sim.setBehaviour(behaviour);
        text(exchange, 200, sim.name() + " is now " + mode.name().toLowerCase());
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new LinkedHashMap<>();
        if (raw == null) {
            return values;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            values.put(key, value);
        }
        return values;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void json(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    private static void text(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/plain; charset=utf-8", (body + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
