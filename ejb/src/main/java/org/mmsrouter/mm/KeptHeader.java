package org.mmsrouter.mm;

/** An HTTP header of the WAP gateway's request that is passed on to the MMSC. */
public record KeptHeader(String name, String value) {}
