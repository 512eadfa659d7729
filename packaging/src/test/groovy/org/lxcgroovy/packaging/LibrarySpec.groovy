package org.lxcgroovy.packaging

import groovy.xml.XmlSlurper
import java.util.zip.ZipFile
import spock.lang.Specification

/**
 * The engine and the DSL as libraries: `package` makes sources and Javadoc jars beside their classes (so `install`
 * puts all three into the local repository), and the examples depend on the engine by its coordinates alone.
 */
class LibrarySpec extends Specification {
    static final File ROOT = new File('..').canonicalFile
    static final String VERSION = System.getProperty('lxcgroovy.version')

    static List<String> entries(String module, String classifier) {
        File jar = new File(ROOT, "$module/target/lxc-groovy-$module-$VERSION-${classifier}.jar")
        assert jar.file: "no $jar"
        new ZipFile(jar).withCloseable { zip -> zip.entries()*.name }
    }

    def "the engine's sources and Javadoc jars: the API documented, the raw layer not (the module does not export it)"() {
        when:
        def sources = entries('engine', 'sources')
        def javadoc = entries('engine', 'javadoc')

        then:
        sources.containsAll(['module-info.java', 'org/lxcgroovy/engine/Container.java', 'org/lxcgroovy/engine/LxcException.java'])
        javadoc.containsAll(['org.lxcgroovy.engine/org/lxcgroovy/engine/Container.html',
                             'org.lxcgroovy.engine/org/lxcgroovy/engine/AttachOptions.html', 'index.html'])
        !javadoc.any { it.contains('internal') }
    }

    def "the DSL's sources and its groovydoc as the Javadoc jar"() {
        expect:
        entries('dsl', 'sources').containsAll(['org/lxcgroovy/dsl/Fleet.groovy', 'org/lxcgroovy/dsl/packages/Apt.groovy'])
        entries('dsl', 'javadoc').containsAll(['org/lxcgroovy/dsl/Fleet.html', 'org/lxcgroovy/dsl/packages/Apt.html', 'index.html'])
    }

    def "the examples use the engine by its coordinates, and nothing else at run time"() {
        when:
        def pom = new XmlSlurper().parse(new File(ROOT, 'examples/pom.xml'))
        def runtime = pom.dependencies.dependency.findAll { !(it.scope.text() in ['test', 'provided']) }

        then:
        runtime.size() == 1
        runtime[0].groupId.text() == 'org.lxcgroovy'
        runtime[0].artifactId.text() == 'lxc-groovy-engine'
        runtime[0].version.text() == '${project.version}'
        runtime[0].type.text() in ['', 'jar']
    }
}
