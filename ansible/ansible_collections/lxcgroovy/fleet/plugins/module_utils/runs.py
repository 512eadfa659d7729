# -*- coding: utf-8 -*-
# The run state that `lxc-groovy remote` keeps on a host (see RunState in the lxc-groovy source): one directory per
# run under /var/lib/lxc-groovy/runs, with state.json (pid, script hash, deadline), progress.json (each container's
# state and step), result.json (the report: written once, whole, at the end) and output.log. The modules read it;
# only the command writes it, except exit_status and stderr.log, which the run module's watcher adds.
from __future__ import absolute_import, division, print_function
__metaclass__ = type

import json
import os
import re
import time

# The protocol between this collection and `lxc-groovy remote`; the command refuses another one (exit 64).
PROTOCOL = 1
DEFAULT_RUNS = '/var/lib/lxc-groovy/runs'
RUN_ID = re.compile(r'^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$')
# The command writes its result, then its JVM exits: a poll that finds the result waits this long (seconds) for the
# process to be gone, so that a finished run has ended on the host too.
EXIT_AFTER_RESULT = 10


def run_dir(runs, run_id):
    """The directory of one run; a run id that is no plain name is refused (it names a directory)."""
    if not RUN_ID.match(run_id or ''):
        raise ValueError("run id %r is not a name of letters, digits, '.', '_' and '-'" % (run_id,))
    return os.path.join(runs, run_id)


def existing_run_dir(module, **on_failure):
    """
    The directory of the run the module's params name (runs, run_id), or the module fails: a run id that is no
    plain name is refused, one that never ran here is lost. on_failure: what else the failure returns.
    """
    p = module.params
    try:
        directory = run_dir(p['runs'], p['run_id'])
    except ValueError as e:
        module.fail_json(msg=str(e), finished=True, outcome='refused', **on_failure)
    if not os.path.isdir(directory):
        module.fail_json(msg='no run %s on this host (%s)' % (p['run_id'], directory), finished=True, outcome='lost',
                         **on_failure)
    return directory


def read_json(directory, name):
    """The JSON document `name` of a run, or None when it is not (yet) there."""
    try:
        with open(os.path.join(directory, name)) as f:
            return json.load(f)
    except (IOError, OSError):
        return None


def read_text(directory, name, limit=4000):
    """The end of a text file of a run ('' when missing): enough to say why a run ended early."""
    try:
        with open(os.path.join(directory, name), 'rb') as f:
            data = f.read()
    except (IOError, OSError):
        return ''
    return data[-limit:].decode('utf-8', 'replace').strip()


def is_run_process(pid, run_id):
    """pid is still the run's `lxc-groovy remote` (a pid may have been reused by another process since)."""
    try:
        with open('/proc/%d/cmdline' % pid, 'rb') as f:
            argv = f.read().split(b'\0')
    except (IOError, OSError, TypeError):
        return False
    return b'remote' in argv and run_id.encode('utf-8') in argv


def wait_for_exit(pid, run_id, seconds):
    """Waits, at most `seconds`, until pid is no longer the run's process; whether it is gone."""
    deadline = time.time() + seconds
    while is_run_process(pid, run_id):
        if time.time() >= deadline:
            return False
        time.sleep(0.05)
    return True


def summarize(progress):
    """Counts of containers by state and the running container that has run longest, from progress.json."""
    counts = {'done': 0, 'failed': 0, 'running': 0}
    slowest = None
    for name, entry in sorted(((progress or {}).get('containers') or {}).items()):
        state = entry.get('state')
        if state == 'running':
            counts['running'] += 1
            if slowest is None or entry.get('since', '') < slowest['since']:
                slowest = {'container': name, 'doing': entry.get('doing'), 'since': entry.get('since', '')}
        elif state == 'ok':
            counts['done'] += 1
        else:
            counts['failed'] += 1
    counts['slowest'] = slowest
    return counts


def status(directory, run_id):
    """Where the run is: finished with its result, running with its progress, or ended without a result."""
    state = read_json(directory, 'state.json')
    result = read_json(directory, 'result.json')
    progress = summarize(read_json(directory, 'progress.json'))
    if result is not None:
        wait_for_exit((state or {}).get('pid'), run_id, EXIT_AFTER_RESULT)
        return {'finished': True, 'outcome': result.get('outcome'), 'exit_status': result.get('exitStatus'),
                'progress': progress, 'result': result}
    pid = (state or {}).get('pid')
    if state is not None and is_run_process(pid, run_id):
        return {'finished': False, 'outcome': 'running', 'progress': progress, 'pid': pid}
    exit_status = read_text(directory, 'exit_status')
    if state is None and exit_status == '':
        # started a moment ago: the command has not written its state yet
        return {'finished': False, 'outcome': 'starting', 'progress': progress}
    code = int(exit_status) if exit_status.lstrip('-').isdigit() else None
    reason = read_text(directory, 'stderr.log') or 'the run ended without a result (it was killed)'
    # 64 before any state: the command refused the request (another protocol version, a run id used before)
    return {'finished': True, 'outcome': 'refused' if state is None and code == 64 else 'lost', 'exit_status': code,
            'progress': progress, 'reason': reason}
