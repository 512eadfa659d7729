package org.lxcgroovy.cli.doctor

import java.nio.file.Files
import java.nio.file.Path
import org.lxcgroovy.engine.internal.host.HostFacts
import org.lxcgroovy.engine.Lxc
import org.lxcgroovy.dsl.net.BridgeDhcp
import org.lxcgroovy.dsl.net.DhcpLeases
import org.lxcgroovy.dsl.net.DnsmasqSetup
import org.lxcgroovy.cli.LeftBehind
import org.lxcgroovy.dsl.RunJournal

/**
 * The doctor's checks of this host, each read-only: what it looks at, what it found, and the exact fix. Nothing
 * here changes the host. {@code lxcpath} and {@code procDir} are parameters so specs can point them elsewhere.
 */
class HostChecks {
    /** The liblxc API extensions the engine's calls need. */
    static final List<String> API_EXTENSIONS = ['pidfd', 'devpts_fd', 'mount_injection_file', 'console_log', 'cgroup2']
    /** Below this much free space in the lxcpath a new container or snapshot may not fit. */
    static final long LOW_SPACE = 2L << 30
    static final long NO_SPACE = 200L << 20
    /** What dnsmasq's ping before an offer costs, measured on lxc-net: one new DHCP client per this many seconds. */
    static final int PING_SECONDS_PER_CLIENT = 3

    final String lxcpath
    final Path procDir

    HostChecks(String lxcpath = Lxc.defaultConfigPath(), Path procDir = Path.of('/proc')) {
        this.lxcpath = lxcpath
        this.procDir = procDir
    }

    List<Finding> all() {
        List<ContainerNet> nets = containerNets()
        liblxc() + kernel() + cgroups() + apparmor() + lockDirectory() + diskSpace() + bridges(nets) + macs(nets) + unprivileged()
    }

    /** What killed runs left (their journals, checked against the containers): a warning with the way out. */
    static List<Finding> killedRuns(List<RunJournal.DeadRun> dead) {
        if (!dead) {
            return [Finding.ok('killed runs', 'no killed run left a container changed')]
        }
        String fix = LeftBehind.wayOut(dead)
        LeftBehind.describe(dead).collect { Finding.warning('killed runs', it, fix) }
    }

    List<Finding> liblxc() {
        String version = Lxc.version()
        List<String> missing = API_EXTENSIONS.findAll { !Lxc.hasApiExtension(it) }
        if (!Lxc.versionAtLeast(5, 0, 0)) {
            return [Finding.failure('liblxc', "liblxc $version is older than 5.0", 'install liblxc 5.0 or newer (Debian 12: apt-get install lxc)')]
        }
        missing ? [Finding.failure('liblxc', "liblxc $version lacks the API extensions ${missing.join(', ')}",
                'install a liblxc 5.0 built with them (Debian 12: apt-get install lxc)')]
                : [Finding.ok('liblxc', "liblxc $version with ${API_EXTENSIONS.join(', ')}")]
    }

    List<Finding> kernel() {
        String release = Files.readString(procDir.resolve('sys/kernel/osrelease')).trim()
        List<String> missing = HostFacts.SYSTEM_CALLS.keySet().sort().findAll { !HostFacts.kernelHas(it) }
        missing ? [Finding.failure('kernel', "Linux $release lacks ${missing.collect { "$it (${HostFacts.SYSTEM_CALLS[it]})" }.join(', ')}",
                'run lxc-groovy on Linux 5.9 or newer (openat2 5.6, pidfd_open 5.3, close_range 5.9)')]
                : [Finding.ok('kernel', "Linux $release with ${HostFacts.SYSTEM_CALLS.keySet().sort().join(', ')}")]
    }

    List<Finding> cgroups() {
        Path root = Path.of('/sys/fs/cgroup')
        String layout = Files.exists(root.resolve('cgroup.controllers')) ? 'v2 (unified)'
                : Files.exists(root.resolve('unified/cgroup.controllers')) ? 'hybrid (v1 controllers, v2 at /sys/fs/cgroup/unified)'
                : Files.isDirectory(root.resolve('memory')) ? 'v1' : null
        layout == null ? [Finding.failure('cgroups', 'no cgroup hierarchy under /sys/fs/cgroup',
                'mount cgroup2 on /sys/fs/cgroup (systemd does at boot)')]
                : [Finding.ok('cgroups', "cgroup $layout; stats read either")]
    }

    List<Finding> apparmor() {
        Path enabled = Path.of('/sys/module/apparmor/parameters/enabled')
        if (!Files.exists(enabled) || Files.readString(enabled).trim() != 'Y') {
            return [Finding.ok('apparmor', 'AppArmor is not enabled in this kernel: containers run without a profile')]
        }
        boolean parser = ['/sbin/apparmor_parser', '/usr/sbin/apparmor_parser'].any { Files.isExecutable(Path.of(it)) }
        parser ? [Finding.ok('apparmor', 'AppArmor enabled, apparmor_parser present (liblxc loads generated profiles)')]
                : [Finding.warning('apparmor', 'AppArmor is enabled but apparmor_parser is missing: containers with ' +
                'lxc.apparmor.profile = generated fail to start', 'apt-get install apparmor')]
    }

    List<Finding> lockDirectory() {
        Path locks = Path.of('/run/lxc/lock')
        Path existing = Files.isDirectory(locks) ? locks : Path.of('/run/lxc')
        Path writable = Files.isDirectory(existing) ? existing : Path.of('/run')
        Files.isWritable(writable) ? [Finding.ok('locks', "liblxc's lock directory ${locks}${writable == locks ? '' : ' (made on first use)'} is writable")]
                : [Finding.failure('locks', "${writable} is not writable: liblxc cannot lock containers",
                'run lxc-groovy as root, with /run mounted read-write')]
    }

    List<Finding> diskSpace() {
        Path path = Path.of(lxcpath)
        if (!Files.isDirectory(path)) {
            return [Finding.warning('disk', "the lxcpath $lxcpath does not exist", "mkdir -p $lxcpath (lxc-create makes it too)")]
        }
        long free = Files.getFileStore(path).usableSpace
        String evidence = String.format('%.1f GiB free in %s', free / (1L << 30) as double, lxcpath)
        free < NO_SPACE ? [Finding.failure('disk', evidence, "free space in $lxcpath: containers, snapshots and apt need it")]
                : free < LOW_SPACE ? [Finding.warning('disk', evidence + ': a Debian container or a directory snapshot takes ~300 MB',
                "free space in $lxcpath")]
                : [Finding.ok('disk', evidence)]
    }

    /**
     * The bridges the default configuration and the containers' veth NICs name: up, with a DHCP server whose
     * range holds the containers on it, and whether that dnsmasq pings each address before offering it.
     */
    List<Finding> bridges(List<ContainerNet> nets) {
        Set<String> names = new TreeSet<String>(nets.findAll { it.type == 'veth' && it.link }*.link)
        String defaultLink = defaultBridge()
        if (defaultLink) {
            names << defaultLink
        }
        List<DnsmasqSetup> servers = dnsmasqs()
        List<Finding> out = []
        names.each { String bridge ->
            String check = "bridge $bridge"
            long users = nets.count { it.type == 'veth' && it.link == bridge } as long
            Path sys = Path.of('/sys/class/net', bridge)
            if (!Files.isDirectory(sys)) {
                out << Finding.failure(check, "${count(users, 'container')} ${users == 1 ? 'names' : 'name'} $bridge, which does not exist",
                        bridge == 'lxcbr0' ? 'systemctl start lxc-net (or /usr/libexec/lxc/lxc-net start)' : "create the bridge $bridge")
                return
            }
            boolean up = (Integer.decode(Files.readString(sys.resolve('flags')).trim()) & 1) != 0
            String address = ipv4Of(bridge)
            if (!up) {
                out << Finding.failure(check, "$bridge is down", "ip link set $bridge up")
                return
            }
            DnsmasqSetup dhcp = servers.find { it.serves(bridge, address) && it.dhcpRanges }
            if (dhcp == null) {
                out << Finding.warning(check, "$bridge is up (${address ?: 'no IPv4 address'}) but no dnsmasq serves DHCP on it: " +
                        "containers that ask for an address get none", bridge == 'lxcbr0'
                        ? 'restart lxc-net (systemctl restart lxc-net; running containers lose their network)'
                        : "run a DHCP server on $bridge")
                return
            }
            long size = dhcp.addresses()
            String served = "$bridge is up (${address}), dnsmasq (pid ${dhcp.pid}) serves DHCP: " +
                    "${dhcp.dhcpRanges.collect { it.join('-') }.join(', ')} (${count(size, 'address')}) for ${count(users, 'container')}"
            out << (users > size ? Finding.warning(check, served + ': more containers than addresses',
                    "widen the range (LXC_DHCP_RANGE and LXC_DHCP_MAX in /etc/default/lxc-net for lxcbr0)")
                    : Finding.ok(check, served))
            Finding leased = leases(bridge, dhcp, nets)
            if (leased != null) {
                out << leased
            }
            if (!dhcp.noPing) {
                out << Finding.warning("dhcp ping $bridge", "dnsmasq pings each address before offering it, so it answers " +
                        "one new DHCP client per ~${PING_SECONDS_PER_CLIENT} s: ${count(Math.max(users, 1), 'container')} starting together wait up to " +
                        "${Math.max(users, 1) * PING_SECONDS_PER_CLIENT} s for addresses (measured: 8 Debian containers 19.5 s with it, 1.2-1.5 s without)",
                        bridge == 'lxcbr0'
                                ? "echo no-ping > /etc/lxc/dnsmasq.conf; set LXC_DHCP_CONFILE=/etc/lxc/dnsmasq.conf in /etc/default/lxc-net; " +
                                "systemctl restart lxc-net (this disconnects running containers: do it when they can be restarted)"
                                : "add no-ping to the dnsmasq on $bridge (--no-ping, or a line no-ping in its --conf-file)")
            } else {
                out << Finding.ok("dhcp ping $bridge", "dnsmasq offers addresses without pinging them first (no-ping)")
            }
        }
        out
    }

    /** A range this full has no room for a fleet's new containers: the doctor warns. */
    static final double NEARLY_FULL = 0.9

    /**
     * How full the bridge's DHCP range is, from its dnsmasq's lease file: leases outlive the containers that took
     * them (and a container that draws a new MAC at every start takes a new one each boot), so a range can be
     * used up by containers that no longer exist. Null when the lease file cannot be read.
     */
    Finding leases(String bridge, DnsmasqSetup dhcp, List<ContainerNet> nets) {
        Path file = dhcp.leaseFile ? Path.of(dhcp.leaseFile) : null
        if (file == null || !Files.isReadable(file)) {
            return null
        }
        DhcpLeases leases = DhcpLeases.parse(Files.readAllLines(file))
        Set<String> known = nets.findAll { !it.randomMac }.collect { it.hwaddr.toLowerCase(Locale.ROOT) } as Set<String>
        int strangers = leases.notOf(known).size()
        long capacity = dhcp.capacity()
        String evidence = "${leases.size()} of ${count(capacity, 'address')} leased in $file, " +
                "${strangers} to MACs in no container's configuration here"
        String fix = "release the stale leases (dhcp_release $bridge ADDRESS MAC for each, from dnsmasq-utils; or stop " +
                "${bridge == 'lxcbr0' ? 'lxc-net' : 'its dnsmasq'}, delete their lines from $file and start it again), " +
                "give containers fixed MACs (lxc.net.0.hwaddr), shorten the lease time (a lease time in the dhcp-range, " +
                "e.g. ${dhcp.dhcpRanges ? dhcp.dhcpRanges[0].join(',') : 'FIRST,LAST'},1h) or widen the range" +
                (bridge == 'lxcbr0' ? ' (LXC_DHCP_RANGE, LXC_DHCP_MAX in /etc/default/lxc-net)' : '')
        if (leases.size() >= capacity) {
            return Finding.failure("leases $bridge", "the range is full: $evidence; a new container gets no address", fix)
        }
        if (leases.size() >= capacity * NEARLY_FULL) {
            return Finding.warning("leases $bridge", "the range is nearly full: $evidence", fix)
        }
        Finding.ok("leases $bridge", evidence)
    }

    /** Containers whose MAC is drawn anew at every start (no lxc.net.N.hwaddr, or one with "x"s): a new lease each boot. */
    List<Finding> macs(List<ContainerNet> nets) {
        List<ContainerNet> random = nets.findAll { it.type == 'veth' && it.randomMac }
        if (!random) {
            return [Finding.ok('mac addresses', "every container's veth NIC has a fixed MAC (${count(nets.count { it.type == 'veth' } as long, 'NIC')})")]
        }
        List<String> named = random.collect { "${it.container} (lxc.net.${it.index}.hwaddr ${it.hwaddr ?: 'unset'})".toString() }
        [Finding.warning('mac addresses', "${random.size()} ${random.size() == 1 ? 'NIC gets' : 'NICs get'} a new random MAC " +
                "at every start, so a new DHCP lease and a new address each boot (the range fills up): " +
                (named.size() > 5 ? named.take(5).join(', ') + ", and ${named.size() - 5} more" : named.join(', ')),
                "give each a fixed MAC: c.setConfigItem('lxc.net.0.hwaddr', Nic.stableHwaddr(c.name)); c.saveConfig() " +
                        "(or lxc.net.0.hwaddr = 00:16:3e:.. in its config)")]
    }

    List<Finding> unprivileged() {
        List<Finding> out = []
        long[] uids = HostFacts.rootSubordinateUids().find { it[1] >= 65536 }
        long[] gids = HostFacts.rootSubordinateGids().find { it[1] >= 65536 }
        List<String> missingRanges = (uids == null ? ['/etc/subuid'] : []) + (gids == null ? ['/etc/subgid'] : [])
        List<String> tools = ['newuidmap', 'newgidmap'].findAll { !Files.isExecutable(Path.of('/usr/bin', it)) }
        if (!missingRanges && !tools) {
            long uid = uids[0]
            out << Finding.ok('unprivileged', "root has subordinate ids (uids from $uid) and newuidmap/newgidmap for id-mapped containers")
        }
        if (missingRanges) {
            out << Finding.warning('unprivileged', "root has no range of 65536 subordinate ids in ${missingRanges.join(' and ')}: " +
                    'unprivileged (id-mapped) containers cannot start', 'usermod --add-subuids 100000-165535 --add-subgids 100000-165535 root')
        }
        if (tools) {
            out << Finding.warning('unprivileged', "${tools.join(' and ')} missing: unprivileged containers cannot start",
                    'apt-get install uidmap')
        }
        out
    }

    /** lxc.net.0.link of liblxc's default configuration (what lxc-create gives new containers); null if none. */
    static String defaultBridge() {
        Path conf = Path.of('/etc/lxc/default.conf')
        if (!Files.isReadable(conf)) {
            return null
        }
        ContainerNet.parse('(default)', conf.readLines()).find { it.index == 0 }?.link
    }

    /** Every veth (and other) NIC of the defined containers, from their config files as written. */
    List<ContainerNet> containerNets() {
        Lxc.listContainers(false, true, lxcpath).collectMany { String name ->
            Path config = Path.of(lxcpath, name, 'config')
            Files.isReadable(config) ? ContainerNet.parse(name, config.readLines()) : []
        }
    }

    /** The running dnsmasq processes and how they serve DHCP. */
    List<DnsmasqSetup> dnsmasqs() {
        BridgeDhcp.dnsmasqs(procDir)
    }

    /** "1 container", "3 containers", "1 address", "253 addresses". */
    static String count(long n, String noun) {
        "$n ${n == 1 ? noun : noun.endsWith('s') ? noun + 'es' : noun + 's'}"
    }

    private static String ipv4Of(String bridge) {
        BridgeDhcp.ipv4Of(bridge)
    }
}
