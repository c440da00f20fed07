package org.mmsrouter.forward;

/** An HTTP header of the WAP gateway's request that is passed on to the MMSC. */
public record KeptHeader(String name, String value) {
}
