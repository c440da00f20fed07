package org.mmsrouter.tools.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.mmsrouter.pdu.PduDecoder;
import org.mmsrouter.pdu.PduFormatException;
import org.mmsrouter.tools.pdu.PduJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tools dump FILE...}: one JSON object per file, one per line. Exit 1 when any file fails. */
@Command(
        name = "dump",
        mixinStandardHelpOptions = true,
        description = "Decode MMS PDU files and print one JSON object per file, one per line.")
final class DumpCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "PDU files.")
    private List<Path> files;

    @Override
    public Integer call() throws IOException {
        boolean allOk = true;
        for (Path file : files) {
            byte[] bytes = Files.readAllBytes(file);
            try {
                System.out.println(PduJson.describe(file.toString(), PduDecoder.decode(bytes)));
            } catch (PduFormatException e) {
                allOk = false;
                System.out.println(PduJson.failure(file.toString(), e));
            }
        }
        return allOk ? 0 : 1;
    }
}
