#!/usr/bin/env lxc-groovy
// Makes the demo fleet where it is missing: a Debian 12 base PREFIXbase (the debian template; ~1 min the first
// time, debootstrap from Debian's mirror, a few seconds once lxc-debian has cached it) and COUNT overlayfs snapshot
// clones of it, PREFIX1..COUNT, each with its own fixed MAC. The base stays stopped: the clones are layers over its
// rootfs. A demo clone that is not such a clone (the busybox demo containers of earlier versions) is replaced.
// Usage: lxc-groovy scripts/demo-containers.groovy [PREFIX] [COUNT]       (default lxcg-demo- 3)
String prefix = args.length > 0 ? args[0] : 'lxcg-demo-'
int count = args.length > 1 ? args[1] as int : 3

Container base = container("${prefix}base")
if (!base.defined) {
    println "creating ${base.name} from the debian template (bookworm)"
    base.create('debian', release: 'bookworm')
}
// liblxc gives a rootfs path with or without its storage type ("overlay:lower:upper", "dir:/path")
Closure<String> rootfsOf = { Container c -> c.getConfigItem('lxc.rootfs.path').toString().replaceFirst(/^(dir|overlay|overlayfs):/, '') }
String layerOf = rootfsOf(base) + ':'

(1..count).each { n ->
    Container clone = container("$prefix$n")
    if (clone.defined && !rootfsOf(clone).startsWith(layerOf)) {
        println "replacing ${clone.name}: it is not a clone of ${base.name}"
        if (clone.running) {
            clone.stop()
        }
        clone.snapshotList() ? clone.destroyWithSnapshots() : clone.destroy()
    }
    if (!clone.defined) {
        base.clone(clone.name, bdevtype: 'overlayfs', flags: LXC_CLONE_SNAPSHOT).close()
        println "[${clone.name}] created"
    }
}
println "${count} demo containers ready: ${(1..count).collect { "$prefix$it" }.join(', ')} (over ${base.name})"
