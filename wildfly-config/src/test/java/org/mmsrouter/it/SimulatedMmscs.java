package org.mmsrouter.it;

import java.io.IOException;
import java.net.InetSocketAddress;
import org.mmsrouter.tools.sim.MmscSimulator;

/** The two simulated MMSCs the test server is configured with (see arquillian.xml). */
final class SimulatedMmscs implements AutoCloseable {

    static final int SIM_A_PORT = 18181;
    static final int SIM_B_PORT = 18182;

    private MmscSimulator simA;
    private final MmscSimulator simB;

    private SimulatedMmscs(MmscSimulator simA, MmscSimulator simB) {
        this.simA = simA;
        this.simB = simB;
    }

    static SimulatedMmscs start() throws IOException {
        return new SimulatedMmscs(startOne("sim-a", SIM_A_PORT), startOne("sim-b", SIM_B_PORT));
    }

    private static MmscSimulator startOne(String name, int port) throws IOException {
        return new MmscSimulator(name, new InetSocketAddress("127.0.0.1", port), "/mms").start();
    }

    MmscSimulator a() {
        return simA;
    }

    MmscSimulator b() {
        return simB;
    }

    /** Stops sim-a's process entirely (not a mode switch): its port is closed. */
    void stopA() {
        simA.close();
    }

    /** A brand-new sim-a on the same port, as after an MMSC restart. */
    void restartA() throws IOException {
        simA = startOne("sim-a", SIM_A_PORT);
    }

    @Override
    public void close() {
        simA.close();
        simB.close();
    }
}
