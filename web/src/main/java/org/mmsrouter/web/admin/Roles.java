package org.mmsrouter.web.admin;

/** The console's roles (web.xml maps them to URL patterns and HTTP methods). */
public final class Roles {

    /** May look at everything. */
    public static final String VIEWER = "noc-viewer";
    /** May also act: change MMSCs, probe, replay and purge dead letters. */
    public static final String OPERATOR = "noc-operator";

    /** May read the metrics and nothing else (a Prometheus scraper). */
    public static final String METRICS = "noc-metrics";

    private Roles() {}
}
