package org.lxcgroovy.engine.support

import org.lxcgroovy.engine.*

import java.util.concurrent.ConcurrentHashMap

/**
 * What the integration specs need from the host, and the one place that makes and removes test containers.
 * Specs skip only where liblxc truly cannot run (not root, no liblxc, no bridge) and say why; under CI
 * (CI=true) that is a failure instead, because .ci/run prepares the host.
 */
class LxcHost {
    static final String PREFIX = 'lxcg-test-'
    private static String problem
    private static boolean checked

    /** Why liblxc cannot run here, or null. */
    static synchronized String problem() {
        if (!checked) {
            checked = true
            if (System.getProperty('lxcgroovy.tier') == 'unit') {
                // Spock runs @LiblxcHost while discovering every spec, the excluded ones too: the unit tier must
                // not clear (that is, destroy) lxcg-test-* containers another run may be using
                problem = 'the unit tier (-P unit) runs only specs that need no liblxc'
                return problem
            }
            problem = findProblem()
            if (problem == null) {
                clearLeftovers()
            } else if (System.getenv('CI')) {
                throw new IllegalStateException("CI host is not prepared for liblxc: $problem (.ci/run runs dev/setup-host)")
            }
        }
        problem
    }

    static boolean usable() {
        problem() == null
    }

    private static String findProblem() {
        if (new File('/proc/self/status').readLines().find { it.startsWith('Uid:') }?.split(/\s+/)?.getAt(1) != '0') {
            return 'not root: the specs create privileged containers'
        }
        try {
            Lxc.version()
        } catch (Throwable t) {
            return "liblxc.so.1 cannot be loaded: ${t.message}"
        }
        if (!new File('/usr/share/lxc/templates/lxc-busybox').exists() || !new File('/bin/busybox').exists()) {
            return 'the busybox template or busybox-static is missing (apt-get install lxc busybox-static)'
        }
        if (!new File('/usr/share/lxc/templates/lxc-debian').exists() || !new File('/usr/sbin/debootstrap').exists()
                || !new File('/usr/bin/debian-distro-info').exists()) {
            return 'the debian template, debootstrap or distro-info is missing (apt-get install lxc-templates debootstrap distro-info)'
        }
        if (!new File('/sys/class/net/lxcbr0').exists()) {
            return 'the lxcbr0 bridge is down (/usr/libexec/lxc/lxc-net start)'
        }
        null
    }

    /**
     * Removes containers a crashed earlier run (or an earlier spec) left behind; only ours, by prefix, and not the
     * Debian base this JVM made and still uses. Clones go before their base.
     */
    static void clearLeftovers() {
        clear(Lxc.listContainers().findAll { it.startsWith(PREFIX) && !(debianBase != null && it == DEBIAN_BASE) })
    }

    private static void clear(List<String> ours) {
        def (bases, others) = ours.split { new File("${Lxc.defaultConfigPath()}/$it/lxc_snapshots").exists() }
        (others + bases).each { destroy(it) }
    }

    /**
     * Stops (hard) and destroys a container with its snapshots, whatever state it is in, and gives back its lxcbr0
     * lease (under the MAC it has, and the one {@link Nic#stableHwaddr} gives its name).
     */
    static void destroy(String name) {
        assert name.startsWith(PREFIX) || name.startsWith('lxcg-bench-')
        def c = new Container(name)
        Set<String> macs = [Nic.stableHwaddr(name), configuredMac(c)].findAll() as Set
        try {
            if (c.running) {
                c.stop()
            }
            if (c.defined) {
                // liblxc's destroy_with_snapshots fails when the container never had a snapshot
                c.snapshotList() ? c.destroyWithSnapshots() : c.destroy()
            }
        } catch (LxcException e) {
            // fall back to the tools, so a half-broken container does not outlive the run
            ['lxc-stop', '-k', '-n', name].execute().waitFor()
            ['lxc-destroy', '-s', '-n', name].execute().waitFor()
        } finally {
            c.close()
        }
        giveBackLeases(macs)
    }

    /**
     * Gives back the lxcbr0 leases of {@code macs} (of containers destroyed), now and once more as this JVM exits:
     * dnsmasq may still answer a request they sent before they were gone.
     */
    static void giveBackLeases(Collection<String> macs) {
        macs.each { BridgeLeases.release(it) }
        RELEASED_MACS.addAll(macs)
    }

    /** The MAC of its first NIC as configured (null: none, or the container is not defined). */
    private static String configuredMac(Container c) {
        try {
            c.defined ? c.getConfigItem('lxc.net.0.hwaddr')?.toString() ?: null : null
        } catch (LxcException ignored) {
            null
        }
    }

    /** Destroys a container a spec made and puts its references back; null is fine. */
    static void dispose(Container c) {
        if (c) {
            try {
                destroy(c.name)
            } finally {
                c.close()
            }
        }
    }

    /** Creates busybox container {@code PREFIX + suffix} with a fixed MAC. The caller destroys it. */
    static Container busybox(String suffix) {
        String name = PREFIX + suffix
        destroy(name)
        def c = new Container(name)
        c.create('busybox')
        c.setConfigItem('lxc.net.0.hwaddr', Nic.stableHwaddr(name))
        c.saveConfig()
        c
    }

    /**
     * A running busybox container {@code PREFIX + suffix} (see {@link #busybox}, {@link #unprivilegedBusybox});
     * with {@code withAddress} also once it has its IPv4 address (fixed MAC, so a known lease comes back quickly).
     * The caller destroys it.
     */
    static Container running(String suffix, boolean withAddress = false, boolean unprivileged = false) {
        def c = unprivileged ? unprivilegedBusybox(suffix) : busybox(suffix)
        c.start()
        if (withAddress) {
            assert c.getIps(family: 'inet', timeout: 30): "container ${c.name} got no IPv4 address within 30 s"
        }
        c
    }

    static final String DEBIAN_BASE = PREFIX + 'debian'
    private static Container debianBase

    /** The MACs whose leases this JVM gave back: swept once more as it exits. */
    private static final Set<String> RELEASED_MACS = ConcurrentHashMap.newKeySet()

    static {
        Runtime.runtime.addShutdownHook(new Thread({
            if (debianBase != null) {
                clear(Lxc.listContainers().findAll { it.startsWith(PREFIX) })
            }
            BridgeLeases.sweep(RELEASED_MACS, 30)
        } as Runnable, 'lxcg-test-exit'))
    }

    /**
     * The Debian 12 base container (the debian template, bookworm), made once per JVM and destroyed when it exits;
     * it stays stopped, as its overlay clones are layers over its rootfs. The first one on a machine takes about a
     * minute (debootstrap from Debian's mirror); lxc-debian caches the rootfs, later ones take seconds.
     */
    static synchronized Container debianBase() {
        if (debianBase == null) {
            destroy(DEBIAN_BASE)
            def base = new Container(DEBIAN_BASE)
            base.create('debian', [release: 'bookworm'])
            dhcpClientIdByMac(base)
            debianBase = base
        }
        debianBase
    }

    /**
     * ifupdown runs dhclient with {@code -i}: its client id is a DUID with the time of the clone's first boot in it,
     * so every fresh clone took a new lease under the same MAC (a lease file that grew each run). {@code client no}
     * drops {@code -i}: dnsmasq knows the clone by its MAC, which {@link #debian} keeps fixed.
     */
    private static void dhcpClientIdByMac(Container base) {
        File interfaces = new File(base.getConfigItem('lxc.rootfs.path').toString().replaceFirst(/^dir:/, ''),
                'etc/network/interfaces')
        String text = interfaces.text
        assert text.contains('iface eth0 inet dhcp\n'): "the debian template's $interfaces changed: $text"
        interfaces.text = text.replace('iface eth0 inet dhcp\n', 'iface eth0 inet dhcp\n    client no\n')
    }

    /** An overlayfs snapshot clone of the Debian base, {@code PREFIX + suffix}, with its own fixed MAC. The caller disposes it. */
    static Container debian(String suffix) {
        String name = PREFIX + suffix
        destroy(name)
        Container c = debianBase().clone(name, [bdevtype: 'overlayfs', flags: Lxc.LXC_CLONE_SNAPSHOT])
        c.setConfigItem('lxc.net.0.hwaddr', Nic.stableHwaddr(name))     // liblxc's clone draws a new one: a new lease each run
        c.saveConfig()
        c
    }

    /** Root's first subordinate uid and gid ranges of at least 65536 ids, as [start, count] (setup-host adds them). */
    static List<long[]> rootSubordinateRanges() {
        [SubordinateIds.SUBUID, SubordinateIds.SUBGID].collect { file ->
            def range = SubordinateIds.ranges(file, 'root', 0).find { it[1] >= 65536 }
            assert range: "root has no subordinate range of 65536 ids in $file (dev/setup-host adds one)"
            range
        }
    }

    /** The lxc.idmap lines that map container ids 0..65535 onto root's first subordinate ranges. */
    static List<String> rootIdmap() {
        def (uids, gids) = rootSubordinateRanges()
        ["u 0 ${uids[0]} 65536".toString(), "g 0 ${gids[0]} 65536".toString()]
    }

    /**
     * An unprivileged (root-owned, id-mapped) busybox container {@code PREFIX + suffix}: container ids 0..65535 are
     * root's first subordinate ranges on the host. Made as a user would, by setting {@code lxc.idmap} before create.
     */
    static Container unprivilegedBusybox(String suffix) {
        String name = PREFIX + suffix
        destroy(name)
        def c = new Container(name)
        c.setConfigItem('lxc.idmap', rootIdmap())
        c.create('busybox')
        c.setConfigItem('lxc.net.0.hwaddr', Nic.stableHwaddr(name))
        c.saveConfig()
        c
    }

    /** Runs {@code body} with busybox containers that are destroyed afterwards, also when it fails. */
    static <T> T withBusybox(List<String> suffixes, Closure<T> body) {
        List<Container> made = []
        try {
            suffixes.each { made << busybox(it) }
            body(made)
        } finally {
            made.each { dispose(it) }
        }
    }

    /** The JVM's open file descriptors. */
    static int openFds() {
        new File('/proc/self/fd').list().length
    }

    /**
     * The attach helpers the engine keeps: a pool that is a cache by design (one socket and one reader thread each,
     * up to one per core), as large as the attaches so far happened to need at once.
     */
    static int attachHelpers() {
        Thread.allStackTraces.keySet().count { it.name.startsWith('lxc-attach-helper-') } as int
    }

    /** Open descriptors less the attach helpers' sockets: what must come back to its count after a burst. */
    static int openFdsLessHelpers() {
        openFds() - attachHelpers()
    }

    /** Resident set size of a process, in kB, from /proc. */
    static long rssKb(int pid) {
        new File("/proc/$pid/status").readLines().find { it.startsWith('VmRSS:') }.split(/\s+/)[1] as long
    }
}
