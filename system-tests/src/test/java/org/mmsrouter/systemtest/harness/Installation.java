package org.mmsrouter.systemtest.harness;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the build put what the system tests run: the provisioned WildFly (with the EAR in its
 * deployments), the tools jar (simulated MMSCs, load client), the project's scripts, and this
 * module's work directory. Failsafe passes each as a system property (see the module's pom).
 */
public final class Installation {

    private Installation() {}

    /** The provisioned server, {@code wildfly-config/target/wildfly-<version>}. */
    public static Path server() {
        return existing(
                "mmsrouter.server", "the provisioned server (build the project first: mvn -DskipTests package)");
    }

    /** The EAR the build deployed into the provisioned server. */
    public static Path ear() {
        return server().resolve("standalone/deployments/mms-router.ear");
    }

    /** The distribution archive {@code mvn package} builds ({@code mms-router-<version>.tar.gz}). */
    public static Path distribution() {
        return existing(
                "mmsrouter.distribution",
                "the distribution archive (build the project first: mvn -DskipTests package)");
    }

    /** The pristine WildFly distribution zip ({@code org.wildfly:wildfly-dist}) the build unpacked. */
    public static Path wildflyZip() {
        return existing("mmsrouter.wildfly.zip", "the wildfly-dist zip in the local Maven repository");
    }

    /** {@code tools/target/mms-router-tools.jar}. */
    public static Path toolsJar() {
        return existing("mmsrouter.tools", "the tools jar (build the project first: mvn -DskipTests package)");
    }

    /** The project's root directory (its operator scripts live under wildfly-config/src/main/scripts). */
    public static Path project() {
        return existing("mmsrouter.project", "the project's root");
    }

    /** An operator script shipped with the router, e.g. {@code cluster-node.sh}. */
    public static Path operatorScript(String name) {
        return project().resolve("wildfly-config/src/main/scripts").resolve(name);
    }

    /** A root-setup script of this module ({@code system-tests/src/test/scripts}). */
    public static Path setupScript(String name) {
        return existing("mmsrouter.scripts", "the system tests' scripts").resolve(name);
    }

    /** This module's work directory: each test class gets its own directory below it. */
    public static Path work() {
        return Path.of(System.getProperty("mmsrouter.work", "target/system")).toAbsolutePath();
    }

    private static Path existing(String property, String what) {
        String value = System.getProperty(property);
        if (value == null) {
            throw new IllegalStateException(
                    "system property " + property + " (" + what + ") is not set: run through Maven");
        }
        Path path = Path.of(value).toAbsolutePath().normalize();
        if (!Files.exists(path)) {
            throw new IllegalStateException(what + " is missing: " + path);
        }
        return path;
    }
}
