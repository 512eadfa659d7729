# -*- coding: utf-8 -*-
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json

from ansible.plugins.loader import callback_loader
from ansible.utils import display
from ansible_collections.lxcgroovy.fleet.plugins.callback import report


class Named(object):
    def __init__(self, name):
        self.name = name

    def get_name(self):
        return self.name


class Task(object):
    def __init__(self, action):
        self.action = action


class Result(object):
    """What Ansible hands a callback: the host, the task and the module's result."""

    def __init__(self, host, action, result):
        self._host = Named(host)
        self._task = Task(action)
        self._result = result


class Display(display.Display):
    """Ansible's display, keeping the lines instead of printing them."""

    def __init__(self):
        super(Display, self).__init__()
        self.lines = []

    def display(self, msg, color=None, **kwargs):
        self.lines.append(msg)


def callback(tmp_path):
    cb = callback_loader.get('lxcgroovy.fleet.report', display=Display())    # as Ansible loads it
    cb.set_options(direct={'results_file': str(tmp_path / 'results.json')})
    return cb


def saved(tmp_path):
    with open(str(tmp_path / 'results.json')) as f:
        return json.load(f)['hosts']


def test_a_progress_line_names_counts_and_the_slowest_container():
    assert report.progress_line('h1', {'done': 2, 'failed': 1, 'running': 1, 'slowest': {
        'container': 'web-3', 'doing': 'apt upgrade'}}) == 'h1: 2 done, 1 failed, 1 running; slowest web-3: apt upgrade'
    assert report.progress_line('h1', {}) == 'h1: 0 done, 0 failed, 0 running'


def test_every_host_is_kept_from_the_first_play_and_not_run_until_it_runs(tmp_path):
    cb = callback(tmp_path)
    for host in ('h1', 'h2'):
        cb.v2_runner_on_ok(Result(host, 'ansible.builtin.set_fact', {'ansible_facts': {'lxcgroovy_run': 'r1'}}))
    cb.v2_runner_on_ok(Result('h1', 'lxcgroovy.fleet.run', {'run_id': 'r1'}))
    hosts = saved(tmp_path)
    assert hosts['h1']['outcome'] == 'running'
    assert hosts['h2']['outcome'] == 'not run' and hosts['h2']['runId'] == 'r1'


def test_outcomes_of_finished_unreachable_and_missing_hosts(tmp_path):
    cb = callback(tmp_path)
    cb.v2_runner_on_ok(Result('h1', 'lxcgroovy.fleet.status', {'outcome': 'ok', 'result': {'fleets': []}}))
    cb.v2_runner_on_failed(Result('h2', 'lxcgroovy.fleet.status', {'outcome': 'script failed', 'msg': 'line 3: boom',
                                                                   'result': {'fleets': []}}))
    cb.v2_runner_on_unreachable(Result('h3', 'lxcgroovy.fleet.run', {'msg': 'Connection refused'}))
    cb.v2_runner_on_failed(Result('h4', 'lxcgroovy.fleet.run', {'missing': True, 'msg': 'lxc-groovy is not installed'}))
    hosts = saved(tmp_path)
    assert [hosts[h]['outcome'] for h in ('h1', 'h2', 'h3', 'h4')] == ['ok', 'script failed', 'unreachable', 'missing']
    assert hosts['h1']['reason'] is None and hosts['h2']['reason'] == 'line 3: boom'
    assert hosts['h3']['reason'] == 'Connection refused'
    assert cb._display.lines == ['h1: ok', 'h2: script failed: line 3: boom', 'h3: unreachable: Connection refused',
                                 'h4: missing: lxc-groovy is not installed']


def test_each_retry_of_the_status_is_a_progress_line(tmp_path):
    cb = callback(tmp_path)
    cb.v2_runner_retry(Result('h1', 'lxcgroovy.fleet.status', {'progress': {'done': 1, 'failed': 0, 'running': 2}}))
    assert cb._display.lines == ['h1: 1 done, 0 failed, 2 running']
    assert saved(tmp_path)['h1']['progress']['running'] == 2


def test_a_poll_that_the_task_timeout_ended_is_an_unreachable_host(tmp_path):
    cb = callback(tmp_path)
    msg = 'The lxcgroovy.fleet.status action failed to execute in the expected time frame (70) and was terminated'
    cb.v2_runner_on_failed(Result('h1', 'lxcgroovy.fleet.status', {'failed': True, 'msg': msg}))
    cb.v2_runner_on_failed(Result('h2', 'lxcgroovy.fleet.status', {'failed': True, 'msg': 'MODULE FAILURE'}))
    hosts = saved(tmp_path)
    assert hosts['h1']['outcome'] == 'unreachable' and hosts['h1']['reason'] == msg
    assert hosts['h2']['outcome'] == 'lost'
