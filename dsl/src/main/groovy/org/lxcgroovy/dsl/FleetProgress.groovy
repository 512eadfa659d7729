package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import java.time.LocalTime
import java.time.format.DateTimeFormatter

/**
 * What a fleet run shows while it runs, told by each container's {@link FleetResult} as things happen. On a
 * terminal: one line per container, redrawn in place as it goes (its state, seconds, and the step it is at), with
 * the body's own lines printed above. Elsewhere (cron, a pipe): plain lines, each finished container with the time
 * of day.
 */
@CompileStatic
abstract class FleetProgress {
    /** Shows nothing: a result's listener until a run gives it one. */
    static final FleetProgress NONE = new FleetProgress() {
        void line(String text) {
        }

        void finished(FleetResult r) {
        }
    }

    /** A line the body printed or logged ("[web-1] ..."). */
    abstract void line(String text)

    void started(FleetResult r) {
    }

    /** A step began: the progress shows what it does. */
    void stepBegun(FleetResult r, FleetStep step) {
        doing(r, step.kind.doing ?: step.label)
    }

    /** A line the body of {@code r} printed or logged: shown prefixed with its name, and as its latest state. */
    void printed(FleetResult r, String text) {
        line("[${r.container}] $text".toString())
        doing(r, text)
    }

    /** A line of the report: the progress shows it as the container's latest state. */
    void noted(FleetResult r, String line) {
        doing(r, line)
    }

    /** What the container is at now. */
    protected void doing(FleetResult r, String what) {
    }

    abstract void finished(FleetResult r)

    void close() {
    }

    /** Plain lines through {@code printer}; finished containers are stamped unless {@code quiet}. */
    static FleetProgress plain(Closure<?> printer, boolean quiet) {
        new FleetProgress() {
            private final DateTimeFormatter clock = DateTimeFormatter.ofPattern('HH:mm:ss')

            void line(String text) {
                printer.call(text)
            }

            void finished(FleetResult r) {
                if (!quiet) {
                    printer.call(String.format('%s %s %s (%.2f s)%s', LocalTime.now().format(clock), r.container, r.outcome,
                            r.duration.toMillis() / 1000.0d, r.ok ? '' : ': ' + r.error))
                }
            }
        }
    }

    /** Tells {@code first} and then {@code second} every event. */
    static FleetProgress both(FleetProgress first, FleetProgress second) {
        new FleetProgress() {
            void line(String text) {
                first.line(text)
                second.line(text)
            }

            void started(FleetResult r) {
                first.started(r)
                second.started(r)
            }

            void stepBegun(FleetResult r, FleetStep step) {
                first.stepBegun(r, step)
                second.stepBegun(r, step)
            }

            void printed(FleetResult r, String text) {
                first.printed(r, text)
                second.printed(r, text)
            }

            void noted(FleetResult r, String line) {
                first.noted(r, line)
                second.noted(r, line)
            }

            void finished(FleetResult r) {
                first.finished(r)
                second.finished(r)
            }

            void close() {
                first.close()
                second.close()
            }
        }
    }

    /** A live block on {@code terminal}, redrawn on every event and every 250 ms. */
    static FleetProgress live(PrintStream terminal, List<String> containers) {
        new LiveProgress(terminal, containers)
    }

    @CompileStatic
    private static final class LiveProgress extends FleetProgress {
        private static final String UP = '\u001b[%dA'
        private static final String CLEAR_DOWN = '\u001b[J'
        private static final int WIDTH = 120

        private final PrintStream out
        private final Map<String, String> status = new LinkedHashMap<>()
        private final Map<String, Long> since = [:]
        private final int nameWidth
        private final Timer timer = new Timer('fleet-progress', true)
        private int drawn

        LiveProgress(PrintStream out, List<String> containers) {
            this.out = out
            containers.each { status[it] = 'waiting' }
            nameWidth = (containers*.length().max() ?: 10) + 2
            timer.scheduleAtFixedRate({ redraw() } as TimerTask, 250, 250)
            redraw()
        }

        synchronized void line(String text) {
            erase()
            out.println(text)
            draw()
        }

        synchronized void started(FleetResult r) {
            since[r.container] = System.nanoTime()
            status[r.container] = 'running'
            redraw()
        }

        protected synchronized void doing(FleetResult r, String what) {
            status[r.container] = "running  ${what}".toString()
            redraw()
        }

        synchronized void finished(FleetResult r) {
            since.remove(r.container)
            status[r.container] = String.format('%-7s %6.2f s  %s', r.outcome, r.duration.toMillis() / 1000.0d, r.ok ? '' : r.error)
            redraw()
        }

        synchronized void close() {
            timer.cancel()
            redraw()
        }

        private synchronized void redraw() {
            erase()
            draw()
        }

        private void erase() {
            if (drawn > 0) {
                out.print(String.format(UP, drawn) + '\r' + CLEAR_DOWN)
            }
            drawn = 0
        }

        private void draw() {
            status.each { String name, String text ->
                Long t0 = since[name]
                String shown = t0 == null ? text : text.replaceFirst(/^running/,
                        String.format('running %6.2f s', (System.nanoTime() - t0) / 1e9d))
                String row = String.format("%-${nameWidth}s%s", name, shown)
                out.println(row.length() > WIDTH ? row.substring(0, WIDTH - 1) + '…' : row)
            }
            drawn = status.size()
            out.flush()
        }
    }
}
