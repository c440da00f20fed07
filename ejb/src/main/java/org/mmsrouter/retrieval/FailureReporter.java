package org.mmsrouter.retrieval;

/** Where a failure to reach an MMSC is reported: passive health detection counts it as an observation. */
@FunctionalInterface
public interface FailureReporter {

    void failed(String mmscId, String detail);
}
