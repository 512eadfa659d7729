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
 * <p>
 * In check mode nothing of the system's apt and dpkg state is written: {@code update} fetches the lists into a
 * scratch directory in the container's /tmp (removed at the end), and {@code upgrade}, {@code install} and
 * {@code remove} are apt's simulation ({@code apt-get -s}, no package cache written) over those lists, returning and
 * reporting what they would change.
 */
class Apt implements PackageManager {
    static final Map<String, String> ENV = [DEBIAN_FRONTEND: 'noninteractive', APT_LISTCHANGES_FRONTEND: 'none',
                                            NEEDRESTART_MODE: 'a', LC_ALL: 'C.UTF-8'].asImmutable()
    static final List<String> NO_PROMPTS = ['-y', '-q', '-o', 'Dpkg::Options::=--force-confdef',
                                            '-o', 'Dpkg::Options::=--force-confold'].asImmutable()
    /** Outside a fleet run (no deadline): how long to wait for a lock another apt holds. */
    static final long LOCK_WAIT_SECONDS = 300
    static final List<String> DPKG_QUERY = ['dpkg-query', '-W', '-f', '${db:Status-Abbrev}\t${binary:Package}\t${Version}\n']
    /** A simulation writes no package cache (apt-get -s otherwise rewrites /var/cache/apt/*.bin). */
    /**
     * apt-get update fails when an index could not be fetched: by default it warns, exits 0 and keeps the old lists
     * (a container that cannot resolve its mirror "updated" silently). apt since 2.1.16 reads this; older ones
     * ignore the option.
     */
    static final List<String> FETCH_ERRORS_FAIL = ['-o', 'APT::Update::Error-Mode=any'].asImmutable()
    static final List<String> NO_CACHE = ['-o', 'Dir::Cache::pkgcache=', '-o', 'Dir::Cache::srcpkgcache='].asImmutable()
    private static final Map<String, Object> READ_ONLY = [readOnly: true, env: ENV].asImmutable()
    /** A package name, optionally with :arch and =version or /release; nothing an option could hide in. */
    private static final Pattern PACKAGE = ~/[a-z0-9][a-z0-9+.\-]*(:[a-z0-9\-]+)?([=\/][A-Za-z0-9.+~:\-]+)?/

    private final InContainer box
    /** dpkg's architecture, once apt is known to be there: names of that architecture go without it. */
    private String nativeArch
    /** Check mode, after an update: the scratch directory holding the package lists it fetched. */
    private String scratchLists

    Apt(InContainer box) {
        this.box = box
    }

    /** Refreshes the package lists; in check mode into a scratch directory the simulations then read. */
    void update() {
        box.step(StepKind.APT, 'apt.update') {
            if (box.check) {
                requireApt('apt.update')
                aptGet('apt.update', FETCH_ERRORS_FAIL + NO_CACHE + lists(true), 'update', [], true)
            } else {
                aptGet('apt.update', FETCH_ERRORS_FAIL, 'update', [], false)
            }
        }
    }

    /** Options: {@code dist} (default true: {@code dist-upgrade}, which may add and remove packages; false: {@code upgrade}). */
    List<Map<String, String>> upgrade(Map options = [:]) {
        NamedOptions.check('apt.upgrade', options, ['dist'])
        String subcommand = options.dist == false ? 'upgrade' : 'dist-upgrade'
        changing('apt.upgrade', subcommand, [])
    }

    /**
     * What {@code upgrade(options)} would change now, by apt's simulation, in any mode; the count of upgrades goes in
     * the report (and {@code --metrics}) as the container's pending upgrades.
     */
    List<Map<String, String>> pending(Map options = [:]) {
        NamedOptions.check('apt.pending', options, ['dist'])
        box.step(StepKind.APT, 'apt.pending') {
            List<Map<String, String>> would = simulate('apt.pending', options.dist == false ? 'upgrade' : 'dist-upgrade', [])
            box.upgradesPending(upgrades(would))
            would
        }
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
        changing('apt.install', 'install', extra + names)
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
        changing('apt.remove', options.purge ? 'purge' : 'remove', names)
    }

    /** Installed versions by package name, as dpkg has them now. */
    Map<String, String> installed() {
        requireApt('apt.installed')
        ExecResult r = box.run([readOnly: true], DPKG_QUERY)
        if (!r.success) {
            throw new LxcException(LxcException.Kind.FAILED, 'apt.installed', box.name, failure('dpkg-query', r))
        }
        PackageStates.fromDpkgQuery(r.stdout, nativeArch)
    }

    /** apt-get {@code subcommand}: what it changed, read from dpkg before and after; in check mode what it would. */
    private List<Map<String, String>> changing(String operation, String subcommand, List<String> args) {
        box.step(StepKind.APT, operation) {
            requireApt(operation)   // first, so a container without apt is named in this operation's error
            if (box.check) {
                List<Map<String, String>> would = simulate(operation, subcommand, args)
                box.packagesWouldChange(would)
                if (operation == 'apt.upgrade') {
                    box.upgradesPending(upgrades(would))
                }
                return would
            }
            Map<String, String> before = installed()
            aptGet(operation, [], subcommand, args, false)
            List<Map<String, String>> changes = PackageStates.changes(before, installed())
            box.packagesChanged(changes)
            changes
        }
    }

    /** apt's simulation of {@code subcommand}: what it would change, each {@code [name:, from:, to:]}. */
    private List<Map<String, String>> simulate(String operation, String subcommand, List<String> args) {
        requireApt(operation)
        List<String> argv = ['apt-get', '-s'] + NO_PROMPTS + NO_CACHE + lists(false) + [subcommand] + args
        ExecResult r = box.run(READ_ONLY, argv)
        if (!r.success) {
            throw new LxcException(LxcException.Kind.FAILED, operation, box.name, failure("apt-get -s $subcommand", r))
        }
        PackageStates.fromSimulation(r.stdout, nativeArch)
    }

    /** Check mode: apt's options for the scratch lists, made first when {@code create}; none before an update. */
    private List<String> lists(boolean create) {
        if (scratchLists == null && create) {
            ExecResult r = box.run(READ_ONLY, ['/bin/sh', '-c',
                    'd=$(mktemp -d /tmp/lxc-groovy-check.XXXXXX) && chmod 755 "$d" && mkdir "$d/partial" && echo "$d"'])
            if (!r.success) {
                throw new LxcException(LxcException.Kind.FAILED, 'apt.update', box.name,
                        "no scratch directory for check mode's package lists: ${r.stderr.trim() ?: r.ended()}")
            }
            scratchLists = r.stdout.trim()
        }
        scratchLists == null ? [] : ['-o', "Dir::State::Lists=${scratchLists}".toString()]
    }

    /** Removes check mode's scratch lists, if any (the container may be gone by then: nothing to remove). */
    void discardScratch() {
        if (scratchLists != null) {
            try {
                box.run(READ_ONLY, ['rm', '-rf', '--', scratchLists])
            } catch (LxcException ignored) {
                // stopped, gone or out of time: the scratch directory is in /tmp, which is the container's to clean
            }
            scratchLists = null
        }
    }

    private static int upgrades(List<Map<String, String>> changes) {
        changes.count { it.from != null && it.to != null } as int
    }

    /**
     * Runs apt-get with {@code aptOptions}; while another apt holds a lock it needs and time is left, tries again
     * each second. {@code readOnly}: it writes nothing of the system's state (check mode's update into scratch lists).
     */
    private void aptGet(String operation, List<String> aptOptions, String subcommand, List<String> args, boolean readOnly) {
        requireApt(operation)
        long lockWait = box.secondsLeft() ?: LOCK_WAIT_SECONDS
        long giveUp = System.nanoTime() + lockWait * 1_000_000_000L
        List<String> argv = ['apt-get', '-o', "DPkg::Lock::Timeout=$lockWait".toString()] + NO_PROMPTS + aptOptions + [subcommand] + args
        while (true) {
            ExecResult r = box.run([env: ENV, readOnly: readOnly], argv)
            if (r.success) {
                return
            }
            if (!heldByAnother(r) || System.nanoTime() + 1_000_000_000L > giveUp) {
                LxcException e = new LxcException(LxcException.Kind.FAILED, operation, box.name, failure("apt-get $subcommand", r))
                throw cannotResolve(r) ? box.withAddressTrouble(e) : e
            }
            Thread.sleep(1000)
        }
    }

    private void requireApt(String operation) {
        if (nativeArch == null) {
            ExecResult r = box.run([readOnly: true], ['/bin/sh', '-c',
                    'command -v apt-get >/dev/null && command -v dpkg-query >/dev/null && dpkg --print-architecture'])
            if (!r.success) {
                throw new LxcException(LxcException.Kind.FAILED, operation, box.name, "no apt-get in container '${box.name}'")
            }
            nativeArch = r.stdout.trim()
        }
    }

    /** apt could not look up its mirror's name: perhaps the container has no address at all. */
    private static boolean cannotResolve(ExecResult r) {
        (r.stderr + r.stdout).contains('Temporary failure resolving')
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
