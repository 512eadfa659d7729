#!/usr/bin/python
# -*- coding: utf-8 -*-
# Stops an lxc-groovy run on the host as Ctrl-C stops a local one, and returns what it reported.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: cancel
short_description: Stop an lxc-groovy run on a host
description:
  - Sends SIGTERM to a run that M(lxcgroovy.fleet.run) started. The run shuts down the containers it started and
    writes its partial report, which this module waits for (up to C(timeout) seconds) and returns.
  - A run that has ended already is left alone; its report is returned.
version_added: 0.1.0
author: lxc-groovy developers (@lxc-groovy)
options:
  run_id:
    description: The run's name on this host.
    type: str
    required: true
  timeout:
    description: Seconds to wait for the stopped run's report.
    type: int
    default: 90
  runs:
    description: Where run states are kept on the host.
    type: path
    default: /var/lib/lxc-groovy/runs
'''

EXAMPLES = r'''
- name: Stop the nightly run
  lxcgroovy.fleet.cancel:
    run_id: nightly-20261202
'''

RETURN = r'''
signalled:
  description: The run was still going and was told to stop.
  returned: always
  type: bool
finished:
  description: The run has ended.
  returned: always
  type: bool
outcome:
  description: How the run ended (see M(lxcgroovy.fleet.status)).
  returned: always
  type: str
result:
  description: The run's (partial) report.
  returned: when the run wrote one
  type: dict
'''

import os
import signal
import time

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.lxcgroovy.fleet.plugins.module_utils.runs import existing_run_dir, is_run_process, read_json, status

POLL_SECONDS = 0.2


def main():
    module = AnsibleModule(
        argument_spec=dict(
            run_id=dict(type='str', required=True),
            timeout=dict(type='int', default=90),
            runs=dict(type='path', default='/var/lib/lxc-groovy/runs'),
        ),
        supports_check_mode=False,
    )
    p = module.params
    directory = existing_run_dir(module, signalled=False)
    signalled = False
    give_up = time.monotonic() + max(0, p['timeout'])
    now = status(directory, p['run_id'])
    while not now['finished'] and time.monotonic() < give_up:
        pid = (read_json(directory, 'state.json') or {}).get('pid')
        if not signalled and is_run_process(pid, p['run_id']):
            os.kill(pid, signal.SIGTERM)
            signalled = True
        time.sleep(POLL_SECONDS)
        now = status(directory, p['run_id'])
    if not now['finished']:
        module.fail_json(msg='run %s did not stop within %d s of SIGTERM' % (p['run_id'], p['timeout']),
                         signalled=signalled, **now)
    module.exit_json(changed=signalled, signalled=signalled, **now)


if __name__ == '__main__':
    main()
