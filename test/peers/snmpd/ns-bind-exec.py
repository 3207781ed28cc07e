#!/usr/bin/env python3
"""Bind a UDP socket on the HOST loopback, then exec a command inside a network namespace,
handing the socket over through systemd socket activation (LISTEN_FDS). Debian's snmpd
(built --with-systemd) adopts the socket whose address matches its agentAddress while it reads
the interfaces of the namespace. The PID stays the same through the exec chain (python -> ip -> CMD).

usage: ns-bind-exec.py NETNS HOST:PORT -- CMD ARGS...
"""
import os, socket, sys
ns, hostport = sys.argv[1], sys.argv[2]
if sys.argv[3] != "--":
    sys.exit("usage: ns-bind-exec.py NETNS HOST:PORT -- CMD ARGS...")
cmd = sys.argv[4:]
host, port = hostport.rsplit(":", 1)
if not (host.startswith("127.") or host == "::1"):
    sys.exit("ns-bind-exec.py: loopback addresses only")
s = socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_DGRAM)
s.bind((host, int(port)))
os.dup2(s.fileno(), 3)
os.set_inheritable(3, True)
os.environ["LISTEN_FDS"] = "1"
os.environ["LISTEN_PID"] = str(os.getpid())
os.execvp("ip", ["ip", "netns", "exec", ns] + cmd)
