package org.mmsrouter.tools.ctl;

/**
 * A failure {@code mmsrouterctl} reports as one line on standard error and ends with {@link #exitCode()}.
 */
public final class CtlException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int exitCode;
    private final String body;

    public CtlException(int exitCode, String message) {
        this(exitCode, message, null);
    }

    /** With the server's answer {@code body} ({@code --json} prints it on standard output). */
    public CtlException(int exitCode, String message, String body) {
        super(message, null, false, false);
        this.exitCode = exitCode;
        this.body = body;
    }

    /** The server's answer to the failed request, or null. */
    public String body() {
        return body;
    }

    /** One of {@link ExitCode}'s values. */
    public int exitCode() {
        return exitCode;
    }

    /** A usage error (exit {@value ExitCode#USAGE}). */
    public static CtlException usage(String message) {
        return new CtlException(ExitCode.USAGE, message);
    }
}
