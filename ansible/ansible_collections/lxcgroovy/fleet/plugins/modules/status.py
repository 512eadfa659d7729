#!/usr/bin/python
# -*- coding: utf-8 -*-
# Where an lxc-groovy run on the host is; waits a little for it to end, so that a playbook's `until` loop
# polls every few seconds without a busy loop of connections.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
---
module: status
short_description: Report where an lxc-groovy run on a host is
description:
  - Reads the state of a run that M(lxcgroovy.fleet.run) started, waiting up to C(wait) seconds for it to end.
  - While it runs, returns its progress (containers done, failed, running, and what the one running longest is at).
    When it has ended, returns its report and fails unless every container of the host was ok.
version_added: 0.1.0
author: lxc-groovy developers (@lxc-groovy)
options:
  run_id:
    description: The run's name on this host.
    type: str
    required: true
  wait:
    description: Seconds to wait for the run to end before answering with its progress.
    type: int
    default: 10
  runs:
    description: Where run states are kept on the host.
    type: path
    default: /var/lib/lxc-groovy/runs
'''

EXAMPLES = r'''
- name: Wait for the run, showing its progress every 10 s
  lxcgroovy.fleet.status:
    run_id: nightly-20261202
  register: lxcgroovy_status
  until: lxcgroovy_status.finished
  retries: 400
  delay: 0
'''

RETURN = r'''
finished:
  description:
    - The run has ended (or was lost). A run that has written its result is waited for (up to 10 s) until its
      process is gone too, so that nothing of it still runs on the host when this says so.
  returned: always
  type: bool
outcome:
  description:
    - C(starting), C(running), or how it ended, C(ok), C(failed) (a container failed), C(script failed),
      C(locked), C(timed out), C(cancelled), C(refused) (the command refused the request) or C(lost)
      (it ended without a result).
  returned: always
  type: str
progress:
  description: Containers done, failed and running, and the running one that has run longest.
  returned: always
  type: dict
result:
  description: The run's report as C(lxc-groovy remote) printed it.
  returned: when finished
  type: dict
'''

import time

from ansible.module_utils.basic import AnsibleModule
from ansible_collections.lxcgroovy.fleet.plugins.module_utils.runs import existing_run_dir, status

POLL_SECONDS = 0.2


def main():
    module = AnsibleModule(
        argument_spec=dict(
            run_id=dict(type='str', required=True),
            wait=dict(type='int', default=10),
            runs=dict(type='path', default='/var/lib/lxc-groovy/runs'),
        ),
        supports_check_mode=True,
    )
    p = module.params
    directory = existing_run_dir(module)
    give_up = time.monotonic() + max(0, p['wait'])
    now = status(directory, p['run_id'])
    while not now['finished'] and time.monotonic() < give_up:
        time.sleep(POLL_SECONDS)
        now = status(directory, p['run_id'])
    if now['finished'] and now['outcome'] != 'ok':
        module.fail_json(msg=describe(now), changed=False, **now)
    module.exit_json(changed=False, **now)


def describe(now):
    """One line for a run that did not end ok."""
    result = now.get('result') or {}
    if result.get('reason'):
        return result['reason']
    failed = [c for fleet in result.get('fleets', []) for c in fleet.get('containers', []) if not c.get('ok')]
    if failed:
        return '%d container(s) failed: %s' % (len(failed), '; '.join('%s: %s' % (c['container'], c.get('error'))
                                                                        for c in failed[:5]))
    if now.get('reason'):
        return now['reason']
    lines = result.get('output') or []
    return 'the script %s: %s' % (now['outcome'], lines[-1] if lines else 'no output')


if __name__ == '__main__':
    main()
