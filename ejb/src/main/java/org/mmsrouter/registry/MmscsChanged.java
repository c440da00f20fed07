package org.mmsrouter.registry;

import java.util.List;
import org.mmsrouter.config.MmscDefinition;

/**
 * CDI event: the MMSCs in force changed (an edit here once committed, or another node's edit the
 * refresh read): every definition, routing attributes included, in settings-file order. Observers
 * read {@link MmscRegistry#definitions()} at their own start and follow these events from then on.
 */
public record MmscsChanged(List<MmscDefinition> definitions) {

    public MmscsChanged {
        definitions = List.copyOf(definitions);
    }
}
