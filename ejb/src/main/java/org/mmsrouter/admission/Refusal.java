package org.mmsrouter.admission;

import java.time.Duration;

/**
 * Why the ingress does not take an MM now, and when the sender should try again.
 *
 * @param cause      the limit that was reached
 * @param reason     for operators (log, console, status): what is short and by how much
 * @param retryAfter the Retry-After to send
 */
public record Refusal(Cause cause, String reason, Duration retryAfter) {

    /** The limits the ingress enforces; {@link #label} names them in metrics. */
    public enum Cause {
        /** A storage volume is above its high-water mark (or below its free-space floor). */
        DISK("disk"),
        /** The message broker is not running: nothing can be stored. */
        BROKER("broker"),
        /** The request bodies held at once reached their byte budget. */
        MEMORY("memory"),
        /** One client address has as many MM1 requests in progress as it may. */
        SOURCE_CONCURRENCY("source-concurrency"),
        /** One client address sends faster than its rate. */
        SOURCE_RATE("source-rate");

        private final String label;

        Cause(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
