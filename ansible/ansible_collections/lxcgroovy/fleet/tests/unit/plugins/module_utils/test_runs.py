# -*- coding: utf-8 -*-
# The run state as the modules read it: runs written by hand in a temporary directory, as `lxc-groovy remote`
# writes them (its own specs show that it does).
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from ansible_collections.lxcgroovy.fleet.plugins.module_utils import runs


def write(directory, name, content):
    with open(os.path.join(str(directory), name), 'w') as f:
        f.write(content if isinstance(content, str) else json.dumps(content))


def test_run_ids_that_are_no_plain_name_are_refused(tmp_path):
    assert runs.run_dir(str(tmp_path), 'nightly-1.a_b') == os.path.join(str(tmp_path), 'nightly-1.a_b')
    for bad in ('', '../etc', 'a/b', '.hidden', 'x' * 101, None):
        with pytest.raises(ValueError):
            runs.run_dir(str(tmp_path), bad)


def test_progress_counts_and_the_running_container_that_started_first():
    progress = {'containers': {
        'web-1': {'state': 'ok', 'seconds': 3.0},
        'web-2': {'state': 'FAILED', 'error': 'boom'},
        'web-3': {'state': 'running', 'doing': 'apt upgrade', 'since': '2026-12-02T10:00:05Z'},
        'web-4': {'state': 'running', 'doing': 'boot', 'since': '2026-12-02T10:00:01Z'},
        'web-5': {'state': 'TIMEOUT'},
    }}
    assert runs.summarize(progress) == {'done': 1, 'failed': 2, 'running': 2, 'slowest': {
        'container': 'web-4', 'doing': 'boot', 'since': '2026-12-02T10:00:01Z'}}
    assert runs.summarize(None) == {'done': 0, 'failed': 0, 'running': 0, 'slowest': None}


def test_a_run_with_a_result_has_finished_with_its_outcome(tmp_path):
    write(tmp_path, 'state.json', {'pid': 1, 'runId': 'r1'})
    write(tmp_path, 'result.json', {'outcome': 'failed', 'exitStatus': 1, 'fleets': []})
    now = runs.status(str(tmp_path), 'r1')
    assert now['finished'] and now['outcome'] == 'failed' and now['exit_status'] == 1
    assert now['result']['fleets'] == []


def run_process(run_id='r1'):
    """
    A process that stands in for `lxc-groovy remote --run-id run_id` (its argv names both) until its stdin is
    closed; returned once it is that process (for a moment after the fork it is still this test's).
    """
    process = subprocess.Popen([sys.executable, '-c', 'import sys; sys.stdin.read()', 'remote', run_id],
                               stdin=subprocess.PIPE)
    deadline = time.time() + 10
    while not runs.is_run_process(process.pid, run_id):
        assert time.time() < deadline and process.poll() is None
        time.sleep(0.01)
    return process


def test_a_run_whose_result_is_written_has_finished_once_its_process_is_gone(tmp_path):
    process = run_process()
    try:
        write(tmp_path, 'state.json', {'pid': process.pid, 'runId': 'r1'})
        write(tmp_path, 'result.json', {'outcome': 'ok', 'exitStatus': 0, 'fleets': []})
        threading.Timer(0.3, process.stdin.close).start()   # the process ends while the status waits for it
        assert runs.status(str(tmp_path), 'r1')['finished']
        # its argv was gone when the status said finished: the kernel drops it while the process exits, a moment
        # before it is a zombie that poll() would reap, so the end is waited for (bounded), not polled once
        assert process.wait(timeout=5) == 0
    finally:
        process.kill()
        process.wait()


def test_a_process_that_outlives_its_result_is_waited_for_within_a_bound(tmp_path, monkeypatch):
    monkeypatch.setattr(runs, 'EXIT_AFTER_RESULT', 0.2)
    process = run_process()
    try:
        write(tmp_path, 'state.json', {'pid': process.pid, 'runId': 'r1'})
        write(tmp_path, 'result.json', {'outcome': 'ok', 'exitStatus': 0, 'fleets': []})
        assert runs.status(str(tmp_path), 'r1')['outcome'] == 'ok'
        assert process.poll() is None
    finally:
        process.kill()
        process.wait()


def test_a_run_whose_process_lives_is_running(tmp_path):
    # this test's own process stands in for the run: its argv names neither 'remote' nor the id
    write(tmp_path, 'state.json', {'pid': os.getpid()})
    assert runs.status(str(tmp_path), 'r1')['outcome'] == 'lost'
    assert not runs.is_run_process(os.getpid(), 'r1')
    assert not runs.is_run_process(None, 'r1')


def test_a_request_just_made_is_starting(tmp_path):
    assert runs.status(str(tmp_path), 'r1') == {'finished': False, 'outcome': 'starting',
                                                'progress': runs.summarize(None)}


def test_a_refused_request_says_why(tmp_path):
    write(tmp_path, 'exit_status', '64\n')
    write(tmp_path, 'stderr.log', 'lxc-groovy remote: the caller speaks protocol 2, this lxc-groovy (0.1.0) speaks protocol 1')
    now = runs.status(str(tmp_path), 'r1')
    assert now['finished'] and now['outcome'] == 'refused' and now['exit_status'] == 64
    assert 'speaks protocol 1' in now['reason']


def test_a_run_killed_before_its_result_is_lost(tmp_path):
    write(tmp_path, 'state.json', {'pid': 2 ** 22 + 1})    # above Linux's largest pid: no such process
    write(tmp_path, 'exit_status', '-9\n')
    now = runs.status(str(tmp_path), 'r1')
    assert now['finished'] and now['outcome'] == 'lost' and now['exit_status'] == -9
    assert now['reason'] == 'the run ended without a result (it was killed)'
