package org.lxcgroovy.dsl

import org.codehaus.groovy.control.MultipleCompilationErrorsException
import spock.lang.Specification
import spock.lang.Tag

/**
 * The DSL as a type checker (and so an IDE) sees it: the fleet body and the in-container closure declare their
 * delegates, and the fleet member has the container's API as real methods, so a @TypeChecked script compiles and a
 * misspelt name is a compile error that names it.
 */
@Tag('unit')
class TypeCheckedSpec extends Specification {
    static final String JOB = '''\
        import groovy.transform.TypeChecked

        @TypeChecked
        void job() {
            fleet(containers('lxcg-test-*'), timeout: 60) {
                ensureRunning()
                String ip = waitForIp(timeout: 30)
                sh 'apt-get check'
                ExecResult r = run('uname', '-a')
                ContainerState now = state
                log "$name $now $ip ${r.stdout}"
                String host = file('/etc/hostname').text
                List<String> v6 = getIps(family: 'inet6')
                attachWait {
                    sh 'true'
                    file('/tmp/marker').text = host
                }
            }
            container('lxcg-test-x').attachWait { sh 'true'; String h = hostname }
        }

        @TypeChecked
        void everyClosureDeclaresItsParameter() {
            List<Container> web = containers { it.name == 'web-1' && it.running }
            fleet(web) { FleetMember m -> m.ensureRunning(); m.log(m.name) }
            fleet(web) { it.waitForIp(timeout: 5) }
            container('web-1').attachWait { InContainer box -> box.sh('true') }
            container('web-1').attachWait { it.file('/etc/hostname').text }
            fleet(web) { attachWait { FleetMember inner -> inner.sh('true') } }
        }
        '''.stripIndent()

    static Script compile(String text) {
        ScriptCompiler.shell(new Binding()).parse(text, 'job.groovy')
    }

    def "a @TypeChecked fleet script using the DSL's vocabulary compiles"() {
        when:
        def script = compile(JOB)

        then:
        script instanceof LxcScript
    }

    def "every closure the DSL takes declares its parameter: it.name in a container filter checks as a Container"() {
        when:
        compile(JOB.replace("it.name == 'web-1'", 'it.nam == 1'))

        then: 'the control: a property a Container does not have is a compile error'
        def e = thrown(MultipleCompilationErrorsException)
        e.message.contains('No such property: nam for class: org.lxcgroovy.engine.Container')
    }

    def "a misspelt name in a fleet body is a compile error naming it: #wrong"() {
        when:
        compile(JOB.replace(right, wrong))

        then:
        def e = thrown(MultipleCompilationErrorsException)
        e.message.contains('[Static type checking]')
        e.message.contains(wrong.replaceAll(/\(.*/, ''))

        where:
        right                   | wrong
        'ensureRunning()'       | 'ensureRuning()'
        'waitForIp(timeout: 30)'| 'waitForIP(timeout: 30)'
        "sh 'true'"             | "shh 'true'"
        'state'                 | 'stat'
    }

    def "the IDE descriptors ship with the DSL and name classes that exist: #resource"() {
        given:
        URL url = getClass().classLoader.getResource(resource)

        expect:
        url != null
        List<String> named = (url.text =~ /['"](org\.lxcgroovy\.[\w.]+)['"]/).collect { it[1] }
        named.containsAll(['org.lxcgroovy.dsl.LxcScript', 'org.lxcgroovy.engine.Lxc'])
        named.every { Class.forName(it, false, getClass().classLoader) }

        where:
        resource << ['org/lxcgroovy/dsl/lxc-groovy.gdsl', 'dsld/lxc-groovy.dsld']
    }
}
