package org.mmsrouter.pdu;

import java.util.Optional;

/** X-Mms-Message-Type values (OMA MMS encapsulation 1.0–1.3), with their wire octet. */
public enum MessageType {
    M_SEND_REQ(0x80, "m-send-req"),
    M_SEND_CONF(0x81, "m-send-conf"),
    M_NOTIFICATION_IND(0x82, "m-notification-ind"),
    M_NOTIFYRESP_IND(0x83, "m-notifyresp-ind"),
    M_RETRIEVE_CONF(0x84, "m-retrieve-conf"),
    M_ACKNOWLEDGE_IND(0x85, "m-acknowledge-ind"),
    M_DELIVERY_IND(0x86, "m-delivery-ind"),
    M_READ_REC_IND(0x87, "m-read-rec-ind"),
    M_READ_ORIG_IND(0x88, "m-read-orig-ind"),
    M_FORWARD_REQ(0x89, "m-forward-req"),
    M_FORWARD_CONF(0x8A, "m-forward-conf"),
    M_MBOX_STORE_REQ(0x8B, "m-mbox-store-req"),
    M_MBOX_STORE_CONF(0x8C, "m-mbox-store-conf"),
    M_MBOX_VIEW_REQ(0x8D, "m-mbox-view-req"),
    M_MBOX_VIEW_CONF(0x8E, "m-mbox-view-conf"),
    M_MBOX_UPLOAD_REQ(0x8F, "m-mbox-upload-req"),
    M_MBOX_UPLOAD_CONF(0x90, "m-mbox-upload-conf"),
    M_MBOX_DELETE_REQ(0x91, "m-mbox-delete-req"),
    M_MBOX_DELETE_CONF(0x92, "m-mbox-delete-conf"),
    M_MBOX_DESCR(0x93, "m-mbox-descr"),
    M_DELETE_REQ(0x94, "m-delete-req"),
    M_DELETE_CONF(0x95, "m-delete-conf"),
    M_CANCEL_REQ(0x96, "m-cancel-req"),
    M_CANCEL_CONF(0x97, "m-cancel-conf");

    private final int octet;
    private final String specName;

    MessageType(int octet, String specName) {
        this.octet = octet;
        this.specName = specName;
    }

    /** The value octet as it appears after header 0x8C. */
    public int octet() {
        return octet;
    }

    /** The name the specification uses, e.g. {@code m-send-req}. */
    public String specName() {
        return specName;
    }

    /** The type for a wire octet, empty when the octet is not an assigned message type. */
    public static Optional<MessageType> fromOctet(int octet) {
        int index = octet - 0x80;
        MessageType[] all = values();
        return index >= 0 && index < all.length ? Optional.of(all[index]) : Optional.empty();
    }
}
