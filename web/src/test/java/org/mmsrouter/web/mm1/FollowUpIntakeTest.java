package org.mmsrouter.web.mm1;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.retrieval.FollowUpExchange;

class FollowUpIntakeTest {

    @Test
    void aMessageNobodyHoldsIsAPermanentNotFound() {
        assertEquals(
                new FollowUpIntake.OwnStatus(
                        ResponseStatus.ERROR_PERMANENT_MESSAGE_NOT_FOUND, "no MMSC holds this message"),
                FollowUpIntake.ownStatus(new FollowUpExchange.NobodyHasIt()));
    }

    @Test
    void theOwnersRefusalIsPermanent() {
        assertEquals(
                new FollowUpIntake.OwnStatus(ResponseStatus.ERROR_PERMANENT_FAILURE, "refused by the MMSC"),
                FollowUpIntake.ownStatus(new FollowUpExchange.Refused("sim-a", "403")));
    }

    @Test
    void anOwnerAwayOrFailingIsTransientSoThePhoneRetries() {
        FollowUpIntake.OwnStatus retry = new FollowUpIntake.OwnStatus(
                ResponseStatus.ERROR_TRANSIENT_FAILURE, "temporarily unable to serve, please retry");
        assertEquals(retry, FollowUpIntake.ownStatus(new FollowUpExchange.OwnerDown("timeout")));
        assertEquals(retry, FollowUpIntake.ownStatus(new FollowUpExchange.Failed("sim-a", "broken")));
    }
}
