import java.io.FileInputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.SecretKey;

import org.jboss.as.clustering.jgroups.auth.BinaryAuthToken;
import org.jgroups.JChannel;
import org.jgroups.PhysicalAddress;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.AUTH;
import org.jgroups.protocols.FD_ALL3;
import org.jgroups.protocols.FD_SOCK2;
import org.jgroups.protocols.FRAG4;
import org.jgroups.protocols.MERGE3;
import org.jgroups.protocols.MFC;
import org.jgroups.protocols.RED;
import org.jgroups.protocols.SYM_ENCRYPT;
import org.jgroups.protocols.TCP;
import org.jgroups.protocols.TCPPING;
import org.jgroups.protocols.UFC;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.protocols.VERIFY_SUSPECT2;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.protocols.pbcast.NAKACK2;
import org.jgroups.protocols.pbcast.STABLE;
import org.jgroups.stack.IpAddress;
import org.jgroups.stack.Protocol;

/**
 * A would-be cluster member for ClusterSecurityIT (system-tests): a JGroups 5 channel with the cluster profile's
 * stack (TCP, TCPPING at the nodes, ... GMS), run with the server's own JGroups and WildFly's AUTH
 * token classes, that tries to join the nodes' channel {@code ee} (its JGroups cluster name, e.g. {@code ejb}). What it holds decides how far it
 * gets: nothing (the stack as the issue found it), a cluster key and/or the cluster password.
 *
 * <pre>java -cp jgroups.jar:wildfly-clustering-jgroups-extension.jar JGroupsProbe.java
 *     CLUSTER PORT HOST:PORT,HOST:PORT [KEY-STORE PASSWORD-FILE-FOR-THE-STORE] [AUTH-PASSWORD-FILE]</pre>
 *
 * With a key store (PKCS12, alias mmsrouter-cluster) it adds SYM_ENCRYPT; with an AUTH password file
 * the digest token WildFly's {@code token=digest} sends (SHA-256 of the password). It stays 8 s and
 * prints {@code VIEW <size> <members>} as it sees the view then, or {@code REFUSED <reason>} when the
 * join was refused. Exit 0 either way; 1 on a usage error.
 */
public final class JGroupsProbe {

    private static final String KEY_ALIAS = "mmsrouter-cluster";

    private JGroupsProbe() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3 && args.length != 5 && args.length != 6) {
            System.err.println("usage: JGroupsProbe CLUSTER PORT HOST:PORT,... [KEY-STORE STORE-PASSWORD-FILE] [AUTH-PASSWORD-FILE]");
            System.exit(1);
        }
        String cluster = args[0];
        int port = Integer.parseInt(args[1]);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        List<PhysicalAddress> members = new ArrayList<>();
        for (String member : args[2].split(",")) {
            int colon = member.lastIndexOf(':');
            members.add(new IpAddress(member.substring(0, colon), Integer.parseInt(member.substring(colon + 1))));
        }
        List<Protocol> stack = new ArrayList<>();
        stack.add(new TCP().setBindAddress(loopback).setBindPort(port).setPortRange(0));
        stack.add(new RED());
        stack.add(new TCPPING().setInitialHosts2(members).setPortRange(0));
        stack.add(new MERGE3());
        stack.add(new FD_SOCK2().setOffset(1).setPortRange(0));
        stack.add(new FD_ALL3());
        stack.add(new VERIFY_SUSPECT2());
        if (args.length >= 5) {
            String storePassword = firstLine(args[4]);
            KeyStore store = KeyStore.getInstance("PKCS12");
            try (FileInputStream in = new FileInputStream(args[3])) {
                store.load(in, storePassword.toCharArray());
            }
            SecretKey key = (SecretKey) store.getKey(KEY_ALIAS, storePassword.toCharArray());
            stack.add(new SYM_ENCRYPT().setSecretKey(key));
        }
        stack.add(new NAKACK2());
        stack.add(new UNICAST3());
        stack.add(new STABLE());
        if (args.length == 6) {
            // WildFly registers its token under this magic number (AuthProtocolResourceDefinitionRegistrar):
            // a token sent by class name instead cannot be loaded by the server's org.jgroups module.
            ClassConfigurator.add((short) 1100, BinaryAuthToken.class);
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest(firstLine(args[5]).getBytes(StandardCharsets.UTF_8));
            stack.add(new AUTH().setAuthToken(new BinaryAuthToken(digest)));
        }
        stack.add(new GMS().setJoinTimeout(3000).setMaxJoinAttempts(2));
        stack.add(new UFC());
        stack.add(new MFC());
        stack.add(new FRAG4());
        try (JChannel channel = new JChannel(stack).name("probe-" + port)) {
            try {
                channel.connect(cluster);
            } catch (Exception refused) {
                System.out.println("REFUSED " + refused);
                return;
            }
            Thread.sleep(8000);
            System.out.println("VIEW " + channel.getView().size() + " " + channel.getView());
        }
    }

    private static String firstLine(String file) throws Exception {
        return Files.readAllLines(Path.of(file)).get(0);
    }
}
