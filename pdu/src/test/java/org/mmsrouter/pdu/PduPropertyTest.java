package org.mmsrouter.pdu;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Generated models survive encoding: {@code decode(encode(model))} equals the model, the
 * re-encoding of the decoded PDU is byte-exact, and the header-only paths agree with it.
 *
 * <p>The generators keep to what the format can express: Text-strings start with a printable
 * character (an octet below 32 would read as a length, 0x7F as a quote) and contain no NUL.
 */
class PduPropertyTest {

    private static final List<Integer> TEXT_CHARSETS = List.of(3, 4, 106);

    @Property(tries = 1000)
    void decodingAnEncodedModelGivesTheModelBack(@ForAll("pdus") Pdu model) throws PduFormatException {
        byte[] encoded = PduEncoder.encodeCanonical(model);

        Pdu decoded = PduDecoder.decode(encoded);

        assertEquals(model, decoded);
        assertArrayEquals(encoded, PduEncoder.encode(decoded));
        assertEquals(model.headers(), PduDecoder.decodeHeaders(encoded).headers());
        PduHeaders scan = PduHeaders.scan(encoded);
        assertEquals(model.transactionId().orElse(null), scan.transactionId());
        assertEquals(
                model.headers(MmsHeader.TO).stream().map(h -> h.value().text()).toList(), scan.to());
    }

    @Provide
    Arbitrary<Pdu> pdus() {
        Arbitrary<List<Header>> middle = header().list().ofMaxSize(12);
        Arbitrary<MessageType> type = Arbitraries.of(MessageType.class);
        Arbitrary<Integer> bodyKind = Arbitraries.integers().between(0, 2);
        return Combinators.combine(type, middle, bodyKind, contentType(), parts(), bytes(0, 200))
                .as((messageType, headers, kind, singleType, parts, single) -> {
                    List<Header> all = new ArrayList<>();
                    all.add(Header.of(MmsHeader.MESSAGE_TYPE, new HeaderValue.Octet(messageType.octet())));
                    all.addAll(headers);
                    Body body = new Body.None();
                    if (kind == 1) {
                        ContentType related = ContentType.of(
                                "application/vnd.wap.multipart.related",
                                Param.wellKnown(0x89, new ParamValue.Text("application/smil", false)),
                                Param.wellKnown(0x8A, new ParamValue.Text("<smil>", false)));
                        all.add(Header.of(MmsHeader.CONTENT_TYPE, new HeaderValue.ContentTypeValue(related)));
                        body = Body.Multipart.of(parts);
                    } else if (kind == 2 && !singleType.isMultipart()) {
                        all.add(Header.of(MmsHeader.CONTENT_TYPE, new HeaderValue.ContentTypeValue(singleType)));
                        body = new Body.SinglePart(single);
                    }
                    return Pdu.of(all, body);
                });
    }

    private Arbitrary<Header> header() {
        return Arbitraries.oneOf(
                text().map(t -> Header.of(MmsHeader.TRANSACTION_ID, new HeaderValue.Text(t))),
                text().map(t -> Header.of(MmsHeader.MESSAGE_ID, new HeaderValue.Text(t))),
                text().map(t -> Header.of(MmsHeader.CONTENT_LOCATION, new HeaderValue.Text(t))),
                Arbitraries.integers()
                        .between(0x90, 0x93)
                        .map(v -> Header.of(MmsHeader.MMS_VERSION, new HeaderValue.Octet(v))),
                encodedText().map(t -> Header.of(MmsHeader.TO, t)),
                encodedText().map(t -> Header.of(MmsHeader.CC, t)),
                encodedText().map(t -> Header.of(MmsHeader.SUBJECT, t)),
                encodedText().map(t -> Header.of(MmsHeader.RESPONSE_TEXT, t)),
                Arbitraries.oneOf(
                                encodedText().map(HeaderValue.From::new),
                                Arbitraries.just(HeaderValue.From.INSERT_ADDRESS))
                        .map(f -> Header.of(MmsHeader.FROM, f)),
                octet().map(v -> Header.of(MmsHeader.RESPONSE_STATUS, v)),
                octet().map(v -> Header.of(MmsHeader.PRIORITY, v)),
                Arbitraries.oneOf(octet(), text().map(HeaderValue.Text::new))
                        .map(v -> Header.of(MmsHeader.MESSAGE_CLASS, v)),
                unsigned().map(v -> Header.of(MmsHeader.DATE, new HeaderValue.Int(v))),
                unsigned().map(v -> Header.of(MmsHeader.MESSAGE_SIZE, new HeaderValue.Int(v))),
                unsigned().map(v -> Header.of(MmsHeader.MESSAGE_COUNT, new HeaderValue.Int(v))),
                Combinators.combine(Arbitraries.of(true, false), unsigned())
                        .as(HeaderValue.Time::new)
                        .map(t -> Header.of(MmsHeader.EXPIRY, t)),
                Combinators.combine(unsigned(), encodedText())
                        .as(HeaderValue.Counted::new)
                        .map(c -> Header.of(MmsHeader.PREVIOUSLY_SENT_BY, c)),
                Combinators.combine(unsigned(), unsigned().map(HeaderValue.Int::new))
                        .as(HeaderValue.Counted::new)
                        .map(c -> Header.of(MmsHeader.PREVIOUSLY_SENT_DATE, c)),
                Combinators.combine(Arbitraries.integers().between(0x80, 0x82), encodedText())
                        .as(HeaderValue.TokenText::new)
                        .map(t -> Header.of(MmsHeader.MM_FLAGS, t)),
                Combinators.combine(Arbitraries.integers().between(0x80, 0x81), unsigned())
                        .as(HeaderValue.TokenInteger::new)
                        .map(t -> Header.of(MmsHeader.MBOX_QUOTAS, t)),
                Combinators.combine(token(), text()).as(Header::application));
    }

    private Arbitrary<ContentType> contentType() {
        Arbitrary<ContentType> wellKnown = Combinators.combine(
                        Arbitraries.integers().between(0, 0x4B), param().list().ofMaxSize(3))
                .as((number, params) -> new ContentType(WspTables.mediaName(number), number, params));
        Arbitrary<ContentType> byName = Combinators.combine(
                        token().map(t -> "application/x-" + t), param().list().ofMaxSize(3))
                .as((media, params) -> new ContentType(media, -1, params));
        return Arbitraries.oneOf(wellKnown, byName);
    }

    private Arbitrary<Param> param() {
        return Arbitraries.oneOf(
                Arbitraries.of(TEXT_CHARSETS).map(mib -> Param.wellKnown(0x81, new ParamValue.Int(mib))),
                unquotable().map(t -> Param.wellKnown(0x85, new ParamValue.Text(t, false))),
                text().map(t -> Param.wellKnown(0x8A, new ParamValue.Text(t, true))),
                unsigned().map(v -> Param.wellKnown(0x96, new ParamValue.Int(v))),
                Combinators.combine(token(), unquotable())
                        .as((n, t) -> new Param(n, -1, new ParamValue.Text(t, false))));
    }

    private Arbitrary<List<Part>> parts() {
        Arbitrary<List<PartHeader>> headers = Arbitraries.oneOf(
                        text().map(PartHeader::contentId),
                        text().map(PartHeader::contentLocation),
                        Combinators.combine(token(), text()).as(PartHeader::text))
                .list()
                .ofMaxSize(3);
        return Combinators.combine(contentType(), headers, bytes(0, 3000))
                .as(Part::of)
                .list()
                .ofMaxSize(4);
    }

    private Arbitrary<String> text() {
        Arbitrary<Character> first = Arbitraries.chars().range(' ', '~');
        Arbitrary<String> rest = Arbitraries.strings()
                .withChars("azAZ09 <>@/.:-_=?&")
                .withCharRange('\u00a0', '\u024f')
                .withCharRange('\u0400', '\u04ff')
                .withCharRange('\uac00', '\uac40')
                .ofMaxLength(40);
        return Combinators.combine(first, rest).as((f, r) -> f + r);
    }

    /** An unquoted parameter text cannot start with '"': that octet begins a Quoted-string. */
    private Arbitrary<String> unquotable() {
        return text().filter(t -> !t.startsWith("\""));
    }

    private Arbitrary<String> token() {
        return Arbitraries.strings()
                .withChars("abcdefghijklmnopqrstuvwxyz-")
                .ofMinLength(1)
                .ofMaxLength(12)
                .map(t -> "X" + t);
    }

    private Arbitrary<HeaderValue.EncodedText> encodedText() {
        Arbitrary<HeaderValue.EncodedText> plain = text().map(HeaderValue.EncodedText::plain);
        Arbitrary<HeaderValue.EncodedText> utf8 =
                Arbitraries.oneOf(text(), Arbitraries.just("")).map(t -> new HeaderValue.EncodedText(t, 106));
        Arbitrary<HeaderValue.EncodedText> latin1 = Arbitraries.strings()
                .withCharRange(' ', '~')
                .withCharRange('\u00a0', '\u00ff')
                .ofMaxLength(30)
                .map(t -> new HeaderValue.EncodedText(t, 4));
        return Arbitraries.oneOf(plain, utf8, latin1);
    }

    private Arbitrary<HeaderValue.Octet> octet() {
        return Arbitraries.integers().between(0x80, 0xFF).map(HeaderValue.Octet::new);
    }

    private Arbitrary<Long> unsigned() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 300), Arbitraries.longs().between(0, Long.MAX_VALUE));
    }

    private Arbitrary<Bytes> bytes(int min, int max) {
        return Arbitraries.bytes()
                .array(byte[].class)
                .ofMinSize(min)
                .ofMaxSize(max)
                .map(Bytes::copyOf);
    }
}
