package org.lxcgroovy.dsl

import groovy.transform.CompileStatic
import java.time.Duration
import java.time.ZoneId
import java.time.format.DateTimeFormatter
import org.lxcgroovy.dsl.packages.PackageStates

/**
 * The fleet reports of a script as one self-contained HTML page a person reads (`--report run.html`): no network,
 * no external file, so it works from a file:// URL and as a mail attachment. Per run: a header with the counts,
 * the total time and the options; one row per container on a shared time axis, its steps as bars (failed red,
 * a rollback marked, the wait for an address visible as its own kind); hovering a bar shows its command and last
 * output lines, a click leads to the step in the table below, which has the same data for people who read.
 * Works without script; a few lines of it open the step a link leads to.
 */
@CompileStatic
class FleetReportPage {
    static String render(List<FleetReport> reports, String title) {
        render(reports, title, [:])
    }

    /**
     * The page of a run over many hosts: {@code hosts} (name → how it ended, in a line) listed first; in the
     * timeline, containers named {@code host/container} are grouped under their host.
     */
    static String render(List<FleetReport> reports, String title, Map<String, String> hosts) {
        def page = new StringBuilder()
        page << '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8"/>\n'
        page << "<title>${esc(title)}</title>\n<style>${STYLE}</style>\n</head>\n<body>\n"
        page << "<h1>${esc(title)}</h1>\n"
        if (hosts) {
            page << '<ul class="hosts">\n'
            hosts.each { String host, String ended ->
                page << "<li class=\"${ended.startsWith('ok') ? 'ok' : 'failed'}\"><b>${esc(host)}</b>: ${esc(ended)}</li>\n"
            }
            page << '</ul>\n'
        }
        if (reports.isEmpty()) {
            page << '<p>The script ran no fleet.</p>\n'
        }
        reports.eachWithIndex { FleetReport report, int i -> runSection(page, report, i, reports.size()) }
        page << "<script>${SCRIPT}</script>\n</body>\n</html>\n"
        page.toString()
    }

    private static void runSection(StringBuilder page, FleetReport report, int index, int count) {
        String id = "run${index + 1}"
        int failed = report.failed.size()
        int rolledBack = report.results.count { it.rolledBack != null } as int
        page << "<section class=\"run\" id=\"${id}\">\n"
        page << "<h2>${count > 1 ? "Fleet run ${index + 1} of ${count}" : 'Fleet run'}</h2>\n"
        page << '<p class="counts">'
        page << "<span class=\"count\">${report.results.size()} ${report.results.size() == 1 ? 'container' : 'containers'}</span> "
        page << "<span class=\"count ok\">${report.results.size() - failed} ok</span> "
        page << "<span class=\"count${failed ? ' failed' : ''}\">${failed} failed</span> "
        if (rolledBack) {
            page << "<span class=\"count rolledback\">${rolledBack} rolled back</span> "
        }
        page << "<span class=\"count\">${seconds(report.duration)} s</span>"
        if (report.startedAt != null) {
            String at = DateTimeFormatter.ofPattern('yyyy-MM-dd HH:mm:ss z').format(report.startedAt.atZone(ZoneId.systemDefault()))
            page << " <span class=\"count\">started ${esc(at)}</span>"
        }
        page << '</p>\n'
        page << "<p class=\"options\">options: ${esc(report.options ? report.options.collect { k, v -> "$k: $v" }.join(', ') : 'none')}</p>\n"
        String time = report.whereTheTimeWent()
        if (time) {
            page << "<p class=\"time\">${esc(time)}</p>\n"
        }
        timeline(page, report, id)
        table(page, report, id)
        page << '</section>\n'
    }

    private static void timeline(StringBuilder page, FleetReport report, String id) {
        double total = Math.max(report.duration.toMillis(), 1L) as double
        page << '<div class="timeline">\n<div class="row axis"><div class="name"></div><div class="track">'
        (0..4).each { int q ->
            page << "<span class=\"tick${q == 4 ? ' end' : ''}\" style=\"left:${q * 25}%\">${String.format('%.1f s', total * q / 4 / 1000)}</span>"
        }
        page << '</div></div>\n'
        String group = null
        report.results.eachWithIndex { FleetResult r, int c ->
            String host = r.container.contains('/') ? r.container.substring(0, r.container.indexOf('/')) : null
            if (host != null && host != group) {
                page << "<div class=\"row group\"><div class=\"name\">${esc(host)}</div><div class=\"track\"></div></div>\n"
                group = host
            }
            String state = r.outcome.toLowerCase(Locale.ROOT)
            page << "<div class=\"row ${state}${r.rolledBack ? ' rolledback' : ''}\">"
            page << "<div class=\"name\"><a href=\"#${id}-c${c}\">${esc(r.container)}</a>"
            page << "<span class=\"state\">${state.toUpperCase()}${r.rolledBack ? ", rolled back to ${esc(r.rolledBack)}" : ''}</span>"
            if (!r.ok) {
                page << "<span class=\"reason\">${esc(r.error)}</span>"
            }
            page << '</div><div class="track">'
            double from = r.offset.toMillis() / total * 100
            double span = Math.max(r.duration.toMillis() / total * 100, 0.2d)
            page << "<span class=\"span\" style=\"left:${pct(from)};width:${pct(span)}\"></span>"
            r.steps.eachWithIndex { FleetStep s, int n ->
                double left = s.offset.toMillis() / total * 100
                double width = Math.max(s.duration.toMillis() / total * 100, 0.25d)
                page << "<a class=\"bar k-${s.kind.key} l${Math.min(s.level, 1)}${s.ok ? '' : ' bad'}\" href=\"#${id}-c${c}-s${n}\" " +
                        "style=\"left:${pct(left)};width:${pct(width)}\" title=\"${esc(hover(s))}\"></a>"
            }
            page << '</div></div>\n'
        }
        page << '</div>\n<p class="legend">'
        StepKind.values().each { page << "<span class=\"key\"><span class=\"swatch k-${it.key}\"></span>${it.key}</span> " }
        page << '<span class="key"><span class="swatch bad"></span>failed</span></p>\n'
    }

    private static void table(StringBuilder page, FleetReport report, String id) {
        page << '<table class="steps">\n<thead><tr><th>container</th><th>at</th><th>seconds</th><th>step</th><th>outcome</th></tr></thead>\n'
        report.results.eachWithIndex { FleetResult r, int c ->
            page << "<tbody id=\"${id}-c${c}\" class=\"${r.ok ? 'ok' : 'failed'}\">"
            page << "<tr class=\"container\"><th colspan=\"5\">${esc(r.container)}: ${r.outcome} in ${seconds(r.duration)} s" +
                    "${r.ok ? '' : ' — ' + esc(r.error)}${r.rolledBack ? ' — rolled back to ' + esc(r.rolledBack) : ''}" +
                    "${r.packages ? ' — ' + esc(PackageStates.describe(r.packages)) : ''}</th></tr>\n"
            r.steps.eachWithIndex { FleetStep s, int n ->
                page << "<tr id=\"${id}-c${c}-s${n}\" class=\"step l${Math.min(s.level, 1)}${s.ok ? '' : ' bad'}\">"
                page << "<td></td><td>${seconds(s.offset)}</td><td>${seconds(s.duration)}</td>"
                page << "<td><span class=\"swatch k-${s.kind.key}\"></span>${esc(s.label)}</td><td>"
                List<String> more = details(s)
                if (more) {
                    page << "<details${s.ok ? '' : ' open=""'}><summary>${esc(s.ended())}</summary><pre>${esc(more.join('\n'))}</pre></details>"
                } else {
                    page << esc(s.ended())
                }
                page << '</td></tr>\n'
            }
            if (r.output) {
                page << "<tr class=\"output\"><td></td><td colspan=\"4\"><details><summary>output (${r.output.size()} lines)</summary>" +
                        "<pre>${esc(new ArrayList<String>(r.output).join('\n'))}</pre></details></td></tr>\n"
            }
            page << '</tbody>\n'
        }
        page << '</table>\n'
    }

    /** The command and the last lines of its output, and the packages an apt step changed. */
    private static List<String> details(FleetStep s) {
        List<String> lines = []
        if (s.command) {
            lines << '$ ' + s.command.join(' ')
        }
        if (s.output) {
            lines.addAll(s.output)
        }
        s.packages?.each { Map<String, String> p ->
            lines << "${p.name}: ${p.from ?: '(none)'} -> ${p.to ?: '(removed)'}".toString()
        }
        lines
    }

    private static String hover(FleetStep s) {
        ([s.label, "${seconds(s.duration)} s at ${seconds(s.offset)} s: ${s.ended()}".toString()] + details(s).drop(s.command ? 1 : 0)).join('\n')
    }

    private static String seconds(Duration d) {
        String.format('%.2f', d.toMillis() / 1000.0d)
    }

    private static String pct(double value) {
        String.format('%.3f%%', value)
    }

    /** Text as HTML shows it, in element content and attribute values alike. */
    static String esc(String text) {
        (text ?: '').replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('"', '&quot;')
                .replace('\n', '&#10;')
    }

    private static final String STYLE = '''
body { font: 14px/1.4 system-ui, sans-serif; margin: 1.5em; color: #222; }
h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.5em; }
.counts .count { display: inline-block; padding: 0.1em 0.6em; margin-right: 0.3em; border-radius: 1em; background: #eee; }
.counts .ok { background: #d9ead3; } .counts .failed { background: #f4cccc; } .counts .rolledback { background: #fce5cd; }
.options, .time { color: #555; margin: 0.3em 0; }
ul.hosts { padding-left: 1.2em; } ul.hosts li.failed { color: #990000; }
.row.group { min-height: 1.6em; background: #f3f3f3; font-weight: bold; }
.timeline { border: 1px solid #ccc; padding: 0.3em 0; margin: 0.8em 0; }
.row { display: flex; align-items: stretch; border-bottom: 1px solid #f0f0f0; min-height: 2.4em; }
.row.axis { min-height: 1.4em; }
.name { width: 16em; flex: none; padding: 0.2em 0.5em; overflow: hidden; }
.name .state { display: block; font-size: 0.8em; color: #38761d; }
.row.failed .name, .row.timeout .name { background: #f4cccc; }
.row.failed .name .state, .row.timeout .name .state { color: #990000; font-weight: bold; }
.row.rolledback .name .state { color: #b45f06; }
.name .reason { display: block; font-size: 0.8em; color: #660000; white-space: normal; }
.track { position: relative; flex: 1; margin-right: 1em; }
.tick { position: absolute; top: 0; font-size: 0.75em; color: #777; border-left: 1px solid #bbb; padding-left: 2px; white-space: nowrap; }
.tick.end { border-left: none; border-right: 1px solid #bbb; padding: 0 2px 0 0; transform: translateX(-100%); }
.span { position: absolute; top: 0.3em; height: 1.6em; background: #f5f5f5; border: 1px dashed #ccc; }
.bar { position: absolute; top: 0.4em; height: 1.0em; border-radius: 2px; }
.bar.l1 { top: 1.5em; height: 0.5em; opacity: 0.8; }
.bar.bad, .swatch.bad { background: #cc0000 !important; outline: 1px solid #660000; }
.bar:hover { outline: 2px solid #000; }
.legend .key { margin-right: 0.8em; font-size: 0.85em; white-space: nowrap; }
.swatch { display: inline-block; width: 0.9em; height: 0.9em; margin-right: 0.3em; vertical-align: -0.1em; border-radius: 2px; }
table.steps { border-collapse: collapse; width: 100%; margin-top: 0.8em; }
table.steps th, table.steps td { text-align: left; padding: 0.15em 0.5em; vertical-align: top; }
table.steps td:nth-child(2), table.steps td:nth-child(3) { text-align: right; font-variant-numeric: tabular-nums; }
tr.container th { background: #eee; padding-top: 0.4em; }
tbody.failed tr.container th { background: #f4cccc; }
tr.step.bad td { color: #990000; }
tr.step.l1 td:nth-child(4) { padding-left: 2em; }
tr:target td { background: #fff2cc; }
pre { margin: 0.2em 0; font-size: 0.85em; white-space: pre-wrap; max-width: 70em; }
''' + StepKind.values().collect { ".k-${it.key} { background: ${it.colour}; }" }.join('\n') + '\n'

    /** Opens the step a link (or the address) leads to, so its command and output show. */
    private static final String SCRIPT = '''
function openTarget() {
  var row = location.hash && document.getElementById(location.hash.substring(1));
  if (row) { var d = row.querySelector('details'); if (d) { d.open = true; } }
}
window.addEventListener('hashchange', openTarget);
openTarget();
'''
}
