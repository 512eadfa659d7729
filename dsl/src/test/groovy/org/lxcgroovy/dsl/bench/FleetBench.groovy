package org.lxcgroovy.dsl.bench

import org.lxcgroovy.dsl.Fleet
import org.lxcgroovy.dsl.FleetReport
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.Lxc
import org.lxcgroovy.engine.Nic

/**
 * The canonical job (start, IP, two commands, shut down) over 8 and 24 busybox containers: a fleet run at once,
 * the same with parallel: 1, python3-lxc's loop and (when installed) an Ansible playbook with forks=8, on the same
 * containers with known DHCP leases. Prints
 * seconds; asserts nothing. Run: {@code ./mvnw -B -q -P bench -DskipTests verify}.
 */
class FleetBench {
    static final String PREFIX = 'lxcg-bench-fleet-'
    static final int MOST = 24

    static final Closure JOB = {
        ensureRunning()
        waitForIp(timeout: 60)
        sh 'busybox | head -1'
        sh 'df -h / | tail -1'
    }

    static void main(String[] args) {
        removeLeftovers()
        List<Container> all = (1..MOST).collect { new Container("$PREFIX$it") }
        try {
            fleet(all, [quiet: true]) {
                create('busybox')
                network[0].hwaddr = Nic.stableHwaddr(name)
                saveConfig()
            }
            List<String> failures = []
            check('first leases', fleet(all, [quiet: true], JOB), failures)       // not measured
            def rows = []
            for (int n : [8, MOST]) {
                def some = all.take(n)
                rows << row('fleet, all at once', n, failures) { check("fleet of $n", fleet(some, [quiet: true], JOB), failures) }
                if (n == 8) {
                    rows << row('fleet, parallel: 1', n, failures) { check('fleet, parallel: 1', fleet(some, [quiet: true, parallel: 1], JOB), failures) }
                    rows << row('python3-lxc loop', n, failures) { python(some*.name) }
                    if (onPath('ansible-playbook')) {
                        rows << row('ansible, forks=8', n, failures) { ansible(some*.name) }
                    } else {
                        println 'ansible-playbook is not installed (apt-get install ansible): no Ansible figure'
                    }
                }
            }
            println "\nthe canonical job on busybox containers (start, IP, 2 commands, shutdown), liblxc ${Lxc.version()}"
            rows.each { printf('  %-22s %3d containers  %6.2f s%s%n', it[0], it[1], it[2], it[3] ? '  (failed: see below)' : '') }
            failures.each { println "failed: $it" }
        } finally {
            all.each { c ->
                if (c.running) c.stop()
                if (c.defined) c.destroy()
                c.close()
            }
        }
    }

    static FleetReport fleet(List<Container> targets, Map options, Closure body) {
        new Fleet(options, { String line -> println line }).run(targets, body)
    }

    /** A run that failed is printed with the figures, not an abort: a benchmark says what happened and goes on. */
    static boolean check(String what, FleetReport report, List<String> failures) {
        if (!report.ok) {
            failures << "$what: ${report.summary()}".toString()
        }
        report.ok
    }

    /** [label, containers, seconds, whether it failed]: a body that throws is a failure too, timed all the same. */
    static List row(String label, int n, List<String> failures, Closure<?> body) {
        boolean failed = false
        double took = seconds {
            try {
                failed = body() == false
            } catch (IllegalStateException e) {
                failures << "$label: ${e.message}".toString()
                failed = true
            }
        }
        [label, n, took, failed]
    }

    static double seconds(Closure body) {
        long t0 = System.nanoTime()
        body()
        (System.nanoTime() - t0) / 1e9
    }

    /** The same job as python3-lxc users write it: one container after another. */
    static void python(List<String> names) {
        String program = """\
import lxc, os, sys
devnull = open(os.devnull, 'w')
for name in ${names.collect { "'$it'" }}:
    c = lxc.Container(name)
    c.start()
    if not c.get_ips(family='inet', timeout=60):
        sys.exit(name + ': no address')
    for cmd in (['sh', '-c', 'busybox | head -1'], ['sh', '-c', 'df -h / | tail -1']):
        if c.attach_wait(lxc.attach_run_command, cmd, stdout=devnull, stderr=devnull, env_policy=lxc.LXC_ATTACH_CLEAR_ENV) != 0:
            sys.exit(name + ': command failed')
    if not c.shutdown(30):
        c.stop()
"""
        runPython(program, 'the python3-lxc loop')
    }

    /** Runs a python3 program (python3-lxc) and returns its output; a failure is an exception with that output. */
    static String runPython(String program, String what) {
        def script = File.createTempFile('lxcg-bench', '.py')
        script.text = program
        try {
            def p = new ProcessBuilder('/usr/bin/python3', script.path).redirectErrorStream(true).start()
            String out = p.inputStream.text
            if (p.waitFor() != 0) {
                throw new IllegalStateException("$what failed:\n$out")
            }
            out
        } finally {
            script.delete()
        }
    }

    /**
     * The same job as an Ansible user writes it with the lxc connection of community.general: start with the
     * lxc_container module, poll for the address, two raw commands, a clean lxc-stop.
     */
    static void ansible(List<String> names) {
        runPlaybook(names, '''\
    - community.general.lxc_container:
        name: "{{ inventory_hostname }}"
        state: started
      delegate_to: localhost
    - raw: ip -4 -o addr show eth0
      register: ip
      until: "'inet ' in ip.stdout"
      retries: 600
      delay: 0.1
    - raw: busybox | head -1
    - raw: df -h / | tail -1
    - command: lxc-stop -n {{ inventory_hostname }} -t 30
      delegate_to: localhost
''')
    }

    /** Runs a playbook of {@code tasks} on {@code names} with the lxc connection, forks=8, no facts gathered. */
    static void runPlaybook(List<String> names, String tasks) {
        File dir = File.createTempDir('lxcg-bench-ansible')
        try {
            new File(dir, 'inventory').text = "[fleet]\n${names.join('\n')}\n\n[fleet:vars]\nansible_connection=community.general.lxc\n"
            new File(dir, 'fleet.yml').text = "- hosts: fleet\n  gather_facts: false\n  tasks:\n$tasks"
            def p = new ProcessBuilder('ansible-playbook', '-i', 'inventory', '-f', '8', 'fleet.yml').directory(dir)
                    .redirectErrorStream(true).start()
            String out = p.inputStream.text
            if (p.waitFor() != 0) {
                throw new IllegalStateException("the Ansible playbook failed:\n$out")
            }
        } finally {
            dir.deleteDir()
        }
    }

    static boolean onPath(String program) {
        System.getenv('PATH').split(':').any { new File(it, program).canExecute() }
    }

    /** Removes bench containers of {@code prefix} an earlier run left, clones before their base. */
    static void removeLeftovers(String prefix = PREFIX) {
        List<String> ours = Lxc.listContainers().findAll { it.startsWith(prefix) }
        (ours.findAll { !it.endsWith('base') } + ours.findAll { it.endsWith('base') }).each { name ->
            new ProcessBuilder('lxc-stop', '-k', '-n', name).start().waitFor()
            new ProcessBuilder('lxc-destroy', '-s', '-n', name).start().waitFor()
        }
    }
}
