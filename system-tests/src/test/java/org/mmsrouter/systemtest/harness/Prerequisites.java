package org.mmsrouter.systemtest.harness;

import org.junit.jupiter.api.Assumptions;

/**
 * What a system test needs from the machine (root, dig, PostgreSQL, Kannel...). Missing, it skips the
 * test with the reason, unless {@code MMSROUTER_REQUIRE_SYSTEM=1} (as .ci/run sets after installing
 * everything): then a missing prerequisite fails the test instead of hiding it.
 */
public final class Prerequisites {

    private Prerequisites() {}

    /** Skips (or, when required, fails) unless {@code present}. */
    public static void require(boolean present, String what) {
        if (present) {
            return;
        }
        if ("1".equals(System.getenv("MMSROUTER_REQUIRE_SYSTEM"))) {
            throw new AssertionError("prerequisite missing (MMSROUTER_REQUIRE_SYSTEM=1): " + what);
        }
        // Failsafe reports a class aborted before its first test as "Tests run: 0" without the reason: say it.
        System.out.println("SKIPPED: prerequisite missing: " + what);
        Assumptions.abort("skipped: " + what);
    }

    /** The tests that mount volumes or bind port 80 run as root. */
    public static void root() {
        require("root".equals(System.getProperty("user.name")), "runs as root (mounts a tmpfs, binds port 80)");
    }

    /** {@code name} is on the PATH. */
    public static void command(String name, String packageName) {
        require(
                Command.of("sh", "-c", "command -v " + name).run().succeeded(),
                name + " is installed (apt-get install " + packageName + ")");
    }
}
