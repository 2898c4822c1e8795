// First start (and every start: both steps are idempotent): the shipped desks, then the guided path's
// default flow as version 1 (checked against the desks, so the desks come first).
import type { DatabaseHandle } from '../db/database.ts';
import { seedDesks } from '../desks/service.ts';
import { seedHelpFlow } from './service.ts';

export async function seedDesksAndHelp(handle: DatabaseHandle, now = new Date().toISOString()): Promise<void> {
  await seedDesks(handle, now);
  await seedHelpFlow(handle, now);
}
