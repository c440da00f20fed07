package org.mmsrouter.admission;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Logger;

/**
 * Reads how full the volumes under the watched directories are. Directories on one file system
 * are read once; a directory that does not exist yet (Artemis makes its paging directory on first
 * use) is judged by its nearest existing parent, which is where it will be made. A read is a
 * {@code statfs} per volume: cheap enough for every few hundred milliseconds.
 */
final class VolumeWatch {

    private static final Logger LOG = Logger.getLogger(VolumeWatch.class.getName());

    private final Map<FileStore, List<Path>> volumes = new LinkedHashMap<>();

    VolumeWatch(List<Path> directories) {
        for (Path directory : directories) {
            Path existing = directory.toAbsolutePath().normalize();
            while (existing != null && !Files.exists(existing)) {
                existing = existing.getParent();
            }
            if (existing == null) {
                LOG.warning(() -> "Cannot watch the free space for " + directory + ": no part of the path exists");
                continue;
            }
            try {
                volumes.computeIfAbsent(Files.getFileStore(existing), store -> new ArrayList<>())
                        .add(directory);
            } catch (IOException e) {
                LOG.warning(() -> "Cannot watch the free space for " + directory + ": " + e);
            }
        }
    }

    /** The watched volumes now; one that cannot be read is left out of this read (and logged). */
    List<VolumeUsage> read() {
        List<VolumeUsage> usage = new ArrayList<>(volumes.size());
        volumes.forEach((store, paths) -> {
            try {
                usage.add(new VolumeUsage(
                        store.toString(),
                        paths.stream()
                                .map(Path::toString)
                                .reduce((a, b) -> a + ", " + b)
                                .orElse(""),
                        store.getTotalSpace(),
                        store.getUsableSpace()));
            } catch (IOException e) {
                LOG.warning(() -> "Cannot read the free space of " + store + ": " + e);
            }
        });
        return usage;
    }

    /** How the directories map onto volumes, for the start-up log line. */
    String describe() {
        StringBuilder text = new StringBuilder();
        volumes.forEach((store, paths) -> text.append(text.length() == 0 ? "" : "; ")
                .append(store)
                .append(" holds ")
                .append(paths));
        return text.toString();
    }
}
