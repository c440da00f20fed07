package org.mmsrouter.pdu;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * A WSP Content-Type: the media type (well-known number or text) and its parameters in order.
 *
 * @param mediaType  e.g. {@code application/vnd.wap.multipart.related}
 * @param wellKnown  the well-known media number it was (or is to be) sent as, or -1 for text
 * @param params     parameters in wire order
 */
public record ContentType(String mediaType, int wellKnown, List<Param> params) {

    public ContentType {
        if (HeaderValue.textStringValue(mediaType).isEmpty()) {
            throw new IllegalArgumentException("a media type cannot be empty");
        }
        params = List.copyOf(params);
    }

    /** A content type by name, sent as its well-known number when it has one. */
    public static ContentType of(String mediaType, Param... params) {
        return new ContentType(mediaType, WspTables.mediaNumber(mediaType), List.of(params));
    }

    public boolean isMultipart() {
        String lower = mediaType.toLowerCase(Locale.ROOT);
        return lower.startsWith("application/vnd.wap.multipart.") || lower.startsWith("multipart/");
    }

    public Optional<Param> param(String name) {
        return params.stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst();
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder(mediaType);
        for (Param param : params) {
            out.append("; ")
                    .append(param.name())
                    .append('=')
                    .append(param.value().text());
        }
        return out.toString();
    }
}
