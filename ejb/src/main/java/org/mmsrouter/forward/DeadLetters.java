package org.mmsrouter.forward;

import jakarta.annotation.Resource;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.jms.ConnectionFactory;
import jakarta.jms.DeliveryMode;
import jakarta.jms.JMSConsumer;
import jakarta.jms.JMSContext;
import jakarta.jms.JMSException;
import jakarta.jms.JMSRuntimeException;
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.logging.Logger;
import org.mmsrouter.mm.QueuedMm;
import org.mmsrouter.pdu.Header;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduDecoder;
import org.mmsrouter.pdu.PduFormatException;

/**
 * The MMs no MMSC took (permanent rejection, too many attempts, expiry): listed for the NOC, and
 * replayed on request once the cause is fixed. A replay moves the MM from the dead letters back to
 * the submissions queue in one JTA transaction, so it is never lost nor queued twice; it comes back
 * as a new delivery with its attempt count reset and its original arrival and expiry.
 */
@Stateless
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class.getName());
    /** How long a replay waits for the broker to hand over the selected message. */
    private static final long RECEIVE_TIMEOUT_MS = 2_000;

    /**
     * The JCA-pooled factory (the one the ee subsystem's default binding used to name): its contexts
     * join the caller's JTA transaction, however it was obtained. Looked up at use, not injected, so
     * the deployment does not depend on the broker (LateJndi); while the broker is down every call
     * here fails with an {@link IllegalStateException} saying so.
     */
    private final LateJndi<ConnectionFactory> connectionFactory =
            new LateJndi<>(Destinations.POOLED_CONNECTION_FACTORY, ConnectionFactory.class);

    @Resource
    private SessionContext session;

    private final LateJndi<Queue> deadLetters = new LateJndi<>(Destinations.DEAD_LETTERS, Queue.class);

    private final LateJndi<Queue> submissions = new LateJndi<>(Destinations.SUBMISSIONS, Queue.class);

    /** One dead-lettered MM as the NOC sees it. */
    public record DeadLetter(
            String routerMessageId,
            String transactionId,
            Instant arrival,
            Instant expiresAt,
            Instant deadLetteredAt,
            String sourceAddress,
            int sizeBytes,
            String reason) {}

    /** What a replay did. */
    public enum ReplayResult {
        /** Back on the submissions queue. */
        REPLAYED,
        /** No dead letter has that id (never existed, or already replayed). */
        NOT_FOUND,
        /** Its validity has run out: forwarding it now would only dead-letter it again, so it stays. */
        EXPIRED
    }

    /** The oldest {@code limit} dead letters, oldest first, and the purge view of all of them. */
    public record Listing(List<DeadLetter> letters, PurgeView purge) {}

    /** The oldest {@code limit} dead letters, oldest first, with the token a purge of all of them needs (one browse). */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Listing list(int limit) {
        Browsed browsed = browse(limit);
        return new Listing(browsed.letters(), browsed.purgeView());
    }

    /** One pass over the dead letters: the first {@code limit} decoded, and every id and timestamp. */
    private record Browsed(List<DeadLetter> letters, List<String> ids, long newestTimestamp) {
        PurgeView purgeView() {
            return new PurgeView(token(ids), ids.size(), newestTimestamp);
        }
    }

    private Browsed browse(int limit) {
        List<DeadLetter> letters = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        long newest = 0;
        try (JMSContext context = open();
                QueueBrowser browser = context.createBrowser(deadLetters.get())) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements()) {
                Message message = (Message) messages.nextElement();
                ids.add(message.getJMSCorrelationID());
                newest = Math.max(newest, message.getJMSTimestamp());
                if (letters.size() < limit) {
                    letters.add(letter(MmMessages.fromMessage(message), message));
                }
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot browse the dead letters: " + e.getMessage(), e);
        }
        return new Browsed(letters, ids, newest);
    }

    /** Moves one dead letter back to the submissions queue (one transaction: taken off here, queued there). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public ReplayResult replay(String routerMessageId) {
        if (!isSafeId(routerMessageId)) {
            return ReplayResult.NOT_FOUND;
        }
        try (JMSContext context = open()) {
            JMSConsumer consumer =
                    context.createConsumer(deadLetters.get(), "JMSCorrelationID = '" + routerMessageId + "'");
            Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
            if (message == null) {
                return ReplayResult.NOT_FOUND;
            }
            QueuedMm mm = MmMessages.fromMessage(message);
            if (Instant.now().isAfter(mm.expiresAt())) {
                session.setRollbackOnly(); // leaves it where it is
                return ReplayResult.EXPIRED;
            }
            context.createProducer()
                    .setDeliveryMode(DeliveryMode.PERSISTENT)
                    .setPriority(DurableIntake.BACKLOG_PRIORITY)
                    .send(submissions.get(), MmMessages.toMessage(context, mm));
            LOG.info(() -> "Dead letter " + routerMessageId + " (TID "
                    + org.mmsrouter.pdu.Printable.escape(mm.transactionId()) + ") replayed");
            return ReplayResult.REPLAYED;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot replay dead letter " + routerMessageId + ": " + e.getMessage(), e);
        }
    }

    /** One dead letter with the MM's headers as decoded (name and value in words, in PDU order). */
    public record DeadLetterDetail(DeadLetter letter, List<List<String>> headers, String headerError) {}

    /** What replaying every dead letter did. */
    public record ReplayAllResult(int replayed, int expired, int vanished) {}

    /**
     * What the NOC saw before asking to purge: a token naming exactly the dead letters present
     * (their ids), and the newest of them, so a purge takes only those the NOC was shown.
     */
    public record PurgeView(String token, int count, long newestTimestamp) {}

    /** One dead letter by its router message id, with its headers decoded. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public Optional<DeadLetterDetail> find(String routerMessageId) {
        if (!isSafeId(routerMessageId)) {
            return Optional.empty();
        }
        try (JMSContext context = open();
                QueueBrowser browser =
                        context.createBrowser(deadLetters.get(), "JMSCorrelationID = '" + routerMessageId + "'")) {
            Enumeration<?> messages = browser.getEnumeration();
            if (!messages.hasMoreElements()) {
                return Optional.empty();
            }
            Message message = (Message) messages.nextElement();
            QueuedMm mm = MmMessages.fromMessage(message);
            List<List<String>> headers = new ArrayList<>();
            String headerError = null;
            try {
                Pdu decoded = PduDecoder.decodeHeaders(mm.pdu());
                for (Header header : decoded.headers()) {
                    String value = header.is(MmsHeader.MESSAGE_TYPE)
                                    && decoded.messageType().isPresent()
                            ? decoded.messageType().get().specName()
                            : header.value().text();
                    headers.add(List.of(header.name(), value));
                }
            } catch (PduFormatException e) {
                headerError = e.getMessage();
            }
            return Optional.of(new DeadLetterDetail(letter(mm, message), headers, headerError));
        } catch (JMSException e) {
            throw new IllegalStateException("cannot browse the dead letters: " + e.getMessage(), e);
        }
    }

    /** Replays every dead letter, each in its own transaction; expired ones stay. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public ReplayAllResult replayAll() {
        int replayed = 0;
        int expired = 0;
        int vanished = 0;
        DeadLetters self = session.getBusinessObject(DeadLetters.class);
        for (String id : browse(0).ids()) {
            switch (self.replay(id)) {
                case REPLAYED -> replayed++;
                case EXPIRED -> expired++;
                default -> vanished++; // replayed meanwhile by someone else
            }
        }
        int total = replayed;
        LOG.info(() -> "Replayed all dead letters: " + total);
        return new ReplayAllResult(replayed, expired, vanished);
    }

    /** The token a purge must be confirmed with: it names the dead letters present now. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public PurgeView purgeView() {
        return browse(0).purgeView();
    }

    /**
     * Deletes the dead letters the NOC was shown, if {@code token} still names exactly the ones present.
     *
     * @return how many were deleted, or empty when the dead letters changed since the token was given
     */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public Optional<Integer> purge(String token) {
        PurgeView now = session.getBusinessObject(DeadLetters.class).purgeView();
        if (!now.token().equals(token)) {
            return Optional.empty();
        }
        int purged = 0;
        try (JMSContext context = open();
                JMSConsumer consumer =
                        context.createConsumer(deadLetters.get(), "JMSTimestamp <= " + now.newestTimestamp())) {
            while (purged < now.count() && consumer.receive(RECEIVE_TIMEOUT_MS) != null) {
                purged++;
            }
        }
        int total = purged;
        LOG.warning(() -> "Purged " + total + " dead letter(s)");
        return Optional.of(purged);
    }

    /**
     * A context of the pooled factory (in the caller's transaction, if any).
     *
     * @throws IllegalStateException while the broker is down (the factory is not bound or fails)
     */
    private JMSContext open() {
        try {
            return connectionFactory.get().createContext();
        } catch (JMSRuntimeException e) {
            connectionFactory.forget();
            throw new IllegalStateException("the message broker is not available: " + e.getMessage(), e);
        }
    }

    /** A short digest of the ids, in any order. */
    static String token(List<String> ids) {
        List<String> sorted = new ArrayList<>(ids);
        sorted.sort(null);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String id : sorted) {
                digest.update(String.valueOf(id).getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest(), 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    private static DeadLetter letter(QueuedMm mm, Message message) throws JMSException {
        return new DeadLetter(
                mm.routerMessageId(),
                mm.transactionId(),
                mm.arrival(),
                mm.expiresAt(),
                Instant.ofEpochMilli(message.getJMSTimestamp()),
                mm.sourceAddress(),
                mm.pdu().length,
                message.getStringProperty(MmMessages.DEAD_LETTER_REASON));
    }

    /** Router message ids are UUID hex digits; anything else cannot name a dead letter and must not reach a selector. */
    static boolean isSafeId(String id) {
        return id != null && id.matches("[0-9A-Za-z-]{1,64}");
    }
}
