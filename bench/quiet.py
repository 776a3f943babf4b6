#!/usr/bin/env python3
"""quiet.py CMD...: runs CMD (e.g. bench/run.sh) on a shared machine with the other work pushed
back: every process outside CMD's process tree gets nice 19, and so does its scheduler
autogroup (with autogroups on, a plain renice of a process in another session changes
nothing). Everything it changed is restored when CMD ends. Root needed for other users'
processes. Not a substitute for an idle machine (the others still get the CPU that CMD
leaves idle, and their memory and disk traffic stay), but on a loaded machine it turns
figures that swing 3x into ones within ~20 % of the idle machine's."""
import os, subprocess, sys, time
child = subprocess.Popen(sys.argv[1:])
me = os.getpid()
def group(p):
    try:
        with open(f'/proc/{p}/autogroup') as f: return (f.read().split() or [None])[0]
    except OSError: return None
mygroup = group(me)
initgroup = group(1)  # PID 1's group (often none) is left alone
seen, groups, niced = set(), set(), []
def tree():
    kids = {}
    for d in os.listdir('/proc'):
        if d.isdigit():
            try:
                with open(f'/proc/{d}/stat') as f: ppid = int(f.read().rsplit(')', 1)[1].split()[1])
            except (OSError, IndexError, ValueError): continue
            kids.setdefault(ppid, []).append(int(d))
    out, todo = {me}, [child.pid]
    while todo:
        p = todo.pop(); out.add(p); todo.extend(kids.get(p, []))
    return out, kids
try:
    while child.poll() is None:
        mine, kids = tree()
        for d in os.listdir('/proc'):
            if not d.isdigit(): continue
            p = int(d)
            if p in seen or p in mine or p == 1: continue
            seen.add(p)
            try:
                with open(f'/proc/{p}/cmdline', 'rb') as f:
                    if not f.read(1): continue
            except OSError: continue
            g = group(p)
            if g and g not in (mygroup, initgroup) and g not in groups:
                try:
                    with open(f'/proc/{p}/autogroup', 'w') as f: f.write('19')
                    groups.add(g); niced.append(('g', p))
                except OSError: pass
            try:
                if os.getpriority(os.PRIO_PROCESS, p) == 0:
                    os.setpriority(os.PRIO_PROCESS, p, 19); niced.append(('n', p))
            except OSError: pass
        time.sleep(1)
finally:
    for kind, p in niced:
        try:
            if kind == 'g':
                with open(f'/proc/{p}/autogroup', 'w') as f: f.write('0')
            else: os.setpriority(os.PRIO_PROCESS, p, 0)
        except OSError: pass
sys.exit(child.returncode)
