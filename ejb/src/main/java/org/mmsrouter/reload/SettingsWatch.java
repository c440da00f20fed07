package org.mmsrouter.reload;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.DependsOn;
import jakarta.ejb.EJB;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.mmsrouter.audit.AuditLog;
import org.mmsrouter.config.ReloadOutcome;
import org.mmsrouter.config.RouterConfiguration;
import org.mmsrouter.config.SettingsSources;

/**
 * Reloads the settings when the operator's settings file changes ({@code mmsrouter.config.file},
 * else {@code mms-router.properties} in WildFly's configuration directory): written in place or
 * replaced by a rename, as editors and configuration management do. Waits until the file has been
 * quiet for {@link #QUIET_MILLIS} so a half-written file is not read, then reloads as
 * {@code POST /admin/api/reload} does, and audits the outcome as done by {@value #ACTOR}.
 */
@Singleton
@Startup
@DependsOn("RouterConfiguration")
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class SettingsWatch {

    private static final Logger LOG = Logger.getLogger(SettingsWatch.class.getName());
    /** Who the audit names for a reload the watch made. */
    static final String ACTOR = "settings-file-watch";
    /** How long the file must stay unchanged before it is read. */
    static final long QUIET_MILLIS = 500;

    @EJB
    private RouterConfiguration configuration;

    @EJB
    private AuditLog audit;

    @Resource
    private ManagedThreadFactory threadFactory;

    private WatchService watcher;
    private Thread thread;

    @PostConstruct
    void start() {
        Path file = SettingsSources.watchedFile(System.getProperties());
        if (file == null
                || file.toAbsolutePath().getParent() == null
                || !Files.isDirectory(file.toAbsolutePath().getParent())) {
            LOG.info(() -> "No settings file to watch (" + file + "): reload with POST /admin/api/reload");
            return;
        }
        Path watched = file.toAbsolutePath();
        try {
            watcher = FileSystems.getDefault().newWatchService();
            watched.getParent()
                    .register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Cannot watch " + watched + ": reload with POST /admin/api/reload", e);
            return;
        }
        thread = threadFactory.newThread(() -> follow(watched));
        thread.setName("mms-settings-watch");
        thread.start();
        LOG.info(() -> "Watching " + watched + ": a change is reloaded (what needs a restart is refused, and said)");
    }

    @PreDestroy
    void stop() {
        if (watcher != null) {
            try {
                watcher.close(); // ends the thread's take() with ClosedWatchServiceException
            } catch (IOException e) {
                LOG.log(Level.FINE, "closing the settings watch", e);
            }
        }
    }

    private void follow(Path file) {
        try {
            while (true) {
                WatchKey key = watcher.take();
                boolean ours = touches(key, file);
                key.reset();
                if (ours) {
                    awaitQuiet(file);
                    reload(file);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ClosedWatchServiceException stopped) {
            // undeploy
        }
    }

    private static boolean touches(WatchKey key, Path file) {
        boolean ours = false;
        for (WatchEvent<?> event : key.pollEvents()) {
            if (event.context() instanceof Path name && name.equals(file.getFileName())) {
                ours = true;
            }
        }
        return ours;
    }

    /** Swallows further events for the file until none came for {@link #QUIET_MILLIS}. */
    private void awaitQuiet(Path file) throws InterruptedException {
        while (true) {
            WatchKey more = watcher.poll(QUIET_MILLIS, TimeUnit.MILLISECONDS);
            if (more == null) {
                return;
            }
            touches(more, file);
            more.reset();
        }
    }

    private void reload(Path file) {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            ReloadOutcome outcome = configuration.reload();
            audit.record(ACTOR, "localhost", "settings.reload", file.toString(), null, summary(outcome));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "Reload after a change of " + file + " failed", e);
        }
    }

    /** One line for the audit. */
    public static String summary(ReloadOutcome outcome) {
        if (outcome instanceof ReloadOutcome.Applied applied) {
            return "ok: applied " + applied.changed();
        }
        if (outcome instanceof ReloadOutcome.Refused refused) {
            return "refused: " + refused.needRestart();
        }
        if (outcome instanceof ReloadOutcome.Invalid invalid) {
            return "invalid: " + invalid.problems();
        }
        return "ok: unchanged";
    }
}
