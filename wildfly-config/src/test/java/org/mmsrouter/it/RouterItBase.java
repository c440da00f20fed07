package org.mmsrouter.it;

import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Base of the in-container tests that need the router deployed and its two simulated MMSCs
 * running: the real EAR, deployed by Arquillian into the provisioned server, and the simulators
 * on the ports arquillian.xml configures.
 */
@ExtendWith(ArquillianExtension.class)
abstract class RouterItBase {

    static SimulatedMmscs mmscs;

    @Deployment(testable = false)
    static EnterpriseArchive router() {
        return RouterTestSupport.routerEar();
    }

    @BeforeAll
    static void startSimulators() throws Exception {
        mmscs = SimulatedMmscs.start();
    }

    @AfterAll
    static void stopSimulators() {
        mmscs.close();
    }
}
