package org.mmsrouter.retrieval;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.mmsrouter.config.MmscDefinition;
import org.mmsrouter.mm.KeptHeader;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;

/**
 * Routes retrievals to the MMSC that owns the message: by rule, by what was learned, else by a
 * sweep of the live MMSCs in priority order (the next one on "not mine"), remembering who answered.
 * An owner that is down gets no request: the phone is told to retry later instead of getting a 404
 * that would make it give the message up. Plain Java over its collaborators; safe for concurrent use.
 */
public final class RetrievalRouter {

    private static final Logger LOG = Logger.getLogger(RetrievalRouter.class.getName());

    /** Opens a retrieval at one MMSC ({@link RetrievalProxy#open}). */
    @FunctionalInterface
    public interface Opener {
        RetrievalProxy.Upstream open(MmscDefinition mmsc, String method, String pathAndQuery, List<KeptHeader> headers)
                throws IOException, InterruptedException;
    }

    /** Retrievals since start, by how the owner was found or why none served it. */
    public record Counts(long byRule, long byLearned, long bySweep, long notFound, long ownerUnavailable) {}

    private final Supplier<Owners> owners;
    private final Opener opener;
    private final FailureReporter failures;
    private final OwnerSharing sharing;
    private final AtomicLong byRule = new AtomicLong();
    private final AtomicLong byLearned = new AtomicLong();
    private final AtomicLong bySweep = new AtomicLong();
    private final AtomicLong notFound = new AtomicLong();
    private final AtomicLong ownerUnavailable = new AtomicLong();

    /** @param owners the ownership in force, read once per retrieval */
    public RetrievalRouter(Supplier<Owners> owners, Opener opener, FailureReporter failures, OwnerSharing sharing) {
        this.owners = owners;
        this.opener = opener;
        this.failures = failures;
        this.sharing = sharing;
    }

    /**
     * Opens the retrieval of {@code pathAndQuery} (as requested of {@code host}, port -1 when none)
     * at its owner. A {@link RetrievalResult.Streamed} must be closed by the caller.
     */
    public RetrievalResult retrieve(String method, String host, int port, String pathAndQuery, List<KeptHeader> headers)
            throws InterruptedException {
        Owners now = owners.get();
        Optional<Owners.Owner> owner = now.forUrl(host, port, pathAndQuery);
        if (owner.isEmpty()) {
            return sweep(now, method, pathAndQuery, headers);
        }
        MmscDefinition mmsc = owner.get().mmsc();
        if (!now.serves(mmsc)) {
            ownerUnavailable.incrementAndGet();
            return new RetrievalResult.OwnerUnavailable(mmsc.id() + ", which owns it, is " + now.state(mmsc));
        }
        try {
            RetrievalProxy.Upstream upstream = opener.open(mmsc, method, pathAndQuery, headers);
            (owner.get().source() == OwnerResolver.Source.RULE ? byRule : byLearned).incrementAndGet();
            return new RetrievalResult.Streamed(upstream, owner.get().source());
        } catch (IOException e) {
            failures.failed(mmsc.id(), "retrieval: " + e.getMessage());
            ownerUnavailable.incrementAndGet();
            return new RetrievalResult.OwnerUnavailable(mmsc.id() + ", which owns it, failed: " + e.getMessage());
        }
    }

    /** Asks the live MMSCs in priority order; the first that does not say "not mine" owns the message. */
    private RetrievalResult sweep(Owners now, String method, String pathAndQuery, List<KeptHeader> headers)
            throws InterruptedException {
        List<MmscDefinition> candidates = now.candidates(Owners.Scope.LIVE);
        boolean anyAnswered = false;
        String lastFailure = null;
        for (MmscDefinition mmsc : candidates) {
            RetrievalProxy.Peeked answer;
            try {
                answer = opener.open(mmsc, method, pathAndQuery, headers).peekRetrieveStatus();
            } catch (IOException e) {
                failures.failed(mmsc.id(), "retrieval: " + e.getMessage());
                lastFailure = mmsc.id() + ": " + e.getMessage();
                continue;
            }
            RetrievalProxy.Upstream upstream = answer.upstream();
            if (upstream.status() >= 500) {
                upstream.close();
                lastFailure = mmsc.id() + ": HTTP " + upstream.status();
                continue;
            }
            anyAnswered = true;
            // "Not mine" in a sweep: any 4xx, or an m-retrieve-conf saying message-not-found.
            if (upstream.status() >= 400 || answer.saysMessageNotFound()) {
                upstream.close();
                continue;
            }
            if (upstream.isMmsPdu()) {
                // Only what is a message is remembered: a sweep for any path must not fill the table with junk.
                sharing.url(pathAndQuery, mmsc.id());
            }
            bySweep.incrementAndGet();
            LOG.fine(() -> "Retrieval of " + pathAndQuery + " found at " + mmsc.id() + " by sweep");
            return new RetrievalResult.Streamed(upstream, OwnerResolver.Source.SWEEP);
        }
        Optional<MmscDefinition> away = now.awayButEnabled();
        if (anyAnswered && away.isEmpty() && lastFailure == null) {
            notFound.incrementAndGet();
            return new RetrievalResult.NotFound();
        }
        ownerUnavailable.incrementAndGet();
        if (away.isPresent()) {
            // The one that is down may hold it: "retry later" rather than a 404 the phone would act on.
            return new RetrievalResult.OwnerUnavailable(
                    "no live MMSC has it and " + away.get().id() + " is " + now.state(away.get()));
        }
        return new RetrievalResult.OwnerUnavailable(
                candidates.isEmpty()
                        ? "no MMSC is up"
                        : "no MMSC had it and " + (lastFailure == null ? "none answered" : lastFailure));
    }

    /**
     * Learns from a retrieval that went through: an m-retrieve-conf names the Transaction-ID the
     * phone's m-acknowledge-ind will carry and the Message-ID of a later read report.
     */
    public void retrieved(RetrievalProxy.Upstream upstream) {
        if (upstream.status() >= 300) {
            return;
        }
        try {
            PduHeaders conf = PduHeaders.scan(upstream.leadingBytes());
            if (conf.messageType().orElse(null) == MessageType.M_RETRIEVE_CONF) {
                sharing.ids(upstream.mmscId(), conf.transactionId(), conf.messageId());
            }
        } catch (PduFormatException e) {
            // Not an MMS PDU, or headers longer than what was kept: nothing to learn.
        }
    }

    public Counts counts() {
        return new Counts(byRule.get(), byLearned.get(), bySweep.get(), notFound.get(), ownerUnavailable.get());
    }
}
