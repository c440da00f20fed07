package org.mmsrouter.tools.ctl;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Which server certificates {@code mmsrouterctl} accepts. By default the JDK's trust store (a node with a
 * certificate from a CA the JDK knows). With {@code --trust FILE} the certificates in that file (PEM, or a
 * PKCS#12/JKS trust store): a server certificate equal to one of them is accepted whatever name the URL
 * uses (the exact certificate is pinned, as ssh pins a host key: the node's self-signed certificate names
 * {@code localhost}); any other must chain to one of them and name the URL's host. {@code --insecure}
 * accepts any certificate, for loopback addresses only (a node on this host, whose key file the operator
 * can read anyway).
 */
public final class Trust {

    /** Environment variable with the password of a PKCS#12/JKS trust store (PEM files need none). */
    public static final String STORE_PASSWORD_VARIABLE = "MMSROUTER_TRUST_PASSWORD";

    private Trust() {}

    /** The SSL context for {@code url}; a usage error when the trust file cannot be used or --insecure is not allowed. */
    public static SSLContext context(URI url, Path trustFile, boolean insecure, char[] storePassword) {
        try {
            if (insecure) {
                if (trustFile != null) {
                    throw CtlException.usage("give --trust or --insecure, not both");
                }
                if (!isLoopback(url.getHost())) {
                    throw CtlException.usage("--insecure is allowed only for a loopback address (127.0.0.1, ::1,"
                            + " localhost), not " + url.getHost() + ": give --trust FILE with the node's certificate");
                }
                return context(new AnyCertificate());
            }
            if (trustFile == null) {
                return SSLContext.getDefault();
            }
            return context(new PinnedOrChained(certificates(trustFile, storePassword)));
        } catch (GeneralSecurityException e) {
            throw CtlException.usage("TLS set-up: " + e.getMessage());
        }
    }

    /** Whether {@code url}'s host is a loopback address (a name is resolved as the system resolves it). */
    public static boolean isLoopback(String host) {
        if (host == null) {
            return false;
        }
        try {
            String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
            return InetAddress.getByName(bare).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** The certificates of a PEM file or of a key store's entries. */
    static List<X509Certificate> certificates(Path file, char[] storePassword) {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw CtlException.usage("--trust " + file + ": no such file");
        } catch (IOException e) {
            throw CtlException.usage("--trust " + file + ": cannot read: " + e.getMessage());
        }
        List<X509Certificate> certificates = new String(content, StandardCharsets.ISO_8859_1).contains("-----BEGIN")
                ? pem(file, content)
                : store(file, storePassword);
        if (certificates.isEmpty()) {
            throw CtlException.usage("--trust " + file + ": no certificate in it");
        }
        return certificates;
    }

    private static List<X509Certificate> pem(Path file, byte[] content) {
        try (InputStream in = new ByteArrayInputStream(content)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate :
                    CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            return certificates;
        } catch (CertificateException | IOException e) {
            throw CtlException.usage("--trust " + file + ": not a PEM certificate: " + e.getMessage());
        }
    }

    private static List<X509Certificate> store(Path file, char[] storePassword) {
        try {
            KeyStore store = KeyStore.getInstance(file.toFile(), storePassword);
            List<X509Certificate> certificates = new ArrayList<>();
            for (String alias : Collections.list(store.aliases())) {
                if (store.getCertificate(alias) instanceof X509Certificate certificate) {
                    certificates.add(certificate);
                }
            }
            return certificates;
        } catch (GeneralSecurityException | IOException e) {
            throw CtlException.usage("--trust " + file + ": neither PEM nor a PKCS#12/JKS trust store readable"
                    + (storePassword == null ? " without a password (set " + STORE_PASSWORD_VARIABLE + ")" : "")
                    + ": " + e.getMessage());
        }
    }

    private static SSLContext context(TrustManager manager) throws GeneralSecurityException {
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, new TrustManager[] {manager}, null);
        return context;
    }

    /**
     * A trust manager of a client: it is never asked about client certificates. Extended, so that the JDK
     * leaves the host name check to it (and to the JDK's own manager it may delegate to).
     */
    private abstract static class ServerOnly extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client only");
        }
    }

    /**
     * Accepts a chain whose first certificate is one of the given ones (pinned: no name check), else
     * delegates to the JDK's checks (chain and host name) with the given ones as the only anchors.
     */
    private static final class PinnedOrChained extends ServerOnly {
        private final List<X509Certificate> pinned;
        private final X509ExtendedTrustManager chained;

        PinnedOrChained(List<X509Certificate> pinned) throws GeneralSecurityException {
            this.pinned = List.copyOf(pinned);
            KeyStore anchors = KeyStore.getInstance("PKCS12");
            try {
                anchors.load(null, null);
            } catch (IOException e) {
                throw new GeneralSecurityException(e);
            }
            for (int i = 0; i < pinned.size(); i++) {
                anchors.setCertificateEntry("trusted-" + i, pinned.get(i));
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(anchors);
            X509ExtendedTrustManager found = null;
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager extended) {
                    found = extended;
                }
            }
            if (found == null) {
                throw new NoSuchAlgorithmException("no X509ExtendedTrustManager in the JDK");
            }
            this.chained = found;
        }

        private boolean isPinned(X509Certificate[] chain) {
            return chain != null && chain.length > 0 && pinned.contains(chain[0]);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            if (!isPinned(chain)) {
                chained.checkServerTrusted(chain, authType, engine);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            if (!isPinned(chain)) {
                chained.checkServerTrusted(chain, authType, socket);
            }
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (!isPinned(chain)) {
                chained.checkServerTrusted(chain, authType);
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return pinned.toArray(X509Certificate[]::new);
        }
    }

    /** {@code --insecure}: any certificate, any name (loopback only: {@link #context} checks). */
    private static final class AnyCertificate extends ServerOnly {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // --insecure towards this host: accepted by the operator's explicit choice.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // As above.
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // As above.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
