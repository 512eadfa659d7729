package org.lxcgroovy.engine

import org.lxcgroovy.engine.groovy.NamedOptions
import org.lxcgroovy.engine.groovy.OptionMaps

import spock.lang.Specification
import spock.lang.Tag

/** Error messages name the operation, the container and the reason, in one style. */
@Tag('unit')
class ErrorMessagesSpec extends Specification {

    def "an LxcException reads 'operation of container NAME failed: reason'"() {
        expect:
        new LxcException(LxcException.Kind.FAILED, 'start', 'web', 'No such file').message == "start of container 'web' failed: No such file"
        new LxcException(LxcException.Kind.FAILED, 'listContainers', null, 'cannot list').message == 'listContainers failed: cannot list'
        new LxcException(LxcException.Kind.FAILED, 'stop', 'web', '').message == "stop of container 'web' failed: liblxc gave no reason"
        new LxcException(LxcException.Kind.SYSTEM_ERROR, 'readText(/x)', 'web', 'ENOENT', 2, null).errno == 2
    }

    def "the kind liblxc's words show: '#reason' is #kind"() {
        expect:
        LxcFailure.kindOf(reason, LxcException.Kind.FAILED) == kind

        where:
        reason                                                  | kind
        'No container config specified'                         | LxcException.Kind.NOT_DEFINED
        'Container "web" is not running'                        | LxcException.Kind.NOT_RUNNING
        'Container is already running'                          | LxcException.Kind.ALREADY_RUNNING
        'Container already exists'                              | LxcException.Kind.ALREADY_EXISTS
        'Failed to mount "/srv"'                                | LxcException.Kind.FAILED
        null                                                    | LxcException.Kind.FAILED
    }

    def "liblxc's log line becomes its message"() {
        expect:
        LxcLog.messageOf('lxc web 20261201213503.123 ERROR    confile - ../src/lxc/confile.c:parse_line:3109 - Unknown key lxc.no.such') ==
                'Unknown key lxc.no.such'
        LxcLog.messageOf('  something without a source position  ') == 'something without a source position'
    }

    def "unknown named options are named, with the known ones, in one style"() {
        when:
        NamedOptions.check('fleet', options, ['parallel', 'timeout', 'quiet'])

        then:
        def e = thrown(IllegalArgumentException)
        e.message == message

        where:
        options                      | message
        [paralel: 2]                 | "unknown fleet option 'paralel'; known: parallel, quiet, timeout"
        [paralel: 2, timout: 3]      | "unknown fleet options 'paralel', 'timout'; known: parallel, quiet, timeout"
    }

    def "attach and clone options are checked by the same NamedOptions rule as the DSL's"() {
        when:
        NamedOptions.check('fleet', [parallel: 2], ['parallel'])
        NamedOptions.check('fleet', null, ['parallel'])

        then:
        noExceptionThrown()

        when:
        OptionMaps.attach(cwdd: '/tmp')

        then:
        def e = thrown(IllegalArgumentException)
        e.message.startsWith("unknown attach option 'cwdd'; known: ")

        when:
        OptionMaps.clone(bdev: 'overlayfs')

        then:
        e = thrown(IllegalArgumentException)
        e.message.startsWith("unknown clone option 'bdev'; known: ")
    }

    def "container names that would escape or confuse are refused before liblxc sees them: '#name'"() {
        when:
        ContainerNames.validate('new Container', name)

        then:
        def e = thrown(LxcException)
        e.kind == LxcException.Kind.REFUSED
        e.reason.startsWith('a container name must not')

        where:
        name << ['', null, '..', '.', '../x', 'a/b', 'a b', "a\tb", "a\nb"]
    }
}
