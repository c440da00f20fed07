package org.mmsrouter.tools.ctl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The console user {@code mmsrouterctl} logs in as. Taken from a file or the environment, never from the
 * command line (where {@code ps} and the shell's history would show the password).
 *
 * @param user     the user name
 * @param password its password
 */
public record Credentials(String user, String password) {

    /** Environment variable with the user name. */
    public static final String USER_VARIABLE = "MMSROUTER_USER";
    /** Environment variable with the password. */
    public static final String PASSWORD_VARIABLE = "MMSROUTER_PASSWORD";

    /** Permissions of group and others: any of them makes a credentials file unusable, as ssh treats a key. */
    private static final Set<PosixFilePermission> NOT_OWNER = EnumSet.of(
            PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.GROUP_EXECUTE,
            PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE,
            PosixFilePermission.OTHERS_EXECUTE);

    @Override
    public String toString() {
        return "Credentials[user=" + user + ", password=(hidden)]";
    }

    /** The value of an {@code Authorization} header for HTTP BASIC. */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The credentials from {@code file} when given, else from the environment; a usage error when neither
     * has them.
     */
    public static Credentials resolve(Path file, Map<String, String> environment) {
        if (file != null) {
            return fromFile(file);
        }
        String user = environment.get(USER_VARIABLE);
        String password = environment.get(PASSWORD_VARIABLE);
        if (blank(user) && blank(password)) {
            throw CtlException.usage("no credentials: give --credentials FILE (user=, password=) or set "
                    + USER_VARIABLE + " and " + PASSWORD_VARIABLE);
        }
        if (blank(user) || blank(password)) {
            throw CtlException.usage("set both " + USER_VARIABLE + " and " + PASSWORD_VARIABLE);
        }
        return new Credentials(user, password);
    }

    /**
     * Reads {@code user=} and {@code password=} lines from {@code file} (the value is everything after the
     * first {@code =}, taken as it is: no escapes, so any password can be written). Refused when group or
     * others have any permission on the file.
     */
    public static Credentials fromFile(Path file) {
        try {
            checkOwnerOnly(file);
            String user = null;
            String password = null;
            int number = 0;
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                number++;
                if (line.isBlank() || line.stripLeading().startsWith("#")) {
                    continue;
                }
                int equals = line.indexOf('=');
                if (equals < 0) {
                    throw CtlException.usage(file + ":" + number + ": not key=value");
                }
                String key = line.substring(0, equals).strip();
                String value = line.substring(equals + 1);
                switch (key) {
                    case "user" -> user = value.strip();
                    case "password" -> password = value;
                    default ->
                        throw CtlException.usage(file + ":" + number + ": unknown key " + key + " (user, password)");
                }
            }
            if (blank(user) || password == null || password.isEmpty()) {
                throw CtlException.usage(file + ": needs user= and password=");
            }
            return new Credentials(user, password);
        } catch (NoSuchFileException e) {
            throw CtlException.usage(file + ": no such file");
        } catch (IOException e) {
            throw CtlException.usage(file + ": cannot read: " + e.getMessage());
        }
    }

    private static void checkOwnerOnly(Path file) throws IOException {
        PosixFileAttributeView posix = Files.getFileAttributeView(file, PosixFileAttributeView.class);
        if (posix == null) {
            return; // no POSIX permissions on this file system: nothing to compare
        }
        Set<PosixFilePermission> permissions = posix.readAttributes().permissions();
        if (permissions.stream().anyMatch(NOT_OWNER::contains)) {
            throw CtlException.usage(file + ": permissions " + PosixFilePermissions.toString(permissions)
                    + " are too open: the password file must be the owner's alone (chmod 600 " + file + ")");
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
