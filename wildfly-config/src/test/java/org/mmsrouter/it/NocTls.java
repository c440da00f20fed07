package org.mmsrouter.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * The management plane as a NOC client sees it: the "noc" HTTPS listener (9443 + offset 100) with the key
 * pair the server generated on first start. The client trusts exactly that certificate, taken from the
 * first handshake (as README tells an operator to: fetch it once, then pin it), and checks the host name
 * against it (CN=localhost).
 */
final class NocTls {

    static final int PORT = 9543;
    static final String BASE = "https://localhost:" + PORT;

    private static volatile SSLContext pinned;

    private NocTls() {}

    /** A client builder that trusts the server's own certificate and nothing else. */
    static HttpClient.Builder client() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).sslContext(pinned());
    }

    /** An SSL context that trusts only the certificate the NOC listener presents. */
    static SSLContext pinned() {
        if (pinned == null) {
            synchronized (NocTls.class) {
                if (pinned == null) {
                    try {
                        KeyStore trust = KeyStore.getInstance("PKCS12");
                        trust.load(null, null);
                        trust.setCertificateEntry("noc", presentedCertificate());
                        TrustManagerFactory factory =
                                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                        factory.init(trust);
                        SSLContext context = SSLContext.getInstance("TLS");
                        context.init(null, factory.getTrustManagers(), null);
                        pinned = context;
                    } catch (GeneralSecurityException | IOException e) {
                        throw new IllegalStateException("cannot read the NOC listener's certificate", e);
                    }
                }
            }
        }
        return pinned;
    }

    /** The certificate the listener presents (read without trusting it: it is only looked at). */
    static X509Certificate presentedCertificate() throws GeneralSecurityException, IOException {
        SSLContext lookOnly = SSLContext.getInstance("TLS");
        lookOnly.init(null, new TrustManager[] {new LookOnly()}, null);
        try (SSLSocket socket = (SSLSocket) lookOnly.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", PORT), 5_000);
            socket.setSoTimeout(10_000);
            socket.startHandshake();
            return (X509Certificate) socket.getSession().getPeerCertificates()[0];
        }
    }

    private static final class LookOnly implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("a client only");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // Looked at, not trusted: the pinned context built from it is what checks later connections.
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
