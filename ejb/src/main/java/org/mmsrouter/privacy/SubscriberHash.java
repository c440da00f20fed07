package org.mmsrouter.privacy;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A keyed hash of a subscriber address (HMAC-SHA256, the first 16 bytes in hex), for records that
 * must be reconciled per subscriber without naming one: the same subscriber always gives the same
 * hash under one key, and without the key a hash cannot be turned back into a number by trying
 * every MSISDN (which an unkeyed hash of a 15-digit space would allow).
 *
 * <p>The address is normalised first, so the forms one subscriber arrives in hash alike: the
 * {@code /TYPE=…} suffix is dropped, a number keeps only its digits ({@code +4915112345678/TYPE=PLMN},
 * {@code 4915112345678} and {@code +49 151 12345678} are one subscriber), anything else is lower-cased.
 * A number in national form ({@code 015112345678}) is not rewritten: the router does not know the country.
 */
public final class SubscriberHash {

    static final String ALGORITHM = "HmacSHA256";
    /** Bytes of the MAC kept: 128 bits, far beyond any collision among subscribers. */
    static final int KEPT_BYTES = 16;
    /** The shortest key accepted. */
    public static final int MIN_KEY_BYTES = 16;

    private final SecretKeySpec key;
    private final ThreadLocal<Mac> macs;

    /** A hash under {@code key} (at least {@value #MIN_KEY_BYTES} bytes). */
    public SubscriberHash(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a key of " + key.length + " bytes is shorter than " + MIN_KEY_BYTES);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac); // a Mac is not thread-safe; forwarding threads each keep one
        newMac(); // fails now, not at the first record, if the JVM lacks the algorithm
    }

    /** The hash of {@code address} (32 hex digits), or null for null. */
    public String hash(String address) {
        if (address == null) {
            return null;
        }
        Mac mac = macs.get();
        byte[] digest = mac.doFinal(normalise(address).getBytes(StandardCharsets.UTF_8));
        return HexFormat.of().formatHex(digest, 0, KEPT_BYTES);
    }

    /** The form of an address that is hashed (see the class comment). */
    static String normalise(String address) {
        String bare =
                address.substring(0, SubscriberAddress.typeSuffixAt(address)).trim();
        if (!SubscriberAddress.isNumber(bare)) {
            return bare.toLowerCase(Locale.ROOT); // an e-mail address or other
        }
        StringBuilder digits = new StringBuilder(bare.length());
        bare.chars().filter(c -> SubscriberAddress.isDigit((char) c)).forEach(c -> digits.append((char) c));
        return digits.toString();
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is not available in this JVM", e);
        }
    }
}
