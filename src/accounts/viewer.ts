// What the signed-in menu shows, built once per signed-in page.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Locale } from '../i18n/locale.ts';
import type { Viewer } from '../web/layout.tsx';
import { isPrivileged } from './model.ts';

export async function viewerFor(req: FastifyRequest, reply: FastifyReply, locale: Locale): Promise<Viewer> {
  const u = req.auth!.user;
  let organisationName: string | null = null;
  let canPublishAdvisories = isPrivileged(u);
  if (u.organisationId !== null) {
    const o = await req.server.deps.database.db.selectFrom('organisations').select(['name_ja', 'name_en', 'may_publish_advisories']).where('id', '=', u.organisationId).executeTakeFirst();
    organisationName = o ? (locale === 'ja' ? o.name_ja : o.name_en) : null;
    canPublishAdvisories ||= o?.may_publish_advisories === 1;
  }
  return {
    displayName: u.displayName,
    organisationName,
    hasOrganisation: u.organisationId !== null,
    isOrgAdmin: u.orgRole === 'admin',
    isModerator: isPrivileged(u),
    isAdmin: u.role === 'admin',
    canPublishAdvisories,
    csrf: reply.generateCsrf(),
  };
}
