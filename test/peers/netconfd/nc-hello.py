#!/usr/bin/python3
"""Readiness probe for start.sh: NETCONF hello (base:1.1) + close-session over `ssh -s netconf`.
Dependency-free (OpenSSH client only). Keeps stdin open until the reply (netconfd gotcha 8).
Exit 0 when the server hello has a session-id and close-session returns <ok/>."""
import argparse, os, re, subprocess, sys, time
ap = argparse.ArgumentParser()
ap.add_argument('--host', default='127.0.0.1'); ap.add_argument('--port', required=True)
ap.add_argument('--user', default='netconf'); ap.add_argument('--key', required=True)
ap.add_argument('--timeout', type=float, default=10)
a = ap.parse_args()
cmd = ['ssh', '-q', '-i', a.key, '-p', str(a.port), '-o', 'StrictHostKeyChecking=no', '-o', 'UserKnownHostsFile=/dev/null',
       '-o', 'BatchMode=yes', f'{a.user}@{a.host}', '-s', 'netconf']
p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=0)
deadline = time.time() + a.timeout
buf = b''
def read_until(pred):
    global buf
    while True:
        r = pred(buf)
        if r is not None: return r
        if time.time() > deadline: sys.exit('timeout waiting for the server')
        chunk = os.read(p.stdout.fileno(), 65536)
        if not chunk: sys.exit('EOF from the server')
        buf += chunk
def eom(b):
    i = b.find(b']]>]]>')
    return None if i < 0 else (b[:i], i + 6)
def chunked(b):
    out = b''; pos = 0
    while True:
        m = re.compile(rb'\n#(\d+)\n').match(b, pos)
        if m:
            n = int(m.group(1)); start = m.end()
            if len(b) < start + n: return None
            out += b[start:start + n]; pos = start + n; continue
        if b.startswith(b'\n##\n', pos): return (out, pos + 4)
        return None
p.stdin.write(b'<?xml version="1.0" encoding="UTF-8"?><hello xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><capabilities>'
              b'<capability>urn:ietf:params:netconf:base:1.0</capability><capability>urn:ietf:params:netconf:base:1.1</capability>'
              b'</capabilities></hello>]]>]]>')
hello, used = read_until(eom); buf = buf[used:]
if b'<session-id>' not in hello: sys.exit('no session-id in the server hello')
v11 = b'urn:ietf:params:netconf:base:1.1' in hello
rpc = b'<rpc message-id="1" xmlns="urn:ietf:params:xml:ns:netconf:base:1.0"><close-session/></rpc>'
p.stdin.write(b'\n#%d\n' % len(rpc) + rpc + b'\n##\n' if v11 else rpc + b']]>]]>')
reply, _ = read_until(chunked if v11 else eom)
p.stdin.close(); p.wait(timeout=5)
print('framing', '1.1' if v11 else '1.0', 'close-session', 'ok' if b'<ok/>' in reply else reply.decode())
sys.exit(0 if b'<ok/>' in reply else 1)
