#!/usr/bin/env lxc-groovy
// The canonical job, for every container matching PATTERN (default lxcg-demo-[0-9]*), all at once: start it if it
// is stopped and wait for its boot, wait for its address, update its package lists, upgrade it, and shut it down
// again if this run started it. The report says what each container upgraded; with --check, what it would upgrade
// (nothing in the containers changes).
// Usage: lxc-groovy [--check] [--report run.json] scripts/fleet-update.groovy [PATTERN]   Exit status 1 when any failed.
String pattern = args ? args[0] : 'lxcg-demo-[0-9]*'
def targets = containers(pattern)
if (!targets) {
    throw new IllegalArgumentException("no container matches '$pattern' (scripts/demo-containers.groovy makes some)")
}

fleet(targets, timeout: 600) {
    ensureRunning()                       // booted: systemd says running (or degraded)
    String ip = waitForIp(timeout: 60)
    apt.update()
    def upgraded = apt.upgrade()          // [[name:, from:, to:], ...] from dpkg's state before and after
    log "$ip: ${upgraded.size()} packages ${checkMode ? 'would be upgraded' : 'upgraded'}"
}
