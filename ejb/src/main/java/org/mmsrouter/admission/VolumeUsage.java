package org.mmsrouter.admission;

/**
 * One storage volume as last read: what it holds for the router and how full it is.
 *
 * @param volume what it is (its mount, as the file system names it)
 * @param paths  the watched directories on it (journal, paging, ...)
 * @param total  its size, bytes
 * @param usable free bytes this process may still write
 */
public record VolumeUsage(String volume, String paths, long total, long usable) {

    /** Used share in percent (0 for a volume of unknown size). */
    public double usedPercent() {
        return total <= 0 ? 0 : 100.0 * (total - usable) / total;
    }
}
