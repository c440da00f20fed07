package org.mmsrouter.admission;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.mmsrouter.config.RouterSettings;

/**
 * What the status page, the console's banner, readiness and the metrics show of admission control.
 *
 * @param accepting         whether new MMs are taken (storage and the broker allow it)
 * @param since             when the current state began
 * @param refusal           why not, for operators (null while accepting)
 * @param cause             the refusal's cause label (disk, broker; null while accepting)
 * @param brokerUp          whether the message broker runs
 * @param highWaterPercent  the disk high-water mark
 * @param lowWaterPercent   the disk low-water mark
 * @param volumes           the watched volumes as last read
 * @param inFlightBytes     request bodies held now
 * @param maxInFlightBytes  their bound
 * @param refusals          refusals so far by cause label
 */
public record AdmissionState(
        boolean accepting,
        Instant since,
        String refusal,
        String cause,
        boolean brokerUp,
        int highWaterPercent,
        int lowWaterPercent,
        List<VolumeUsage> volumes,
        long inFlightBytes,
        long maxInFlightBytes,
        Map<String, Long> refusals) {

    public AdmissionState {
        volumes = List.copyOf(volumes);
        refusals = Collections.unmodifiableMap(new LinkedHashMap<>(refusals));
    }

    static AdmissionState accepting(
            Instant since,
            RouterSettings.Admission settings,
            Admission admission,
            List<VolumeUsage> volumes,
            boolean brokerUp) {
        return new AdmissionState(
                true,
                since,
                null,
                null,
                brokerUp,
                settings.diskHighWaterPercent(),
                settings.diskLowWaterPercent(),
                volumes,
                0,
                admission.maxInFlightBytes(),
                Map.of());
    }

    static AdmissionState refusing(
            Instant since,
            RouterSettings.Admission settings,
            Admission admission,
            List<VolumeUsage> volumes,
            boolean brokerUp,
            Refusal refusal) {
        return new AdmissionState(
                false,
                since,
                refusal.reason(),
                refusal.cause().label(),
                brokerUp,
                settings.diskHighWaterPercent(),
                settings.diskLowWaterPercent(),
                volumes,
                0,
                admission.maxInFlightBytes(),
                Map.of());
    }

    /** This state with the live counters (bytes in flight, refusals) read now. */
    AdmissionState withCounters(Admission admission) {
        Map<String, Long> counts = new LinkedHashMap<>();
        admission.refusals().forEach((cause, n) -> counts.put(cause.label(), n));
        return new AdmissionState(
                accepting,
                since,
                refusal,
                cause,
                brokerUp,
                highWaterPercent,
                lowWaterPercent,
                volumes,
                admission.inFlightBytes(),
                maxInFlightBytes,
                counts);
    }
}
