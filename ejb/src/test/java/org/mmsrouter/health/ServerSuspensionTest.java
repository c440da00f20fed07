package org.mmsrouter.health;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import org.junit.jupiter.api.Test;

class ServerSuspensionTest {

    /** WildFly's management root as JMX shows it, reduced to the attribute that matters here. */
    private static final class ServerRoot implements DynamicMBean {
        volatile String state = "RUNNING";

        @Override
        public Object getAttribute(String attribute) throws AttributeNotFoundException {
            if (!ServerSuspension.ATTRIBUTE.equals(attribute)) {
                throw new AttributeNotFoundException(attribute);
            }
            return state;
        }

        @Override
        public void setAttribute(Attribute attribute) {
            throw new UnsupportedOperationException();
        }

        @Override
        public AttributeList getAttributes(String[] attributes) {
            return new AttributeList();
        }

        @Override
        public AttributeList setAttributes(AttributeList attributes) {
            return new AttributeList();
        }

        @Override
        public Object invoke(String actionName, Object[] params, String[] signature) {
            throw new UnsupportedOperationException();
        }

        @Override
        public MBeanInfo getMBeanInfo() {
            return new MBeanInfo(
                    ServerRoot.class.getName(),
                    "management root",
                    new MBeanAttributeInfo[] {
                        new MBeanAttributeInfo(
                                ServerSuspension.ATTRIBUTE, "java.lang.String", "suspend state", true, false, false)
                    },
                    null,
                    null,
                    null);
        }
    }

    private final MBeanServer mbeans = MBeanServerFactory.newMBeanServer();
    private final ServerSuspension suspension = new ServerSuspension(mbeans);

    @Test
    void notSuspendingOutsideWildFly() {
        assertFalse(suspension.getAsBoolean());
    }

    @Test
    void followsTheServersSuspendState() throws Exception {
        ServerRoot root = new ServerRoot();
        mbeans.registerMBean(root, ServerSuspension.SERVER_ROOT);
        assertFalse(suspension.getAsBoolean());
        for (String state : new String[] {"PRE_SUSPEND", "SUSPENDING", "SUSPENDED"}) {
            root.state = state;
            assertTrue(suspension.getAsBoolean(), state);
        }
        root.state = "RUNNING";
        assertFalse(suspension.getAsBoolean());
    }
}
