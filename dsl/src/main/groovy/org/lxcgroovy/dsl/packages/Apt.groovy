package org.lxcgroovy.dsl.packages

import java.util.regex.Pattern
import org.lxcgroovy.dsl.CommandFailedException
import org.lxcgroovy.dsl.InContainer
import org.lxcgroovy.dsl.StepKind
import org.lxcgroovy.engine.ExecResult
import org.lxcgroovy.engine.LxcException
import org.lxcgroovy.engine.groovy.NamedOptions

/**
 * apt-get in a Debian or Ubuntu container, never interactive: {@code DEBIAN_FRONTEND=noninteractive}, existing
 * conffiles kept ({@code --force-confdef --force-confold}), untranslated messages. A lock another apt holds (apt-daily
 * right after boot) is waited for, up to the time the container has left: dpkg's locks through apt's own
 * {@code DPkg::Lock::Timeout}; the package lists' lock, which that option does not cover (apt 2.6), by trying again.
 */
class Apt implements PackageManager {
    static final Map<String, String> ENV = [DEBIAN_FRONTEND: 'noninteractive', APT_LISTCHANGES_FRONTEND: 'none',
                                            NEEDRESTART_MODE: 'a', LC_ALL: 'C.UTF-8'].asImmutable()
    static final List<String> NO_PROMPTS = ['-y', '-q', '-o', 'Dpkg::Options::=--force-confdef',
                                            '-o', 'Dpkg::Options::=--force-confold'].asImmutable()
    /** Outside a fleet run (no deadline): how long to wait for a lock another apt holds. */
    static final long LOCK_WAIT_SECONDS = 300
    static final List<String> DPKG_QUERY = ['dpkg-query', '-W', '-f', '${db:Status-Abbrev}\t${binary:Package}\t${Version}\n']
    /** A package name, optionally with :arch and =version or /release; nothing an option could hide in. */
    private static final Pattern PACKAGE = ~/[a-z0-9][a-z0-9+.\-]*(:[a-z0-9\-]+)?([=\/][A-Za-z0-9.+~:\-]+)?/

    private final InContainer box
    private boolean present

    Apt(InContainer box) {
        this.box = box
    }

    void update() {
        box.step(StepKind.APT, 'apt.update') { aptGet('apt.update', 'update', []) }
    }

    List<Map<String, String>> upgrade(Map options = [:]) {
        NamedOptions.check('apt.upgrade', options, ['dist'])
        changing('apt.upgrade') { aptGet('apt.upgrade', options.dist == false ? 'upgrade' : 'dist-upgrade', []) }
    }

    List<Map<String, String>> install(String... packages) {
        install([:], packages as List<String>)
    }

    List<Map<String, String>> install(Map options, String... packages) {
        install(options, packages as List<String>)
    }

    /** Options: {@code recommends} (default true, as apt). */
    List<Map<String, String>> install(Map options, List<String> packages) {
        NamedOptions.check('apt.install', options, ['recommends'])
        List<String> names = checked('apt.install', packages)
        List<String> extra = options.recommends == false ? ['--no-install-recommends'] : []
        changing('apt.install') { aptGet('apt.install', 'install', extra + names) }
    }

    List<Map<String, String>> remove(String... packages) {
        remove([:], packages as List<String>)
    }

    List<Map<String, String>> remove(Map options, String... packages) {
        remove(options, packages as List<String>)
    }

    /** Options: {@code purge} (also the package's configuration files). */
    List<Map<String, String>> remove(Map options, List<String> packages) {
        NamedOptions.check('apt.remove', options, ['purge'])
        List<String> names = checked('apt.remove', packages)
        changing('apt.remove') { aptGet('apt.remove', options.purge ? 'purge' : 'remove', names) }
    }

    /** Installed versions by package name, as dpkg has them now. */
    Map<String, String> installed() {
        requireApt('apt.installed')
        ExecResult r = box.run([:], DPKG_QUERY)
        if (!r.success) {
            throw new LxcException(LxcException.Kind.FAILED, 'apt.installed', box.name, failure('dpkg-query', r))
        }
        PackageStates.fromDpkgQuery(r.stdout)
    }

    private List<Map<String, String>> changing(String operation, Closure<?> action) {
        box.step(StepKind.APT, operation) {
            requireApt(operation)   // first, so a container without apt is named in this operation's error
            Map<String, String> before = installed()
            action.call()
            List<Map<String, String>> changes = PackageStates.changes(before, installed())
            box.packagesChanged(changes)
            changes
        }
    }

    /** Runs apt-get; while another apt holds a lock it needs and time is left, tries again each second. */
    private void aptGet(String operation, String subcommand, List<String> args) {
        requireApt(operation)
        long lockWait = box.secondsLeft() ?: LOCK_WAIT_SECONDS
        long giveUp = System.nanoTime() + lockWait * 1_000_000_000L
        List<String> argv = ['apt-get', '-o', "DPkg::Lock::Timeout=$lockWait".toString()] + NO_PROMPTS + [subcommand] + args
        while (true) {
            ExecResult r = box.run([env: ENV], argv)
            if (r.success) {
                return
            }
            if (!heldByAnother(r) || System.nanoTime() + 1_000_000_000L > giveUp) {
                throw new LxcException(LxcException.Kind.FAILED, operation, box.name, failure("apt-get $subcommand", r))
            }
            Thread.sleep(1000)
        }
    }

    private void requireApt(String operation) {
        if (!present) {
            if (!box.run([:], ['/bin/sh', '-c', 'command -v apt-get && command -v dpkg-query']).success) {
                throw new LxcException(LxcException.Kind.FAILED, operation, box.name, "no apt-get in container '${box.name}'")
            }
            present = true
        }
    }

    private static boolean heldByAnother(ExecResult r) {
        (r.stderr + r.stdout).contains('Could not get lock')
    }

    /** apt's own error lines ("E: ..."), else the last lines of its output, else how it ended. */
    static String failure(String command, ExecResult r) {
        List<String> lines = (r.stderr + '\n' + r.stdout).readLines()*.trim().findAll { it }
        List<String> errors = lines.findAll { it.startsWith('E: ') }
        List<String> shown = errors ?: lines.takeRight(3)
        "`$command` ${r.ended()}${shown ? ': ' + shown.join(' | ') : ''}"
    }

    private List<String> checked(String operation, List<String> packages) {
        if (!packages) {
            throw new IllegalArgumentException("$operation needs at least one package name")
        }
        packages.collect { String p ->
            if (!PACKAGE.matcher(p).matches()) {
                throw new IllegalArgumentException("$operation: '$p' is not a package name")
            }
            p
        }
    }
}
