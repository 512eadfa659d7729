package org.lxcgroovy.dsl.packages

import java.time.Duration
import org.lxcgroovy.engine.ExecResult
import spock.lang.Specification
import spock.lang.Tag

/** What changed, from dpkg's state before and after; apt's own error lines. Pure logic, on recorded output. */
@Tag('unit')
class PackageStatesSpec extends Specification {
    // recorded from a bookworm container: dpkg-query -W -f '${db:Status-Abbrev}\t${binary:Package}\t${Version}\n'
    static final String BEFORE = '''\
ii \tapt\t2.6.1
ii \tlibssl3:amd64\t3.0.20-1~deb12u2
rc \tcowsay\t3.03+dfsg2-8
un \tsl\t
iF \thalf-done\t1.0
ii \ttzdata\t2026b-0+deb12u1
'''
    static final String AFTER = '''\
ii \tapt\t2.6.2
ii \tlibssl3:amd64\t3.0.22-1~deb12u2
ii \tcowsay\t3.03+dfsg2-8
rc \tsl\t5.02-1+b1
iF \thalf-done\t1.0
'''

    def "installed versions: every package whose files are there, whatever its state, but not removed or unknown ones"() {
        expect:
        PackageStates.fromDpkgQuery(BEFORE) == [apt: '2.6.1', 'libssl3:amd64': '3.0.20-1~deb12u2', 'half-done': '1.0',
                                                tzdata: '2026b-0+deb12u1']
    }

    def "dpkg's names carry the architecture only when it is not the native one, as apt names packages"() {
        expect:
        PackageStates.fromDpkgQuery(BEFORE + 'ii \tlibc6:i386\t2.36-9\n', 'amd64') == [apt: '2.6.1', libssl3: '3.0.20-1~deb12u2',
                'libc6:i386': '2.36-9', 'half-done': '1.0', tzdata: '2026b-0+deb12u1']
    }

    // recorded from a bookworm container: apt-get -s dist-upgrade / install cowsay / purge wget (lines abridged)
    static final String SIMULATION = '''\
NOTE: This is only a simulation!
Reading package lists...
The following packages will be upgraded:
  libzstd1 perl-base zlib1g
Inst perl-base [5.36.0-7+deb12u3] (5.36.0-7+deb12u4 Debian-Security:12/oldstable-security [amd64])
Conf perl-base (5.36.0-7+deb12u4 Debian-Security:12/oldstable-security [amd64])
Inst zlib1g [1:1.2.13.dfsg-1] (1:1.2.13.dfsg-1+deb12u1 Debian-Security:12/oldstable-security [amd64])
Inst libzstd1:amd64 [1.5.4+dfsg2-5] (1.5.4+dfsg2-5+deb12u1 Debian-Security:12/oldstable-security [amd64]) []
Inst cowsay (3.03+dfsg2-8 Debian:12.15/oldstable [all])
Inst libc6:i386 (2.36-9+deb12u13 Debian:12.15/oldstable [i386])
Purg wget [1.21.3-1+b2]
Remv nano [7.2-1+deb12u1]
Conf cowsay (3.03+dfsg2-8 Debian:12.15/oldstable [all])
'''

    def "apt's simulation read as changes: Inst with and without an old version, Remv and Purg; Conf and prose ignored"() {
        expect:
        PackageStates.fromSimulation(SIMULATION, 'amd64') == [
                [name: 'cowsay', from: null, to: '3.03+dfsg2-8'],
                [name: 'libc6:i386', from: null, to: '2.36-9+deb12u13'],
                [name: 'libzstd1', from: '1.5.4+dfsg2-5', to: '1.5.4+dfsg2-5+deb12u1'],
                [name: 'nano', from: '7.2-1+deb12u1', to: null],
                [name: 'perl-base', from: '5.36.0-7+deb12u3', to: '5.36.0-7+deb12u4'],
                [name: 'wget', from: '1.21.3-1+b2', to: null],
                [name: 'zlib1g', from: '1:1.2.13.dfsg-1', to: '1:1.2.13.dfsg-1+deb12u1']]
        PackageStates.fromSimulation('Reading package lists...\n0 upgraded, 0 newly installed, 0 to remove and 0 not upgraded.\n', 'amd64') == []
    }

    def "the changes: upgraded with from and to, installed with from null, removed with to null, by name"() {
        expect:
        PackageStates.changes(PackageStates.fromDpkgQuery(BEFORE), PackageStates.fromDpkgQuery(AFTER)) == [
                [name: 'apt', from: '2.6.1', to: '2.6.2'],
                [name: 'cowsay', from: null, to: '3.03+dfsg2-8'],
                [name: 'libssl3:amd64', from: '3.0.20-1~deb12u2', to: '3.0.22-1~deb12u2'],
                [name: 'tzdata', from: '2026b-0+deb12u1', to: null]]
        PackageStates.changes([a: '1'], [a: '1']) == []
    }

    def "several operations combine to their net effect: installed then removed is no change"() {
        given:
        def upgrade = [[name: 'apt', from: '2.6.1', to: '2.6.2']]
        def install = [[name: 'sl', from: null, to: '5.02'], [name: 'libgpm2', from: null, to: '1.20']]
        def remove = [[name: 'sl', from: '5.02', to: null], [name: 'apt', from: '2.6.2', to: '2.6.3']]

        expect:
        PackageStates.combine(PackageStates.combine(upgrade, install), remove) == [
                [name: 'apt', from: '2.6.1', to: '2.6.3'], [name: 'libgpm2', from: null, to: '1.20']]
    }

    def "described for a person: #expected"() {
        expect:
        PackageStates.describe(changes) == expected

        where:
        changes                                                                            | expected
        []                                                                                 | ''
        [[name: 'a', from: '1', to: '2']] * 16                                             | '16 upgraded'
        [[name: 'a', from: '1', to: '2'], [name: 'b', from: null, to: '1'], [name: 'c', from: '1', to: null]] | '1 upgraded, 1 installed, 1 removed'
    }

    def "a failure shows apt's own error lines, not just its exit status"() {
        given:
        def r = new ExecResult(100, 0, 'Reading package lists...\nBuilding dependency tree...\n',
                'E: Unable to locate package no-such-package\nE: Could not do it\n', Duration.ofMillis(300), false)

        expect:
        Apt.failure('apt-get install', r) ==
                '`apt-get install` exited with 100: E: Unable to locate package no-such-package | E: Could not do it'
        Apt.failure('apt-get update', new ExecResult(1, 0, 'a\nb\nc\nd\n', '', Duration.ZERO, false)) ==
                '`apt-get update` exited with 1: b | c | d'
    }
}
