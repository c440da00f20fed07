package org.mmsrouter.web.admin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Root of the router's REST API (read-only status for now; the admin console issue secures and extends it). */
@ApplicationPath("/api")
public class AdminApi extends Application {
}
