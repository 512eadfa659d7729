package org.lxcgroovy.cli

import java.time.Duration
import java.time.Instant
import java.util.concurrent.TimeUnit
import org.lxcgroovy.dsl.FleetReport
import org.lxcgroovy.dsl.FleetResult
import org.lxcgroovy.cli.support.Command
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.support.LiblxcHost
import org.lxcgroovy.engine.support.LxcHost
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * {@code --metrics FILE} as a monitoring system reads it: a real fleet run (one container fails) writes the file
 * into the textfile directory of Debian's prometheus-node-exporter, started here on a loopback port of its own,
 * whose /metrics page then carries the run; Debian's promtool finds nothing to object to in the file.
 */
@LiblxcHost
class MetricsSpec extends Specification {
    @Shared List<Container> made = []
    @TempDir File textfiles

    def setupSpec() {
        made << LxcHost.busybox('metrics-1') << LxcHost.busybox('metrics-2')
    }

    def cleanupSpec() {
        made.each { LxcHost.dispose(it) }
    }

    /** Runs {@code argv} (at most a minute): [exit status, stdout and stderr together]. */
    static List<Object> run(List<String> argv) {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start()
        String out = p.inputStream.getText('UTF-8')
        assert p.waitFor(1, TimeUnit.MINUTES): "${argv} did not finish"
        [p.exitValue(), out]
    }

    /** node_exporter with only its textfile collector, on a free loopback port; its /metrics page. */
    static String scrape(File textfiles) {
        int port = new ServerSocket(0, 1, InetAddress.getByName('127.0.0.1')).withCloseable { it.localPort }
        Process exporter = new ProcessBuilder('prometheus-node-exporter', "--web.listen-address=127.0.0.1:${port}".toString(),
                '--collector.disable-defaults', '--collector.textfile', "--collector.textfile.directory=${textfiles}".toString())
                .redirectErrorStream(true).redirectOutput(new File(textfiles.parentFile, "node-exporter-${port}.log")).start()
        try {
            long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
            while (true) {
                try {
                    return new URL("http://127.0.0.1:${port}/metrics").getText('UTF-8')
                } catch (IOException e) {
                    if (System.nanoTime() > giveUp || !exporter.alive) {
                        throw new IllegalStateException("node_exporter on port ${port} did not answer: ${e.message}")
                    }
                    Thread.sleep(50)
                }
            }
        } finally {
            exporter.destroy()
            exporter.waitFor(10, TimeUnit.SECONDS)
        }
    }

    def "a fleet run's metrics reach Prometheus through node_exporter's textfile collector, and promtool passes them"() {
        given:
        File script = new File(textfiles.parentFile, 'nightly.groovy')
        script.text = """
            fleet(['${made[0].name}', '${made[1].name}'], shutdownTimeout: 2) {
                ensureRunning()
                sh 'true'
                if (name.endsWith('2')) {
                    throw new IllegalStateException('no good')
                }
            }
            """
        File metrics = new File(textfiles, 'lxc-groovy-nightly.prom')

        when:
        def result = Command.run(['--metrics', metrics.path, script.path])
        String page = scrape(textfiles)
        def (lint, linted) = run(['sh', '-c', "promtool check metrics < ${metrics.path}".toString()])

        then:
        result.exitCode == 1
        page.contains('lxcgroovy_run_exit_status{script="nightly.groovy"} 1')
        page.contains('lxcgroovy_run_success{script="nightly.groovy"} 0')
        page.contains("lxcgroovy_container_success{container=\"${made[0].name}\",script=\"nightly.groovy\"} 1".toString())
        page.contains("lxcgroovy_container_success{container=\"${made[1].name}\",script=\"nightly.groovy\"} 0".toString())
        page.contains('lxcgroovy_containers{outcome="failed",script="nightly.groovy"} 1')
        page.contains('lxcgroovy_containers{outcome="ok",script="nightly.groovy"} 1')
        page =~ /lxcgroovy_container_packages_changed\{container="${made[0].name}",script="nightly.groovy"} 0/
        page =~ /(?m)^lxcgroovy_run_duration_seconds\{script="nightly.groovy"} [0-9.e+]+$/
        page.contains('# TYPE lxcgroovy_run_start_timestamp_seconds gauge')
        lint == 0
        linted.trim() == ''
        textfiles.list() as List == ['lxc-groovy-nightly.prom']      // written aside and renamed: nothing else left
    }

    def "a run that never got going still leaves its metrics: a compile error is exit status 2"() {
        given:
        File metrics = new File(textfiles, 'broken.prom')

        when:
        def result = Command.run(['--metrics', metrics.path, '-e', 'fleet('])

        then:
        result.exitCode == 2
        metrics.text.contains('lxcgroovy_run_exit_status{script="-e"} 2')
        metrics.text.contains('lxcgroovy_containers{script="-e",outcome="ok"} 0')
    }

    def "pending upgrades, where the script asked apt, by container; a check run says it was one"() {
        given:
        def asked = new FleetResult('web-1')
        asked.ok = true
        asked.upgradesPending = 17
        def notAsked = new FleetResult('web-2')
        notAsked.ok = true
        def report = new FleetReport([asked, notAsked], Duration.ofSeconds(3), [check: true])

        File file = new File(textfiles, 'apt.prom')

        when:
        String text = Metrics.render('apt.groovy', Instant.ofEpochSecond(1_800_000_000), Duration.ofSeconds(4), 0, [report])
        file.text = text
        def (lint, linted) = run(['sh', '-c', "promtool check metrics < ${file.path}".toString()])

        then:
        lint == 0
        linted.trim() == ''
        text.contains('lxcgroovy_container_upgrades_pending{script="apt.groovy",container="web-1"} 17\n')
        !text.contains('lxcgroovy_container_upgrades_pending{script="apt.groovy",container="web-2"}')
        text.contains('# TYPE lxcgroovy_container_upgrades_pending gauge\n')
        text.contains('lxcgroovy_run_check{script="apt.groovy"} 1\n')
        Metrics.render('apt.groovy', Instant.ofEpochSecond(1_800_000_000), Duration.ofSeconds(4), 0,
                [new FleetReport([notAsked], Duration.ofSeconds(1))]).contains('lxcgroovy_run_check{script="apt.groovy"} 0\n')
    }

    def "label values are escaped as the text format asks"() {
        expect:
        Metrics.escape('a\\b"c\nd') == 'a\\\\b\\"c\\nd'
    }
}
