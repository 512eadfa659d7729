package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LxcHost
import org.lxcgroovy.engine.support.LiblxcHost
import static org.lxcgroovy.engine.Lxc.*

import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import spock.lang.Specification
import spock.lang.Shared
import spock.lang.Stepwise

/** The rest of lxccontainer.h and the free functions, each exercised on a real container. */
@Stepwise
@LiblxcHost
class BindingSpec extends Specification {
    @Shared Container c
    @Shared String hostIf = 'lxcgt' + Integer.toHexString(ProcessHandle.current().pid() as int & 0xffff)

    def setupSpec() {
        c = LxcHost.busybox('binding')
        c.setConfigItem('lxc.console.buffer.size', 'auto')
        // mount injection goes through a shared mount point that must be configured before start
        c.appendConfigItem('lxc.mount.auto', "shmounts:/run/${c.name}-shmounts:/mnt/shmounts")
        new File("/run/${c.name}-shmounts").mkdirs()
        new File("${Lxc.defaultConfigPath()}/${c.name}/rootfs/mnt/shmounts").mkdirs()
        c.saveConfig()
        c.start()
        assert c.getIps(family: 'inet', timeout: 30)
    }

    def cleanupSpec() {
        ['ip', 'link', 'del', hostIf].execute().waitFor()
        ['umount', '-l', "/run/${LxcHost.PREFIX}binding-shmounts"].execute().waitFor()
        new File("/run/${LxcHost.PREFIX}binding-shmounts").deleteDir()
        LxcHost.dispose(c)
    }

    def "the free functions answer"() {
        expect:
        version() ==~ /5\.0\.\d+/
        versionAtLeast(5, 0, 0) && versionAtLeast(4, 99, 99) && !versionAtLeast(5, 1, 0) && !versionAtLeast(6, 0, 0)
        globalConfigItem('lxc.lxcpath') == '/var/lib/lxc'
        defaultConfigPath() == '/var/lib/lxc'
        globalConfigItem('lxc.no.such.item') == null
        configItemIsSupported('lxc.uts.name')
        !configItemIsSupported('lxc.no.such.key')
        hasApiExtension('mount_injection')
        hasApiExtension('pidfd')
        !hasApiExtension('no_such_extension')
        waitStates().containsAll(['STOPPED', 'RUNNING', 'FROZEN'])
        c.name in containers()*.name
    }

    def "waitFor answers false when the state does not come"() {
        expect:
        !c.waitFor('FROZEN', 1)
        c.waitFor(ContainerState.RUNNING, 1)
    }

    def "a console's pty can be taken, and the console log ring buffer holds what was written to it"() {
        when:
        def console = c.consoleGetFd(-1)
        c.run('sh', '-c', 'echo hello-console > /dev/console')
        def log = consoleLogEventually('hello-console')

        then:
        console.fd > 2
        console.ttynum >= 1
        new File("/proc/self/fd/${console.fd}").exists()
        log.contains('hello-console')

        when: 'clearing empties it'
        c.consoleLog(true, false, 0)
        c.consoleLog(false, true, 0)

        then: 'an empty buffer reads as ENODATA, with errno in the reason'
        def empty = thrown(LxcException)
        empty.reason.contains('errno')

        cleanup:
        console?.close()
    }

    /** The monitor copies console output into the ring buffer asynchronously: poll for it (2 s at most). */
    private String consoleLogEventually(String expected) {
        String log = ''
        for (int i = 0; i < 40 && !log.contains(expected); i++) {
            try {
                log = c.consoleLog(false, true, 0)
            } catch (LxcException empty) {
                Thread.sleep(50)   // ENODATA until the monitor has read the pty
            }
        }
        log
    }

    def "a device node is added to and removed from the running container"() {
        given: 'a character device (1:5, like /dev/zero) that only the host has'
        def node = "/dev/${LxcHost.PREFIX}zero"
        assert ['mknod', node, 'c', '1', '5'].execute().waitFor() == 0

        when:
        c.addDeviceNode(node, null)

        then:
        c.run('test', '-c', node).success
        c.run('sh', '-c', "head -c 4 $node | wc -c").stdout.trim() == '4'

        when:
        c.removeDeviceNode(node, null)

        then:
        !c.run('test', '-e', node).success

        when: 'a destination missing on the host is explained, not a silent false'
        c.addDeviceNode('/dev/zero', '/dev/lxcg-nowhere')

        then:
        def e = thrown(LxcException)
        e.reason.contains('exist on the host')

        cleanup:
        new File(node).delete()
    }

    def "a host interface moves into the container and back"() {
        given:
        assert ['ip', 'link', 'add', hostIf, 'type', 'veth', 'peer', 'name', hostIf + 'p'].execute().waitFor() == 0

        when:
        c.attachInterface(hostIf, 'eth1')

        then:
        'eth1' in c.interfaces
        !new File("/sys/class/net/$hostIf").exists()

        when:
        c.detachInterface('eth1', hostIf)

        then:
        !('eth1' in c.interfaces)
        new File("/sys/class/net/$hostIf").exists()
    }

    def "mount injection reaches liblxc: the directory shows inside, or liblxc's reason comes back"() {
        given:
        def dir = File.createTempDir('lxcg-inject')
        new File(dir, 'greeting').text = 'from the host\n'
        c.run('mkdir', '-p', '/mnt/injected')

        when:
        def outcome
        try {
            c.mount(dir.path, '/mnt/injected', null, 4096 /* MS_BIND */, null)
            outcome = c.run('cat', '/mnt/injected/greeting').stdout
            c.umount('/mnt/injected', 0)
        } catch (LxcException e) {
            outcome = e
        }
        println "BindingSpec: mount injection -> ${outcome instanceof LxcException ? outcome.message : outcome.trim()}"

        then: 'on these sandboxed hosts liblxc cannot move the mount out of the shared mount point (EINVAL)'
        outcome == 'from the host\n' || (outcome.operation == 'mount(/mnt/injected)' && outcome.reason.contains('mount'))
        !c.run('test', '-e', '/mnt/injected/greeting').success

        cleanup:
        dir.deleteDir()
    }

    def "init pidfd and devpts fd are fresh descriptors the caller owns"() {
        when:
        int pidfd = c.initPidfd
        def info = new File("/proc/self/fdinfo/$pidfd").text
        int devpts = c.devptsFd

        then:
        pidfd > 2
        info.contains("Pid:\t${c.initPid}")
        devpts > 2
        new File("/proc/self/fd/$devpts").canonicalPath.contains('pts') || new File("/proc/self/fd/$devpts").exists()

        cleanup:
        org.lxcgroovy.engine.internal.jna.LibC.INSTANCE.close(pidfd)
        org.lxcgroovy.engine.internal.jna.LibC.INSTANCE.close(devpts)
    }

    def "without seccomp notification configured, its fd is a clear error"() {
        when:
        c.seccompNotifyFd

        then:
        def e = thrown(LxcException)
        e.operation == 'seccompNotifyFd'
        e.container == c.name
    }

    def "checkpoint reaches CRIU and its failure reaches the caller with a reason"() {
        given:
        def dir = File.createTempDir('lxcg-checkpoint')

        when:
        def outcome
        try {
            c.checkpoint(dir.path, false, false)
            outcome = 'checkpointed'
        } catch (LxcException e) {
            outcome = e
        }
        println "BindingSpec: checkpoint -> ${outcome instanceof LxcException ? outcome.message : outcome}"

        then: 'CRIU cannot dump on this kernel (see docs/liblxc.md); where it can, the checkpoint exists'
        outcome == 'checkpointed' ? dir.list().length > 0 : (outcome.operation == 'checkpoint' && outcome.reason.contains('criu'))
        c.running

        cleanup:
        dir.deleteDir()
    }

    def "migrate's feature check is reachable and answers or explains"() {
        when:
        def outcome
        try {
            c.migrate(MIGRATE_FEATURE_CHECK, MigrateOptions.featureCheck(FEATURE_MEM_TRACK))
            outcome = 'supported'
        } catch (LxcException e) {
            outcome = e
        }
        println "BindingSpec: migrate feature check -> ${outcome instanceof LxcException ? outcome.message : outcome}"

        then:
        outcome == 'supported' || (outcome.operation == 'migrate' && outcome.reason)
    }

    def "one Container is safe to use from several threads at once"() {
        given:
        def pool = Executors.newFixedThreadPool(8)

        when:
        def results = (0..<8).collect { t ->
            pool.submit({
                50.times { i ->
                    if (t % 2) {
                        assert c.run('echo', "$t-$i").stdout == "$t-$i\n"
                    } else {
                        assert c.state == ContainerState.RUNNING
                        assert c.getConfigItem('lxc.uts.name') == c.name
                        c.setConfigItem('lxc.tty.max', (i % 5 + 1).toString())
                        assert c.getKeys('lxc.net.0')
                        assert c.ips
                    }
                }
                true
            } as Callable)
        }*.get(2, TimeUnit.MINUTES)

        then:
        results.every()

        cleanup:
        pool.shutdownNow()
        c.loadConfig(null)
    }

    def "a command's words may be Groovy strings in every spelling that takes a list: #spelling"() {
        given: 'a GString inside the command list, as a script builds it'
        String name = 'hello'
        List command = ['sh', '-c', 'echo "$1"; test "$1" = hello', 'sh', "${name}"]

        expect:
        call(c, command)

        where:
        spelling                | call
        'run(List)'             | { Container x, List cmd -> x.run(cmd).stdout == 'hello\n' }
        'run(Map, List)'        | { Container x, List cmd -> x.run(cmd, timeout: 10).stdout == 'hello\n' }
        'attachWait(List)'      | { Container x, List cmd -> x.attachWait(cmd) == 0 }
        'attachWait(Map, List)' | { Container x, List cmd -> x.attachWait(cmd, stdout: 'discard') == 0 }
    }

    def "getRunningConfigItem tells a key liblxc does not know from one it knows but the container has not set"() {
        when:
        c.getRunningConfigItem('lxc.network.0.type')

        then:
        def unknown = thrown(LxcException)
        unknown.kind == LxcException.Kind.REFUSED
        unknown.reason == "liblxc ${Lxc.version()} does not know the key 'lxc.network.0.type'"

        when:
        c.getRunningConfigItem('lxc.hook.mount')

        then:
        def unset = thrown(LxcException)
        unset.kind == LxcException.Kind.FAILED
        unset.reason == "the key 'lxc.hook.mount' is known to liblxc but not set in the running container"
    }

    def "getCgroupItem of an item the container's cgroup does not have names the item and where it looked"() {
        when:
        c.getCgroupItem('no.such.item')

        then:
        def e = thrown(LxcException)
        e.kind == LxcException.Kind.REFUSED
        e.reason ==~ /the container's cgroup has no item 'no\.such\.item' \(no such file in \/sys\/fs\/cgroup\/.*lxc\.payload\.${c.name}\)/

        and: 'the control: an item it has is read'
        c.getCgroupItem('pids.current') ==~ /\d+/
    }

    def "reboot2 reboots and waits for it"() {
        given:
        int before = c.initPid

        expect:
        c.reboot2(30)
        c.running
        c.initPid != before
    }

    def "snapshotDestroyAll destroys every snapshot, and a clone keeps its MAC with LXC_CLONE_KEEPMACADDR"() {
        given:
        c.stop()

        when:
        c.snapshot()
        c.snapshot()

        then:
        c.snapshotList()*.name == ['snap0', 'snap1']

        when:
        c.snapshotDestroyAll()
        def twin = c.clone(c.name + '-twin', flags: LXC_CLONE_KEEPMACADDR)

        then:
        c.snapshotList().isEmpty()
        twin.getConfigItem('lxc.net.0.hwaddr') == c.getConfigItem('lxc.net.0.hwaddr')

        cleanup:
        twin?.destroy()
        twin?.close()
    }

    def "unsaved configuration is what a start uses, as in python"() {
        when:
        c.setConfigItem('lxc.uts.name', 'unsaved-hostname')
        c.start()

        then:
        c.run('hostname').stdout.trim() == 'unsaved-hostname'
        new Container(c.name).withCloseable { it.getConfigItem('lxc.uts.name') } == c.name

        cleanup:
        c.stop()
        c.loadConfig(null)
    }

    def "a foreground start returns only when the container stops, and the same object can stop it meanwhile"() {
        given:
        def pool = Executors.newSingleThreadExecutor()
        def stopper = pool.submit({
            assert c.waitFor(ContainerState.RUNNING, 30)
            c.stop()
            true
        } as Callable)

        when:
        c.start(daemonize: false)

        then: 'it returned because the container stopped'
        stopper.get(30, TimeUnit.SECONDS)
        !c.running

        cleanup:
        pool.shutdownNow()
    }
}
