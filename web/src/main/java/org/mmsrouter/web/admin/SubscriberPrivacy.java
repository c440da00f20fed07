package org.mmsrouter.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;

/**
 * The one place that decides, per request, how much subscriber data (MSISDNs, addresses, subjects)
 * the admin API shows: in full to {@value Roles#OPERATOR}, masked ({@link SubscriberMask#MASK}) to
 * everyone else — {@value Roles#VIEWER}, a metrics scraper, any role added later. Every resource
 * that returns subscriber data passes it through {@link #mask()}.
 */
@RequestScoped
public class SubscriberPrivacy {

    @Inject
    private HttpServletRequest request;

    /** The mask for this request's caller. */
    public SubscriberMask mask() {
        return request.isUserInRole(Roles.OPERATOR) ? SubscriberMask.REVEAL : SubscriberMask.MASK;
    }
}
