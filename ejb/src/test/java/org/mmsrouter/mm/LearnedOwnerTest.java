package org.mmsrouter.mm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LearnedOwnerTest {

    private final Instant until = Instant.parse("2026-12-01T10:15:30.123Z");

    @Test
    void roundTripsEveryKindAndNonAsciiValues() {
        List<LearnedOwner> owners = List.of(
                new LearnedOwner(LearnedOwners.Kind.TRANSACTION_ID, "T-1", "sim-a", until),
                new LearnedOwner(
                        LearnedOwners.Kind.MESSAGE_ID, "mid-ä@mmsc.example", "mmsc-north", until.plusSeconds(5)),
                new LearnedOwner(LearnedOwners.Kind.URL, "/mms/x?y=1", "sim-b", until));
        assertEquals(owners, LearnedOwner.decode(LearnedOwner.encode(owners)));
        assertEquals(List.of(), LearnedOwner.decode(LearnedOwner.encode(List.of())));
    }

    @Test
    void refusesWhatIsNotExactlyOneEncodedList() {
        byte[] good = LearnedOwner.encode(List.of(new LearnedOwner(LearnedOwners.Kind.URL, "/mms/1", "sim-a", until)));
        assertThrows(IllegalArgumentException.class, () -> LearnedOwner.decode(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> LearnedOwner.decode(Arrays.copyOf(good, good.length - 1)));
        assertThrows(IllegalArgumentException.class, () -> LearnedOwner.decode(Arrays.copyOf(good, good.length + 1)));
        byte[] otherVersion = good.clone();
        otherVersion[0] = 2;
        assertThrows(IllegalArgumentException.class, () -> LearnedOwner.decode(otherVersion));
        byte[] unknownKind =
                LearnedOwner.encode(List.of(new LearnedOwner(LearnedOwners.Kind.URL, "/mms/1", "sim-a", until)));
        unknownKind[4] = 'X'; // "URL" -> "XRL"
        assertThrows(IllegalArgumentException.class, () -> LearnedOwner.decode(unknownKind));
        assertThrows(
                IllegalArgumentException.class,
                () -> LearnedOwner.encode(
                        Collections.nCopies(65, new LearnedOwner(LearnedOwners.Kind.URL, "/", "a", until))));
    }
}
