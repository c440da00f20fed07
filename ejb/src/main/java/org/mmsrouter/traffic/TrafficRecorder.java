package org.mmsrouter.traffic;

import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Timeout;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.mmsrouter.forward.ForwardingService;
import org.mmsrouter.forward.OutcomeBoard;

/**
 * Samples this node's traffic every {@value #STEP_SECONDS} s and keeps the last hour
 * ({@link TrafficSeries}): what the console charts and the rates it shows per MMSC.
 */
@Singleton
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class TrafficRecorder {

    public static final int STEP_SECONDS = 5;
    /** One hour of steps (plus one, so that the hour has a rate at each step). */
    static final int CAPACITY = 3600 / STEP_SECONDS + 1;
    /** The window of the rates shown beside each MMSC. */
    public static final int RATE_WINDOW_SECONDS = 60;

    @EJB
    private OutcomeBoard outcomes;

    @EJB
    private ForwardingService forwarding;

    @EJB
    private QueueGauges queues;

    @Resource
    private TimerService timerService;

    private final TrafficSeries series = new TrafficSeries(STEP_SECONDS, CAPACITY);

    /**
     * Starts sampling (once; later calls do nothing). Called by the web module when it starts, that
     * is once the whole application is up: a timer started with the EJB module could fire while the
     * deployment is still starting, or failing (a bad setting), and then wait forever on components
     * that never start, holding up the undeployment.
     */
    public void startSampling() {
        synchronized (series) {
            if (timerService.getTimers().isEmpty()) {
                timerService.createIntervalTimer(
                        STEP_SECONDS * 1000L, STEP_SECONDS * 1000L, new TimerConfig("traffic-sample", false));
            }
        }
    }

    @Timeout
    void sample() {
        Map<String, Long> forwarded = new HashMap<>();
        Map<String, Long> failed = new HashMap<>();
        forwarding.attemptsByMmsc().forEach((mmsc, byOutcome) -> {
            forwarded.put(mmsc, byOutcome.getOrDefault("accepted", 0L));
            failed.put(mmsc, byOutcome.getOrDefault("failed", 0L));
        });
        TrafficSeries.Sample sample = new TrafficSeries.Sample(
                Instant.now(),
                outcomes.ingressStats().accepted(),
                forwarded,
                failed,
                Math.max(0, queues.submissionsDepth()));
        synchronized (series) {
            try {
                series.add(sample);
            } catch (IllegalArgumentException clockWentBack) {
                // the system clock was set back: skip this step rather than draw time backwards
            }
        }
    }

    public TrafficSeries.Chart chart() {
        synchronized (series) {
            return series.chart();
        }
    }

    public TrafficSeries.Rates rates() {
        synchronized (series) {
            return series.rates(RATE_WINDOW_SECONDS);
        }
    }
}
