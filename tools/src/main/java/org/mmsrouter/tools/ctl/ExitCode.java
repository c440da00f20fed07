package org.mmsrouter.tools.ctl;

/**
 * What {@code mmsrouterctl} exits with, for scripts to test (docs/mmsrouterctl.md lists them). One
 * number per kind of failure, so a script can tell "try again later" (cannot connect, server error)
 * from "fix the call" (usage, refused) and "fix the login" (auth).
 */
public final class ExitCode {

    /** Done. */
    public static final int OK = 0;
    /** A wrong command line or a local setting (credentials file, trust file) that cannot be used. */
    public static final int USAGE = 1;
    /** The server refused the request (4xx other than 401/403, including 409: confirmation needed or stale). */
    public static final int REFUSED = 2;
    /** The login failed (401) or the user may not do this (403). */
    public static final int AUTH = 3;
    /** No connection: refused, timed out, or TLS (the certificate not trusted). */
    public static final int CONNECT = 4;
    /** The server failed (5xx) or answered something that is not the API's JSON. */
    public static final int SERVER = 5;

    private ExitCode() {}

    /** The exit code for an HTTP status that is not a success. */
    public static int ofStatus(int status) {
        if (status == 401 || status == 403) {
            return AUTH;
        }
        if (status >= 500) {
            return SERVER;
        }
        return REFUSED;
    }
}
