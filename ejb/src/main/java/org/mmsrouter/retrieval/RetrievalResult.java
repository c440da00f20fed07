package org.mmsrouter.retrieval;

/** What became of one retrieval. */
public sealed interface RetrievalResult {

    /** An MMSC answered (any status but a sweep's "not mine"): stream its answer to the WAP gateway (and close it). */
    record Streamed(RetrievalProxy.Upstream upstream, OwnerResolver.Source source) implements RetrievalResult {}

    /** Every live MMSC said it does not hold the message. */
    record NotFound() implements RetrievalResult {}

    /** The owner (or, when unknown, every MMSC) cannot be reached now: the phone should retry later. */
    record OwnerUnavailable(String reason) implements RetrievalResult {}
}
