package org.lxcgroovy.engine

import org.lxcgroovy.engine.support.LiblxcHost
import java.lang.reflect.Field
import org.lxcgroovy.engine.internal.jna.AttachOptionsStruct
import org.lxcgroovy.engine.internal.jna.COffset
import org.lxcgroovy.engine.internal.jna.CSizeOf
import org.lxcgroovy.engine.internal.jna.CStruct
import spock.lang.Shared
import spock.lang.Specification

/**
 * Every struct layout the raw layer declares (classes marked {@link CStruct}, their {@link CSizeOf} and
 * {@link COffset} constants) matches sizeof()/offsetof() of a C program compiled here against the installed
 * headers, and the engine's default attach options equal LXC_ATTACH_OPTIONS_DEFAULT byte for byte.
 */
@LiblxcHost
class AbiSpec extends Specification {
    static final String RAW = 'org.lxcgroovy.engine.internal.jna'
    @Shared List<Class> layouts = layoutClasses()
    @Shared Map<String, Long> c = [:]
    @Shared String defaultBytes

    def setupSpec() {
        assert new File('/usr/include/lxc/lxccontainer.h').exists(): 'lxc-dev is needed for the ABI check (dev/setup-host installs it)'
        def dir = File.createTempDir('lxcg-abi')
        try {
            compileAndRun(dir)
        } finally {
            dir.deleteDir()
        }
    }

    /** The raw layer's layout classes, nested ones included, found in its compiled classes. */
    private static List<Class> layoutClasses() {
        new File('target/classes/' + RAW.replace('.', '/')).listFiles()*.name.findAll { it.endsWith('.class') }
                .collect { Class.forName(RAW + '.' + it - '.class', false, AbiSpec.classLoader) }
                .findAll { it.isAnnotationPresent(CStruct) }
    }

    private static String cExpression(Class layout, Field f) {
        String type = layout.getAnnotation(CStruct).type()
        if (f.isAnnotationPresent(CSizeOf)) {
            return "sizeof($type)"
        }
        String member = f.getAnnotation(COffset).value() ?: f.name.toLowerCase()
        "offsetof($type, $member)"
    }

    private static List<Field> layoutFields(Class layout) {
        layout.declaredFields.findAll { it.isAnnotationPresent(CSizeOf) || it.isAnnotationPresent(COffset) }
    }

    private static String key(Class layout, Field f) {
        layout.simpleName + '.' + f.name
    }

    /** Compiles a C program that prints every declared size and offset, and reads them into {@link #c}. */
    private void compileAndRun(File dir) {
        def src = new StringBuilder('#include <stdio.h>\n#include <stddef.h>\n#include <errno.h>\n')   // errno.h: LXC_ATTACH_OPTIONS_DEFAULT uses -EBADF
        (layouts*.getAnnotation(CStruct)*.header() as Set).each { src << "#include <$it>\n" }
        src << '''int main(void) {
  lxc_attach_options_t d = LXC_ATTACH_OPTIONS_DEFAULT;
  unsigned char *b = (unsigned char *)&d;
  printf("DEFAULT");
  for (size_t i = 0; i < sizeof(d); i++) printf(" %02x", b[i]);
  printf("\\n");
'''
        layouts.each { Class l -> layoutFields(l).each { f -> src << "  printf(\"${key(l, f)} %zu\\n\", ${cExpression(l, f)});\n" } }
        src << '  return 0;\n}\n'
        new File(dir, 'abi.c').text = src.toString()
        def cc = ['gcc', '-o', "$dir/abi", "$dir/abi.c"].execute()
        def err = new StringBuilder()
        cc.consumeProcessErrorStream(err)
        assert cc.waitFor() == 0: "gcc failed: $err"
        "$dir/abi".execute().text.eachLine { line ->
            def (k, v) = line.split(' ', 2)
            if (k == 'DEFAULT') {
                defaultBytes = v
            } else {
                c[k] = v as long
            }
        }
    }

    def "the raw layer declares the layout of every struct the engine reads or writes"() {
        expect:
        layouts*.getAnnotation(CStruct)*.type() as Set == ['struct lxc_container', 'lxc_attach_options_t',
                'lxc_attach_command_t', 'struct lxc_snapshot', 'struct lxc_console_log', 'struct lxc_log',
                'struct migrate_opts', 'struct lxc_mount', 'struct open_how', 'struct pollfd',
                // the attach helper's channel: messages with descriptors, and posix_spawn's opaque arguments
                'struct msghdr', 'struct iovec', 'struct cmsghdr', 'posix_spawn_file_actions_t', 'posix_spawnattr_t',
                'sigset_t'] as Set
        layouts.every { l -> layoutFields(l).count { it.isAnnotationPresent(CSizeOf) } == 1 }
    }

    def "every declared size and offset matches the C headers"() {
        when:
        Map<String, Long> ours = layouts.collectEntries { Class l ->
            layoutFields(l).collectEntries { f -> [key(l, f), f.getInt(null) as long] }
        }

        then:
        ours.size() == c.size()
        ours.size() > 110
        ours.findAll { k, v -> c[k] != v } == [:]
    }

    def "the default attach struct the engine builds equals LXC_ATTACH_OPTIONS_DEFAULT byte for byte"() {
        when:
        def ours = AttachOptionsStruct.defaults().bytes().collect { String.format('%02x', it & 0xff) }.join(' ')

        then:
        ours == defaultBytes
    }
}
