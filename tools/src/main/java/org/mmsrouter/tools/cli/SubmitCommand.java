package org.mmsrouter.tools.cli;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.ResponseStatus;
import org.mmsrouter.pdu.SendConf;
import org.mmsrouter.pdu.SendReqComposer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tools submit}: composes (or reads) one m-send-req, POSTs it, prints the m-send-conf. */
@Command(
        name = "submit",
        mixinStandardHelpOptions = true,
        description = "POST one m-send-req to an MM1 URL and print the m-send-conf. Exit 0 when the status is Ok.")
final class SubmitCommand implements Callable<Integer> {

    @Option(
            names = "--url",
            defaultValue = "http://127.0.0.1:8080/mms",
            description = "MM1 URL (default: ${DEFAULT-VALUE}).")
    private URI url;

    @Option(names = "--to", description = "Recipient (repeatable). Default: +15550001111/TYPE=PLMN.")
    private List<String> to = new ArrayList<>();

    @Option(names = "--from", description = "Sender address; omitted = insert-address (the MMSC fills it in).")
    private String from;

    @Option(names = "--subject", defaultValue = "Hello from MMS Router", description = "Subject.")
    private String subject;

    @Option(
            names = "--text",
            defaultValue = "This MM went through the router.",
            description = "Text of the single part.")
    private String text;

    @Option(names = "--tid", description = "Transaction-ID (default: generated).")
    private String transactionId;

    @Option(names = "--file", description = "POST this PDU file as it is instead of composing one.")
    private Path file;

    @Option(names = "--header", paramLabel = "NAME:VALUE", description = "Extra HTTP header (repeatable).")
    private List<String> headers = new ArrayList<>();

    @Option(names = "--save", description = "Also write the composed PDU to this file.")
    private Path save;

    @Option(
            names = "--count",
            defaultValue = "1",
            description = "Submit this many MMs one after another (each composed with its own Transaction-ID); "
                    + "prints a summary line instead of each m-send-conf.")
    private int count;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || (count > 1 && (file != null || transactionId != null))) {
            System.err.println("--count must be 1 or more, and above 1 it composes every MM (no --file, no --tid)");
            return 2;
        }
        HttpClient client =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        int ok = 0;
        for (int i = 0; i < count; i++) {
            byte[] pdu = file != null ? Files.readAllBytes(file) : compose();
            if (save != null) {
                Files.write(save, pdu);
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(url)
                    .timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/vnd.wap.mms-message")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(pdu));
            for (String header : headers) {
                int colon = header.indexOf(':');
                if (colon <= 0) {
                    System.err.println("--header expects NAME:VALUE, got " + header);
                    return 2;
                }
                request.header(
                        header.substring(0, colon).trim(),
                        header.substring(colon + 1).trim());
            }
            HttpResponse<byte[]> response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (answeredOk(response, pdu.length, count == 1)) {
                ok++;
            }
        }
        if (count > 1) {
            System.out.printf("submitted %d MMs to %s: %d answered Ok, %d not%n", count, url, ok, count - ok);
        }
        return ok == count ? 0 : 1;
    }

    private boolean answeredOk(HttpResponse<byte[]> response, int sent, boolean print) {
        if (print) {
            System.out.printf("POST %s: %d bytes sent, HTTP %d%n", url, sent, response.statusCode());
        }
        try {
            SendConf conf = SendConf.decode(response.body());
            if (print) {
                System.out.printf(
                        "m-send-conf: Transaction-ID=%s Response-Status=0x%02X%s Message-ID=%s%n",
                        conf.transactionId(),
                        conf.responseStatus(),
                        conf.responseText() == null ? "" : " (" + conf.responseText() + ")",
                        conf.messageId());
            }
            return ResponseStatus.isOk(conf.responseStatus());
        } catch (PduFormatException e) {
            System.out.printf("answer is not an m-send-conf (%s)%n", e.getMessage());
            return false;
        }
    }

    private byte[] compose() {
        SendReqComposer composer =
                new SendReqComposer().from(from).subject(subject).text(text);
        if (transactionId != null) {
            composer.transactionId(transactionId);
        }
        (to.isEmpty() ? List.of("+15550001111/TYPE=PLMN") : to).forEach(composer::to);
        return composer.compose();
    }
}
