package org.mmsrouter.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing of every decoding entry point (Jazzer, libFuzzer). Any byte sequence
 * must decode or raise {@link PduFormatException} with an offset inside the input — any other
 * exception, a hang or an out-of-memory fails the test. What decodes must re-encode byte-exact,
 * encoding the typed model afresh must decode to the same model, and the header-only scan must
 * agree with the full decoder.
 *
 * <p>The build fuzzes for {@code maxExecutions} inputs from a fixed libFuzzer seed (both set in
 * the pom), so every build explores the same inputs; {@code -Dpdu.fuzz.seed=0} explores afresh.
 * Findings are written to src/test/resources/…/PduFuzzTestInputs/ and replayed from then on.
 */
class PduFuzzTest {

    @FuzzTest(maxExecutions = 300_000, maxDuration = "150s")
    void anyBytesDecodeOrFailCleanly(byte[] input) {
        Pdu full;
        try {
            full = PduDecoder.decode(input);
        } catch (PduFormatException e) {
            assertTrue(e.offset() >= 0 && e.offset() <= input.length, "offset inside the input: " + e.offset());
            assertTrue(!e.reason().isBlank());
            return;
        }
        assertArrayEquals(input, PduEncoder.encode(full), "lossless re-encoding");
        try {
            assertEquals(
                    full, PduDecoder.decode(PduEncoder.encodeCanonical(full)), "canonical re-encoding keeps the model");
            Pdu headersOnly = PduDecoder.decodeHeaders(input);
            assertEquals(full.headers(), headersOnly.headers());
            PduHeaders scan = PduHeaders.scan(input);
            assertEquals(
                    full.messageType().map(MessageType::octet).orElse(scan.messageTypeOctet()),
                    scan.messageTypeOctet());
            assertEquals(full.transactionId().orElse(null), scan.transactionId());
            assertEquals(full.headers(MmsHeader.TO).size(), scan.to().size());
        } catch (PduFormatException e) {
            throw new AssertionError(
                    "the full decoder accepted what the header-only paths refused: " + e.getMessage(), e);
        }
    }
}
