package org.lxcgroovy.dsl.bench

import groovy.json.JsonSlurper
import java.time.Duration
import org.lxcgroovy.dsl.Fleet
import org.lxcgroovy.dsl.FleetReport
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.Lxc
import org.lxcgroovy.engine.Nic

/**
 * The canonical job on Debian: start, boot (systemd), IP, apt-get update, dist-upgrade -y, shutdown, over 8 fresh
 * overlay clones of one bookworm base — a fleet run at once, the python3-lxc seed loop (one after another) and,
 * when installed, an Ansible playbook with the lxc connection and forks=8. Every contender gets clones of its
 * own, made just before (the same pending upgrades, brand-new DHCP leases). Prints totals, ratios and per-phase
 * medians, and the bridge setup it ran on; asserts nothing. Run: {@code ./mvnw -B -q -P bench -DskipTests verify}.
 */
class DebianFleetBench {
    static final String PREFIX = 'lxcg-bench-deb-'
    static final String BASE = PREFIX + 'base'
    static final int COUNT = 8
    static final List<String> PHASES = ['start', 'boot', 'ip', 'update', 'upgrade', 'shutdown']

    static void main(String[] args) {
        FleetBench.removeLeftovers(PREFIX)
        Container base = new Container(BASE)
        try {
            base.create('debian', [release: 'bookworm'])
            Map<String, Double> totals = [:]
            Map<String, Map<String, List<Double>>> phases = [:]

            withClones(base, 'fleet') { List<Container> clones ->
                Map<String, List<Double>> seen = [:].withDefault { [] }
                totals.fleet = FleetBench.seconds { check(fleetJob(clones, seen)) }
                phases.fleet = seen
            }
            withClones(base, 'python') { List<Container> clones ->
                Map<String, List<Double>> seen = [:].withDefault { [] }
                totals['python3-lxc loop'] = FleetBench.seconds { python(clones*.name, seen) }
                phases['python3-lxc loop'] = seen
            }
            if (FleetBench.onPath('ansible-playbook')) {
                withClones(base, 'ansible') { List<Container> clones ->
                    totals['ansible, forks=8'] = FleetBench.seconds { ansible(clones*.name) }
                }
            } else {
                println 'ansible-playbook is not installed (apt-get install ansible): no Ansible figure'
            }

            println "\nthe canonical job on $COUNT Debian 12 overlay clones (start, boot, IP, apt-get update, dist-upgrade -y, shutdown)"
            println "liblxc ${Lxc.version()}; bridge: ${bridgeSetup()}"
            double fleet = totals.fleet
            totals.each { name, s -> printf('  %-18s %6.1f s  %5.2fx the fleet run%n', name, s, s / fleet) }
            println '\nper-phase medians, seconds (each container; the loop runs them one after another)'
            printf('  %-18s%s%n', '', PHASES.collect { String.format('%9s', it) }.join(''))
            phases.each { name, seen ->
                printf('  %-18s%s%n', name, PHASES.collect { String.format('%9.2f', median(seen[it])) }.join(''))
            }
        } finally {
            FleetBench.removeLeftovers(PREFIX)
            base.close()
        }
    }

    /** Fresh overlay clones of the base, destroyed afterwards. */
    static void withClones(Container base, String tag, Closure body) {
        List<Container> clones = (1..COUNT).collect {
            Container c = base.clone("$PREFIX$tag-$it", [bdevtype: 'overlayfs', flags: Lxc.LXC_CLONE_SNAPSHOT])
            c.setConfigItem('lxc.net.0.hwaddr', Nic.stableHwaddr(c.name))
            c.saveConfig()
            c
        }
        try {
            body(clones)
        } finally {
            clones.each { c ->
                if (c.running) c.stop()
                c.destroy()
                c.close()
            }
        }
    }

    /** The job as a fleet body, each phase timed. */
    static FleetReport fleetJob(List<Container> clones, Map<String, List<Double>> seen) {
        new Fleet([quiet: true, timeout: 600], { String l -> }).run(clones) {
            def phase = { String name, Closure step ->
                long t0 = System.nanoTime()
                step()
                synchronized (seen) { seen[name] << (System.nanoTime() - t0) / 1e9d }
            }
            phase('start') { start() }
            phase('boot') { waitForBoot(Duration.ofSeconds(120)) }
            phase('ip') { waitForIp(timeout: 60) }
            phase('update') { apt.update() }
            phase('upgrade') { apt.upgrade() }
            phase('shutdown') { shutdown(30) || stop() }
        }
    }

    static void check(FleetReport report) {
        if (!report.ok) {
            throw new IllegalStateException(report.summary())
        }
    }

    /** The seed's loop in python3-lxc, one container after another, each phase timed and printed as JSON. */
    static void python(List<String> names, Map<String, List<Double>> seen) {
        String program = """\
import json, lxc, os, sys, time
devnull = open(os.devnull, 'w')
env = ['DEBIAN_FRONTEND=noninteractive']
def run(c, cmd):
    return c.attach_wait(lxc.attach_run_command, cmd, stdout=devnull, stderr=devnull, env_policy=lxc.LXC_ATTACH_CLEAR_ENV, extra_env_vars=env)
for name in ${names.collect { "'$it'" }}:
    c = lxc.Container(name)
    t = {}
    t0 = time.time(); c.start(); t['start'] = time.time() - t0
    t0 = time.time()
    booted = ['sh', '-c', 'systemctl is-system-running --wait | grep -qxE "running|degraded"']
    while run(c, booted) != 0:
        if time.time() - t0 > 120:
            sys.exit(name + ': not booted within 120 s')
        time.sleep(0.1)
    t['boot'] = time.time() - t0
    t0 = time.time()
    if not c.get_ips(family='inet', timeout=60):
        sys.exit(name + ': no address')
    t['ip'] = time.time() - t0
    for phase, cmd in (('update', ['apt-get', 'update', '-q']), ('upgrade', ['apt-get', 'dist-upgrade', '-y', '-q'])):
        t0 = time.time()
        if run(c, cmd) != 0:
            sys.exit(name + ': ' + phase + ' failed')
        t[phase] = time.time() - t0
    t0 = time.time()
    if not c.shutdown(30):
        c.stop()
    t['shutdown'] = time.time() - t0
    print(json.dumps(t), flush=True)
"""
        FleetBench.runPython(program, 'the python3-lxc loop').readLines().findAll { it.startsWith('{') }.each { line ->
            new JsonSlurper().parseText(line).each { k, v -> seen[k as String] << (v as double) }
        }
    }

    /** The job as an Ansible playbook: lxc_container to start, raw commands inside, lxc-stop. */
    static void ansible(List<String> names) {
        FleetBench.runPlaybook(names, '''\
    - community.general.lxc_container:
        name: "{{ inventory_hostname }}"
        state: started
      delegate_to: localhost
    - raw: systemctl is-system-running --wait || true
      register: boot
      until: "boot.stdout is search('running|degraded')"
      retries: 1200
      delay: 0.1
    - raw: ip -4 -o addr show eth0
      register: ip
      until: "'inet ' in ip.stdout"
      retries: 600
      delay: 0.1
    - raw: DEBIAN_FRONTEND=noninteractive apt-get update -q
    - raw: DEBIAN_FRONTEND=noninteractive apt-get dist-upgrade -y -q
    - command: lxc-stop -n {{ inventory_hostname }} -t 30
      delegate_to: localhost
''')
    }

    static double median(List<Double> xs) {
        if (!xs) {
            return Double.NaN
        }
        List<Double> s = xs.sort(false)
        s.size() % 2 ? s[s.size().intdiv(2)] : (s[s.size().intdiv(2) - 1] + s[s.size().intdiv(2)]) / 2
    }

    /** Whether lxc-net's dnsmasq pings before each offer (its default) or runs with no-ping. */
    static String bridgeSetup() {
        def pid = ['pgrep', '-f', 'dnsmasq.*--interface=lxcbr0'].execute().text.readLines().find()
        if (!pid) {
            return 'no dnsmasq on lxcbr0'
        }
        List<String> argv = new File("/proc/$pid/cmdline").text.split('\u0000') as List
        String conf = argv.find { it.startsWith('--conf-file=') }?.substring(12)
        boolean noPing = '--no-ping' in argv || (conf && new File(conf).isFile() && new File(conf).readLines()*.trim().contains('no-ping'))
        noPing ? 'lxc-net dnsmasq with no-ping' : 'stock lxc-net dnsmasq (pings each address before offering it, ~3 s per client)'
    }
}
