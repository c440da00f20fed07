package org.mmsrouter.tools.pdu;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.math.BigDecimal;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.mmsrouter.pdu.Body;
import org.mmsrouter.pdu.Bytes;
import org.mmsrouter.pdu.ContentType;
import org.mmsrouter.pdu.Header;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.Param;
import org.mmsrouter.pdu.ParamValue;
import org.mmsrouter.pdu.Part;
import org.mmsrouter.pdu.PartHeader;
import org.mmsrouter.pdu.Pdu;

/**
 * Builds a {@link Pdu} from the JSON shape {@code tools dump} prints ({@link PduJson#describe}): the reading
 * side of {@code tools compose}.
 *
 * <p>Keys: {@code messageType} (spec name, required), {@code mmsVersion} ("1.2"), {@code transactionId},
 * {@code messageId}, {@code date} (epoch seconds), {@code from} (address, or {@code "#insert"}),
 * {@code to}/{@code cc}/{@code bcc} (arrays of addresses), {@code subject}, {@code contentLocation},
 * {@code responseStatus}/{@code retrieveStatus}/{@code status} ("0x80"), {@code contentType} (media type),
 * {@code params} (parameters of the top content type, e.g. {@code {"type":"application/smil","start":"<smil>"}})
 * and {@code parts}: objects with {@code contentType}, {@code contentId}, {@code contentLocation}, {@code name},
 * {@code charset} (e.g. "utf-8"), {@code params}, and the data as {@code file} (relative to the JSON file's
 * folder) or {@code base64}. What dump prints but compose does not need ({@code file}, {@code ok},
 * {@code headers}, a part's {@code size}) is ignored; any other key is an error, so a misspelt key is
 * not silently dropped.
 *
 * <p>Headers are written in the specification's order: Message-Type, Transaction-ID, MMS-Version,
 * Message-ID, Date, From, To, Cc, Bcc, Subject, Content-Location, Response-Status, Retrieve-Status,
 * Status, and Content-Type last. Only the keys present become headers; nothing is defaulted except the
 * top content type of a body given without one (multipart.related when {@code params} has
 * {@code type} or {@code start}, else multipart.mixed).
 */
public final class PduJsonComposer {

    /** MIBenum of UTF-8: the charset of addresses and subjects that are not plain US-ASCII. */
    static final int UTF_8 = 106;

    static final String INSERT_ADDRESS = "#insert";

    private static final String MULTIPART_RELATED = "application/vnd.wap.multipart.related";
    private static final String MULTIPART_MIXED = "application/vnd.wap.multipart.mixed";

    private static final int PARAM_CHARSET = 0x81;
    private static final int PARAM_NAME = 0x85;

    /** Well-known parameter tokens compose sends parameters as (WSP 1.2 encodings); others go by name. */
    private static final Map<String, Integer> PARAM_TOKENS = Map.of(
            "charset",
            PARAM_CHARSET,
            "name",
            PARAM_NAME,
            "filename",
            0x86,
            "type",
            0x89,
            "start",
            0x8A,
            "start-info",
            0x8B,
            "comment",
            0x8C);

    /** Charset names (IANA, lower case) → MIBenum. A number is accepted too. */
    private static final Map<String, Integer> CHARSETS = Map.ofEntries(
            Map.entry("us-ascii", 3),
            Map.entry("ascii", 3),
            Map.entry("iso-8859-1", 4),
            Map.entry("latin1", 4),
            Map.entry("iso-8859-2", 5),
            Map.entry("iso-8859-3", 6),
            Map.entry("iso-8859-4", 7),
            Map.entry("iso-8859-5", 8),
            Map.entry("iso-8859-6", 9),
            Map.entry("iso-8859-7", 10),
            Map.entry("iso-8859-8", 11),
            Map.entry("iso-8859-9", 12),
            Map.entry("shift_jis", 17),
            Map.entry("euc-jp", 18),
            Map.entry("ks_c_5601-1987", 36),
            Map.entry("euc-kr", 38),
            Map.entry("iso-2022-jp", 39),
            Map.entry("utf-8", UTF_8),
            Map.entry("utf8", UTF_8),
            Map.entry("gbk", 113),
            Map.entry("gb18030", 114),
            Map.entry("iso-10646-ucs-2", 1000),
            Map.entry("utf-16be", 1013),
            Map.entry("utf-16le", 1014),
            Map.entry("utf-16", 1015),
            Map.entry("gb2312", 2025),
            Map.entry("big5", 2026),
            Map.entry("windows-1252", 2252));

    private static final Set<String> TOP_KEYS = Set.of(
            "messageType",
            "mmsVersion",
            "transactionId",
            "messageId",
            "date",
            "from",
            "to",
            "cc",
            "bcc",
            "subject",
            "contentLocation",
            "responseStatus",
            "retrieveStatus",
            "status",
            "contentType",
            "params",
            "parts");
    private static final Set<String> TOP_IGNORED = Set.of("file", "ok", "headers");
    private static final Set<String> PART_KEYS =
            Set.of("contentType", "contentId", "contentLocation", "name", "charset", "params", "file", "base64");
    private static final Set<String> PART_IGNORED = Set.of("size");
    private static final Set<String> SINGLE_PART_KEYS = Set.of("contentType", "file", "base64");

    private static final Pattern VERSION = Pattern.compile("(\\d+)\\.(\\d+)");
    private static final Pattern HEX_OCTET = Pattern.compile("0[xX]([0-9a-fA-F]{1,2})");

    private PduJsonComposer() {}

    /**
     * Builds the PDU the JSON describes.
     *
     * @param json    one JSON object
     * @param baseDir the folder relative part {@code file} paths are resolved against
     * @throws ComposeException naming the key and the problem when the JSON describes no buildable PDU
     */
    public static Pdu compose(String json, Path baseDir) throws ComposeException {
        JsonObject root = parseObject(json);
        JsonElement ok = root.get("ok");
        if (ok != null && ok.isJsonPrimitive() && ok.getAsJsonPrimitive().isBoolean() && !ok.getAsBoolean()) {
            throw new ComposeException("ok", "false: this describes a file dump could not decode, not a PDU");
        }
        checkKeys(root, "", TOP_KEYS, TOP_IGNORED);

        List<Header> headers = new ArrayList<>();
        headers.add(Header.of(
                MmsHeader.MESSAGE_TYPE, new HeaderValue.Octet(messageType(root).octet())));
        String transactionId = string(root, "transactionId", "transactionId");
        if (transactionId != null) {
            headers.add(Header.of(MmsHeader.TRANSACTION_ID, text(transactionId, "transactionId")));
        }
        String version = string(root, "mmsVersion", "mmsVersion");
        if (version != null) {
            headers.add(Header.of(MmsHeader.MMS_VERSION, new HeaderValue.Octet(version(version))));
        }
        String messageId = string(root, "messageId", "messageId");
        if (messageId != null) {
            headers.add(Header.of(MmsHeader.MESSAGE_ID, text(messageId, "messageId")));
        }
        JsonElement date = present(root, "date");
        if (date != null) {
            headers.add(Header.of(MmsHeader.DATE, new HeaderValue.Int(wholeNumber(date, "date"))));
        }
        String from = string(root, "from", "from");
        if (from != null) {
            headers.add(Header.of(
                    MmsHeader.FROM,
                    from.equals(INSERT_ADDRESS)
                            ? HeaderValue.From.INSERT_ADDRESS
                            : new HeaderValue.From(encodedText(from, "from"))));
        }
        addresses(root, "to", MmsHeader.TO, headers);
        addresses(root, "cc", MmsHeader.CC, headers);
        addresses(root, "bcc", MmsHeader.BCC, headers);
        String subject = string(root, "subject", "subject");
        if (subject != null) {
            headers.add(Header.of(MmsHeader.SUBJECT, encodedText(subject, "subject")));
        }
        String contentLocation = string(root, "contentLocation", "contentLocation");
        if (contentLocation != null) {
            headers.add(Header.of(MmsHeader.CONTENT_LOCATION, text(contentLocation, "contentLocation")));
        }
        status(root, "responseStatus", MmsHeader.RESPONSE_STATUS, headers);
        status(root, "retrieveStatus", MmsHeader.RETRIEVE_STATUS, headers);
        status(root, "status", MmsHeader.STATUS, headers);

        Body body = body(root, headers, baseDir);
        return Pdu.of(headers, body);
    }

    // ---- headers -------------------------------------------------------------------------------------

    private static MessageType messageType(JsonObject root) throws ComposeException {
        String name = string(root, "messageType", "messageType");
        if (name == null) {
            throw new ComposeException(
                    "messageType", "missing: every PDU starts with its message type, e.g. \"m-send-req\"");
        }
        for (MessageType type : MessageType.values()) {
            if (type.specName().equalsIgnoreCase(name.trim())) {
                return type;
            }
        }
        throw new ComposeException(
                "messageType",
                "unknown message type \"" + name + "\"; expected one of "
                        + Arrays.stream(MessageType.values())
                                .map(MessageType::specName)
                                .collect(Collectors.joining(", ")));
    }

    private static int version(String text) throws ComposeException {
        Matcher m = VERSION.matcher(text.trim());
        if (!m.matches()) {
            throw new ComposeException("mmsVersion", "expected MAJOR.MINOR like \"1.2\", found \"" + text + "\"");
        }
        int major;
        int minor;
        try {
            major = Integer.parseInt(m.group(1));
            minor = Integer.parseInt(m.group(2));
        } catch (NumberFormatException e) {
            major = Integer.MAX_VALUE;
            minor = Integer.MAX_VALUE;
        }
        if (major > 7 || minor > 15) {
            throw new ComposeException(
                    "mmsVersion", "\"" + text + "\" does not fit the version octet (major 0..7, minor 0..15)");
        }
        return 0x80 | (major << 4) | minor;
    }

    private static void addresses(JsonObject root, String key, MmsHeader field, List<Header> headers)
            throws ComposeException {
        JsonElement element = present(root, key);
        if (element == null) {
            return;
        }
        if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
            headers.add(Header.of(field, encodedText(element.getAsString(), key)));
            return;
        }
        if (!element.isJsonArray()) {
            throw new ComposeException(key, "expected an array of addresses, found " + describe(element));
        }
        JsonArray array = element.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            String path = key + "[" + i + "]";
            JsonElement address = array.get(i);
            if (!address.isJsonPrimitive() || !address.getAsJsonPrimitive().isString()) {
                throw new ComposeException(path, "expected an address (a string), found " + describe(address));
            }
            headers.add(Header.of(field, encodedText(address.getAsString(), path)));
        }
    }

    private static void status(JsonObject root, String key, MmsHeader field, List<Header> headers)
            throws ComposeException {
        JsonElement element = present(root, key);
        if (element != null) {
            headers.add(Header.of(field, new HeaderValue.Octet(octet(element, key))));
        }
    }

    /** An enumerated octet: "0x80" (as dump prints it) or a number 128..255. */
    private static int octet(JsonElement element, String path) throws ComposeException {
        long value;
        if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isString()) {
            Matcher m = HEX_OCTET.matcher(element.getAsString().trim());
            if (!m.matches()) {
                throw new ComposeException(
                        path, "expected an octet like \"0x80\", found \"" + element.getAsString() + "\"");
            }
            value = Integer.parseInt(m.group(1), 16);
        } else if (element.isJsonPrimitive() && element.getAsJsonPrimitive().isNumber()) {
            value = wholeNumber(element, path);
        } else {
            throw new ComposeException(path, "expected an octet like \"0x80\", found " + describe(element));
        }
        if (value < 0x80 || value > 0xFF) {
            throw new ComposeException(
                    path, String.format("%s is not an enumerated value (those are 0x80..0xFF)", element.getAsString()));
        }
        return (int) value;
    }

    /** Text-string values: Transaction-ID, Message-ID, Content-Location. */
    private static HeaderValue.Text text(String value, String path) throws ComposeException {
        try {
            return new HeaderValue.Text(value);
        } catch (IllegalArgumentException e) {
            throw new ComposeException(path, e.getMessage());
        }
    }

    /**
     * Encoded-string values (addresses, subject): a plain Text-string when printable US-ASCII, else tagged
     * UTF-8 (MIBenum 106) - the same rule as the submit tool's {@code SendReqComposer}.
     */
    static HeaderValue.EncodedText encodedText(String value, String path) throws ComposeException {
        try {
            boolean printableAscii = value.chars().allMatch(c -> c >= 0x20 && c < 0x7F);
            return printableAscii ? HeaderValue.EncodedText.plain(value) : new HeaderValue.EncodedText(value, UTF_8);
        } catch (IllegalArgumentException e) {
            throw new ComposeException(path, e.getMessage());
        }
    }

    // ---- body ----------------------------------------------------------------------------------------

    private static Body body(JsonObject root, List<Header> headers, Path baseDir) throws ComposeException {
        List<JsonObject> parts = parts(root);
        String media = string(root, "contentType", "contentType");
        JsonObject paramsObject = object(root, "params", "params");
        if (media == null && parts.isEmpty()) {
            if (paramsObject != null) {
                throw new ComposeException(
                        "params", "there is no body (no contentType, no parts) to give parameters to");
            }
            return new Body.None();
        }
        List<Param> params = params(paramsObject, "params");
        if (media == null) {
            boolean related = params.stream()
                    .anyMatch(p -> p.name().equals("type") || p.name().equals("start"));
            media = related ? MULTIPART_RELATED : MULTIPART_MIXED;
        }
        ContentType type = contentType(media, params, "contentType");
        headers.add(Header.of(MmsHeader.CONTENT_TYPE, new HeaderValue.ContentTypeValue(type)));
        if (type.isMultipart()) {
            List<Part> built = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                built.add(part(parts.get(i), "parts[" + i + "]", baseDir));
            }
            return Body.Multipart.of(built);
        }
        if (parts.size() != 1) {
            throw new ComposeException(
                    "parts",
                    "contentType " + media + " is a single-part body: give exactly one part"
                            + " (its data), or a multipart contentType; found " + parts.size() + " parts");
        }
        return new Body.SinglePart(singlePart(parts.get(0), media, baseDir));
    }

    private static List<JsonObject> parts(JsonObject root) throws ComposeException {
        JsonElement element = present(root, "parts");
        if (element == null) {
            return List.of();
        }
        if (!element.isJsonArray()) {
            throw new ComposeException("parts", "expected an array of parts, found " + describe(element));
        }
        List<JsonObject> parts = new ArrayList<>();
        JsonArray array = element.getAsJsonArray();
        for (int i = 0; i < array.size(); i++) {
            if (!array.get(i).isJsonObject()) {
                throw new ComposeException("parts[" + i + "]", "expected an object, found " + describe(array.get(i)));
            }
            parts.add(array.get(i).getAsJsonObject());
        }
        return parts;
    }

    private static Part part(JsonObject part, String path, Path baseDir) throws ComposeException {
        checkKeys(part, path, PART_KEYS, PART_IGNORED);
        String media = string(part, "contentType", path + ".contentType");
        if (media == null) {
            throw new ComposeException(
                    path + ".contentType", "missing: every part needs its media type, e.g. \"text/plain\"");
        }
        List<Param> params = new ArrayList<>();
        JsonElement charset = present(part, "charset");
        if (charset != null) {
            params.add(charsetParam(charset, path + ".charset"));
        }
        String name = string(part, "name", path + ".name");
        if (name != null) {
            params.add(Param.wellKnown(PARAM_NAME, paramText(name, path + ".name")));
        }
        params.addAll(params(object(part, "params", path + ".params"), path + ".params"));
        List<PartHeader> partHeaders = new ArrayList<>();
        String contentId = string(part, "contentId", path + ".contentId");
        if (contentId != null) {
            checkText(contentId, path + ".contentId");
            partHeaders.add(PartHeader.contentId(contentId));
        }
        String contentLocation = string(part, "contentLocation", path + ".contentLocation");
        if (contentLocation != null) {
            checkText(contentLocation, path + ".contentLocation");
            partHeaders.add(PartHeader.contentLocation(contentLocation));
        }
        ContentType type = contentType(media, params, path + ".contentType");
        return Part.of(type, partHeaders, Bytes.copyOf(data(part, path, baseDir)));
    }

    /** The one part of a single-part body: only its data (and a content type matching the PDU's). */
    private static Bytes singlePart(JsonObject part, String media, Path baseDir) throws ComposeException {
        String path = "parts[0]";
        checkKeys(part, path, PART_KEYS, PART_IGNORED);
        for (String key : new TreeSet<>(part.keySet())) {
            if (PART_KEYS.contains(key) && !SINGLE_PART_KEYS.contains(key)) {
                throw new ComposeException(
                        path + "." + key,
                        "the body is single-part (contentType " + media
                                + "), which has no part headers; give the PDU a multipart contentType to use " + key);
            }
        }
        String partMedia = string(part, "contentType", path + ".contentType");
        if (partMedia != null && !partMedia.trim().equalsIgnoreCase(media.trim())) {
            throw new ComposeException(
                    path + ".contentType",
                    "\"" + partMedia + "\" differs from the PDU's contentType \"" + media
                            + "\"; a single-part body has the PDU's content type");
        }
        return Bytes.copyOf(data(part, path, baseDir));
    }

    private static byte[] data(JsonObject part, String path, Path baseDir) throws ComposeException {
        String file = string(part, "file", path + ".file");
        String base64 = string(part, "base64", path + ".base64");
        if (file != null && base64 != null) {
            throw new ComposeException(path, "give the data as \"file\" or as \"base64\", not both");
        }
        if (base64 != null) {
            try {
                return Base64.getDecoder().decode(base64.replaceAll("\\s+", ""));
            } catch (IllegalArgumentException e) {
                throw new ComposeException(path + ".base64", "not valid base64 (" + e.getMessage() + ")");
            }
        }
        if (file == null) {
            throw new ComposeException(
                    path, "no data: give \"file\" (a path, relative to the JSON file's folder) or \"base64\"");
        }
        Path resolved;
        try {
            resolved = Path.of(file);
        } catch (InvalidPathException e) {
            throw new ComposeException(path + ".file", "not a valid path: " + e.getMessage());
        }
        if (!resolved.isAbsolute()) {
            resolved = baseDir.resolve(resolved);
        }
        try {
            return Files.readAllBytes(resolved);
        } catch (NoSuchFileException e) {
            throw new ComposeException(path + ".file", "no such file: " + resolved);
        } catch (AccessDeniedException e) {
            throw new ComposeException(path + ".file", "not readable: " + resolved);
        } catch (IOException e) {
            throw new ComposeException(path + ".file", "cannot read " + resolved + ": " + e.getMessage());
        }
    }

    // ---- content types and parameters ----------------------------------------------------------------

    private static ContentType contentType(String media, List<Param> params, String path) throws ComposeException {
        String trimmed = media.trim();
        if (trimmed.isEmpty()) {
            throw new ComposeException(path, "empty media type");
        }
        checkText(trimmed, path);
        return ContentType.of(trimmed, params.toArray(new Param[0]));
    }

    private static List<Param> params(JsonObject object, String path) throws ComposeException {
        List<Param> params = new ArrayList<>();
        if (object == null) {
            return params;
        }
        for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
            params.add(param(entry.getKey(), entry.getValue(), path + "." + entry.getKey()));
        }
        return params;
    }

    private static Param param(String name, JsonElement value, String path) throws ComposeException {
        String lower = name.toLowerCase(Locale.ROOT);
        if (lower.equals("charset")) {
            return charsetParam(value, path);
        }
        ParamValue paramValue;
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            paramValue = paramText(value.getAsString(), path);
        } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            paramValue = new ParamValue.Int(wholeNumber(value, path));
        } else {
            throw new ComposeException(path, "expected a string or a number, found " + describe(value));
        }
        Integer token = PARAM_TOKENS.get(lower);
        if (token != null) {
            return Param.wellKnown(token, paramValue);
        }
        if (name.isEmpty()) {
            throw new ComposeException(path, "a parameter needs a name");
        }
        checkText(name, path);
        return new Param(name, -1, paramValue);
    }

    /** charset: a name ("utf-8") or a MIBenum (106), sent as the well-known charset parameter (0x81). */
    private static Param charsetParam(JsonElement value, String path) throws ComposeException {
        long mib;
        if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()) {
            mib = wholeNumber(value, path);
        } else if (value.isJsonPrimitive() && value.getAsJsonPrimitive().isString()) {
            String name = value.getAsString().trim().toLowerCase(Locale.ROOT);
            Integer known = CHARSETS.get(name);
            if (known != null) {
                mib = known;
            } else if (name.matches("\\d{1,9}")) {
                mib = Long.parseLong(name);
            } else {
                throw new ComposeException(
                        path,
                        "unknown charset \"" + value.getAsString() + "\"; give its IANA MIBenum "
                                + "as a number, or one of " + new TreeSet<>(CHARSETS.keySet()));
            }
        } else {
            throw new ComposeException(
                    path, "expected a charset name like \"utf-8\" or a MIBenum, found " + describe(value));
        }
        return Param.wellKnown(PARAM_CHARSET, new ParamValue.Int(mib));
    }

    private static ParamValue.Text paramText(String value, String path) throws ComposeException {
        try {
            return new ParamValue.Text(value, false);
        } catch (IllegalArgumentException e) {
            throw new ComposeException(path, e.getMessage());
        }
    }

    private static void checkText(String value, String path) throws ComposeException {
        try {
            HeaderValue.textStringValue(value);
        } catch (IllegalArgumentException e) {
            throw new ComposeException(path, e.getMessage());
        }
    }

    // ---- JSON access ---------------------------------------------------------------------------------

    private static void checkKeys(JsonObject object, String path, Set<String> known, Set<String> ignored)
            throws ComposeException {
        for (String key : object.keySet()) {
            if (!known.contains(key) && !ignored.contains(key)) {
                throw new ComposeException(
                        path.isEmpty() ? key : path + "." + key,
                        "unknown key; expected one of " + new TreeSet<>(known));
            }
        }
    }

    /** The value of {@code key}, or {@code null} when it is absent or JSON null. */
    private static JsonElement present(JsonObject object, String key) {
        JsonElement element = object.get(key);
        return element == null || element.isJsonNull() ? null : element;
    }

    private static String string(JsonObject object, String key, String path) throws ComposeException {
        JsonElement element = present(object, key);
        if (element == null) {
            return null;
        }
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isString()) {
            throw new ComposeException(path, "expected a string, found " + describe(element));
        }
        return element.getAsString();
    }

    private static JsonObject object(JsonObject object, String key, String path) throws ComposeException {
        JsonElement element = present(object, key);
        if (element == null) {
            return null;
        }
        if (!element.isJsonObject()) {
            throw new ComposeException(path, "expected an object, found " + describe(element));
        }
        return element.getAsJsonObject();
    }

    private static long wholeNumber(JsonElement element, String path) throws ComposeException {
        if (!element.isJsonPrimitive() || !element.getAsJsonPrimitive().isNumber()) {
            throw new ComposeException(path, "expected a number, found " + describe(element));
        }
        BigDecimal number = element.getAsBigDecimal();
        try {
            long value = number.longValueExact();
            if (value >= 0) {
                return value;
            }
        } catch (ArithmeticException e) {
            // falls through
        }
        throw new ComposeException(path, "expected a whole number from 0 to " + Long.MAX_VALUE + ", found " + number);
    }

    private static String describe(JsonElement element) {
        if (element.isJsonObject()) {
            return "an object";
        }
        if (element.isJsonArray()) {
            return "an array";
        }
        if (element.isJsonNull()) {
            return "null";
        }
        JsonPrimitive primitive = element.getAsJsonPrimitive();
        if (primitive.isString()) {
            return "the string \"" + primitive.getAsString() + "\"";
        }
        return primitive.isBoolean() ? primitive.getAsString() : "the number " + primitive.getAsString();
    }

    // ---- JSON parsing --------------------------------------------------------------------------------

    /** Parses one strict JSON object; a repeated key is an error (it would silently drop a value). */
    static JsonObject parseObject(String json) throws ComposeException {
        if (json.isBlank()) {
            throw new ComposeException("", "bad JSON: the input is empty");
        }
        JsonReader reader = new JsonReader(new StringReader(json));
        reader.setStrictness(Strictness.STRICT);
        JsonElement root;
        try {
            root = read(reader);
        } catch (IOException | IllegalStateException | NumberFormatException e) {
            throw new ComposeException("", "bad JSON: " + gsonMessage(e.getMessage()));
        }
        boolean more;
        try {
            more = reader.peek() != JsonToken.END_DOCUMENT;
        } catch (IOException | IllegalStateException e) {
            more = true;
        }
        if (more) {
            throw new ComposeException(
                    "",
                    "bad JSON: more follows the first value (at " + where(reader)
                            + "); compose reads one object, for one PDU");
        }
        if (!root.isJsonObject()) {
            throw new ComposeException(
                    "", "the JSON must be one object (the shape tools dump prints), not " + describe(root));
        }
        return root.getAsJsonObject();
    }

    private static JsonElement read(JsonReader reader) throws IOException, ComposeException {
        switch (reader.peek()) {
            case BEGIN_OBJECT -> {
                JsonObject object = new JsonObject();
                reader.beginObject();
                while (reader.hasNext()) {
                    String name = reader.nextName();
                    if (object.has(name)) {
                        String at = reader.getPath();
                        throw new ComposeException(
                                at.startsWith("$.") ? at.substring(2) : at, "repeated key (JSON keys must be unique)");
                    }
                    object.add(name, read(reader));
                }
                reader.endObject();
                return object;
            }
            case BEGIN_ARRAY -> {
                JsonArray array = new JsonArray();
                reader.beginArray();
                while (reader.hasNext()) {
                    array.add(read(reader));
                }
                reader.endArray();
                return array;
            }
            case STRING -> {
                return new JsonPrimitive(reader.nextString());
            }
            case NUMBER -> {
                return new JsonPrimitive(new BigDecimal(reader.nextString()));
            }
            case BOOLEAN -> {
                return new JsonPrimitive(reader.nextBoolean());
            }
            case NULL -> {
                reader.nextNull();
                return JsonNull.INSTANCE;
            }
            default -> throw new IllegalStateException("unexpected " + reader.peek() + " at " + where(reader));
        }
    }

    private static String where(JsonReader reader) {
        String text = reader.toString();
        int at = text.indexOf(" at line ");
        return at >= 0 ? text.substring(at + 4) : text;
    }

    /** Gson's message without its troubleshooting link, and without advice meant for programmers. */
    private static String gsonMessage(String message) {
        if (message == null) {
            return "unreadable";
        }
        int newline = message.indexOf('\n');
        String line = newline >= 0 ? message.substring(0, newline) : message;
        return line.replace(
                "Use JsonReader.setStrictness(Strictness.LENIENT) to accept malformed JSON", "malformed JSON");
    }
}
