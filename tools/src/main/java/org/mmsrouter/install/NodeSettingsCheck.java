package org.mmsrouter.install;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks a node's settings file (the {@code -P} properties file a node starts with) before the installer
 * applies anything: names every missing key, every value that cannot work and every pair of keys that
 * contradict each other (a node not among the cluster's members, a loopback address in a cluster spread
 * over several hosts, a secret in a file others can read). Pure: the caller reads the file and its mode.
 */
public final class NodeSettingsCheck {

    /** The WildFly profile the node runs. */
    public enum Profile {
        SINGLE("standalone-full.xml"),
        CLUSTER("standalone-full-ha.xml");

        private final String file;

        Profile(String file) {
            this.file = file;
        }

        public String file() {
            return file;
        }

        /** The profile of a configuration file name; {@link IllegalArgumentException} for any other. */
        public static Profile of(String file) {
            for (Profile profile : values()) {
                if (profile.file.equals(file)) {
                    return profile;
                }
            }
            throw new IllegalArgumentException(
                    "profile " + file + " is neither standalone-full.xml nor standalone-full-ha.xml");
        }
    }

    /** One thing wrong with the file: the key it is about and what to do. */
    public record Problem(String key, String message) {
        @Override
        public String toString() {
            return key + ": " + message;
        }
    }

    static final String PASSWORD = "mmsrouter.cluster.password";
    static final String PRIVATE_ADDRESS = "jboss.bind.address.private";
    static final String PUBLIC_ADDRESS = "jboss.bind.address";
    static final String ROUTER_ADDRESSES = "mmsrouter.router.addresses";
    static final String OFFSET = "jboss.socket.binding.port-offset";
    static final String JGROUPS_PORT = "mmsrouter.cluster.jgroups.port";
    static final String JOURNAL = "mmsrouter.cluster.ha.journal";
    static final String BACKUP_JOURNAL = "mmsrouter.cluster.ha.backup-journal";
    static final String DB_URL = "mmsrouter.db.url";

    /** What a cluster node cannot start without (members are checked on their own). */
    private static final List<String> CLUSTER_REQUIRED = List.of(
            "jboss.node.name",
            "jboss.tx.node.id",
            PUBLIC_ADDRESS,
            PRIVATE_ADDRESS,
            PASSWORD,
            JOURNAL,
            BACKUP_JOURNAL,
            DB_URL,
            "mmsrouter.db.user",
            "mmsrouter.db.password",
            ROUTER_ADDRESSES);

    /** Keys whose values are secrets: the file holding them must be its owner's alone. */
    private static final List<String> SECRETS =
            List.of(PASSWORD, "mmsrouter.db.password", "mmsrouter.noc.keystore.password");

    private static final List<String> ADDRESS_KEYS = List.of(
            PUBLIC_ADDRESS,
            PRIVATE_ADDRESS,
            "jboss.bind.address.noc",
            "jboss.bind.address.management",
            "mmsrouter.dns.bind-address");
    private static final List<String> PORT_KEYS = List.of(
            "mmsrouter.dns.port",
            "mmsrouter.noc.port",
            JGROUPS_PORT,
            "mmsrouter.cluster.jgroups.fd-port",
            "mmsrouter.cluster.messaging.port");

    /** Keys made of an id the operator chooses: any suffix is the router's to judge. */
    private static final Pattern OPEN_KEYS =
            Pattern.compile("mmsrouter\\.(mmsc|pass-through)\\.[^.]+\\..+|mmsrouter\\.routing\\..+");

    private static final Pattern MEMBER = Pattern.compile("mmsrouter\\.cluster\\.member\\.(\\d+)\\.(host|port)");
    private static final Pattern JOURNAL_NAME = Pattern.compile("[a-z][a-z0-9_]{0,7}");
    private static final Pattern IPV4 =
            Pattern.compile("((25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)\\.){3}(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
    private static final int TX_NODE_ID_MAX_BYTES = 23;

    private final Profile profile;
    private final Set<String> knownKeys;

    /**
     * @param profile the profile the node runs
     * @param knownKeys every {@code mmsrouter.*} key the router and the CLI scripts read (a key outside
     *     them and outside the per-MMSC, per-pass-through and routing families is reported as a typo)
     */
    public NodeSettingsCheck(Profile profile, Set<String> knownKeys) {
        this.profile = profile;
        this.knownKeys = Set.copyOf(knownKeys);
    }

    /**
     * The problems of a settings file, in the order of the file's keys then the missing ones; empty when
     * the node can start with it.
     *
     * @param text the file's content
     * @param fileName its name, for messages
     * @param othersMayRead whether its group or others may read it
     */
    public List<Problem> check(String text, String fileName, boolean othersMayRead) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> settings = parse(text, problems);
        for (String key : settings.keySet()) {
            if (key.startsWith("mmsrouter.")
                    && !knownKeys.contains(key)
                    && !OPEN_KEYS.matcher(key).matches()
                    && !MEMBER.matcher(key).matches()) {
                problems.add(new Problem(key, "unknown key (a typo?): the keys are listed in docs/operations.md"));
            }
        }
        for (String key : SECRETS) {
            if (settings.containsKey(key) && othersMayRead) {
                problems.add(new Problem(
                        key,
                        "a secret in a file others can read: chmod 600 " + fileName + " (owned by the server's user)"));
            }
        }
        checkValues(settings, problems);
        if (profile == Profile.CLUSTER) {
            checkCluster(settings, problems);
        }
        return problems;
    }

    /** Keys and values as WildFly's {@code -P} reads them; a key given twice is a problem. */
    static Map<String, String> parse(String text, List<Problem> problems) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            problems.add(new Problem("(file)", "not a properties file: " + e.getMessage()));
            return Map.of();
        }
        Map<String, Integer> firstLine = new LinkedHashMap<>();
        String[] lines = text.split("\r?\n", -1);
        boolean continued = false;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            boolean startsKey = !continued && !line.isEmpty() && !line.startsWith("#") && !line.startsWith("!");
            continued = endsWithOddBackslashes(line);
            if (!startsKey) {
                continue;
            }
            String key = line.split("[=:\\s]", 2)[0];
            Integer earlier = firstLine.putIfAbsent(key, i + 1);
            if (earlier != null) {
                problems.add(new Problem(
                        key, "set twice (lines " + earlier + " and " + (i + 1) + "): the last one wins silently"));
            }
        }
        Map<String, String> settings = new LinkedHashMap<>();
        for (String key : firstLine.keySet()) {
            if (properties.containsKey(key)) {
                settings.put(key, properties.getProperty(key).strip());
            }
        }
        return settings;
    }

    private static boolean endsWithOddBackslashes(String line) {
        int count = 0;
        for (int i = line.length() - 1; i >= 0 && line.charAt(i) == '\\'; i--) {
            count++;
        }
        return count % 2 == 1;
    }

    private static void checkValues(Map<String, String> settings, List<Problem> problems) {
        for (String key : ADDRESS_KEYS) {
            String value = settings.get(key);
            if (value != null && !isAddress(value)) {
                problems.add(new Problem(key, "'" + value + "' is not an IPv4 or IPv6 address"));
            }
        }
        String routerAddresses = settings.get(ROUTER_ADDRESSES);
        if (routerAddresses != null) {
            for (String address : routerAddresses.split(",")) {
                if (!isAddress(address.strip()) || isWildcard(address.strip())) {
                    problems.add(new Problem(
                            ROUTER_ADDRESSES, "'" + address.strip() + "' is not an address DNS answers can give out"));
                }
            }
        }
        for (String key : PORT_KEYS) {
            checkNumber(settings, key, 1, 65535, "a port", problems);
        }
        checkNumber(settings, OFFSET, 0, 50000, "a port offset", problems);
        String mmscs = settings.get("mmsrouter.mmscs");
        if (mmscs != null) {
            for (String id : mmscs.split(",")) {
                String url = "mmsrouter.mmsc." + id.strip() + ".url";
                if (!id.isBlank() && !settings.containsKey(url)) {
                    problems.add(new Problem(url, "missing: MMSC " + id.strip() + " is in mmsrouter.mmscs"));
                }
            }
        }
    }

    private static void checkNumber(
            Map<String, String> settings, String key, int min, int max, String what, List<Problem> problems) {
        String value = settings.get(key);
        if (value == null) {
            return;
        }
        try {
            int number = Integer.parseInt(value);
            if (number < min || number > max) {
                problems.add(new Problem(key, value + " is outside " + min + ".." + max));
            }
        } catch (NumberFormatException e) {
            problems.add(new Problem(key, "'" + value + "' is not " + what));
        }
    }

    private void checkCluster(Map<String, String> settings, List<Problem> problems) {
        for (String key : CLUSTER_REQUIRED) {
            if (settings.getOrDefault(key, "").isEmpty()) {
                problems.add(new Problem(key, "missing: a cluster node needs it (see the template's comment)"));
            }
        }
        String password = settings.get(PASSWORD);
        if ("CHANGE ME!!".equals(password)) {
            problems.add(new Problem(PASSWORD, "WildFly's placeholder: choose the cluster's own password"));
        }
        String txNodeId = settings.get("jboss.tx.node.id");
        if (txNodeId != null && txNodeId.getBytes(StandardCharsets.UTF_8).length > TX_NODE_ID_MAX_BYTES) {
            problems.add(new Problem(
                    "jboss.tx.node.id", "longer than " + TX_NODE_ID_MAX_BYTES + " bytes (Narayana refuses it)"));
        }
        for (String key : List.of(JOURNAL, BACKUP_JOURNAL)) {
            String journal = settings.get(key);
            if (journal != null
                    && !journal.isEmpty()
                    && !JOURNAL_NAME.matcher(journal).matches()) {
                problems.add(new Problem(
                        key,
                        "'" + journal + "' is no journal name: a lower-case letter first, then letters, digits"
                                + " or _, at most 8 characters (Artemis limits the page tables' prefix)"));
            }
        }
        if (settings.get(JOURNAL) != null && settings.get(JOURNAL).equals(settings.get(BACKUP_JOURNAL))) {
            problems.add(new Problem(
                    BACKUP_JOURNAL, "the same journal as " + JOURNAL + ": the backup stands by for another node's"));
        }
        String url = settings.get(DB_URL);
        if (url != null && !url.isEmpty() && !url.startsWith("jdbc:postgresql://")) {
            problems.add(new Problem(DB_URL, "not a PostgreSQL JDBC URL (jdbc:postgresql://host:port/database)"));
        }
        checkMembers(settings, problems);
    }

    private static void checkMembers(Map<String, String> settings, List<Problem> problems) {
        Map<Integer, String> hosts = new LinkedHashMap<>();
        Map<Integer, String> ports = new LinkedHashMap<>();
        int highest = 0;
        for (Map.Entry<String, String> entry : settings.entrySet()) {
            Matcher member = MEMBER.matcher(entry.getKey());
            if (member.matches()) {
                int number = Integer.parseInt(member.group(1));
                highest = Math.max(highest, number);
                (member.group(2).equals("host") ? hosts : ports).put(number, entry.getValue());
            }
        }
        if (highest < 2) {
            problems.add(
                    new Problem(
                            "mmsrouter.cluster.member.2.host",
                            "missing: a cluster lists at least two members (mmsrouter.cluster.member.N.host/.port, N = 1, 2, ...)"));
        }
        Set<String> members = new LinkedHashSet<>();
        Set<String> memberHosts = new LinkedHashSet<>();
        for (int n = 1; n <= highest; n++) {
            String host = hosts.get(n);
            String port = ports.get(n);
            String prefix = "mmsrouter.cluster.member." + n;
            if (host == null || host.isEmpty()) {
                problems.add(
                        new Problem(prefix + ".host", "missing: members are numbered 1.." + highest + " without gaps"));
                continue;
            }
            if (!isAddress(host) || isWildcard(host)) {
                problems.add(new Problem(prefix + ".host", "'" + host + "' is not a member's IPv4 or IPv6 address"));
            }
            if (port == null
                    || !port.matches("\\d{1,5}")
                    || Integer.parseInt(port) < 1
                    || Integer.parseInt(port) > 65535) {
                problems.add(
                        new Problem(prefix + ".port", "missing or not a port: '" + (port == null ? "" : port) + "'"));
                continue;
            }
            if (!members.add(host + ":" + port)) {
                problems.add(new Problem(prefix + ".host", host + ":" + port + " is listed twice"));
            }
            memberHosts.add(host);
        }
        String privateAddress = settings.get(PRIVATE_ADDRESS);
        Integer own = ownJGroupsPort(settings);
        if (privateAddress != null
                && own != null
                && !members.isEmpty()
                && !members.contains(privateAddress + ":" + own)) {
            problems.add(new Problem(
                    PRIVATE_ADDRESS,
                    "this node (" + privateAddress + ":" + own + ", from " + PRIVATE_ADDRESS + " and " + JGROUPS_PORT
                            + " + " + OFFSET + ") is not among the members " + members
                            + ": list every node, this one included"));
        }
        if (memberHosts.size() > 1) {
            for (String key : List.of(PRIVATE_ADDRESS, PUBLIC_ADDRESS)) {
                String address = settings.get(key);
                if (address != null && isLoopback(address)) {
                    problems.add(new Problem(
                            key,
                            address + " is a loopback address, but the members are on " + memberHosts.size()
                                    + " hosts: the others cannot reach it"));
                }
            }
            String routerAddresses = settings.getOrDefault(ROUTER_ADDRESSES, "");
            for (String address : routerAddresses.split(",")) {
                if (!address.isBlank() && isLoopback(address.strip())) {
                    problems.add(new Problem(
                            ROUTER_ADDRESSES,
                            address.strip() + " is a loopback address: DNS answers would send gateways to themselves"));
                }
            }
        }
    }

    /** The node's JGroups port after the offset, or null when a value is not a number (reported apart). */
    private static Integer ownJGroupsPort(Map<String, String> settings) {
        try {
            return Integer.parseInt(settings.getOrDefault(JGROUPS_PORT, "7600"))
                    + Integer.parseInt(settings.getOrDefault(OFFSET, "0"));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    static boolean isAddress(String value) {
        return IPV4.matcher(value).matches()
                || (IPV6.matcher(value).matches() && value.indexOf("::") == value.lastIndexOf("::"));
    }

    private static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::") || address.equals("0:0:0:0:0:0:0:0");
    }

    private static boolean isLoopback(String address) {
        return address.startsWith("127.") || address.equals("::1") || address.equals("0:0:0:0:0:0:0:1");
    }
}
