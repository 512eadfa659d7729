package org.lxcgroovy.engine

import java.lang.reflect.Modifier
import org.lxcgroovy.engine.internal.jna.LxcContainerAbi
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.Shared

/** The offsets the binding reads match offsetof() of the installed lxccontainer.h, compiled here. */
@Requires(value = { LxcHost.usable() }, reason = 'liblxc cannot run on this host: see LxcHost.problem()')
class AbiSpec extends Specification {
    @Shared Map<String, Long> c = [:]

    def setupSpec() {
        assert new File('/usr/include/lxc/lxccontainer.h').exists(): 'lxc-dev is needed for the ABI check (dev/setup-host installs it)'
        def dir = File.createTempDir('lxcg-abi')
        try {
            compileAndRun(dir)
        } finally {
            dir.deleteDir()
        }
    }

    /** Compiles a C program that prints every offset and size the binding uses, and reads them into {@link #c}. */
    private void compileAndRun(File dir) {
        def members = LxcContainerAbi.declaredFields.findAll { Modifier.isStatic(it.modifiers) && it.type == int }*.name
        def containerFields = members.findAll { !it.contains('_SIZE') && !it.startsWith('AO_') && !it.startsWith('SNAP_') && it != 'SIZE' && it != 'BDEV_SPECS_ALLOC' }
        def attachFields = members.findAll { it.startsWith('AO_') && it != 'AO_GROUPS_SIZE' && it != 'AO_GROUPS_LIST' }
        def src = new StringBuilder('''#include <stdio.h>
#include <stddef.h>
#include <errno.h>
#include <lxc/lxccontainer.h>
#include <lxc/attach_options.h>
int main(void) {
  lxc_attach_options_t d = LXC_ATTACH_OPTIONS_DEFAULT;
  unsigned char *b = (unsigned char *)&d;
  printf("SIZE %zu\\n", sizeof(struct lxc_container));
  printf("ATTACH_OPTIONS_SIZE %zu\\n", sizeof(lxc_attach_options_t));
  printf("SNAPSHOT_STRUCT_SIZE %zu\\n", sizeof(struct lxc_snapshot));
  printf("CONSOLE_LOG_SIZE %zu\\n", sizeof(struct lxc_console_log));
  printf("LOG_SIZE %zu\\n", sizeof(struct lxc_log));
  printf("MIGRATE_OPTS_SIZE %zu\\n", sizeof(struct migrate_opts));
  printf("AO_GROUPS_SIZE %zu\\n", offsetof(lxc_attach_options_t, groups.size));
  printf("AO_GROUPS_LIST %zu\\n", offsetof(lxc_attach_options_t, groups.list));
  printf("SNAP_NAME %zu\\nSNAP_COMMENT_PATHNAME %zu\\nSNAP_TIMESTAMP %zu\\nSNAP_LXCPATH %zu\\nSNAP_FREE %zu\\n",
    offsetof(struct lxc_snapshot, name), offsetof(struct lxc_snapshot, comment_pathname),
    offsetof(struct lxc_snapshot, timestamp), offsetof(struct lxc_snapshot, lxcpath), offsetof(struct lxc_snapshot, free));
  printf("DEFAULT");
  for (size_t i = 0; i < sizeof(d); i++) printf(" %02x", b[i]);
  printf("\\n");
''')
        containerFields.each { src << "  printf(\"$it %zu\\n\", offsetof(struct lxc_container, ${it.toLowerCase()}));\n" }
        attachFields.each { src << "  printf(\"$it %zu\\n\", offsetof(lxc_attach_options_t, ${it.substring(3).toLowerCase()}));\n" }
        src << '  return 0;\n}\n'
        new File(dir, 'abi.c').text = src.toString()
        def cc = ['gcc', '-o', "$dir/abi", "$dir/abi.c"].execute()
        def err = new StringBuilder()
        cc.consumeProcessErrorStream(err)
        assert cc.waitFor() == 0: "gcc failed: $err"
        "$dir/abi".execute().text.eachLine { line ->
            def (k, v) = line.split(' ', 2)
            c[k] = k == 'DEFAULT' ? v : v as long
        }
    }

    def "every offset and size the binding uses matches the C header"() {
        when:
        def ours = LxcContainerAbi.declaredFields.findAll { Modifier.isStatic(it.modifiers) && it.type == int && it.name in c.keySet() }
                .collectEntries { [it.name, it.getInt(null) as long] }

        then:
        ours.size() > 70
        ours.findAll { k, v -> c[k] != v } == [:]
    }

    def "the default attach struct the engine builds equals LXC_ATTACH_OPTIONS_DEFAULT byte for byte"() {
        when:
        def ours = org.lxcgroovy.engine.internal.jna.AttachOptionsStruct.defaults().bytes().collect { String.format('%02x', it & 0xff) }.join(' ')

        then:
        ours == c['DEFAULT']
    }
}
