package org.mmsrouter.health;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Where forwarders wait while no MMSC is up: woken the moment one comes up, and let go early when
 * the application stops or the server is being suspended (a clean {@code :shutdown} suspends
 * first and waits for every running delivery, so a forwarder holding an MM for the whole wait
 * would hold up the stop by as much). A server suspension is only seen by looking, so the wait
 * looks every {@code suspensionCheck}; it may be resumed, so it does not end the waiting for good.
 */
public final class RouteWait {

    private final Object changed = new Object();
    private final BooleanSupplier anyRoutable;
    private final BooleanSupplier serverSuspending;
    private final long checkNanos;
    private volatile boolean stopped;
    /** The last answer of {@code serverSuspending} and when it was read (guarded by {@code changed}). */
    private boolean suspending;

    private long suspensionReadAt;
    private boolean suspensionRead;

    /**
     * @param anyRoutable      whether some MMSC is up now
     * @param serverSuspending whether the server is suspending or suspended (may be slow: asked at
     *                         most once per {@code suspensionCheck}, however many forwarders wait)
     */
    public RouteWait(BooleanSupplier anyRoutable, BooleanSupplier serverSuspending, Duration suspensionCheck) {
        this.anyRoutable = anyRoutable;
        this.serverSuspending = serverSuspending;
        this.checkNanos = suspensionCheck.toNanos();
    }

    /**
     * Waits until some MMSC is up, at most {@code max}; returns at once, false, once the
     * application stops or while the server is suspending.
     *
     * @return whether some MMSC is up
     */
    public boolean await(Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (changed) {
            while (!anyRoutable.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || stopped || serverSuspending()) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(changed, Math.min(left, checkNanos));
            }
        }
        return true;
    }

    /** The server's suspend state, read again only once {@code suspensionCheck} has passed; holds {@code changed}. */
    private boolean serverSuspending() {
        long now = System.nanoTime();
        if (!suspensionRead || now - suspensionReadAt >= checkNanos) {
            suspending = serverSuspending.getAsBoolean();
            suspensionReadAt = now;
            suspensionRead = true;
        }
        return suspending;
    }

    /** Some MMSC may have come up: waiting forwarders look again. */
    public void routableChanged() {
        synchronized (changed) {
            changed.notifyAll();
        }
    }

    /** The application is stopping: every wait ends now, and later ones do not start. */
    public void stop() {
        stopped = true;
        routableChanged();
    }

    public boolean stopped() {
        return stopped;
    }
}
