#!/usr/bin/env lxc-groovy
// python3-lxc's examples/pyconsole.py: attach this terminal to a container's console; Ctrl-<escape> q quits.
// Usage: lxc-groovy scripts/console.groovy NAME [TTYNUM [ESCAPE]]     e.g. ESCAPE a means Ctrl-a
if (args.length < 1) {
    throw new IllegalArgumentException('usage: console.groovy container-name [ttynum [escape]]')
}
int ttynum = args.length > 1 ? args[1] as int : -1
int escape = args.length > 2 ? (args[2] as char) - ('a' as char) + 1 : 1

def ct = container(args[0])

printf('Container:%s tty:%d Ctrl-%c q to quit%n', ct.name, ttynum, ('a' as char) + escape - 1)
Thread.sleep(1000)
if (!ct.defined) {
    throw new IllegalStateException("Container ${ct.name} not defined")
}
if (!ct.running) {
    throw new IllegalStateException("Container ${ct.name} not running")
}

ct.console(ttynum, 0, 1, 2, escape)
println 'Console done'
