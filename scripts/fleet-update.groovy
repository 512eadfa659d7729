#!/usr/bin/env lxc-groovy
// The canonical job, for every container matching PATTERN (default lxcg-demo-*), all at once: start it if it is
// stopped, wait for its address, update it, and shut it down again if this run started it. Busybox containers
// have no apt-get; they run busybox and df instead, so the demo works without the network.
// Usage: lxc-groovy scripts/fleet-update.groovy [PATTERN]      Exit status 1 when any container failed.
String pattern = args ? args[0] : 'lxcg-demo-*'
def targets = containers(pattern)
if (!targets) {
    throw new IllegalArgumentException("no container matches '$pattern' (scripts/demo-containers.groovy makes some)")
}

fleet(targets, timeout: 600) {
    ensureRunning()
    String ip = waitForIp(timeout: 60)
    if (run('which', 'apt-get')) {
        sh 'apt-get update -q', env: [DEBIAN_FRONTEND: 'noninteractive']
        sh 'apt-get dist-upgrade -y -q', env: [DEBIAN_FRONTEND: 'noninteractive']
    } else {
        sh 'busybox | head -1'
    }
    log "$ip: ${sh('df -h / | tail -1').stdout.trim()}"
}
