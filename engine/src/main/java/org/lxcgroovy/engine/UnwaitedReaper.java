package org.lxcgroovy.engine;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reaps attached commands that exited while nobody waited for them (within 0.1 s); {@code waitFor()} later
 * returns their result all the same. An unreaped child in a container's pid namespace keeps that container's init
 * from exiting, which would hang {@code stop()} for ever.
 */
final class UnwaitedReaper {
    private static final Set<AttachedProcess> UNWAITED = ConcurrentHashMap.newKeySet();

    static {
        Thread t = new Thread(UnwaitedReaper::run, "lxc-attach-reaper");
        t.setDaemon(true);
        t.start();
    }

    private UnwaitedReaper() {
    }

    static void watch(AttachedProcess p) {
        UNWAITED.add(p);
    }

    static void forget(AttachedProcess p) {
        UNWAITED.remove(p);
    }

    private static void run() {
        while (true) {
            UNWAITED.removeIf(AttachedProcess::reapIfUnwaited);
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }
}
