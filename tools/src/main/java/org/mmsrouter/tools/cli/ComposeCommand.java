package org.mmsrouter.tools.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduEncoder;
import org.mmsrouter.tools.pdu.ComposeException;
import org.mmsrouter.tools.pdu.PduJsonComposer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tools compose [-o OUT] JSONFILE}: builds an MMS PDU from JSON in the shape {@code tools dump}
 * prints (see {@link PduJsonComposer}) and writes its bytes (canonical encoding) to OUT or standard output.
 * Exit 0 when written; 2 when the input is unusable (the message names the key and the problem); 1 when
 * the output cannot be written.
 */
@Command(
        name = "compose",
        mixinStandardHelpOptions = true,
        description = {
            "Build an MMS PDU from JSON in the shape `tools dump` prints and write its bytes.",
            "Keys: messageType (required, e.g. m-send-req), mmsVersion (\"1.2\"), transactionId, messageId, "
                    + "date (epoch seconds), from (address or \"#insert\"), to/cc/bcc (arrays), subject, contentLocation, "
                    + "responseStatus/retrieveStatus/status (\"0x80\"), contentType, params (of the top content type, "
                    + "e.g. {\"type\":\"application/smil\",\"start\":\"<smil>\"}), parts: [{contentType, contentId, "
                    + "contentLocation, name, charset, params, and \"file\" (relative to the JSON file's folder) "
                    + "or \"base64\"}]. The keys file, ok, headers and a part's size are ignored.",
            "Exit 0 when written, 2 when the input is unusable, 1 when OUT cannot be written."
        })
final class ComposeCommand implements Callable<Integer> {

    static final int BAD_INPUT = 2;
    static final int CANNOT_WRITE = 1;

    @Spec
    private CommandSpec spec;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "OUT",
            description = "Write the PDU to this file (default: standard output).")
    private Path output;

    @Parameters(paramLabel = "JSONFILE", description = "The JSON file, or - for standard input.")
    private String input;

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        String json;
        Path baseDir;
        try {
            if (input.equals("-")) {
                json = decodeUtf8(System.in.readAllBytes());
                baseDir = Path.of("").toAbsolutePath();
            } else {
                Path file = Path.of(input);
                json = decodeUtf8(Files.readAllBytes(file));
                Path parent = file.toAbsolutePath().getParent();
                baseDir = parent != null ? parent : Path.of("").toAbsolutePath();
            }
        } catch (NoSuchFileException e) {
            return fail(err, "JSONFILE: no such file: " + input, BAD_INPUT);
        } catch (AccessDeniedException e) {
            return fail(err, "JSONFILE: not readable: " + input, BAD_INPUT);
        } catch (CharacterCodingException e) {
            return fail(err, "JSONFILE: " + input + " is not UTF-8 text", BAD_INPUT);
        } catch (InvalidPathException | IOException e) {
            return fail(err, "JSONFILE: cannot read " + input + ": " + e.getMessage(), BAD_INPUT);
        }

        byte[] bytes;
        try {
            Pdu pdu = PduJsonComposer.compose(json, baseDir);
            bytes = PduEncoder.encodeCanonical(pdu);
        } catch (ComposeException e) {
            return fail(err, e.getMessage(), BAD_INPUT);
        } catch (IllegalArgumentException e) {
            // a value the encoder cannot write; the composer checks what it knows of, this is the backstop
            return fail(err, "cannot encode: " + e.getMessage(), BAD_INPUT);
        }

        if (output != null) {
            try {
                Files.write(output, bytes);
            } catch (IOException e) {
                return fail(err, "-o: cannot write " + output + ": " + e, CANNOT_WRITE);
            }
        } else {
            PrintStream out = System.out;
            out.write(bytes, 0, bytes.length);
            out.flush();
            if (out.checkError()) {
                return fail(err, "cannot write the PDU to standard output", CANNOT_WRITE);
            }
        }
        return 0;
    }

    private static String decodeUtf8(byte[] bytes) throws CharacterCodingException {
        String text = StandardCharsets.UTF_8
                .newDecoder()
                .decode(ByteBuffer.wrap(bytes))
                .toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    private static int fail(PrintWriter err, String message, int code) {
        err.println("compose: " + message);
        err.flush();
        return code;
    }
}
