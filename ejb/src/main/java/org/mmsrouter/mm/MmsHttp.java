package org.mmsrouter.mm;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.Executor;

/** What every MM1 exchange of the router shares: the PDUs' content type and the JDK client for retrievals and follow-ups. */
public final class MmsHttp {

    /** Content type of MM1 PDUs. */
    public static final String MMS_CONTENT_TYPE = "application/vnd.wap.mms-message";

    private MmsHttp() {}

    /** A pooled keep-alive HTTP/1.1 client of the JDK with the given connect timeout (retrievals and follow-ups). */
    public static HttpClient newClient(Duration connectTimeout, Executor executor) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(connectTimeout)
                .executor(executor)
                .build();
    }
}
