package org.lxcgroovy.dsl

import groovy.transform.CompileStatic

/**
 * What a step of a container's part in a fleet run is: its name in the JSON report and on the page, the colour of
 * its bars there, and what the live progress says while it lasts (null: the step's own label, e.g. the command).
 */
@CompileStatic
enum StepKind {
    SNAPSHOT('snapshot', '#8e7cc3', 'snapshot'),
    THAW('thaw', '#76a5af', 'thawing'),
    START('start', '#6fa8dc', 'starting'),
    BOOT('boot', '#3d85c6', 'booting'),
    IP('ip', '#f6b26b', 'waiting for an IP'),
    COMMAND('command', '#93c47d', null),
    APT('apt', '#38761d', null),
    SHUTDOWN('shutdown', '#999999', 'shutting down'),
    FREEZE('freeze', '#76a5af', 'freezing again'),
    ROLLBACK('rollback', '#e69138', 'rolling back'),
    PRUNE('prune', '#b4a7d6', 'pruning old snapshots'),
    /** What check mode did not do (a command, a write, a guard): a mark on the timeline, no time spent. */
    SKIPPED('skipped', '#cccccc', null)

    /** The name in the JSON report ({@code "kind": "boot"}) and the page's CSS class ({@code k-boot}). */
    final String key
    /** The colour of its bars and swatch on the page. */
    final String colour
    /** What the live progress shows while such a step lasts; null: the step's label. */
    final String doing

    private StepKind(String key, String colour, String doing) {
        this.key = key
        this.colour = colour
        this.doing = doing
    }

    /** The kind a report names {@code key}. */
    static StepKind of(String key) {
        StepKind kind = values().find { it.key == key }
        if (kind == null) {
            throw new IllegalArgumentException("no step kind '${key}'; known: ${values()*.key.join(', ')}")
        }
        kind
    }

    @Override
    String toString() {
        key
    }
}
