package org.mmsrouter.pdu;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One part of a WSP multipart body.
 *
 * @param contentType  the part's content type
 * @param headers      the part's other headers, in wire order
 * @param data         the part's data (a range of the decoded input, not a copy)
 * @param wireHeaders  the part's header bytes (content type included) as decoded, or {@code null};
 *                     written back by the encoder for a byte-exact round trip; not part of equality
 * @param wireLengths  the HeadersLen and DataLen uintvars as decoded, or {@code null}; written back
 *                     only while they still match the lengths; not part of equality
 */
public record Part(
        ContentType contentType, List<PartHeader> headers, Bytes data, Bytes wireHeaders, Bytes wireLengths) {

    public Part {
        Objects.requireNonNull(contentType);
        Objects.requireNonNull(data);
        headers = List.copyOf(headers);
    }

    public static Part of(ContentType contentType, List<PartHeader> headers, Bytes data) {
        return new Part(contentType, headers, data, null, null);
    }

    public Optional<String> header(String name) {
        return headers.stream()
                .filter(h -> h.name().equalsIgnoreCase(name))
                .map(PartHeader::text)
                .findFirst();
    }

    public Optional<String> contentId() {
        return header("Content-ID");
    }

    public Optional<String> contentLocation() {
        return header("Content-Location");
    }

    /** The part's file name: the Content-Type name parameter, else the Content-Disposition filename. */
    public Optional<String> name() {
        Optional<String> byType = contentType.param("name").map(p -> p.value().text());
        if (byType.isPresent()) {
            return byType;
        }
        return headers.stream()
                .filter(h -> h.name().equalsIgnoreCase("Content-Disposition"))
                .map(PartHeader::dispositionFilename)
                .flatMap(Optional::stream)
                .findFirst();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Part that
                && contentType.equals(that.contentType)
                && headers.equals(that.headers)
                && data.equals(that.data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(contentType, headers, data);
    }
}
