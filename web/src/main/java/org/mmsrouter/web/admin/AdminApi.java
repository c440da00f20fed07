package org.mmsrouter.web.admin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/**
 * Root of the admin REST API the NOC console uses, {@code /admin/api}. web.xml secures it: HTTP BASIC
 * against the router's Elytron realm, role {@value Roles#VIEWER} or {@value Roles#OPERATOR} to read,
 * {@value Roles#OPERATOR} to act; {@link CsrfFilter} guards every state-changing call.
 */
@ApplicationPath("/admin/api")
public class AdminApi extends Application {}
