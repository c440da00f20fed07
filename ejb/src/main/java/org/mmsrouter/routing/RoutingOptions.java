package org.mmsrouter.routing;

/**
 * Switches of the routing policy.
 *
 * @param senderStickiness keep each sender on one MMSC (while it is available) instead of spreading
 *                         a sender's MMs by weighted round-robin; helps MMSCs that correlate a
 *                         sender's traffic (rate limits, delivery reports, charging)
 */
public record RoutingOptions(boolean senderStickiness) {

    /** No sender stickiness: every MM is spread by weight. */
    public static RoutingOptions defaults() {
        return new RoutingOptions(false);
    }
}
