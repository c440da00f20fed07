package org.mmsrouter.config;

/**
 * CDI event: the settings were reloaded and {@code current} is now in force. Fired synchronously, so
 * the reload answers only after every observer applied its part of {@code change} (all of it live:
 * a reload with a restart-only change is refused before anything is fired).
 */
public record SettingsReloaded(RouterSettings previous, RouterSettings current, SettingsChange change) {}
