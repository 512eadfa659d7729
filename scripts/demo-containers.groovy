#!/usr/bin/env lxc-groovy
// Creates busybox demo containers PREFIX1..PREFIXn (default lxcg-demo-1..3) where they are missing, all at once,
// each with a MAC derived from its name so dnsmasq gives it the same address on every start.
// Usage: lxc-groovy scripts/demo-containers.groovy [PREFIX] [COUNT]
String prefix = args.length > 0 ? args[0] : 'lxcg-demo-'
int count = args.length > 1 ? args[1] as int : 3

def report = fleet((1..count).collect { "$prefix$it" }, quiet: true) {
    if (!defined) {
        create('busybox')
        network[0].hwaddr = Nic.stableHwaddr(name)
        saveConfig()
        log 'created'
    }
}
println "${count} demo containers ready: ${report.results*.container.join(', ')}"
