package org.mmsrouter.config;

import java.util.List;

/** What a reload of the settings did. */
public sealed interface ReloadOutcome {

    /** The file says what is in force already. */
    record Unchanged() implements ReloadOutcome {}

    /** These live settings changed and are in force now. */
    record Applied(List<String> changed) implements ReloadOutcome {
        public Applied {
            changed = List.copyOf(changed);
        }
    }

    /** Nothing applied: these changes need a restart (the live ones among them wait with them). */
    record Refused(List<String> needRestart, List<String> live) implements ReloadOutcome {
        public Refused {
            needRestart = List.copyOf(needRestart);
            live = List.copyOf(live);
        }
    }

    /** Nothing applied: the settings do not parse or validate; each problem names its key. */
    record Invalid(List<String> problems) implements ReloadOutcome {
        public Invalid {
            problems = List.copyOf(problems);
        }
    }
}
