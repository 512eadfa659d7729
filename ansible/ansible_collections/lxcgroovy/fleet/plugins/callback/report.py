# -*- coding: utf-8 -*-
# The stdout callback of lxcgroovy.fleet.run: a line per host as its run goes on, and each host's outcome and
# report kept in one JSON file (unreachable hosts and hosts a stopped batch never reached included), which
# `lxc-groovy --inventory` merges into its report.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

DOCUMENTATION = r'''
name: report
type: stdout
short_description: Progress of lxc-groovy runs on many hosts, and each host's result in one file
description:
  - Prints, per host, how many containers are done, failed and running and what the slowest one is at, each time
    the run's status comes back (every 10 s by default), and how each host ended.
  - Keeps each host's outcome (ok, failed, script failed, unreachable, missing, locked, timed out, cancelled,
    refused, lost, not run) and report in C(results_file), rewritten whole after every change.
version_added: 0.1.0
author: lxc-groovy developers (@lxc-groovy)
options:
  results_file:
    description: Where each host's outcome and report are kept (JSON); not written when not given.
    type: path
    env:
      - name: LXCGROOVY_RESULTS
    ini:
      - section: lxcgroovy
        key: results_file
'''

import json
import os
import tempfile

from ansible.plugins.callback import CallbackBase

# What each module's failure says of the host, when its result does not say better.
FAILED_START = 'failed to start'


def task_name(result):
    """The module a result is from, without its collection: run, status, cancel, set_fact."""
    return result._task.action.split('.')[-1]


def no_answer_outcome(result):
    """A status or cancel that failed without saying where the run is: the host stopped answering, or it is lost."""
    # Ansible's words when the task's timeout ends a poll the connection never answered
    return 'unreachable' if 'failed to execute in the expected time frame' in result.get('msg', '') else 'lost'


def progress_line(host, progress):
    """'host1: 2 done, 0 failed, 1 running; slowest web-1: apt upgrade'"""
    line = '%s: %d done, %d failed, %d running' % (host, progress.get('done', 0), progress.get('failed', 0),
                                                  progress.get('running', 0))
    slowest = progress.get('slowest')
    if slowest:
        line += '; slowest %s: %s' % (slowest['container'], slowest.get('doing') or 'running')
    return line


class CallbackModule(CallbackBase):
    CALLBACK_VERSION = 2.0
    CALLBACK_TYPE = 'stdout'
    CALLBACK_NAME = 'lxcgroovy.fleet.report'

    def __init__(self, display=None):
        super(CallbackModule, self).__init__(display=display)
        self.hosts = {}

    def _host(self, name):
        return self.hosts.setdefault(name, {'outcome': 'not run', 'reason': 'a batch before it stopped the play'})

    def _save(self):
        path = self.get_option('results_file')
        if not path:
            return
        directory = os.path.dirname(os.path.abspath(path))
        fd, aside = tempfile.mkstemp(dir=directory, prefix='.lxcgroovy-results-')
        with os.fdopen(fd, 'w') as f:
            json.dump({'hosts': self.hosts}, f)
        os.rename(aside, path)

    def _record(self, runner_result, **what):
        entry = self._host(runner_result._host.get_name())
        entry.update(what)
        self._save()
        return entry

    def v2_playbook_on_play_start(self, play):
        self._display.display('PLAY %s' % play.get_name().strip())

    def v2_runner_on_ok(self, result):
        name, r = task_name(result), result._result
        host = result._host.get_name()
        if name == 'set_fact':
            entry = self._record(result)
            entry['runId'] = r.get('ansible_facts', {}).get('lxcgroovy_run')
            self._save()
        elif name == 'run':
            self._record(result, outcome='running', reason=None, runId=r.get('run_id'))
            self._display.display('%s: started run %s' % (host, r.get('run_id')))
        elif name in ('status', 'cancel'):
            self._finished(result)

    def v2_runner_on_failed(self, result, ignore_errors=False):
        name, r = task_name(result), result._result
        if name == 'run':
            outcome = 'missing' if r.get('missing') else FAILED_START
            self._record(result, outcome=outcome, reason=r.get('msg'))
            self._display.display('%s: %s: %s' % (result._host.get_name(), outcome, r.get('msg')), color='red')
        elif name in ('status', 'cancel'):
            self._finished(result)
        else:
            self._record(result, outcome=FAILED_START, reason=r.get('msg'))

    def v2_runner_on_unreachable(self, result):
        msg = result._result.get('msg', '')
        self._record(result, outcome='unreachable', reason=msg)
        self._display.display('%s: unreachable: %s' % (result._host.get_name(), msg), color='red')

    def v2_runner_retry(self, result):
        if task_name(result) == 'status':
            progress = result._result.get('progress') or {}
            self._record(result, progress=progress)
            self._display.display(progress_line(result._host.get_name(), progress))

    def _finished(self, result):
        r = result._result
        host = result._host.get_name()
        outcome = r.get('outcome') or no_answer_outcome(r)
        entry = self._record(result, outcome=outcome, reason=None if outcome == 'ok' else r.get('msg'),
                             progress=r.get('progress'), result=r.get('result'))
        line = '%s: %s' % (host, outcome)
        if entry.get('reason'):
            line += ': %s' % entry['reason']
        self._display.display(line, color=None if outcome == 'ok' else 'red')

    def v2_playbook_on_stats(self, stats):
        counts = {}
        for entry in self.hosts.values():
            counts[entry['outcome']] = counts.get(entry['outcome'], 0) + 1
        self._display.display('%d hosts: %s' % (len(self.hosts), ', '.join('%d %s' % (n, outcome)
                                                                           for outcome, n in sorted(counts.items()))))
        self._save()
