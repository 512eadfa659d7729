package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import static org.lxcgroovy.engine.Lxc.*

import spock.lang.Specification
import spock.lang.Shared
import spock.lang.Stepwise

/**
 * python3-lxc's examples/api_test.py, step by step, in Groovy over the engine; {@link UnprivilegedJourneySpec} walks
 * it again on an unprivileged container.
 */
@Stepwise
@LiblxcHost
class ApiJourneySpec extends Specification {
    @Shared String NAME
    @Shared List<String> CREATED
    @Shared Container container

    /** The journey's container name. */
    String journeyName() {
        LxcHost.PREFIX + 'journey'
    }

    /** How the journey's container is made (the new object, not yet defined). */
    void createIt(Container c) {
        c.create('busybox')
    }

    def setupSpec() {
        NAME = journeyName()
        CREATED = [NAME, NAME + '-clone', NAME + '-overlay', NAME + '-renamed', NAME + '-restored']
        CREATED.each { LxcHost.destroy(it) }
        container = new Container(NAME)
    }

    def cleanupSpec() {
        container?.close()
        CREATED.each { LxcHost.destroy(it) }
    }

    def "a new object is not defined, STOPPED, with init pid -1"() {
        expect:
        !container.defined
        container.state == ContainerState.STOPPED
        container.state.toString() == 'STOPPED'
        container.initPid == -1
        container.name == NAME
        container.configPath == defaultConfigPath()
    }

    def "create from the busybox template defines it, named as lxc.uts.name, and lists it"() {
        when:
        createIt(container)

        then:
        container.defined
        container.getConfigItem('lxc.uts.name') == NAME
        NAME in listContainers()
        NAME in listContainers(false, true, null)
        !(NAME in listContainers(true, false, null))
        container.configFileName == "${defaultConfigPath()}/$NAME/config"
        container.controllable
    }

    def "lxc.cap.drop round-trips as a list through clear, set, append and save"() {
        given:
        def capdrop = container.getConfigItem('lxc.cap.drop')

        when:
        container.clearConfigItem('lxc.cap.drop')
        container.setConfigItem('lxc.cap.drop', capdrop[0..-2])
        container.appendConfigItem('lxc.cap.drop', capdrop[-1])
        container.saveConfig()

        then:
        capdrop instanceof List
        capdrop.size() > 1
        container.getConfigItem('lxc.cap.drop') == capdrop
        new Container(NAME).withCloseable { it.getConfigItem('lxc.cap.drop') } == capdrop
    }

    def "the NIC view maps lxc.net.0.* keys"() {
        when:
        def nic = container.network[0]
        nic.hwaddr = Nic.stableHwaddr(NAME)
        container.saveConfig()

        then:
        container.network.size() == 1
        nic.type == 'veth'
        nic.link == 'lxcbr0'
        'name' in container.getKeys('lxc.net.0')
        container.getConfigItem('lxc.net.0.hwaddr') == Nic.stableHwaddr(NAME)
    }

    def "start, wait for RUNNING, init pid above 1"() {
        when:
        container.start()

        then:
        container.waitFor('RUNNING', 3)
        container.running
        container.initPid > 1
        NAME in listContainers(true, false, null)
    }

    def "interfaces contain eth0 and an IPv4 address appears within the timeout"() {
        when:
        def ips = container.getIps(family: 'inet', timeout: 30)

        then:
        'eth0' in container.interfaces
        ips.size() == 1
        ips[0] ==~ /10\.0\.3\.\d+/
        container.getIps(family: 'inet', interface: 'eth0') == ips
        container.getIpsFromLiblxc('inet', null, 0) == ips
    }

    def "the running configuration answers"() {
        expect:
        container.getRunningConfigItem('lxc.uts.name') == NAME
    }

    def "a cgroup item is read and set"() {
        given:
        String key = new File('/sys/fs/cgroup/cgroup.controllers').exists() ? 'pids.max' : 'memory.limit_in_bytes'
        String value = key == 'pids.max' ? '512' : '268435456'

        when:
        def before = container.getCgroupItem(key)
        container.setCgroupItem(key, value)

        then:
        before
        container.getCgroupItem(key) == value
    }

    def "freeze makes it FROZEN, unfreeze RUNNING again"() {
        when:
        container.freeze()
        then:
        container.waitFor('FROZEN', 3)
        container.state == ContainerState.FROZEN

        when:
        container.unfreeze()
        then:
        container.waitFor('RUNNING', 3)
    }

    def "shutdown stops it cleanly"() {
        expect:
        container.shutdown(30)
        container.state == ContainerState.STOPPED
        container.initPid == -1
    }

    def "snapshot snap0 is listed, restored and destroyed"() {
        given:
        def comment = File.createTempFile('lxcg-comment', '.txt')
        comment.text = 'before the upgrade'

        when:
        def snap = container.snapshot(comment.path)
        def listed = container.snapshotList()

        then:
        snap == 'snap0'
        listed*.name == ['snap0']
        listed[0].timestamp
        new File(listed[0].commentPath).text.trim() == 'before the upgrade'

        when: 'a snapshot is restored as a new container, and over the original'
        container.snapshotRestore('snap0', NAME + '-restored')
        container.snapshotRestore('snap0')

        then:
        new Container(NAME + '-restored').withCloseable { it.defined }
        container.defined
        container.getConfigItem('lxc.uts.name') == NAME

        when:
        container.snapshotDestroy('snap0')

        then:
        container.snapshotList().isEmpty()

        cleanup:
        comment.delete()
    }

    def "clone copies it, plain and as an overlay snapshot"() {
        when:
        def plain = container.clone(NAME + '-clone')
        def overlay = container.clone(NAME + '-overlay', bdevtype: 'overlayfs', flags: LXC_CLONE_SNAPSHOT)

        then:
        plain.defined
        plain.getConfigItem('lxc.uts.name') == NAME + '-clone'
        plain.getConfigItem('lxc.net.0.hwaddr') != container.getConfigItem('lxc.net.0.hwaddr')
        overlay.defined
        overlay.getConfigItem('lxc.rootfs.path').startsWith('overlay')

        when: 'the overlay clone runs, with a MAC of its own that stays (a drawn one would take a new lease each run)'
        overlay.network[0].hwaddr = Nic.stableHwaddr(NAME + '-overlay')
        overlay.saveConfig()
        overlay.start()

        then:
        overlay.run('hostname').stdout.trim() == NAME + '-overlay'

        cleanup:
        overlay?.stop()
        [plain, overlay]*.destroy()
        [plain, overlay]*.close()
    }

    def "rename moves it to a new name, destroy removes it"() {
        when:
        container.rename(NAME + '-renamed')

        then:
        container.name == NAME + '-renamed'
        container.defined
        !new Container(NAME).withCloseable { it.defined }

        when:
        container.destroy()

        then:
        !container.defined
        !(NAME + '-renamed' in listContainers())
    }
}
