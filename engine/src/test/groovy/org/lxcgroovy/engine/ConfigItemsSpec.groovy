package org.lxcgroovy.engine

import spock.lang.Specification
import spock.lang.Tag

/** liblxc's spellings of configuration values, as Java values. */
@Tag('unit')
class ConfigItemsSpec extends Specification {

    def "#key: liblxc's '#raw' reads as #value"() {
        expect:
        ConfigItems.value(key, raw) == value

        where:
        key                        | raw                                   | value
        'lxc.uts.name'             | 'web'                                 | 'web'
        'lxc.rootfs.path'          | ''                                    | ''
        'lxc.cap.drop'             | 'sys_module\nmac_admin\n'             | ['sys_module', 'mac_admin']
        'lxc.idmap'                | 'u 0 100000 65536\ng 0 100000 65536'  | ['u 0 100000 65536', 'g 0 100000 65536']
        'lxc.idmap'                | 'u 0 100000 65536'                    | ['u 0 100000 65536']
        'lxc.idmap'                | ''                                    | []
        'lxc.mount.entry'          | ''                                    | []
        'lxc.hook.pre-start'       | '/bin/true'                           | ['/bin/true']
        'lxc.net.0.ipv4.address'   | '10.0.3.5/24\n'                       | ['10.0.3.5/24']
        'lxc.net.0.ipv4.gateway'   | '10.0.3.1'                            | '10.0.3.1'
    }
}
