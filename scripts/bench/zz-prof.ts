import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { StationKey } from '../../electron/engine/crypto/station-key.js';
import { silentLogger } from '../../electron/engine/log/logger.js';
import { openStation } from '../../electron/engine/station.js';
import { seedYear } from './year-seed.js';
import { Session } from 'node:inspector/promises';
const root = await mkdtemp(join(tmpdir(), 'prof-'));
const now = new Date();
const key = StationKey.generate();
const station = await openStation({ dataDir: join(root, 'd'), key, watch: false, recognition: false, delivery: false, retentionTimer: false, patientSync: false, log: silentLogger, now: () => now });
seedYear(station.context.db, key.auditChainKey(), { documents: Number(process.env.DOCS ?? 20000), auditPerDocument: 0, now, seed: 17 });
const admin = await station.call('session.createAdmin', { username: 'admin', displayName: 'Ada Admin', password: 'correct horse battery staple 17' }, null);
const token = admin.session?.kind === 'signed-in' ? admin.session.token : null;
const calls = JSON.parse(process.argv[2]!) as [string, unknown][];
const session = new Session(); session.connect();
await session.post('Profiler.enable'); await session.post('Profiler.start');
for (const m of calls) {
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    const r = await station.call(m[0], m[1], token);
    console.log(m[0], JSON.stringify(m[1]), (performance.now() - t).toFixed(1), r.result.ok);
  }
}
const { profile } = await session.post('Profiler.stop');
const self = new Map<string, number>(); const idx = new Map(profile.nodes.map((n) => [n.id, n]));
profile.samples!.forEach((s, i) => { const n = idx.get(s)!; const k = `${n.callFrame.functionName} ${n.callFrame.url.split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`; self.set(k, (self.get(k) ?? 0) + (profile.timeDeltas![i] ?? 0)); });
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([k, t]) => `${(t / 1000).toFixed(0)}ms ${k}`).join('\n'));
await station.close();
