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
import jakarta.jms.Message;
import jakarta.jms.Queue;
import jakarta.jms.QueueBrowser;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.logging.Logger;

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

    /** The JCA-pooled factory: its contexts join the caller's JTA transaction. */
    @Resource(lookup = "java:comp/DefaultJMSConnectionFactory")
    private ConnectionFactory connectionFactory;

    @Resource
    private SessionContext session;

    @Resource(lookup = Destinations.DEAD_LETTERS)
    private Queue deadLetters;

    @Resource(lookup = Destinations.SUBMISSIONS)
    private Queue submissions;

    /** One dead-lettered MM as the NOC sees it. */
    public record DeadLetter(String routerMessageId, String transactionId, Instant arrival, Instant expiresAt,
                             Instant deadLetteredAt, String sourceAddress, int sizeBytes, String reason) {
    }

    /** What a replay did. */
    public enum ReplayResult {
        /** Back on the submissions queue. */
        REPLAYED,
        /** No dead letter has that id (never existed, or already replayed). */
        NOT_FOUND,
        /** Its validity has run out: forwarding it now would only dead-letter it again, so it stays. */
        EXPIRED
    }

    /** The oldest {@code limit} dead letters, oldest first. */
    @TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
    public List<DeadLetter> list(int limit) {
        List<DeadLetter> result = new ArrayList<>();
        try (JMSContext context = connectionFactory.createContext();
             QueueBrowser browser = context.createBrowser(deadLetters)) {
            Enumeration<?> messages = browser.getEnumeration();
            while (messages.hasMoreElements() && result.size() < limit) {
                Message message = (Message) messages.nextElement();
                QueuedMm mm = MmMessages.fromMessage(message);
                result.add(new DeadLetter(mm.routerMessageId(), mm.transactionId(), mm.arrival(), mm.expiresAt(),
                        Instant.ofEpochMilli(message.getJMSTimestamp()), mm.sourceAddress(), mm.pdu().length,
                        message.getStringProperty(MmMessages.DEAD_LETTER_REASON)));
            }
        } catch (JMSException e) {
            throw new IllegalStateException("cannot browse the dead letters: " + e.getMessage(), e);
        }
        return result;
    }

    /** Moves one dead letter back to the submissions queue (one transaction: taken off here, queued there). */
    @TransactionAttribute(TransactionAttributeType.REQUIRED)
    public ReplayResult replay(String routerMessageId) {
        if (!isSafeId(routerMessageId)) {
            return ReplayResult.NOT_FOUND;
        }
        try (JMSContext context = connectionFactory.createContext()) {
            JMSConsumer consumer = context.createConsumer(deadLetters,
                    "JMSCorrelationID = '" + routerMessageId + "'");
            Message message = consumer.receive(RECEIVE_TIMEOUT_MS);
            if (message == null) {
                return ReplayResult.NOT_FOUND;
            }
            QueuedMm mm = MmMessages.fromMessage(message);
            if (Instant.now().isAfter(mm.expiresAt())) {
                session.setRollbackOnly();   // leaves it where it is
                return ReplayResult.EXPIRED;
            }
            context.createProducer()
                    .setDeliveryMode(DeliveryMode.PERSISTENT)
                    .setPriority(SubmissionIntake.BACKLOG_PRIORITY)
                    .send(submissions, MmMessages.toMessage(context, mm));
            LOG.info(() -> "Dead letter " + routerMessageId + " (TID " + mm.transactionId() + ") replayed");
            return ReplayResult.REPLAYED;
        } catch (JMSException e) {
            throw new IllegalStateException("cannot replay dead letter " + routerMessageId + ": " + e.getMessage(), e);
        }
    }

    /** Router message ids are UUID hex digits; anything else cannot name a dead letter and must not reach a selector. */
    static boolean isSafeId(String id) {
        return id != null && id.matches("[0-9A-Za-z-]{1,64}");
    }
}
