// Every kind of content the publishing workflow knows, in one place: the app (composition root) and the
// command line (bulk import) build the same map.
import { advisoryHandler } from '../advisories/advisory-kind.ts';
import { eventHandler } from '../events/event-kind.ts';
import { materialHandler } from '../materials/material-kind.ts';
import { initiativeHandler } from './initiative-kind.ts';
import type { ContentKindHandler, ContentKinds } from './model.ts';

export function contentKinds(): ContentKinds {
  return new Map<string, ContentKindHandler<any>>([
    [initiativeHandler.kind, initiativeHandler],
    [materialHandler.kind, materialHandler],
    [eventHandler.kind, eventHandler],
    [advisoryHandler.kind, advisoryHandler],
  ]);
}
