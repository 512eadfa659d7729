package org.lxcgroovy.dsl

import org.lxcgroovy.dsl.support.ScriptHost
import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import java.time.Duration
import org.lxcgroovy.dsl.packages.Apt
import org.lxcgroovy.engine.Container
import org.lxcgroovy.engine.ContainerState
import org.lxcgroovy.engine.LxcException
import spock.lang.Shared
import spock.lang.Specification

/**
 * The maintenance helpers on a real Debian 12 container (an overlay clone of the debian template's bookworm) that
 * reaches Debian's mirror through the bridge's NAT: ready means booted, apt that says what changed, apt's locks.
 */
@LiblxcHost
class DebianSpec extends Specification {
    /** Holds apt's own kind of lock (fcntl, as apt and dpkg take it) on a file for some seconds, with markers. */
    static final String HOLD_LOCK = '''perl -e 'use Fcntl; my ($f, $s) = @ARGV; open(my $h, ">>", $f) or die "open $f: $!";
        my $l = pack("s s x4 q q i x4", F_WRLCK, 0, 0, 0, 0); fcntl($h, F_SETLK, $l) or die "lock $f: $!";
        open(my $m, ">", "/run/lxcg-lock-held"); close($m); sleep $s;
        open($m, ">", "/run/lxcg-lock-released"); close($m)' "$@"'''

    @Shared Container debian
    @Shared Container busybox

    def setupSpec() {
        LxcHost.clearLeftovers()
        debian = LxcHost.debian('apt')
        busybox = LxcHost.busybox('apt-bb')
    }

    def cleanupSpec() {
        [debian, busybox].each { LxcHost.dispose(it) }
    }

    static FleetReport fleet(List<Container> targets, Map options = [:], Closure body) {
        new Fleet(options + [quiet: true], { String l -> }).run(targets, body)
    }

    def "ensureRunning returns when the container's init has finished booting: when systemd says so, or at once for busybox"() {
        when:
        String seen = null
        def report = fleet([debian, busybox]) {
            ensureRunning()
            if (name == debian.name) {
                seen = run('systemctl', 'is-system-running').stdout.trim()   // no --wait: the state right now
            }
        }

        then:
        report.ok
        report[debian.name].booted in ['running', 'degraded']
        seen == report[debian.name].booted
        report[debian.name].output.any { it ==~ /booted in \d+\.\d s|booted, degraded: .*/ }
        report[busybox.name].booted == null
        !report[busybox.name].output.any { it.contains('systemctl') }
        [debian, busybox].every { it.state == ContainerState.STOPPED }
    }

    def "a degraded boot is noted in the report with the failed units, not a failure"() {
        given: 'a running container with a unit that failed'
        debian.start()
        fleet([debian]) {
            ensureRunning()
            file('/etc/systemd/system/lxcg-fail.service').text = '[Service]\nType=oneshot\nExecStart=/bin/false\n'
            sh 'systemctl daemon-reload; systemctl start lxcg-fail.service || true'
        }

        when:
        def report = fleet([debian]) { ensureRunning() }

        then:
        report.ok
        report[debian.name].booted == 'degraded'
        report[debian.name].output.contains('booted, degraded: failed units lxcg-fail.service')
        report.summary().readLines()[1].endsWith('booted degraded')

        cleanup:
        debian.stop()
    }

    def "apt.install and apt.remove return what they changed, read from dpkg's state, in closures and fleet bodies alike"() {
        given:
        def host = new ScriptHost()
        debian.start()

        when:
        Map<String, String> before = new InContainer(debian).apt.installed()
        def installed = host.run("""
            container('${debian.name}').attachWait {
                apt.update()
                apt.install('cowsay', recommends: false)
            }
        """)
        String cowsayVersion = version('cowsay')
        boolean there = debian.run(['test', '-x', '/usr/games/cowsay']).success
        def misreported = installed.findAll { it.from != before[it.name] || it.to != version(it.name) }
        def report = fleet([debian]) { apt.remove('cowsay') }      // its dependencies stay, as with apt-get
        boolean gone = !debian.run(['test', '-e', '/usr/games/cowsay']).success

        then:
        cowsayVersion ==~ /\d[\w.+~:-]*/
        installed.find { it.name == 'cowsay' } == [name: 'cowsay', from: null, to: cowsayVersion]
        misreported == []      // what it pulled in (perl) is there too, as dpkg-query says
        there
        report.ok
        report[debian.name].changed
        report[debian.name].packages == [[name: 'cowsay', from: cowsayVersion, to: null]]
        report.toMap().containers[0].packages == [[name: 'cowsay', from: cowsayVersion, to: null]]
        report.summary().readLines()[1].endsWith('1 removed')
        gone

        cleanup:
        debian.stop()
    }

    def "apt's failures name the container and carry apt's own error lines, or say there is no apt"() {
        given:
        debian.start()
        busybox.start()

        when:
        def report = fleet([debian, busybox]) {
            apt.install('lxcg-no-such-package')
        }

        then:
        report[debian.name].error == "apt.install of container '${debian.name}' failed: `apt-get install` exited with 100: " +
                'E: Unable to locate package lxcg-no-such-package'
        report[busybox.name].error == "apt.install of container '${busybox.name}' failed: no apt-get in container '${busybox.name}'"

        when: 'a name an option could hide in'
        new InContainer(debian).apt.install('-oAPT::Get::Trivial-Only=true')

        then:
        def e = thrown(IllegalArgumentException)
        e.message == "apt.install: '-oAPT::Get::Trivial-Only=true' is not a package name"

        cleanup:
        debian.stop()
        busybox.stop()
    }

    def "a container with no route to the mirror fails apt.update with apt's own E: lines; the other updates ok"() {
        given:
        Container other = LxcHost.debian('apt-route')

        when:
        def report = fleet([debian, other]) {
            ensureRunning()
            if (name == debian.name) {
                sh 'ip route del default'
            }
            apt.update()
        }

        then:
        report[other.name].ok
        report[debian.name].error.startsWith("apt.update of container '${debian.name}' failed: `apt-get update` exited with 100: E: ")
        report[debian.name].error.contains('Release file')

        cleanup:
        [debian, other].each { if (it.running) it.stop() }
        LxcHost.dispose(other)
    }

    def "a lock another apt holds (dpkg's for apt.upgrade, the package lists' for apt.update) delays apt instead of failing it"() {
        given:
        debian.start()
        def box = new InContainer(debian)
        box.waitForBoot(Duration.ofSeconds(60))
        box.apt.update()

        when: 'the lists lock is held for 4 s'
        def holder = hold('/var/lib/apt/lists/lock', 4)
        def plain = debian.run([env: Apt.ENV], ['apt-get', 'update'])      // control: apt alone fails at once
        box.apt.update()
        boolean updateWaited = box.file('/run/lxcg-lock-released').exists()
        holder.waitFor()

        and: "then dpkg's frontend lock"
        Map<String, String> before = box.apt.installed()
        holder = hold('/var/lib/dpkg/lock-frontend', 4)
        def plainUpgrade = debian.run([env: Apt.ENV], ['apt-get', '-y', '-o', 'DPkg::Lock::Timeout=0', 'dist-upgrade'])
        def changes = box.apt.upgrade()
        boolean upgradeWaited = box.file('/run/lxcg-lock-released').exists()
        holder.waitFor()

        then:
        !plain.success
        plain.stderr.contains('Could not get lock /var/lib/apt/lists/lock')
        updateWaited
        !plainUpgrade.success
        plainUpgrade.stderr.contains('Could not get lock /var/lib/dpkg/lock-frontend')
        upgradeWaited
        changes.findAll { it.from != before[it.name] || it.to != version(it.name) } == []
        debian.run(['apt-get', '-s', 'dist-upgrade']).stdout.contains('0 upgraded, 0 newly installed')

        cleanup:
        debian.stop()
    }

    /** A local repository with version 2.0 of a package whose 1.0 is installed: an upgrade is pending whatever the mirror has. */
    static final String DEMO_REPO = '''set -e
        mk() { d=/tmp/lxcg-demo-$1; mkdir -p $d/DEBIAN
            printf 'Package: lxcg-demo\\nVersion: %s\\nArchitecture: all\\nMaintainer: lxc-groovy tests <root@localhost>\\nDescription: a package to upgrade\\n' $1 > $d/DEBIAN/control
            dpkg-deb -b $d /srv/lxcg-demo_$1_all.deb >/dev/null; }
        mkdir -p /srv/lxcg-repo; mk 1.0; mk 2.0; dpkg -i /srv/lxcg-demo_1.0_all.deb >/dev/null
        mv /srv/lxcg-demo_2.0_all.deb /srv/lxcg-repo/; cd /srv/lxcg-repo
        { dpkg-deb -f lxcg-demo_2.0_all.deb; echo "Filename: ./lxcg-demo_2.0_all.deb"
          echo "Size: $(stat -c %s lxcg-demo_2.0_all.deb)"; echo "SHA256: $(sha256sum lxcg-demo_2.0_all.deb | cut -d' ' -f1)"; } > Packages
        echo 'deb [trusted=yes] file:/srv/lxcg-repo ./' > /etc/apt/sources.list.d/lxcg-demo.list'''

    /** What a check must leave as it was: dpkg's status (its hash), apt's lists and caches, no scratch directory in /tmp. */
    static final String APT_STATE = '''sha256sum /var/lib/dpkg/status
        find /var/lib/apt/lists /var/cache/apt -maxdepth 1 -type f -printf '%p %s %T@\\n' | sort
        ls -d /tmp/lxc-groovy-check.* 2>/dev/null || true'''

    def "--check lists the packages a real run then upgrades, and leaves dpkg's status and apt's state byte for byte as they were"() {
        given: 'a clone with an upgrade pending from a local repository (and whatever the mirror has)'
        Container clone = LxcHost.debian('check-apt')
        clone.start()
        assert clone.run(['/bin/sh', '-c', DEMO_REPO]).success
        String before = clone.run(['/bin/sh', '-c', APT_STATE]).stdout
        clone.stop()
        def host = new ScriptHost(check: true)

        when: 'checked: the container is started to be looked at and stopped again'
        def checked = host.run("""
            def report = fleet(['${clone.name}'], quiet: true) {
                ensureRunning()
                apt.update()
                [apt.upgrade(), apt.install('sl'), apt.remove('lxcg-demo')]
            }
            report
        """) as FleetReport
        def result = checked[clone.name]
        def wouldUpgrade = result.steps.find { it.label == 'apt.upgrade' }.wouldChange
        boolean stoppedAgain = clone.state == ContainerState.STOPPED
        clone.start()
        String after = clone.run(['/bin/sh', '-c', APT_STATE]).stdout
        clone.stop()

        and: 'then for real'
        List<Map<String, String>> pending = null
        def real = fleet([clone]) { ensureRunning(); apt.update(); pending = apt.pending(); apt.upgrade() }

        then:
        checked.ok
        result.check && result.startedByRun && stoppedAgain
        !result.changed && result.packages == []
        [name: 'lxcg-demo', from: '1.0', to: '2.0'] in wouldUpgrade
        wouldUpgrade.every { it.from != null && it.to != null }
        result.steps.find { it.label == 'apt.install' }.wouldChange.find { it.name == 'sl' }.from == null
        result.steps.find { it.label == 'apt.remove' }.wouldChange == [[name: 'lxcg-demo', from: '1.0', to: null]]
        [name: 'lxcg-demo', from: '1.0', to: null] in result.wouldChange     // net: upgraded, then removed
        result.upgradesPending == wouldUpgrade.size()
        checked.summary().readLines()[1].contains('check: would change ')
        after == before

        and: 'the real run upgraded exactly what the check listed'
        real.ok
        real[clone.name].packages == wouldUpgrade
        pending == wouldUpgrade                                     // apt.pending(): the same simulation, in any mode
        real[clone.name].upgradesPending == wouldUpgrade.size()

        cleanup:
        LxcHost.dispose(clone)
    }

    /** The installed version of a package, as dpkg-query says; null when it is not installed. */
    String version(String pkg) {
        def r = debian.run(['dpkg-query', '-W', '-f', '${Version}', pkg])
        r.success && r.stdout ? r.stdout : null
    }

    /** Starts a holder of {@code path}'s lock for {@code seconds} and returns once it holds it. */
    def hold(String path, int seconds) {
        debian.run(['rm', '-f', '/run/lxcg-lock-held', '/run/lxcg-lock-released'])
        def holder = debian.attach([:], ['/bin/sh', '-c', HOLD_LOCK, 'sh', path, String.valueOf(seconds)])
        long giveUp = System.nanoTime() + 10_000_000_000L
        while (!debian.run(['test', '-e', '/run/lxcg-lock-held']).success) {
            assert System.nanoTime() < giveUp: "the lock holder did not take $path within 10 s"
            Thread.sleep(50)
        }
        holder
    }
}
