package org.mmsrouter.config;

import java.net.URI;

/**
 * One operator MMSC the router may forward to.
 *
 * @param id       short name used in settings keys, logs and the console
 * @param url      where MM1 submissions are POSTed
 * @param probeUrl what the health monitor GETs
 */
public record MmscDefinition(String id, URI url, URI probeUrl) {
}
