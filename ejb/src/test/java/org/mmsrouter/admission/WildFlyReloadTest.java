package org.mmsrouter.admission;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.management.ManagementFactory;
import java.util.Map;
import javax.management.MBeanParameterInfo;
import org.junit.jupiter.api.Test;

class WildFlyReloadTest {

    /** WildFly 38's shutdown as its MBean describes it (checked against a running server). */
    private static final MBeanParameterInfo[] SHUTDOWN = {
        new MBeanParameterInfo("restart", "java.lang.Boolean", ""),
        new MBeanParameterInfo("timeout", "java.lang.Integer", ""),
        new MBeanParameterInfo("suspendTimeout", "java.lang.Integer", ""),
        new MBeanParameterInfo("performInstallation", "java.lang.Boolean", "")
    };

    @Test
    void namedArgumentsGoToTheirPlacesAndTheRestStayUndefined() {
        assertArrayEquals(
                new Object[] {Boolean.TRUE, null, null, null},
                WildFlyReload.arguments(SHUTDOWN, Map.of("restart", Boolean.TRUE)));
        assertArrayEquals(new Object[4], WildFlyReload.arguments(SHUTDOWN, Map.of()));
    }

    @Test
    void outsideWildFlyBothAreRefusedAndSaidSo() {
        // No jboss.as:management-root=server here: neither operation exists; nothing is thrown.
        assertEquals("refused", new WildFlyReload(ManagementFactory.getPlatformMBeanServer()).request("a test"));
    }
}
