package org.mmsrouter.admission;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Decides from the volumes' usage whether new MMs may be stored, with hysteresis so acceptance does
 * not flap around one level. Each volume gets two free-space marks: refuse below
 * {@code max(total × (100 − high) %, minFree)}, accept again at or above that plus
 * {@code total × (high − low) %}. Refusing starts when any volume crosses its refuse mark and ends
 * only when every volume is back above its accept mark. Plain logic, driven by one thread.
 */
public final class DiskGate {

    private final int highWaterPercent;
    private final int lowWaterPercent;
    private final long minFreeBytes;
    private Refusal refusal;

    public DiskGate(int highWaterPercent, int lowWaterPercent, long minFreeBytes) {
        if (lowWaterPercent >= highWaterPercent) {
            throw new IllegalArgumentException(
                    "low-water " + lowWaterPercent + " % must be below high-water " + highWaterPercent + " %");
        }
        this.highWaterPercent = highWaterPercent;
        this.lowWaterPercent = lowWaterPercent;
        this.minFreeBytes = minFreeBytes;
    }

    /** Free bytes below which {@code volume} refuses new MMs. */
    long refuseBelow(VolumeUsage volume) {
        return Math.max(volume.total() / 100 * (100 - highWaterPercent), minFreeBytes);
    }

    /** Free bytes at or above which {@code volume} lets them in again. */
    long acceptFrom(VolumeUsage volume) {
        return refuseBelow(volume) + volume.total() / 100 * (highWaterPercent - lowWaterPercent);
    }

    /**
     * Takes a fresh read of the volumes.
     *
     * @param retryAfterRefusal the refusal's Retry-After, when this read starts or continues one
     * @return the refusal in force after this read (empty: accepting)
     */
    public Optional<Refusal> observe(List<VolumeUsage> volumes, Duration retryAfterRefusal) {
        VolumeUsage fullest = null;
        for (VolumeUsage volume : volumes) {
            if (volume.usable() < refuseBelow(volume)
                    && (fullest == null || volume.usedPercent() > fullest.usedPercent())) {
                fullest = volume;
            }
        }
        if (fullest != null) {
            refusal = new Refusal(Refusal.Cause.DISK, describe(fullest), retryAfterRefusal);
        } else if (refusal != null) {
            VolumeUsage notYet = volumes.stream()
                    .filter(v -> v.usable() < acceptFrom(v))
                    .findFirst()
                    .orElse(null);
            refusal = notYet == null ? null : new Refusal(Refusal.Cause.DISK, describe(notYet), retryAfterRefusal);
        }
        return Optional.ofNullable(refusal);
    }

    /**
     * Bytes that may still be written before the fullest volume reaches its refuse mark (at most
     * {@code Long.MAX_VALUE} with no volume; 0 when one is past it). Between two reads the ingress
     * counts what it stores against this, so the mark holds however fast MMs arrive.
     */
    public long headroom(List<VolumeUsage> volumes) {
        long headroom = Long.MAX_VALUE;
        for (VolumeUsage volume : volumes) {
            headroom = Math.min(headroom, Math.max(0, volume.usable() - refuseBelow(volume)));
        }
        return headroom;
    }

    /** "disk 93 % (high-water 90 %) on /data (journal): 13 MiB free", as the console and the log show it. */
    private String describe(VolumeUsage volume) {
        String limit = volume.usable() < minFreeBytes
                ? String.format(
                        Locale.ROOT,
                        "under the %d MiB floor of mmsrouter.admission.disk-min-free-mb",
                        minFreeBytes / (1024 * 1024))
                : String.format(
                        Locale.ROOT, "high-water %d %%, accepting again at %d %%", highWaterPercent, lowWaterPercent);
        return String.format(
                Locale.ROOT,
                "disk %.0f %% (%s) on %s (%s): %d MiB free",
                volume.usedPercent(),
                limit,
                volume.volume(),
                volume.paths(),
                volume.usable() / (1024 * 1024));
    }
}
