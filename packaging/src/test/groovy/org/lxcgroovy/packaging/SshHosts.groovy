package org.lxcgroovy.packaging

import java.nio.file.Files
import java.util.concurrent.TimeUnit
import org.lxcgroovy.engine.support.ProcessOutput

/**
 * "Hosts" on this one machine for runs over many hosts: a real sshd per host on its own loopback address
 * (127.0.1.1N, port 2222, root with a key of the fixture's own, no password), each with its own lxcpath holding
 * busybox containers of the same names as on the others, and its own directory of run states. All of it lives in
 * {@link #root} ({@code /var/tmp/lxcg-test-hosts}, or lxcg-bench-hosts for a benchmark's), which a new fixture
 * clears first (containers a killed earlier run left included). With {@code namespaceHost}, one more host,
 * {@code ns}, lives in a network namespace of the fixture's own ({@link #NETNS}), reached over a veth pair on
 * 10.254.254.0/30 (checked unused here first: test networks such as TEST-NET-1 are some machines' real ones), so a
 * spec can take its link down mid-run and up again. The
 * hosts use the installed lxc-groovy and Ansible the installed collection.
 */
class SshHosts implements Closeable {
    static final int PORT = 2222
    static final List<String> CONTAINERS = ['lxcg-test-web-1', 'lxcg-test-web-2', 'lxcg-test-web-3']

    static final String NETNS = 'lxcg-test-ns'
    /** The namespace host's link on this side, and its address inside. */
    static final String VETH = 'lxcg-test-v'
    static final String NS_ADDRESS = '10.254.254.2'

    final int count
    final boolean namespaceHost
    /** "test" or "bench": the prefix of everything the fixture makes (lxcg-test-*, lxcg-bench-*). */
    final String kind
    final File root
    final File keys
    final List<String> containers
    /** Each sshd of the fixture and the file its log goes to. */
    private final Map<Process, File> daemons = [:]

    SshHosts(int count, boolean namespaceHost = true, String kind = 'test') {
        this.count = count
        this.namespaceHost = namespaceHost
        this.kind = kind
        this.root = new File("/var/tmp/lxcg-${kind}-hosts")
        this.keys = new File(root, 'keys')
        this.containers = CONTAINERS.collect { it.replace('lxcg-test-', "lxcg-${kind}-") }
        clear()
        try {
            start()
        } catch (Throwable e) {
            close()     // a fixture that could not start leaves nothing behind either
            throw e
        }
    }

    private void start() {
        keys.mkdirs()
        sh("ssh-keygen -q -t ed25519 -N '' -f ${keys}/host && ssh-keygen -q -t ed25519 -N '' -f ${keys}/client" +
                " && cp ${keys}/client.pub ${keys}/authorized_keys && mkdir -p /run/sshd")
        (1..count).each { int n ->
            createContainers(lxcPath(n), containers)
            sshd([], address(n), new File(root, "sshd-${n}.conf"))
        }
        (1..count).each { waitForListener(address(it)) }
        if (namespaceHost) {
            startNamespaceHost()
        }
        // a listener that is not ours (its sshd could not bind) would answer with other keys
        daemons.each { Process p, File log ->
            if (!p.alive) {
                throw new IllegalStateException("an sshd of the fixture exited: ${log.text}")
            }
        }
    }

    private void startNamespaceHost() {
        createContainers(lxcPath(0), containers)
        String taken = sh('ip -o addr show to 10.254.254.0/24; ip route show to match 10.254.254.0/24 | grep -v ^default || true').trim()
        if (taken) {
            throw new IllegalStateException("10.254.254.0/24, the namespace host's network, is in use on this machine: ${taken}")
        }
        sh("""set -e; ip netns add ${NETNS}
              ip link add ${VETH} type veth peer name ${VETH}-in netns ${NETNS}
              ip addr add 10.254.254.1/30 dev ${VETH} && ip link set ${VETH} up
              ip -n ${NETNS} link set lo up
              ip -n ${NETNS} addr add ${NS_ADDRESS}/30 dev ${VETH}-in && ip -n ${NETNS} link set ${VETH}-in up""")
        sshd(['ip', 'netns', 'exec', NETNS], NS_ADDRESS, new File(root, 'sshd-ns.conf'))
        waitForListener(NS_ADDRESS)
    }

    /**
     * Busybox containers {@code names} in {@code dir}, with no network: the same names on several hosts would share
     * MACs on one bridge, and none uses up a DHCP lease.
     */
    static void createContainers(File dir, List<String> names) {
        dir.mkdirs()
        names.each { String name ->
            sh("lxc-create -P ${dir} -n ${name} -t busybox >/dev/null")
            new File(dir, "${name}/config").text = new File(dir, "${name}/config").text
                    .readLines().findAll { !it.startsWith('lxc.net.') }.join('\n') + '\nlxc.net.0.type = empty\n'
        }
    }

    /** The namespace host's link, as a cable pulled and put back. */
    static void namespaceLink(boolean up) {
        sh("ip link set ${VETH} ${up ? 'up' : 'down'}")
    }

    static String address(int n) {
        "127.0.1.${10 + n}"
    }

    static String name(int n) {
        "h${n}"
    }

    /** Host {@code n}'s lxcpath; 0 is the namespace host's. */
    File lxcPath(int n) {
        new File(root, "lxc-${n}")
    }

    File runs(int n) {
        new File(root, "runs-${n}")
    }

    /**
     * An inventory of the hosts h1..hN (with {@code namespaceHost}, also ns; and any {@code extra} ones, name →
     * variables), each with the variables given to all and its own from {@code perHost}.
     */
    File inventory(Map<String, Map<String, Object>> perHost = [:], Map<String, Map<String, Object>> extra = [:],
                   boolean namespaceHost = false) {
        Map<String, Map<String, Object>> hosts = [:]
        (1..count).each { int n ->
            hosts[name(n)] = [ansible_host: address(n), lxc_path: lxcPath(n).path, lxcgroovy_runs: runs(n).path] +
                    (perHost[name(n)] ?: [:])
        }
        if (namespaceHost) {
            hosts.ns = [ansible_host: NS_ADDRESS, lxc_path: lxcPath(0).path, lxcgroovy_runs: runs(0).path] + (perHost.ns ?: [:])
        }
        extra.each { String host, Map<String, Object> vars -> hosts[host] = vars }
        File file = new File(root, "inventory-${System.nanoTime()}.json")
        file.text = groovy.json.JsonOutput.toJson([all: [
                vars : [ansible_user                : 'root', ansible_port: PORT,
                        ansible_ssh_private_key_file: "${keys}/client".toString(),
                        // keepalives, as an administrator sets them: a host that goes away mid-run is found out in 10 s
                        ansible_ssh_common_args     : '-o StrictHostKeyChecking=no -o UserKnownHostsFile=/dev/null ' +
                                '-o ServerAliveInterval=5 -o ServerAliveCountMax=2',
                        ansible_ssh_timeout         : 5, ansible_python_interpreter: '/usr/bin/python3',
                        ansible_pipelining          : true],
                hosts: hosts]])
        file
    }

    /** The containers of host {@code n} (0: the namespace host) that are not stopped, by name. */
    List<String> running(int n) {
        sh("lxc-ls -P ${lxcPath(n)} --running").split(/\s+/).findAll { it }
    }

    /** Runs of lxc-groovy's host mode still alive on this machine. */
    static List<String> remoteRuns() {
        sh("pgrep -af '[o]rg.lxcgroovy.cli.Main remote' || true").readLines().findAll { it.trim() }
    }

    private void sshd(List<String> inNamespace, String address, File config) {
        config.text = """\
            ListenAddress ${address}:${PORT}
            HostKey ${keys}/host
            AuthorizedKeysFile ${keys}/authorized_keys
            PermitRootLogin prohibit-password
            PasswordAuthentication no
            KbdInteractiveAuthentication no
            UsePAM no
            UseDNS no
            StrictModes no
            PidFile none
            """.stripIndent()
        File log = new File(config.path + '.log')
        daemons[new ProcessBuilder(inNamespace + ['/usr/sbin/sshd', '-D', '-e', '-f', config.path])
                .redirectErrorStream(true).redirectOutput(log).start()] = log
    }

    /** sshd listens once it has bound: wait for the port (bounded) rather than for a fixed time. */
    private static void waitForListener(String address) {
        long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(20)
        while (System.nanoTime() < giveUp) {
            try {
                new Socket(address, PORT).close()
                return
            } catch (IOException ignored) {
                Thread.sleep(50)
            }
        }
        throw new IllegalStateException("sshd on ${address}:${PORT} did not listen within 20 s")
    }

    /** Stops the sshd instances, destroys the containers and removes the hosts' files. */
    void close() {
        daemons.keySet()*.destroy()
        daemons.keySet().each { it.waitFor(10, TimeUnit.SECONDS) || it.destroyForcibly() }
        clear()
    }

    private void clear() {
        // sshd instances of an earlier run that could not clean up (killed), by the configuration they were given
        sh("pkill -f '[s]shd -D -e -f ${root}/' || true")
        sh("ip netns pids ${NETNS} 2>/dev/null | xargs -r kill -9; ip netns del ${NETNS} 2>/dev/null; ip link del ${VETH} 2>/dev/null; true")
        if (!root.exists()) {
            return
        }
        root.listFiles().findAll { it.name.startsWith('lxc-') }.each { File path ->
            path.listFiles().findAll { it.name.startsWith("lxcg-${kind}-") }.each { File c ->
                sh("lxc-stop -P ${path} -n ${c.name} -k >/dev/null 2>&1 || true; lxc-destroy -P ${path} -n ${c.name} >/dev/null 2>&1 || true")
            }
        }
        root.deleteDir()
    }

    static String sh(String script) {
        def run = ProcessOutput.of(new ProcessBuilder('bash', '-c', script).redirectErrorStream(true).start(), 120, script)
        assert run.exitCode == 0: "${script}: ${run.stdout}"
        run.stdout
    }
}
