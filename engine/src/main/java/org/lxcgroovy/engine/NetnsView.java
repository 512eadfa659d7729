package org.lxcgroovy.engine;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntSupplier;

/**
 * A container's network as its init process sees it, read from the host's /proc without forking: liblxc's own
 * {@code get_ips}/{@code get_interfaces} fork the caller into the container's namespace on every call, which a
 * fleet polling for addresses cannot afford from a JVM.
 */
final class NetnsView {
    private final Path net;

    NetnsView(int initPid) {
        this(Path.of("/proc", Integer.toString(initPid), "net"));
    }

    /** Over a directory holding {@code fib_trie}, {@code route}, {@code if_inet6} and {@code dev} as the kernel writes them. */
    NetnsView(Path net) {
        this.net = net;
    }

    /**
     * Waits up to {@code timeout} (null: no wait) for addresses, polling /proc every 10 ms, so an address is seen
     * promptly and no process is forked per poll. {@code initPid} is asked again whenever init goes away (a
     * stopped or restarted container); empty when none appeared in time or the thread was interrupted.
     */
    static List<String> waitForIps(IntSupplier initPid, String family, String iface, int scope, Duration timeout) {
        if (family != null && !family.equals("inet") && !family.equals("inet6")) {
            throw new IllegalArgumentException("family must be 'inet' or 'inet6', not '" + family + "'");
        }
        long deadline = System.nanoTime() + (timeout == null ? 0 : timeout.toNanos());
        int pid = -1;
        while (true) {
            if (pid <= 0) {
                pid = initPid.getAsInt();
            }
            if (pid > 0) {
                try {
                    List<String> ips = new NetnsView(pid).ips(family, iface, scope);
                    if (!ips.isEmpty()) {
                        return ips;
                    }
                } catch (IOException e) {
                    pid = -1; // init went away: the container stopped or restarted
                }
            }
            if (System.nanoTime() >= deadline) {
                return List.of();
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
    }

    /** Interface names of a container whose init is {@code pid} (<= 0: stopped): empty when it is not running. */
    static List<String> interfacesOf(int pid) {
        if (pid <= 0) {
            return List.of();
        }
        try {
            return new NetnsView(pid).interfaces();
        } catch (IOException e) {
            return List.of();
        }
    }

    /** Interface names, in the kernel's order (including {@code lo}, as liblxc's get_interfaces). */
    List<String> interfaces() throws IOException {
        return new ArrayList<>(interfaceStats().keySet());
    }

    /**
     * Counters per interface, in the kernel's order. {@code /proc/net/dev}: two header lines, then
     * "name: rx bytes packets errs drop fifo frame compressed multicast, tx bytes packets errs drop ...".
     */
    Map<String, InterfaceStats> interfaceStats() throws IOException {
        Map<String, InterfaceStats> out = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(net.resolve("dev"));
        for (String line : lines.subList(Math.min(2, lines.size()), lines.size())) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String[] f = line.substring(colon + 1).trim().split("\\s+");
                long[] n = new long[f.length];
                for (int i = 0; i < f.length; i++) {
                    n[i] = Long.parseLong(f[i]);
                }
                out.put(line.substring(0, colon).trim(), new InterfaceStats(n[0], n[1], n[2], n[3], n[8], n[9], n[10], n[11]));
            }
        }
        return out;
    }

    /**
     * Addresses as liblxc's get_ips reports them: {@code family} "inet", "inet6" or null for both; {@code iface}
     * null means every interface but {@code lo}; {@code scope} filters IPv6 only (0 = global, else the scope id,
     * i.e. the interface index of a link-local address). IPv4 addresses come from the local routing table, their
     * interface from the route of their subnet.
     */
    List<String> ips(String family, String iface, int scope) throws IOException {
        Set<String> out = new LinkedHashSet<>();
        if (family == null || family.equals("inet")) {
            out.addAll(ipv4(iface));
        }
        if (family == null || family.equals("inet6")) {
            out.addAll(ipv6(iface, scope));
        }
        return new ArrayList<>(out);
    }

    private List<String> ipv4(String iface) throws IOException {
        List<Route> routes = routes();
        List<String> out = new ArrayList<>();
        String previous = null;
        for (String raw : Files.readAllLines(net.resolve("fib_trie"))) {
            String line = raw.trim();
            if (line.startsWith("|--")) {
                previous = line.substring(3).trim();
            } else if (line.equals("/32 host LOCAL") && previous != null) {
                String device = deviceOf(previous, routes);
                boolean wanted = iface == null ? !"lo".equals(device) : iface.equals(device);
                if (wanted && !out.contains(previous)) {
                    out.add(previous);
                }
            }
        }
        return out;
    }

    /** The interface of the most specific route containing {@code address}; "lo" for 127/8 with no route. */
    private static String deviceOf(String address, List<Route> routes) {
        long a = ipv4Value(address);
        Route best = null;
        for (Route r : routes) {
            if ((a & r.mask) == r.destination && (best == null || Long.bitCount(r.mask) > Long.bitCount(best.mask))) {
                best = r;
            }
        }
        if (best != null) {
            return best.device;
        }
        return address.startsWith("127.") ? "lo" : null;
    }

    private record Route(String device, long destination, long mask) {
    }

    /** /proc/net/route: hexadecimal, little-endian addresses. */
    private List<Route> routes() throws IOException {
        List<Route> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(net.resolve("route"));
        for (String line : lines.subList(Math.min(1, lines.size()), lines.size())) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 8) {
                continue;
            }
            long gatewayFlag = Long.parseLong(f[3], 16) & 0x2; // RTF_GATEWAY: not a directly attached subnet
            long mask = Long.reverseBytes(Long.parseLong(f[7], 16) << 32) & 0xffffffffL;
            if (gatewayFlag != 0 || mask == 0) {
                continue;
            }
            long dest = Long.reverseBytes(Long.parseLong(f[1], 16) << 32) & 0xffffffffL;
            out.add(new Route(f[0], dest, mask));
        }
        return out;
    }

    private static long ipv4Value(String dotted) {
        String[] p = dotted.split("\\.");
        long v = 0;
        for (String s : p) {
            v = (v << 8) | Integer.parseInt(s);
        }
        return v;
    }

    /** /proc/net/if_inet6: address, ifindex, prefix length, scope, flags, device. */
    private List<String> ipv6(String iface, int scope) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(net.resolve("if_inet6"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 6) {
                continue;
            }
            String device = f[5];
            if (iface == null ? device.equals("lo") : !iface.equals(device)) {
                continue;
            }
            int ifindex = Integer.parseInt(f[1], 16);
            int kernelScope = Integer.parseInt(f[3], 16);
            int scopeId = kernelScope == 0x20 ? ifindex : 0; // a link-local address's scope id is its interface
            if (scopeId != scope) {
                continue;
            }
            out.add(formatIpv6(f[0]));
        }
        return out;
    }

    private static String formatIpv6(String hex32) {
        byte[] b = new byte[16];
        for (int i = 0; i < 16; i++) {
            b[i] = (byte) Integer.parseInt(hex32.substring(2 * i, 2 * i + 2), 16);
        }
        try {
            return compress(InetAddress.getByAddress(b).getHostAddress());
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Java prints 2001:db8:0:0:0:0:0:1; liblxc (inet_ntop) prints 2001:db8::1. */
    static String compress(String full) {
        String[] parts = full.split(":");
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < parts.length; ) {
            if (parts[i].equals("0")) {
                int j = i;
                while (j < parts.length && parts[j].equals("0")) {
                    j++;
                }
                if (j - i > bestLen && j - i > 1) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestStart < 0) {
            return full;
        }
        String head = String.join(":", java.util.Arrays.copyOfRange(parts, 0, bestStart));
        String tail = String.join(":", java.util.Arrays.copyOfRange(parts, bestStart + bestLen, parts.length));
        return head + "::" + tail;
    }
}
