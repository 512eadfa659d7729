package org.lxcgroovy.packaging.bench

import java.util.concurrent.TimeUnit
import org.lxcgroovy.packaging.SshHosts

/**
 * The canonical job (start each container, run a command in it, shut it down) over 5 and 20 "hosts" of three
 * busybox containers each (sshd instances on loopback addresses, {@link SshHosts}), three ways, side by side: this
 * feature ({@code lxc-groovy --inventory}), the playbook an administrator writes today for the same job (ssh to
 * each host and loop over its containers with lxc-start, lxc-attach and lxc-stop), both with Ansible's forks equal
 * to the hosts, and one local fleet of as many containers (what the hosts add). Prints the wall time and the CPU
 * time of the controller (the command and what it ran: ansible-playbook, ssh; not the hosts' side) and of the
 * whole machine (the hosts' side too: here all hosts share this machine's cores, which real hosts do not), median
 * of {@code -Dbench.reps} runs (default 3). Needs the package installed (the verify phase's install, or by hand).
 *
 *   ./mvnw -B -q -P bench -pl packaging test-compile exec:exec@many-hosts-bench
 */
class ManyHostsBench {
    static final int REPS = Integer.getInteger('bench.reps', 3)
    static final String JOB = '''
        fleet(containers('lxcg-bench-*'), shutdownTimeout: 2) {
            ensureRunning()
            sh "echo ${name} on ${host}"
        }
        '''
    /** The same job as administrators script it over Ansible today: one host's containers one after the other. */
    static final String ADMIN_PLAYBOOK = '''
- hosts: all
  gather_facts: false
  tasks:
    - name: start, run a command in and stop each container
      ansible.builtin.shell: |
        set -e
        for c in $(lxc-ls -P "{{ lxc_path }}" -1); do
          lxc-start -P "{{ lxc_path }}" -n "$c"
          lxc-wait -P "{{ lxc_path }}" -n "$c" -s RUNNING -t 10
          lxc-attach -P "{{ lxc_path }}" -n "$c" -- sh -c 'echo "$(hostname) on {{ inventory_hostname }}"'
          lxc-stop -P "{{ lxc_path }}" -n "$c" -t 2
        done
'''

    static void main(String[] args) {
        if (!new File('/usr/share/ansible/collections/ansible_collections/lxcgroovy/fleet').isDirectory()) {
            println 'ManyHostsBench: not run: the package is not installed (apt-get install ./packaging/target/lxc-groovy_*_amd64.deb)'
            return
        }
        File work = File.createTempDir('lxcg-bench-many-hosts', '')
        File job = new File(work, 'job.groovy')
        job.text = JOB
        File admin = new File(work, 'admin.yml')
        admin.text = ADMIN_PLAYBOOK
        List<List<Object>> rows = []
        try {
            [5, 20].each { int count ->
                SshHosts hosts = new SshHosts(count, false, 'bench')
                File local = new File(hosts.root, 'lxc-local')
                try {
                    SshHosts.createContainers(local, (1..3 * count).collect { "lxcg-bench-local-${it}".toString() })
                    String inventory = hosts.inventory().path
                    String forks = count.toString()
                    rows << row(count, 'lxc-groovy --inventory', measure(['/usr/bin/lxc-groovy', '--inventory', inventory,
                                                                          '--forks', forks, job.path]))
                    rows << row(count, 'ansible-playbook + lxc-attach', measure(['ansible-playbook', '-i', inventory,
                                                                                '--forks', forks, admin.path]))
                    rows << row(count, 'one local fleet', measure(['/usr/bin/lxc-groovy', '--lxcpath', local.path, job.path]))
                } finally {
                    local.listFiles()?.each { SshHosts.sh("lxc-destroy -P ${local} -n ${it.name} -f >/dev/null 2>&1 || true") }
                    hosts.close()
                }
            }
        } finally {
            work.deleteDir()
        }
        println String.format('%-6s %-11s %-32s %8s %17s %14s', 'hosts', 'containers', 'how', 'wall s', 'controller CPU s',
                'machine CPU s')
        rows.each { List<Object> r -> println String.format('%-6d %-11d %-32s %8.2f %17.2f %14.2f', r as Object[]) }
        println "(median of ${REPS} runs each; busybox containers, 3 per host; forks = hosts)"
    }

    /** A row of the table, also printed at once (a long bench that fails later keeps what it measured). */
    static List<Object> row(int hosts, String how, List<Double> figures) {
        println "measured: ${hosts} hosts, ${how}: " +
                String.format('%.2f s wall, %.2f s controller CPU, %.2f s machine CPU', figures[0], figures[1], figures[2])
        [hosts, hosts * 3, how, figures[0], figures[1], figures[2]] as List<Object>
    }

    /**
     * [wall seconds, CPU seconds of the command and its children, CPU seconds of the whole machine], medians of
     * REPS runs; a run that fails is printed and counts as NaN.
     */
    static List<Double> measure(List<String> argv) {
        List<List<Double>> runs = (1..REPS).collect {
            double machine0 = machineCpuSeconds()
            long t0 = System.nanoTime()
            // bash's `times` (run by the shell itself, not in a pipe): its second line is the user and system time
            // of the shell's children, once the command has been waited for
            def p = new ProcessBuilder('bash', '-c', '"$@" >/dev/null 2>&1; status=$?; times; exit $status',
                    'bench', *argv).start()
            String times = p.inputStream.text.readLines().last()
            assert p.waitFor(15, TimeUnit.MINUTES)
            double wall = (System.nanoTime() - t0) / 1e9d
            double machine = machineCpuSeconds() - machine0
            if (p.exitValue() != 0) {
                println "FAILED (exit ${p.exitValue()}): ${argv.join(' ')}"
                return [wall, Double.NaN, machine]
            }
            def (user, sys) = times.trim().split(/\s+/).collect { seconds(it) }
            [wall, user + sys, machine]
        }
        [median(runs*.get(0)), median(runs*.get(1)), median(runs*.get(2))]
    }

    /** CPU time the machine has spent busy (not idle or waiting), from /proc/stat, in seconds. */
    static double machineCpuSeconds() {
        List<Long> ticks = new File('/proc/stat').readLines()[0].split(/\s+/).drop(1).collect { it as long }
        // user nice system idle iowait irq softirq steal ...: all but idle and iowait, at 100 ticks a second
        (ticks.sum() - ticks[3] - ticks[4]) / 100.0d
    }

    /** bash's "1m2.345s" as seconds. */
    static double seconds(String time) {
        def m = time =~ /(\d+)m([\d.]+)s/
        m.find() ? (m.group(1) as int) * 60 + (m.group(2) as double) : Double.NaN
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.sort(false)
        sorted[sorted.size().intdiv(2)]
    }
}
