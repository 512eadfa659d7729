#!/usr/bin/env lxc-groovy
// python3-lxc's examples/api_test.py, line for line in lxc-groovy. Differences: the busybox template instead of
// `download` (no image server needed), container names from PREFIX, and the cgroup step through the portable
// memory-limit calls (python's uses v1 items). Usage: lxc-groovy scripts/api-test.groovy [PREFIX] [--with-console]
String prefix = args.length > 0 ? args[0] : 'lxcg-demo-api-'
String CONTAINER_NAME = prefix + 'main'
String CLONE_NAME = prefix + 'clone'
String RENAME_NAME = prefix + 'renamed'

println "Getting instance for '$CONTAINER_NAME'"
def container = container(CONTAINER_NAME)

assert container.configFileName == "${defaultConfigPath()}/$CONTAINER_NAME/config"
assert !container.defined
assert container.initPid == -1
assert container.name == CONTAINER_NAME
assert !container.running
assert container.state.toString() == 'STOPPED'

println "Creating rootfs using 'busybox'"
container.create('busybox')
container.network[0].hwaddr = Nic.stableHwaddr(CONTAINER_NAME)  // one MAC, so one DHCP lease, however often this runs
container.saveConfig()

assert container.defined
assert container.name == CONTAINER_NAME && CONTAINER_NAME == container.getConfigItem('lxc.uts.name')
assert CONTAINER_NAME in listContainers()

println 'Testing the configuration'
List capdrop = container.getConfigItem('lxc.cap.drop')
container.clearConfigItem('lxc.cap.drop')
container.setConfigItem('lxc.cap.drop', capdrop[0..-2])
container.appendConfigItem('lxc.cap.drop', capdrop[-1])
container.saveConfig()

assert capdrop instanceof List
assert capdrop == container.getConfigItem('lxc.cap.drop')

println 'Testing the networking'

assert 'name' in container.getKeys('lxc.net.0')
assert container.network.size() == 1

println 'Starting the container'
container.start()
container.waitFor('RUNNING', 3)

assert container.initPid > 1
assert container.running
assert container.state.toString() == 'RUNNING'

println 'Getting the interface names'
def expectedIfs = ['lo', 'eth0'] as Set
if (new File('/sys/module/sit').directory) expectedIfs << 'sit0'
if (new File('/sys/module/ipip').directory) expectedIfs << 'tunl0'
assert container.interfaces as Set == expectedIfs

println 'Getting the IP addresses'
def ips = container.getIps(timeout: 30)          // waits without python's sleep loop

container.attachWait(attachRunCommand, ['ifconfig', 'eth0'], namespaces: CLONE_NEWNET | CLONE_NEWUTS)

assert ips.size() > 0

assert container.name == CONTAINER_NAME && CONTAINER_NAME == container.getConfigItem('lxc.uts.name') &&
        CONTAINER_NAME == container.getRunningConfigItem('lxc.uts.name')

println 'Testing cgroup API'
long currentLimit = container.memoryLimit
container.memoryLimit = 256L << 20
assert container.memoryLimit != currentLimit

println 'Freezing the container'
container.freeze()
container.waitFor('FROZEN', 3)

assert container.initPid > 1
assert container.running
assert container.state.toString() == 'FROZEN'

println 'Unfreezing the container'
container.unfreeze()
container.waitFor('RUNNING', 3)

assert container.initPid > 1
assert container.running
assert container.state.toString() == 'RUNNING'

if (args.length > 1 && args[1] == '--with-console') {
    println 'Attaching to tty1'
    container.console(1, 0, 1, 2, 1)
}

println 'Shutting down the container'
if (!container.shutdown(3)) {
    container.stop()
}

if (container.running) {
    println 'Stopping the container'
    container.stop()
    container.waitFor('STOPPED', 3)
}

assert container.initPid == -1
assert !container.running
assert container.state.toString() == 'STOPPED'

println 'Snapshotting the container'
assert !container.snapshotList()
assert container.snapshot() == 'snap0'
assert container.snapshotList().size() == 1
container.snapshotRestore('snap0')                // failures throw, so there is no True to check
container.snapshotDestroy('snap0')

println "Cloning the container as '$CLONE_NAME'"
def clone = container.clone(CLONE_NAME)
assert clone

println "Renaming the clone to '$RENAME_NAME'"
clone.rename(RENAME_NAME)                         // renames this object too
clone.network[0].hwaddr = Nic.stableHwaddr(RENAME_NAME)   // the clone drew a new MAC; this one stays
clone.saveConfig()
clone.start()
clone.stop()
clone.destroy()
clone.close()

println 'Destroying the container'
container.destroy()

assert !container.defined
