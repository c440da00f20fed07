package org.mmsrouter.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.mmsrouter.pdu.Body;
import org.mmsrouter.pdu.Bytes;
import org.mmsrouter.pdu.ContentType;
import org.mmsrouter.pdu.Header;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.ParamValue;
import org.mmsrouter.pdu.Part;
import org.mmsrouter.pdu.PartHeader;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduDecoder;
import org.mmsrouter.pdu.PduEncoder;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;
import org.mmsrouter.pdu.SendConf;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the PDU codec on two inputs built with the codec's own API:
 * <ul>
 *   <li>{@code sendReq30k}: a ≈30 KB m-send-req (multipart/related: SMIL, UTF-8 text, ≈29 KB JPEG of
 *       pseudo-random bytes), encoded with {@link PduEncoder#encodeCanonical};</li>
 *   <li>{@code sendConf}: a small m-send-conf from {@link SendConf#encode()}.</li>
 * </ul>
 * Every benchmark returns its result, so JMH consumes it (no dead-code elimination).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class PduCodecBenchmark {

    /** Seed of the pseudo-random JPEG bytes: every run benchmarks the same input. */
    private static final long SEED = 20240601L;

    private static final int JPEG_BYTES = 29 * 1024;

    private static final int MIB_UTF_8 = 106;

    @Param({"sendReq30k", "sendConf"})
    public String input;

    /** The encoded PDU the decoding benchmarks read. */
    private byte[] pdu;

    /** {@link #pdu} decoded, which the encoding benchmarks write. */
    private Pdu decoded;

    @Setup(Level.Trial)
    public void setUp() throws PduFormatException {
        pdu = switch (input) {
            case "sendReq30k" -> PduEncoder.encodeCanonical(sendReq());
            case "sendConf" -> new SendConf("T-123", 0x12, 0x80, null, "msg-0001@mmsc").encode();
            default -> throw new IllegalArgumentException("unknown input " + input);
        };
        decoded = PduDecoder.decode(pdu);
        // The benchmarks measure what they claim only if the input is what it should be.
        if (!Arrays.equals(PduEncoder.encode(decoded), pdu)) {
            throw new IllegalStateException(input + ": encode(decode(pdu)) is not byte-exact");
        }
        if (PduHeaders.scan(pdu).messageTypeOctet() != (input.equals("sendConf") ? 0x81 : 0x80)) {
            throw new IllegalStateException(input + ": unexpected message type");
        }
        if (input.equals("sendReq30k")
                && !(decoded.body() instanceof Body.Multipart multipart
                        && multipart.parts().size() == 3)) {
            throw new IllegalStateException(input + ": expected a three-part multipart body");
        }
    }

    /** A ≈30 KB m-send-req: SMIL, text and a ≈29 KB JPEG in multipart/related. */
    static Pdu sendReq() {
        List<Header> headers = List.of(
                Header.of(MmsHeader.MESSAGE_TYPE, new HeaderValue.Octet(0x80)),
                Header.of(MmsHeader.TRANSACTION_ID, new HeaderValue.Text("T-bench-000000001")),
                Header.of(MmsHeader.MMS_VERSION, new HeaderValue.Octet(0x92)),
                Header.of(MmsHeader.FROM, HeaderValue.From.INSERT_ADDRESS),
                Header.of(MmsHeader.TO, HeaderValue.EncodedText.plain("+15550100001/TYPE=PLMN")),
                Header.of(MmsHeader.TO, HeaderValue.EncodedText.plain("+15550100002/TYPE=PLMN")),
                Header.of(MmsHeader.SUBJECT, new HeaderValue.EncodedText("Photos from the weekend", MIB_UTF_8)),
                Header.of(
                        MmsHeader.CONTENT_TYPE,
                        new HeaderValue.ContentTypeValue(ContentType.of(
                                "application/vnd.wap.multipart.related",
                                org.mmsrouter.pdu.Param.wellKnown(0x89, new ParamValue.Text("application/smil", false)),
                                org.mmsrouter.pdu.Param.wellKnown(0x8A, new ParamValue.Text("<smil>", false))))));
        Part smil = Part.of(
                ContentType.of("application/smil", charsetUtf8()),
                List.of(PartHeader.contentId("<smil>"), PartHeader.contentLocation("smil.xml")),
                Bytes.utf8(SMIL));
        Part text = Part.of(
                ContentType.of("text/plain", charsetUtf8()),
                List.of(PartHeader.contentId("<text1>"), PartHeader.contentLocation("text1.txt")),
                Bytes.utf8("Here are the photos from Saturday — the view from the top was worth the climb. "
                        + "More to follow tomorrow."));
        Part image = Part.of(
                ContentType.of(
                        "image/jpeg",
                        org.mmsrouter.pdu.Param.wellKnown(0x85, new ParamValue.Text("image1.jpg", false))),
                List.of(PartHeader.contentId("<image1>"), PartHeader.contentLocation("image1.jpg")),
                Bytes.copyOf(jpeg()));
        return Pdu.of(headers, Body.Multipart.of(List.of(smil, text, image)));
    }

    private static org.mmsrouter.pdu.Param charsetUtf8() {
        return org.mmsrouter.pdu.Param.wellKnown(0x81, new ParamValue.Int(MIB_UTF_8));
    }

    /** ≈29 KB of pseudo-random bytes between a JPEG SOI/APP0 prefix and an EOI marker. */
    private static byte[] jpeg() {
        byte[] data = new byte[JPEG_BYTES];
        new Random(SEED).nextBytes(data);
        byte[] soi = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00};
        System.arraycopy(soi, 0, data, 0, soi.length);
        data[data.length - 2] = (byte) 0xFF;
        data[data.length - 1] = (byte) 0xD9;
        return data;
    }

    /** A SMIL presentation of ≈400 bytes referencing the image and the text. */
    private static final String SMIL = """
            <smil><head><meta name="title" content="Photos from the weekend"/><layout><root-layout width="320" height="480"/>\
            <region id="Image" left="0" top="0" width="320" height="320" fit="meet"/>\
            <region id="Text" left="0" top="320" width="320" height="160" fit="scroll"/>\
            </layout></head><body><par dur="5000ms"><img src="image1.jpg" region="Image"/>\
            <text src="text1.txt" region="Text"/></par></body></smil>""";

    static {
        // Keeps the SMIL part near its documented size if someone edits it.
        int length = SMIL.getBytes(StandardCharsets.UTF_8).length;
        if (length < 300 || length > 500) {
            throw new AssertionError("SMIL part is " + length + " bytes, expected about 400");
        }
    }

    /** The hot-path scan: the fields the router routes on, without building a Pdu or touching the body. */
    @Benchmark
    public PduHeaders headerOnlyScan() throws PduFormatException {
        return PduHeaders.scan(pdu);
    }

    /** Every header typed into a Pdu; the body kept as an opaque range of the input. */
    @Benchmark
    public Pdu headerOnlyDecode() throws PduFormatException {
        return PduDecoder.decodeHeaders(pdu);
    }

    /** Headers and body (multipart into parts, part data as ranges of the input). */
    @Benchmark
    public Pdu fullDecode() throws PduFormatException {
        return PduDecoder.decode(pdu);
    }

    /** Wire-preserving encode of the decoded Pdu (writes back the decoded wire bytes). */
    /**
     * A stand-in for a general PDU library (AOSP's PduParser and its ports): a full decode that also
     * copies every part's data into a byte array of its own, as those libraries do. Our own
     * {@link #fullDecode} keeps parts as ranges of the input and copies nothing.
     */
    @Benchmark
    public long fullDecodeCopyingParts() throws PduFormatException {
        Pdu decoded = PduDecoder.decode(pdu);
        long total = 0;
        if (decoded.body() instanceof org.mmsrouter.pdu.Body.Multipart multipart) {
            for (org.mmsrouter.pdu.Part part : multipart.parts()) {
                total += part.data().toArray().length;
            }
        }
        return total + decoded.headers().size();
    }

    @Benchmark
    public byte[] encode() {
        return PduEncoder.encode(decoded);
    }

    /** Canonical encode of the decoded Pdu (every typed value encoded afresh). */
    @Benchmark
    public byte[] encodeCanonical() {
        return PduEncoder.encodeCanonical(decoded);
    }
}
