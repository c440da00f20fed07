package org.mmsrouter.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Layers the settings sources: embedded defaults, then an operator's properties file, then
 * {@code mmsrouter.*} system properties. Plain Java so tests can drive it with their own inputs.
 */
public final class SettingsSources {

    /** Classpath resource holding the embedded defaults. */
    public static final String DEFAULTS_RESOURCE = "/mms-router-defaults.properties";
    /** System property naming an operator's settings file. */
    public static final String FILE_PROPERTY = "mmsrouter.config.file";
    /** File looked for in WildFly's configuration directory when no file is named. */
    public static final String DEFAULT_FILE_NAME = "mms-router.properties";

    private SettingsSources() {}

    /** Merged raw settings, plus a description of where they came from for the start-up log. */
    public record Merged(Map<String, String> values, String origin) {}

    public static Merged load(Properties systemProperties) {
        Map<String, String> values = new LinkedHashMap<>();
        StringBuilder origin = new StringBuilder("embedded defaults");
        try (InputStream in = SettingsSources.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the deployment");
            }
            putAll(values, read(in));
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + DEFAULTS_RESOURCE, e);
        }
        Path file = operatorFile(systemProperties);
        if (file != null) {
            try (InputStream in = Files.newInputStream(file)) {
                putAll(values, read(in));
                origin.append(", ").append(file);
            } catch (IOException e) {
                throw new InvalidSettingsException(
                        List.of(FILE_PROPERTY + ": cannot read " + file + " (" + e.getMessage() + ")"));
            }
        }
        boolean fromSystem = false;
        for (String name : systemProperties.stringPropertyNames()) {
            if (name.startsWith(SettingsParser.PREFIX) && !name.equals(FILE_PROPERTY)) {
                values.put(name, systemProperties.getProperty(name));
                fromSystem = true;
            }
        }
        if (fromSystem) {
            origin.append(", system properties");
        }
        return new Merged(values, origin.toString());
    }

    /**
     * The operator's settings file a reload reads and a watch follows: the one named by
     * {@value #FILE_PROPERTY}, else {@value #DEFAULT_FILE_NAME} in WildFly's configuration directory
     * (whether it exists yet or not); {@code null} outside WildFly without a named file.
     */
    public static Path watchedFile(Properties systemProperties) {
        String named = systemProperties.getProperty(FILE_PROPERTY);
        if (named != null && !named.isBlank()) {
            return Path.of(named.trim());
        }
        String configDir = systemProperties.getProperty("jboss.server.config.dir");
        return configDir == null ? null : Path.of(configDir, DEFAULT_FILE_NAME);
    }

    private static Path operatorFile(Properties systemProperties) {
        String named = systemProperties.getProperty(FILE_PROPERTY);
        if (named != null && !named.isBlank()) {
            return Path.of(named.trim());
        }
        String configDir = systemProperties.getProperty("jboss.server.config.dir");
        if (configDir != null) {
            Path candidate = Path.of(configDir, DEFAULT_FILE_NAME);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static Properties read(InputStream in) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    private static void putAll(Map<String, String> target, Properties source) {
        for (String name : source.stringPropertyNames()) {
            target.put(name, source.getProperty(name));
        }
    }
}
