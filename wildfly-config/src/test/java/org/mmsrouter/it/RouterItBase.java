package org.mmsrouter.it;

import java.time.Duration;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mmsrouter.tools.sim.Behaviour;

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
        // Each test class deploys the EAR afresh: the sessions (and CSRF tokens) of the last one are gone.
        AdminClient.OPERATOR.forgetSession();
        AdminClient.VIEWER.forgetSession();
    }

    @AfterAll
    static void stopSimulators() {
        mmscs.close();
    }

    /** Both simulators healthy, seen UP by the router, and with nothing received yet. */
    static void bothHealthyAndEmpty() throws Exception {
        mmscs.a().setBehaviour(Behaviour.HEALTHY);
        mmscs.b().setBehaviour(Behaviour.HEALTHY);
        RouterTestSupport.await(
                "both MMSCs UP",
                Duration.ofSeconds(30),
                () -> "UP".equals(RouterTestSupport.stateOf("sim-a"))
                        && "UP".equals(RouterTestSupport.stateOf("sim-b")));
        mmscs.a().clearReceived();
        mmscs.b().clearReceived();
    }
}
