package org.mmsrouter.pdu;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** WSP assigned numbers: well-known media types, parameters, part headers, and charsets by MIBenum. */
final class WspTables {

    private static final String[] MEDIA = {
        "*/*",
        "text/*",
        "text/html",
        "text/plain",
        "text/x-hdml",
        "text/x-ttml",
        "text/x-vCalendar",
        "text/x-vCard",
        "text/vnd.wap.wml",
        "text/vnd.wap.wmlscript",
        "text/vnd.wap.wta-event",
        "multipart/*",
        "multipart/mixed",
        "multipart/form-data",
        "multipart/byterantes",
        "multipart/alternative",
        "application/*",
        "application/java-vm",
        "application/x-www-form-urlencoded",
        "application/x-hdmlc",
        "application/vnd.wap.wmlc",
        "application/vnd.wap.wmlscriptc",
        "application/vnd.wap.wta-eventc",
        "application/vnd.wap.uaprof",
        "application/vnd.wap.wtls-ca-certificate",
        "application/vnd.wap.wtls-user-certificate",
        "application/x-x509-ca-cert",
        "application/x-x509-user-cert",
        "image/*",
        "image/gif",
        "image/jpeg",
        "image/tiff",
        "image/png",
        "image/vnd.wap.wbmp",
        "application/vnd.wap.multipart.*",
        "application/vnd.wap.multipart.mixed",
        "application/vnd.wap.multipart.form-data",
        "application/vnd.wap.multipart.byteranges",
        "application/vnd.wap.multipart.alternative",
        "application/xml",
        "text/xml",
        "application/vnd.wap.wbxml",
        "application/x-x968-cross-cert",
        "application/x-x968-ca-cert",
        "application/x-x968-user-cert",
        "text/vnd.wap.si",
        "application/vnd.wap.sic",
        "text/vnd.wap.sl",
        "application/vnd.wap.slc",
        "text/vnd.wap.co",
        "application/vnd.wap.coc",
        "application/vnd.wap.multipart.related",
        "application/vnd.wap.sia",
        "text/vnd.wap.connectivity-xml",
        "application/vnd.wap.connectivity-wbxml",
        "application/pkcs7-mime",
        "application/vnd.wap.hashed-certificate",
        "application/vnd.wap.signed-certificate",
        "application/vnd.wap.cert-response",
        "application/xhtml+xml",
        "application/wml+xml",
        "text/css",
        "application/vnd.wap.mms-message",
        "application/vnd.wap.rollover-certificate",
        "application/vnd.wap.locc+wbxml",
        "application/vnd.wap.loc+xml",
        "application/vnd.syncml.dm+wbxml",
        "application/vnd.syncml.dm+xml",
        "application/vnd.syncml.notification",
        "application/vnd.wap.xhtml+xml",
        "application/vnd.wv.csp.cir",
        "application/vnd.oma.dd+xml",
        "application/vnd.oma.drm.message",
        "application/vnd.oma.drm.content",
        "application/vnd.oma.drm.rights+xml",
        "application/vnd.oma.drm.rights+wbxml",
    };

    private static final Map<String, Integer> MEDIA_NUMBERS = new HashMap<>();

    static {
        for (int i = 0; i < MEDIA.length; i++) {
            MEDIA_NUMBERS.put(MEDIA[i].toLowerCase(Locale.ROOT), i);
        }
    }

    private static final Map<Integer, String> PARAMETERS = Map.ofEntries(
            Map.entry(0x80, "q"),
            Map.entry(0x81, "charset"),
            Map.entry(0x82, "level"),
            Map.entry(0x83, "type"),
            Map.entry(0x85, "name"),
            Map.entry(0x86, "filename"),
            Map.entry(0x87, "differences"),
            Map.entry(0x88, "padding"),
            Map.entry(0x89, "type"),
            Map.entry(0x8A, "start"),
            Map.entry(0x8B, "start-info"),
            Map.entry(0x8C, "comment"),
            Map.entry(0x8D, "domain"),
            Map.entry(0x8E, "max-age"),
            Map.entry(0x8F, "path"),
            Map.entry(0x90, "secure"),
            Map.entry(0x91, "sec"),
            Map.entry(0x92, "mac"),
            Map.entry(0x93, "creation-date"),
            Map.entry(0x94, "modification-date"),
            Map.entry(0x95, "read-date"),
            Map.entry(0x96, "size"),
            Map.entry(0x97, "name"),
            Map.entry(0x98, "filename"),
            Map.entry(0x99, "start"),
            Map.entry(0x9A, "start-info"),
            Map.entry(0x9B, "comment"),
            Map.entry(0x9C, "domain"),
            Map.entry(0x9D, "path"));

    /** WSP well-known header codes seen in MMS part headers. */
    static final int PART_CONTENT_LOCATION = 0x0E;

    static final int PART_CONTENT_ID = 0x40;
    static final int PART_CONTENT_DISPOSITION = 0x2E;
    static final int PART_CONTENT_DISPOSITION_14 = 0x45;

    private static final Map<Integer, String> PART_HEADERS = Map.ofEntries(
            Map.entry(0x0B, "Content-Encoding"),
            Map.entry(0x0C, "Content-Language"),
            Map.entry(0x0D, "Content-Length"),
            Map.entry(PART_CONTENT_LOCATION, "Content-Location"),
            Map.entry(0x0F, "Content-MD5"),
            Map.entry(0x11, "Content-Type"),
            Map.entry(0x12, "Date"),
            Map.entry(PART_CONTENT_DISPOSITION, "Content-Disposition"),
            Map.entry(PART_CONTENT_ID, "Content-ID"),
            Map.entry(PART_CONTENT_DISPOSITION_14, "Content-Disposition"));

    private static final Map<Integer, Charset> CHARSETS = new HashMap<>();
    private static final Map<Integer, String> CHARSET_NAMES = new HashMap<>();

    static {
        charset(3, "us-ascii", StandardCharsets.US_ASCII);
        charset(4, "iso-8859-1", StandardCharsets.ISO_8859_1);
        charset(106, "utf-8", StandardCharsets.UTF_8);
        charset(1000, "iso-10646-ucs-2", StandardCharsets.UTF_16BE);
        charset(1013, "utf-16be", StandardCharsets.UTF_16BE);
        charset(1014, "utf-16le", StandardCharsets.UTF_16LE);
        charset(1015, "utf-16", StandardCharsets.UTF_16);
        optionalCharset(5, "iso-8859-2");
        optionalCharset(6, "iso-8859-3");
        optionalCharset(7, "iso-8859-4");
        optionalCharset(8, "iso-8859-5");
        optionalCharset(9, "iso-8859-6");
        optionalCharset(10, "iso-8859-7");
        optionalCharset(11, "iso-8859-8");
        optionalCharset(12, "iso-8859-9");
        optionalCharset(17, "shift_jis");
        optionalCharset(36, "ks_c_5601-1987");
        optionalCharset(2025, "gb2312");
        optionalCharset(2026, "big5");
    }

    private WspTables() {}

    private static void charset(int mib, String name, Charset charset) {
        CHARSETS.put(mib, charset);
        CHARSET_NAMES.put(mib, name);
    }

    private static void optionalCharset(int mib, String name) {
        CHARSET_NAMES.put(mib, name);
        if (Charset.isSupported(name)) {
            CHARSETS.put(mib, Charset.forName(name));
        }
    }

    /** The media type of a well-known number, or a placeholder naming the number. */
    static String mediaName(long number) {
        return number >= 0 && number < MEDIA.length
                ? MEDIA[(int) number]
                : "application/x-wsp-media-0x" + Long.toHexString(number);
    }

    /** The well-known number of a media type, or -1. */
    static int mediaNumber(String mediaType) {
        return MEDIA_NUMBERS.getOrDefault(mediaType.toLowerCase(Locale.ROOT), -1);
    }

    static String parameterName(int token) {
        return PARAMETERS.getOrDefault(token, String.format("param-0x%02X", token));
    }

    static String partHeaderName(int code) {
        return PART_HEADERS.getOrDefault(code, String.format("X-Wsp-Header-0x%02X", code));
    }

    /** The charset of a MIBenum; unknown ones decode as ISO-8859-1 so that every byte survives. */
    static Charset charset(long mibEnum) {
        Charset charset = CHARSETS.get((int) mibEnum);
        return charset != null && mibEnum == (int) mibEnum ? charset : StandardCharsets.ISO_8859_1;
    }

    static boolean knownCharset(long mibEnum) {
        return mibEnum == (int) mibEnum && CHARSETS.containsKey((int) mibEnum);
    }

    static String charsetName(long mibEnum) {
        String name = mibEnum == (int) mibEnum ? CHARSET_NAMES.get((int) mibEnum) : null;
        return name != null ? name : "mib-" + mibEnum;
    }
}
