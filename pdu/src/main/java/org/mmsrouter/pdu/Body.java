package org.mmsrouter.pdu;

import java.util.List;
import java.util.Objects;

/** What follows the Content-Type header. */
public sealed interface Body {

    /** No Content-Type header, no body. */
    record None() implements Body {}

    /** Not decoded: the body's bytes as they arrived (header-only decoding). */
    record Opaque(Bytes bytes) implements Body {}

    /** A single-part body: the content type is the PDU's, the data is everything after it. */
    record SinglePart(Bytes data) implements Body {}

    /**
     * A WSP multipart body.
     *
     * @param parts     the parts in order
     * @param trailing  bytes after the last part (kept so they are re-encoded), usually empty
     * @param wireCount the part-count uintvar as decoded when it was not minimal, else {@code null}
     */
    record Multipart(List<Part> parts, Bytes trailing, Bytes wireCount) implements Body {
        public Multipart {
            parts = List.copyOf(parts);
            Objects.requireNonNull(trailing);
        }

        public static Multipart of(List<Part> parts) {
            return new Multipart(parts, Bytes.EMPTY, null);
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Multipart that && parts.equals(that.parts) && trailing.equals(that.trailing);
        }

        @Override
        public int hashCode() {
            return Objects.hash(parts, trailing);
        }
    }
}
