package org.lxcgroovy.cli.doctor

import groovy.transform.CompileStatic

/**
 * One NIC of a container as its config file has it (not as liblxc loads it: loading fills in an "xx" MAC with
 * random digits, which hides that it will be another one at the next start).
 */
@CompileStatic
class ContainerNet {
    final String container
    final int index
    String type
    String link
    String hwaddr

    ContainerNet(String container, int index) {
        this.container = container
        this.index = index
    }

    /** Without a MAC of its own, or with "x"s in it, liblxc draws one at every start. */
    boolean isRandomMac() {
        !hwaddr || hwaddr.toLowerCase(Locale.ROOT).contains('x')
    }

    /** The NICs ({@code lxc.net.N.*} lines) of a config file's lines, by index. */
    static List<ContainerNet> parse(String container, List<String> lines) {
        Map<Integer, ContainerNet> nics = new TreeMap<Integer, ContainerNet>()
        lines.each { String line ->
            def m = line =~ /^\s*lxc\.net\.(\d+)\.(type|link|hwaddr)\s*=\s*(.*?)\s*$/
            if (m.matches()) {
                int index = m.group(1) as int
                ContainerNet nic = nics.computeIfAbsent(index) { Integer i -> new ContainerNet(container, i) }
                nic.setProperty(m.group(2), m.group(3))
            }
        }
        new ArrayList<ContainerNet>(nics.values())
    }
}
