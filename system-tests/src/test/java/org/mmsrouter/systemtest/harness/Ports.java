package org.mmsrouter.systemtest.harness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** Whether something listens on a TCP port of this host. */
public final class Ports {

    private Ports() {}

    /** True when a TCP connection to 127.0.0.1:{@code port} is accepted within 2 s. */
    public static boolean listening(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 2_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
