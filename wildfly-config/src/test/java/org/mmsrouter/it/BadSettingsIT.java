package org.mmsrouter.it;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.as.arquillian.container.ManagementClient;
import org.jboss.as.controller.client.helpers.Operations;
import org.jboss.dmr.ModelNode;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A bad setting stops the deployment, and the failure names the key and the problem. */
@ExtendWith(ArquillianExtension.class)
class BadSettingsIT {

    private static final String DEPLOYMENT = "router-with-bad-settings";
    private static final String KEY = "mmsrouter.mm1.max-message-bytes";

    @ArquillianResource
    private Deployer deployer;

    @ArquillianResource
    private ManagementClient management;

    @Deployment(name = DEPLOYMENT, managed = false, testable = false)
    static EnterpriseArchive router() {
        return RouterTestSupport.routerEar();
    }

    private ModelNode systemProperty() {
        return Operations.createAddress("system-property", KEY);
    }

    private void execute(ModelNode operation) throws IOException {
        ModelNode result = management.getControllerClient().execute(operation);
        if (!Operations.isSuccessfulOutcome(result)) {
            throw new AssertionError(Operations.getFailureDescription(result).asString());
        }
    }

    @AfterEach
    void removeTheBadSetting() throws IOException {
        // Removing the resource clears the JVM system property, so later deployments see the default.
        execute(Operations.createRemoveOperation(systemProperty()));
    }

    @Test
    void aSizeLimitThatIsNotANumberFailsTheDeploymentNamingTheKey() throws IOException {
        ModelNode add = Operations.createAddOperation(systemProperty());
        add.get("value").set("lots");
        execute(add);

        Exception failure = assertThrows(Exception.class, () -> deployer.deploy(DEPLOYMENT));

        String message = allMessages(failure);
        assertTrue(message.contains("mmsrouter.mm1.max-message-bytes: 'lots' is not a whole number"), message);
    }

    private static String allMessages(Throwable failure) {
        StringBuilder out = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            out.append(t).append('\n');
        }
        return out.toString();
    }
}
