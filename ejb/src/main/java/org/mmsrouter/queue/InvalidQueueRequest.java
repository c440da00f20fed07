package org.mmsrouter.queue;

import jakarta.ejb.ApplicationException;

/**
 * A queue request the operator got wrong (a page or page size out of range, a state the action does not
 * take): the caller's mistake, answered 400 with this message. An application exception, so the EJB
 * container neither wraps it nor logs it as a failure of the bean (with a stack trace) on every bad request.
 */
@ApplicationException
public class InvalidQueueRequest extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** @param message what was wrong, for the operator */
    public InvalidQueueRequest(String message) {
        super(message);
    }
}
