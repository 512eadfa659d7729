#!/usr/bin/python
# -*- coding: utf-8 -*-
# Starts `lxc-groovy remote` on the host and returns at once; the status module follows the run.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: run
short_description: Start an lxc-groovy script over the containers of a host
description:
  - Starts C(lxc-groovy remote) on the host with the script on its standard input and returns once it runs.
    The run goes on detached from the Ansible connection; M(lxcgroovy.fleet.status) follows it and
    M(lxcgroovy.fleet.cancel) stops it.
  - The run keeps its state in C(runs)/C(run_id) on the host (its pid, the script's hash, progress and report).
version_added: 0.1.0
author: lxc-groovy developers (@lxc-groovy)
options:
  script:
    description: The Groovy script's text.
    type: str
    required: true
  run_id:
    description: The run's name on this host; used once.
    type: str
    required: true
  name:
    description: The script's file name, for messages and the report.
    type: str
    default: script.groovy
  host:
    description: The host's inventory name, which the script sees as C(host).
    type: str
  vars:
    description: The host's inventory variables, which the script sees as C(hostVars).
    type: dict
    default: {}
  args:
    description: The script's arguments (C(args) in the script).
    type: list
    elements: str
    default: []
  lxc_path:
    description: Where the host's containers are (its lxcpath); liblxc's default when not given.
    type: path
  deadline:
    description:
      - Seconds after which the run stops as on SIGTERM, shutting down what it started and keeping a partial report.
    type: int
  command:
    description: The lxc-groovy command on the host.
    type: path
    default: lxc-groovy
  runs:
    description: Where run states are kept on the host.
    type: path
    default: /var/lib/lxc-groovy/runs
notes:
  - In check mode (C(ansible-playbook --check)) the script runs as C(lxc-groovy --check) does; nothing in any
    container changes, and the report says what would.
  - Needs lxc-groovy of the same protocol version on the host (the Debian package installs both).
'''

EXAMPLES = r'''
- name: Start the update over this host's containers
  lxcgroovy.fleet.run:
    script: "{{ lookup('ansible.builtin.file', 'fleet-update.groovy') }}"
    name: fleet-update.groovy
    run_id: nightly-20261202
    host: "{{ inventory_hostname }}"
    lxc_path: /srv/lxc
    deadline: 3600
'''

RETURN = r'''
run_id:
  description: The run's name.
  returned: always
  type: str
  sample: nightly-20261202
run_dir:
  description: The run's state directory on the host.
  returned: success
  type: str
  sample: /var/lib/lxc-groovy/runs/nightly-20261202
missing:
  description: True when lxc-groovy is not installed on the host.
  returned: failure
  type: bool
'''

import json
import os
import subprocess

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.lxcgroovy.fleet.plugins.module_utils.runs import PROTOCOL, run_dir


def command_line(binary, p, check=False):
    argv = [binary, 'remote', '--protocol', str(PROTOCOL), '--run-id', p['run_id'], '--name', p['name'],
            '--runs', p['runs'], '--vars', json.dumps(p['vars'])]
    if p['host']:
        argv += ['--host', p['host']]
    if p['lxc_path']:
        argv += ['--lxcpath', p['lxc_path']]
    if p['deadline'] is not None:
        argv += ['--deadline', str(p['deadline'])]
    if check:
        argv += ['--check']
    return argv + ['--'] + p['args']


def start_detached(argv, script, directory):
    """
    Runs argv in its own session, with script on stdin, and returns at once. A watcher process waits for it and
    writes its exit status beside the run's state; neither holds the connection's stdio, so Ansible's connection
    ends when this module does.
    """
    script_file = os.path.join(directory, 'request.groovy')
    with open(script_file, 'w') as f:
        f.write(script)
    child = os.fork()
    if child != 0:
        os.waitpid(child, 0)
        return
    try:
        os.chdir('/')     # Ansible removes the module's temporary directory when it returns
        os.setsid()
        if os.fork() != 0:
            os._exit(0)
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        with open(script_file, 'rb') as stdin, open(os.path.join(directory, 'stdout.json'), 'wb') as stdout, \
                open(os.path.join(directory, 'stderr.log'), 'wb') as stderr:
            code = subprocess.call(argv, stdin=stdin, stdout=stdout, stderr=stderr, close_fds=True)
        os.unlink(script_file)
        with open(os.path.join(directory, 'exit_status'), 'w') as f:
            f.write('%d\n' % code)
    finally:
        os._exit(0)


def main():
    module = AnsibleModule(
        argument_spec=dict(
            script=dict(type='str', required=True),
            run_id=dict(type='str', required=True),
            name=dict(type='str', default='script.groovy'),
            host=dict(type='str'),
            vars=dict(type='dict', default={}),
            args=dict(type='list', elements='str', default=[]),
            lxc_path=dict(type='path'),
            deadline=dict(type='int'),
            command=dict(type='path', default='lxc-groovy'),
            runs=dict(type='path', default='/var/lib/lxc-groovy/runs'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    binary = module.get_bin_path(p['command'])
    if binary is None:
        module.fail_json(msg='lxc-groovy is not installed on this host (%s not found)' % p['command'], missing=True,
                         run_id=p['run_id'])
    if p['deadline'] is not None and p['deadline'] < 1:
        module.fail_json(msg='deadline must be at least 1 second, not %d' % p['deadline'], run_id=p['run_id'])
    try:
        directory = run_dir(p['runs'], p['run_id'])
    except ValueError as e:
        module.fail_json(msg=str(e), run_id=p['run_id'])
    try:
        os.makedirs(p['runs'], mode=0o700, exist_ok=True)
        os.mkdir(directory, 0o700)
    except OSError as e:
        module.fail_json(msg='cannot make the run directory %s: %s' % (directory, e.strerror), run_id=p['run_id'])
    start_detached(command_line(binary, p, module.check_mode), p['script'], directory)
    module.exit_json(changed=not module.check_mode, run_id=p['run_id'], run_dir=directory)


if __name__ == '__main__':
    main()
