package org.mmsrouter.systemtest.harness;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Tag;

/**
 * Marks a system test class: run by {@code mvn verify -Psystem-tests} (as .ci/run does), left out of a
 * plain {@code mvn verify}. The harness's own tests carry no tag and always run.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("system")
public @interface SystemTest {}
