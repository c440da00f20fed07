package org.mmsrouter.tools.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.mmsrouter.pdu.FollowUps;
import org.mmsrouter.pdu.HeaderValue;
import org.mmsrouter.pdu.MessageType;
import org.mmsrouter.pdu.MmsHeader;
import org.mmsrouter.pdu.Pdu;
import org.mmsrouter.pdu.PduDecoder;
import org.mmsrouter.pdu.PduEncoder;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.pdu.PduHeaders;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code tools corpus-check DIR}: decodes every file under DIR, re-encodes it and compares the
 * bytes; files listed as "(not an MMS PDU)" in DIR/INDEX.md must be rejected with a format error.
 * Follow-up PDUs and m-retrieve-confs also have the keys the router routes them by checked.
 * Prints one line per file and a tally; exits 1 when any file is not handled as it must be.
 */
@Command(
        name = "corpus-check",
        mixinStandardHelpOptions = true,
        description = "Decode, re-encode and compare every PDU in a corpus folder; print the tally.")
final class CorpusCheckCommand implements Callable<Integer> {

    @Parameters(paramLabel = "DIR", description = "Folder of PDU files (searched recursively).")
    private Path dir;

    @Override
    public Integer call() throws IOException {
        Set<String> expectedGarbage = expectedGarbage(dir.resolve("INDEX.md"));
        List<Path> files;
        try (Stream<Path> walk = Files.walk(dir)) {
            files = walk.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".md"))
                    .sorted()
                    .toList();
        }
        int exact = 0;
        int canonicalSame = 0;
        int rejected = 0;
        int routable = 0;
        List<String> failures = new ArrayList<>();
        for (Path file : files) {
            String name = file.getFileName().toString();
            byte[] bytes = Files.readAllBytes(file);
            try {
                Pdu pdu = PduDecoder.decode(bytes);
                PduHeaders.scan(bytes);
                if (expectedGarbage.contains(name)) {
                    failures.add(name + ": decoded, but the index says it is not an MMS PDU");
                }
                if (Arrays.equals(PduEncoder.encode(pdu), bytes)) {
                    exact++;
                } else {
                    failures.add(name + ": re-encoding differs from the input");
                }
                if (PduDecoder.decode(PduEncoder.encodeCanonical(pdu)).equals(pdu)) {
                    canonicalSame++;
                } else {
                    failures.add(name + ": canonical re-encoding does not decode to the same model");
                }
                System.out.printf(
                        "ok        %-60s %7d bytes  %s%n",
                        name,
                        bytes.length,
                        pdu.messageType().map(t -> t.specName()).orElse("?"));
                String routing = routingKeys(name, bytes, pdu, failures);
                if (routing != null) {
                    routable++;
                    System.out.printf("  routed  %-60s %s%n", name, routing);
                }
            } catch (PduFormatException e) {
                rejected++;
                if (!expectedGarbage.contains(name)) {
                    failures.add(name + ": rejected " + e.getMessage());
                }
                System.out.printf("rejected  %-60s at byte %d: %s%n", name, e.offset(), e.reason());
            } catch (RuntimeException e) {
                failures.add(name + ": " + e);
                System.out.printf("CRASH     %-60s %s%n", name, e);
            }
        }
        System.out.printf(
                "corpus: %d files, %d decoded and re-encoded byte-exact, %d canonical re-encodings decode to the "
                        + "same model, %d rejected (%d listed as not a PDU), %d follow-ups and retrieve-confs whose routing keys "
                        + "the router reads right, %d problems%n",
                files.size(), exact, canonicalSame, rejected, expectedGarbage.size(), routable, failures.size());
        failures.forEach(f -> System.out.println("PROBLEM " + f));
        System.out.printf("%d passed, %d failed%n", files.size() - failures.size(), failures.size());
        return failures.isEmpty() ? 0 : 1;
    }

    /**
     * For a PDU the router routes by ownership, checks that what the router reads — the header
     * scan of a follow-up PDU, or of the first bytes of an m-retrieve-conf it relays (what it keeps
     * while streaming) — gives the same Transaction-ID, Message-ID and Content-Location as the full
     * decoder, and that a follow-up names its message at all. Returns a description, or null when
     * the PDU is of another type.
     */
    private static String routingKeys(String name, byte[] bytes, Pdu pdu, List<String> failures) {
        MessageType type = pdu.messageType().orElse(null);
        boolean followUp = type != null && FollowUps.isFollowUp(type);
        if (!followUp && type != MessageType.M_RETRIEVE_CONF) {
            return null;
        }
        byte[] seen = followUp ? bytes : Arrays.copyOf(bytes, Math.min(bytes.length, 4096));
        PduHeaders keys;
        try {
            keys = PduHeaders.scan(seen);
        } catch (PduFormatException e) {
            failures.add(name + ": the router's scan of " + seen.length + " bytes fails: " + e.getMessage());
            return null;
        }
        String tid = pdu.transactionId().orElse(null);
        String messageId = pdu.messageId().orElse(null);
        String location =
                pdu.value(MmsHeader.CONTENT_LOCATION).map(HeaderValue::text).orElse(null);
        if (!Objects.equals(tid, keys.transactionId())
                || !Objects.equals(messageId, keys.messageId())
                || !Objects.equals(location, keys.contentLocation())) {
            failures.add(name + ": the scan reads TID " + keys.transactionId() + ", Message-ID " + keys.messageId()
                    + ", Content-Location " + keys.contentLocation() + "; the decoder " + tid + ", " + messageId + ", "
                    + location);
            return null;
        }
        if (followUp && tid == null && messageId == null && location == null) {
            failures.add(name + ": a follow-up naming no message (no TID, Message-ID or Content-Location)");
            return null;
        }
        if (!followUp && tid == null && messageId == null) {
            return "retrieve-conf without TID or Message-ID: nothing to learn";
        }
        return (followUp ? "follow-up, owner found by" : "retrieve-conf teaches")
                + (tid == null ? "" : " TID " + tid)
                + (messageId == null ? "" : " Message-ID " + messageId)
                + (location == null ? "" : " Content-Location " + location);
    }

    private static Set<String> expectedGarbage(Path index) throws IOException {
        Set<String> names = new TreeSet<>();
        if (!Files.exists(index)) {
            return names;
        }
        for (String line : Files.readAllLines(index)) {
            String[] cells = line.split("\\|");
            if (cells.length > 5 && cells[5].trim().equals("(not an MMS PDU)")) {
                names.add(cells[1].trim());
            }
        }
        return names;
    }
}
