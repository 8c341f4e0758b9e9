// Preloaded with `node --require` into the child that runs the recognition pipeline. Node 20
// runs --require preloads in every worker thread too (--import it does not), so this also
// guards our recognition worker and the worker threads tesseract.js starts inside it.
// Every attempt to reach the network is appended to NO_NETWORK_LOG and then thrown.
// It must be CommonJS for --require to load it, hence require() throughout.
/* eslint-disable @typescript-eslint/no-require-imports */
const fs = require('node:fs');
const { isMainThread, threadId } = require('node:worker_threads');

const logPath = process.env.NO_NETWORK_LOG;
const record = (line) => {
  if (logPath) fs.appendFileSync(logPath, `${line}\n`);
};
record(`loaded thread=${threadId} main=${isMainThread}`);

// A Unix socket or Windows pipe (a path, not a port) cannot leave the machine: tsx's loader
// talks to its parent that way, so those pass. Anything with a port or a host is network.
const isLocalPipe = (args) => {
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  if (typeof first === 'string') return !/^\d+$/.test(first);
  return typeof first === 'object' && first !== null && typeof first.path === 'string' && first.port === undefined;
};

const refuse = (what, original) =>
  function refused(...args) {
    if (original && isLocalPipe(args)) return original.apply(this, args);
    const target = typeof args[0] === 'string' ? args[0] : args[0] instanceof URL ? args[0].href : JSON.stringify(args[0] ?? null);
    record(`attempt thread=${threadId} ${what} ${String(target).slice(0, 200)}`);
    throw new Error(`network access refused in test: ${what}`);
  };

const net = require('node:net');
net.Socket.prototype.connect = refuse('net.Socket.connect', net.Socket.prototype.connect);
net.connect = refuse('net.connect', net.connect);
net.createConnection = refuse('net.createConnection', net.createConnection);
const tls = require('node:tls');
tls.connect = refuse('tls.connect');
const dns = require('node:dns');
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) dns[name] = refuse(`dns.${name}`);
for (const name of ['lookup', 'resolve', 'resolve4', 'resolve6', 'resolveAny']) dns.promises[name] = refuse(`dns.promises.${name}`);
for (const mod of ['node:http', 'node:https']) {
  const m = require(mod);
  m.request = refuse(`${mod}.request`);
  m.get = refuse(`${mod}.get`);
}
const dgram = require('node:dgram');
dgram.createSocket = refuse('dgram.createSocket');
globalThis.fetch = refuse('fetch');
