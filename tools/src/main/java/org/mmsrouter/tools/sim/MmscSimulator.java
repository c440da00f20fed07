package org.mmsrouter.tools.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;

/**
 * Plays one operator MMSC on a loopback port: accepts MM1 submissions at its path, answers
 * m-send-conf with its own Message-ID and the request's Transaction-ID, serves retrieval
 * ({@code GET <path>/<Message-ID>}) of what it stored, answers health probes ({@code GET <path>}
 * or {@code GET /health}), and changes behaviour on demand (see {@link SimMode}).
 */
public final class MmscSimulator implements AutoCloseable {

    private static final String MMS_CONTENT_TYPE = "application/vnd.wap.mms-message";
    private static final long MAX_HANG_MILLIS = 600_000;
    /** In SLOW_RETRIEVE mode, the bytes sent before the pause. */
    static final int SLOW_RETRIEVE_FIRST_PIECE = 16 * 1024;

    private final String name;
    /** Where to listen; port 0 is replaced by the port first bound, so REFUSE → HEALTHY rebinds the same. */
    private InetSocketAddress address;

    private final String path;
    /**
     * What it received, in order. Not a copy-on-write list: that copies every MM held so far on each
     * add, which at thousands of MMs a second made the simulator the benchmark's bottleneck.
     */
    private final Queue<ReceivedMm> received = new ConcurrentLinkedQueue<>();

    private final AtomicInteger sequence = new AtomicInteger();
    private final AtomicInteger submissionsInProgress = new AtomicInteger();
    private final AtomicInteger retrievals = new AtomicInteger();
    private final List<ReceivedFollowUp> followUps = new CopyOnWriteArrayList<>();
    private final ExecutorService handlers;
    private final Object modeLock = new Object();
    private Behaviour behaviour = Behaviour.HEALTHY;
    private HttpServer server;
    private boolean closed;

    public MmscSimulator(String name, InetSocketAddress address, String path) {
        this.name = name;
        this.address = address;
        this.path = path;
        this.handlers = Executors.newCachedThreadPool(r -> {
            Thread thread = new Thread(r, "mmsc-sim-" + name);
            thread.setDaemon(true);
            return thread;
        });
    }

    public String name() {
        return name;
    }

    public int port() {
        synchronized (modeLock) {
            return address.getPort();
        }
    }

    /** The MM1 URL this simulator answers on. */
    public URI url() {
        return URI.create("http://" + address.getHostString() + ":" + port() + path);
    }

    public String path() {
        return path;
    }

    /** Submissions received and not yet answered (e.g. held by SLOW or HANG). */
    public int submissionsInProgress() {
        return submissionsInProgress.get();
    }

    /** Binds the port and starts answering. */
    public MmscSimulator start() throws IOException {
        synchronized (modeLock) {
            listen();
        }
        return this;
    }

    public Behaviour behaviour() {
        synchronized (modeLock) {
            return behaviour;
        }
    }

    /** Switches behaviour; hanging requests are released, REFUSE stops listening and leaving it listens again. */
    public void setBehaviour(Behaviour next) throws IOException {
        synchronized (modeLock) {
            Behaviour previous = behaviour;
            behaviour = next;
            modeLock.notifyAll();
            if (next.mode() == SimMode.REFUSE && server != null) {
                server.stop(0);
                server = null;
            } else if (next.mode() != SimMode.REFUSE && previous.mode() == SimMode.REFUSE && !closed) {
                listen();
            }
        }
    }

    /** Everything accepted so far, oldest first. */
    public List<ReceivedMm> received() {
        return new ArrayList<>(received);
    }

    /** Forgets what it received, and the count of retrievals served. */
    public void clearReceived() {
        received.clear();
        retrievals.set(0);
        followUps.clear();
    }

    @Override
    public void close() {
        synchronized (modeLock) {
            closed = true;
            modeLock.notifyAll();
            if (server != null) {
                server.stop(0);
                server = null;
            }
        }
        handlers.shutdownNow();
    }

    private void listen() throws IOException {
        HttpServer http = HttpServer.create(address, 128);
        http.setExecutor(handlers);
        http.createContext("/", this::handle);
        http.start();
        server = http;
        address = http.getAddress();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Behaviour now = behaviour();
            String method = exchange.getRequestMethod();
            String requestPath = exchange.getRequestURI().getPath();
            boolean probe = "GET".equals(method) && (requestPath.equals(path) || requestPath.equals("/health"));
            boolean submission = "POST".equals(method) && requestPath.equals(path);
            byte[] body = readAll(exchange.getRequestBody());
            boolean retrieval = ("GET".equals(method) || "HEAD".equals(method)) && requestPath.startsWith(path + "/");
            if (!probe && !submission && !retrieval) {
                send(exchange, 404, "text/plain", "not found\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            if (submission) {
                submissionsInProgress.incrementAndGet();
            }
            try {
                respond(exchange, now, probe, submission, requestPath, body);
            } finally {
                if (submission) {
                    submissionsInProgress.decrementAndGet();
                }
            }
        }
    }

    private void respond(
            HttpExchange exchange, Behaviour now, boolean probe, boolean submission, String requestPath, byte[] body)
            throws IOException {
        switch (now.mode()) {
            case HTTP_500 -> {
                send(exchange, 500, "text/plain", "simulated failure\n".getBytes(StandardCharsets.US_ASCII));
                return;
            }
            case HANG -> {
                hang();
                return;
            }
            case SLOW -> sleep(now.delay().toMillis());
            case SLOW_SUBMIT -> {
                if (submission) {
                    sleep(now.delay().toMillis());
                }
            }
            default -> {}
        }
        if (probe) {
            send(exchange, 200, "text/plain", ("MMSC simulator " + name + " ok\n").getBytes(StandardCharsets.US_ASCII));
        } else if (submission) {
            submit(exchange, body, now);
        } else {
            retrieve(exchange, requestPath.substring(path.length() + 1), now);
        }
    }

    private void submit(HttpExchange exchange, byte[] pdu, Behaviour now) throws IOException {
        PduHeaders leading;
        try {
            leading = PduHeaders.scan(pdu);
        } catch (PduFormatException e) {
            answer(
                    exchange,
                    new SendConf(
                            "", 0x12, ResponseStatus.ERROR_PERMANENT_MESSAGE_FORMAT_CORRUPT, e.getMessage(), null));
            return;
        }
        String tid = leading.transactionId() == null ? "" : leading.transactionId();
        int version = leading.mmsVersion() < 0 ? 0x12 : leading.mmsVersion();
        MessageType type = leading.messageType().orElse(null);
        if (type != null && FollowUps.isFollowUp(type)) {
            followUp(exchange, leading, type, version, pdu);
            return;
        }
        if (type != MessageType.M_SEND_REQ) {
            answer(
                    exchange,
                    new SendConf(tid, version, ResponseStatus.ERROR_PERMANENT_FAILURE, "not an m-send-req", null));
            return;
        }
        if (now.mode() == SimMode.STATUS) {
            answer(exchange, new SendConf(tid, version, now.responseStatus(), "simulated status", null));
            return;
        }
        int seq = sequence.incrementAndGet();
        // A Transaction-ID starting "rule-" becomes the Message-ID: tests give a message an ID an
        // operator's ownership rule recognises, as real MMSCs embed their node name in theirs.
        String messageId = (tid.startsWith("rule-") ? tid : name + "-" + seq) + "@mmsc.sim";
        Map<String, List<String>> headers = new TreeMap<>();
        exchange.getRequestHeaders()
                .forEach((key, values) -> headers.put(key.toLowerCase(Locale.ROOT), List.copyOf(values)));
        received.add(new ReceivedMm(seq, tid, messageId, Instant.now(), headers, pdu));
        answer(exchange, new SendConf(tid, version, ResponseStatus.OK, null, messageId));
    }

    /**
     * A PDU about a message: accepted (indication: 204; request: its confirmation, Ok) when this
     * MMSC holds the message it names by Transaction-ID, Message-ID or Content-Location; otherwise
     * 404 for an indication and "message not found" in the confirmation of a request, which is
     * what lets the router's sweep move on. A request naming no message (an MMBox view) is accepted.
     */
    private void followUp(HttpExchange exchange, PduHeaders leading, MessageType type, int version, byte[] pdu)
            throws IOException {
        String location = leading.contentLocation();
        String locationPath = location == null ? null : location.split("\\?", 2)[0];
        boolean holds = received.stream()
                .anyMatch(mm -> mm.transactionId().equals(leading.transactionId())
                        || mm.messageId().equals(leading.messageId())
                        || locationPath != null && locationPath.endsWith("/" + mm.messageId()));
        boolean namesMessage = leading.transactionId() != null && FollowUps.isIndication(type)
                || leading.messageId() != null
                || location != null;
        Optional<MessageType> confirmation = FollowUps.confirmationOf(type);
        if (holds || !namesMessage && confirmation.isPresent()) {
            followUps.add(new ReceivedFollowUp(type, leading.transactionId(), leading.messageId(), location, pdu));
        }
        if (confirmation.isEmpty()) {
            if (holds) {
                exchange.sendResponseHeaders(204, -1);
                exchange.getResponseBody().close();
            } else {
                send(exchange, 404, "text/plain", "no such message\n".getBytes(StandardCharsets.US_ASCII));
            }
            return;
        }
        boolean accepted = holds || !namesMessage;
        String forwardedId = accepted && type == MessageType.M_FORWARD_REQ
                ? name + "-" + sequence.incrementAndGet() + "@mmsc.sim"
                : null;
        send(
                exchange,
                200,
                MMS_CONTENT_TYPE,
                FollowUps.confirmation(
                        confirmation.get(),
                        leading.transactionId(),
                        version,
                        accepted ? ResponseStatus.OK : ResponseStatus.ERROR_PERMANENT_MESSAGE_NOT_FOUND,
                        accepted ? null : "no such message",
                        forwardedId));
    }

    /** The follow-up PDUs accepted since start (or the last clear), oldest first. */
    public List<ReceivedFollowUp> followUps() {
        return List.copyOf(followUps);
    }

    private void retrieve(HttpExchange exchange, String messageId, Behaviour now) throws IOException {
        Optional<ReceivedMm> stored =
                received.stream().filter(mm -> mm.messageId().equals(messageId)).findFirst();
        if (stored.isEmpty()) {
            send(exchange, 404, "text/plain", "no such message\n".getBytes(StandardCharsets.US_ASCII));
            return;
        }
        retrievals.incrementAndGet();
        byte[] conf = RetrieveConfs.fromSendReq(stored.get());
        exchange.getResponseHeaders().set("Content-Type", MMS_CONTENT_TYPE);
        if ("HEAD".equals(exchange.getRequestMethod())) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(conf.length));
            exchange.sendResponseHeaders(200, -1);
            return;
        }
        exchange.sendResponseHeaders(200, conf.length);
        try (OutputStream out = exchange.getResponseBody()) {
            if (now.mode() == SimMode.SLOW_RETRIEVE && conf.length > SLOW_RETRIEVE_FIRST_PIECE) {
                out.write(conf, 0, SLOW_RETRIEVE_FIRST_PIECE);
                out.flush();
                sleep(now.delay().toMillis());
                out.write(conf, SLOW_RETRIEVE_FIRST_PIECE, conf.length - SLOW_RETRIEVE_FIRST_PIECE);
            } else {
                out.write(conf);
            }
        }
    }

    /** Retrievals served (GET and HEAD of stored MMs) since start. */
    public int retrievals() {
        return retrievals.get();
    }

    private void hang() {
        long deadline = System.currentTimeMillis() + MAX_HANG_MILLIS;
        synchronized (modeLock) {
            while (!closed && behaviour.mode() == SimMode.HANG && System.currentTimeMillis() < deadline) {
                try {
                    modeLock.wait(1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        // Released: the connection is closed without an answer, as a stuck MMSC's would be.
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void answer(HttpExchange exchange, SendConf conf) throws IOException {
        send(exchange, 200, MMS_CONTENT_TYPE, conf.encode());
    }

    private static void send(HttpExchange exchange, int status, String contentType, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toByteArray();
    }
}
