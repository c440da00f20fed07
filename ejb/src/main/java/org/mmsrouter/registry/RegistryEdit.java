package org.mmsrouter.registry;

import java.util.List;
import java.util.function.Consumer;

/**
 * CDI event the registry fires to itself for a local edit: applied to the list in force only
 * after its transaction commits (a transactional observer), so a rolled-back edit changes nothing.
 * The edit is applied to the list as it is then, so concurrent edits of different MMSCs all stay.
 */
public record RegistryEdit(Consumer<List<RegisteredMmsc>> edit) {}
