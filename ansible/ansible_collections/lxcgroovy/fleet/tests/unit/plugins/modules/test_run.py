# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function
__metaclass__ = type

from ansible_collections.lxcgroovy.fleet.plugins.modules import run


def params(**given):
    p = dict(run_id='r1', name='job.groovy', runs='/var/lib/lxc-groovy/runs', vars={}, host=None, lxc_path=None,
             deadline=None, args=[])
    p.update(given)
    return p


def test_the_command_line_speaks_the_protocol_and_passes_only_what_was_given():
    assert run.command_line('/usr/bin/lxc-groovy', params()) == [
        '/usr/bin/lxc-groovy', 'remote', '--protocol', '1', '--run-id', 'r1', '--name', 'job.groovy',
        '--runs', '/var/lib/lxc-groovy/runs', '--vars', '{}', '--']


def test_host_vars_lxcpath_deadline_and_arguments_reach_the_command():
    argv = run.command_line('lxc-groovy', params(host='web', vars={'site': 'paris'}, lxc_path='/srv/lxc', deadline=60,
                                                 args=['--dry', 'x y']))
    assert argv[argv.index('--vars') + 1] == '{"site": "paris"}'
    assert argv[argv.index('--host') + 1] == 'web'
    assert argv[argv.index('--lxcpath') + 1] == '/srv/lxc'
    assert argv[argv.index('--deadline') + 1] == '60'
    assert argv[-3:] == ['--', '--dry', 'x y']


def test_ansible_check_mode_runs_the_script_in_lxc_groovy_check_mode():
    argv = run.command_line('lxc-groovy', params(args=['x']), check=True)
    assert argv[-3:] == ['--check', '--', 'x']
    assert '--check' not in run.command_line('lxc-groovy', params(args=['x']))
