import { sql } from 'kysely';
import type { ServerDb } from '../../server-sync/db/connect';
import { transferStudent } from '../../server-sync/students/index';
import type { Prng } from './prng';
import { drawSkew } from './skew';
import type { SimEnv, SimWorkstation } from './workstation';
import type { SimWorld } from './world';

/**
 * The seeded schedule: step by step the virtual clock moves on (0.2 to 4 s) and one thing happens: a nurse
 * writes on a workstation; one, two or three workstations sync at the same moment (on PostgreSQL their requests
 * really overlap), sometimes while their nurse keeps writing; a workstation goes offline or comes back; the SIS
 * moves a student to another school; a workstation's clock is set wrong. It ends when every workstation has made
 * its operations.
 */

type Action = 'write' | 'sync' | 'toggle' | 'transfer' | 'clock';

async function writesDuring(ws: SimWorkstation, n: number): Promise<void> {
  for (let i = 0; i < n; i++) {
    await new Promise<void>((resolve) => setImmediate(resolve));
    ws.write();
  }
}

async function transfer(
  prng: Prng,
  db: ServerDb,
  world: SimWorld,
  transferred: Set<string>,
): Promise<boolean> {
  const withStations = world.schools.slice(0, -1).map((s) => s.id);
  const candidates = await sql<{ id: string; school_id: string }>`
    SELECT id, school_id FROM students WHERE school_id IN (${sql.join(withStations)}) ORDER BY id`.execute(
    db,
  );
  if (candidates.rows.length === 0) return false;
  const student = prng.pick(candidates.rows);
  const to = prng.pick(world.schools.filter((s) => s.id !== student.school_id)).id;
  const actor = { userId: world.adminId, schoolIds: world.schools.map((s) => s.id) };
  for (let attempt = 1; ; attempt++) {
    try {
      await transferStudent(db, student.id, to, actor);
      transferred.add(student.id);
      return true;
    } catch (e) {
      // a deadlock with a concurrent push is possible in principle: the district office simply tries again
      if (attempt >= 3) throw e;
    }
  }
}

export async function schedule(input: {
  readonly prng: Prng;
  readonly stations: readonly SimWorkstation[];
  readonly env: SimEnv;
  readonly world: SimWorld;
  readonly db: ServerDb;
  /** Operations per workstation. */
  readonly ops: number;
}): Promise<Set<string>> {
  const { prng, stations, env, world, db, ops } = input;
  const transferred = new Set<string>();
  // a new workstation's first sync brings its school's records
  await Promise.all(stations.map((ws) => ws.sync()));
  const maxSteps = ops * stations.length * 10 + 100;
  for (let step = 0; step < maxSteps && stations.some((ws) => ws.ops < ops); step++) {
    env.clock.nowMs += prng.int(200, 4000);
    const action = prng.weighted<Action>([
      ['write', 55],
      ['sync', 30],
      ['toggle', 6],
      ['transfer', 0.6],
      ['clock', 0.4],
    ]);
    if (action === 'write') {
      const pending = stations.filter((ws) => ws.ops < ops);
      const ws = prng.pick(pending.length > 0 ? pending : stations);
      for (let i = prng.int(1, 3); i > 0; i--) ws.write();
    } else if (action === 'sync') {
      const online = stations.filter((ws) => ws.online);
      const k = prng.weighted([
        [1, 70],
        [2, 20],
        [3, 10],
      ] as const);
      const chosen = prng.sample(online, k);
      await Promise.all(
        chosen.map((ws) =>
          prng.chance(0.25) ? Promise.all([ws.sync(), writesDuring(ws, prng.int(1, 3))]) : ws.sync(),
        ),
      );
    } else if (action === 'toggle') {
      const ws = prng.pick(stations);
      ws.online = !ws.online;
      const offline = stations.filter((x) => !x.online);
      if (offline.length > stations.length / 2) prng.pick(offline).online = true;
      env.verbose(`${ws.name} goes ${ws.online ? 'online' : 'offline'}`);
    } else if (action === 'transfer') {
      if (await transfer(prng, db, world, transferred)) env.counts.transfers++;
    } else {
      const ws = prng.pick(stations);
      ws.skewMs = drawSkew(prng);
      env.verbose(`${ws.name}: clock set ${ws.skewMs} ms off`);
    }
  }
  return transferred;
}
