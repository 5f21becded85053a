import multipart, { type MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { AppError, isAppError } from '../errors.ts';
import {
  sendTicketAttachment,
  TICKET_CATEGORIES,
  type NewAttachment,
  type TicketService,
} from '../helpdesk/index.ts';
import { routesPlugin } from '../web/index.ts';
import type { HelpIdentity, HelpSessions } from './help-session.ts';
import { renderNewTicket, renderTicket, renderTicketList, statusText } from './help-ticket-pages.ts';
import type { PortalDeps } from './portal-deps.ts';

/** What one multipart post carried: its first file (busboy stops reading a file at the limit and says so). */
interface Collected {
  files: number;
  fileName: string;
  data: Buffer | undefined;
}

const NumberParams = z.object({ number: z.string().regex(/^T-\d{4}-\d{6,9}$/) });
const AttachmentParams = NumberParams.extend({ aid: z.coerce.number().int().positive() });
const NewTicketForm = z.object({
  category: z.enum(TICKET_CATEGORIES),
  description: z.string().trim().min(1).max(4000),
});
/** What a multipart post carried, as text (anything else, e.g. a repeated field, reads as empty). */
const text = z.string().catch('');
const PostedTicket = z.object({ category: text, description: text }).catch({ category: '', description: '' });
const PostedReply = z.object({ body: text }).catch({ body: '' });
const ReplyForm = z.object({ body: z.string().trim().min(1).max(4000) });
const StatusForm = z.object({ status: z.enum(['reopened', 'closed']) });
const NoticeQuery = z.object({
  notice: z.enum(['created', 'replied', 'status']).optional().catch(undefined),
});
const ATTACHMENT_REFUSALS: ReadonlySet<string> = new Set([
  'TICKET_ATTACHMENT_TOO_LARGE',
  'TICKET_ATTACHMENT_TYPE',
]);
const refusalKey = (code: string) =>
  code === 'TICKET_ATTACHMENT_TOO_LARGE' ? 'tickets.errAttachmentTooLarge' : 'tickets.errAttachmentType';

/**
 * An officer's tickets from the portal (issue 11): raise (with an optional screenshot), list own, read one
 * (public events, attachments), reply, reopen or close. All through the ticket service as an `OfficerActor`;
 * another officer's ticket is "not found" (the service says so). Identified by a portal session or a help
 * session; unsafe methods carry that identity's CSRF token (multipart posts in their own scope, so `_csrf`
 * is among the body's fields).
 */
export function helpTicketRoutes(deps: PortalDeps, help: HelpSessions, tickets: TicketService) {
  const maxBytes = deps.config.circulars.attachmentMaxBytes;
  const maxMb = Math.floor(maxBytes / 1024 / 1024);

  async function identified(request: FastifyRequest, next: 'ticket' | 'tickets'): Promise<HelpIdentity> {
    const who = await help.identity(request);
    if (!who)
      throw new AppError('HELP_IDENTIFY_REQUIRED', {
        back: { href: `/help/identify?next=${next}`, label: 'help' },
      });
    if (request.method !== 'GET' && !help.validPost(request, who))
      throw new AppError('CSRF_FAILED', { back: { href: '/help/tickets', label: 'help' } });
    return who;
  }

  const ticketOf = async (request: FastifyRequest, who: HelpIdentity) => {
    const p = NumberParams.safeParse(request.params);
    if (!p.success) throw new AppError('TICKET_NOT_FOUND');
    return tickets.findByNumber(p.data.number, help.actor(who, request));
  };

  async function showTicket(
    request: FastifyRequest,
    reply: FastifyReply,
    who: HelpIdentity,
    extra: { notice?: string; replyError?: string; status?: number } = {},
  ) {
    const actor = help.actor(who, request);
    const ticket = await ticketOf(request, who);
    const view = {
      ticket,
      events: await tickets.events(ticket.id, actor),
      attachments: await tickets.attachments(ticket.id, actor),
      csrf: help.csrf(who),
      ...(extra.notice ? { notice: extra.notice } : {}),
      ...(extra.replyError ? { replyError: extra.replyError } : {}),
    };
    return reply.page(renderTicket(request, view), extra.status ?? 200);
  }

  const attachmentOf = (state: Collected | undefined): NewAttachment | undefined =>
    state?.data && state.data.length > 0 ? { fileName: state.fileName, data: state.data } : undefined;

  return routesPlugin((app: FastifyInstance) => {
    app.get('/help/tickets', async (request, reply) => {
      const who = await identified(request, 'tickets');
      return reply.page(renderTicketList(request, await tickets.listOwn(help.actor(who, request))));
    });

    app.get('/help/tickets/new', async (request, reply) => {
      const who = await identified(request, 'ticket');
      return reply.page(renderNewTicket(request, { csrf: help.csrf(who), maxMb }));
    });

    app.get('/help/tickets/:number', async (request, reply) => {
      const who = await identified(request, 'tickets');
      const { notice } = NoticeQuery.parse(request.query ?? {});
      const t = request.t;
      const ticket = await ticketOf(request, who);
      const message =
        notice === 'created'
          ? t('selfHelp.created', { number: ticket.number })
          : notice === 'replied'
            ? t('selfHelp.replied')
            : notice === 'status'
              ? t('selfHelp.statusChanged', { status: statusText(request, ticket.status) })
              : undefined;
      return showTicket(request, reply, who, message ? { notice: message } : {});
    });

    app.get('/help/tickets/:number/attachments/:aid', async (request, reply) => {
      const who = await identified(request, 'tickets');
      const p = AttachmentParams.safeParse(request.params);
      if (!p.success) throw new AppError('TICKET_NOT_FOUND');
      const actor = help.actor(who, request);
      const ticket = await tickets.findByNumber(p.data.number, actor);
      const row = (await tickets.attachments(ticket.id, actor)).find((a) => a.id === p.data.aid);
      if (!row) throw new AppError('TICKET_NOT_FOUND');
      return sendTicketAttachment(reply, row, deps.config.dataDir);
    });

    app.post('/help/tickets/:number/status', async (request, reply) => {
      const who = await identified(request, 'tickets');
      const form = StatusForm.safeParse(request.body ?? {});
      if (!form.success) throw new AppError('HELP_FORM_INVALID');
      const ticket = await ticketOf(request, who);
      await tickets.setStatus(ticket.id, help.actor(who, request), form.data.status);
      return reply.redirect(`/help/tickets/${ticket.number}?notice=status`, 303);
    });

    // Multipart posts, in their own scope: the file is read into memory up to one byte past the limit, so
    // the service sees an oversized file as oversized (and refuses and audits it) without reading it all.
    void app.register(async (scope) => {
      const uploads = new WeakMap<FastifyRequest, Collected>();
      await scope.register(multipart, {
        attachFieldsToBody: 'keyValues',
        throwFileSizeLimit: false,
        limits: { fileSize: maxBytes + 1, fields: 5, fieldSize: 8 * 1024, parts: 8, headerPairs: 100 },
        async onFile(this: FastifyRequest, part: MultipartFile) {
          let state = uploads.get(this);
          if (!state) uploads.set(this, (state = { files: 0, fileName: '', data: undefined }));
          state.files++;
          const chunks: Buffer[] = [];
          for await (const chunk of part.file) if (state.files === 1) chunks.push(chunk as Buffer);
          if (state.files === 1) {
            state.fileName = part.filename;
            state.data = Buffer.concat(chunks);
          }
        },
      });

      scope.post('/help/tickets', async (request, reply) => {
        const who = await identified(request, 'ticket');
        const t = request.t;
        const values = PostedTicket.parse(request.body ?? {});
        const form = NewTicketForm.safeParse(values);
        const again = (
          errors: { category?: string; description?: string; screenshot?: string },
          status: number,
        ) => reply.page(renderNewTicket(request, { csrf: help.csrf(who), maxMb, ...values, errors }), status);
        if (!form.success) {
          const bad = new Set(form.error.issues.map((i) => String(i.path[0])));
          return again(
            {
              ...(bad.has('category') ? { category: t('selfHelp.errCategory') } : {}),
              ...(bad.has('description') ? { description: t('selfHelp.errDescription') } : {}),
            },
            400,
          );
        }
        let number: string;
        try {
          const ticket = await tickets.open(help.actor(who, request), {
            ...form.data,
            attachment: attachmentOf(uploads.get(request)),
          });
          number = ticket.number;
        } catch (error) {
          if (isAppError(error) && ATTACHMENT_REFUSALS.has(error.code))
            return again({ screenshot: t(refusalKey(error.code), error.vars) }, error.status);
          throw error;
        }
        return reply.redirect(`/help/tickets/${number}?notice=created`, 303);
      });

      scope.post('/help/tickets/:number/reply', async (request, reply) => {
        const who = await identified(request, 'tickets');
        const form = ReplyForm.safeParse(PostedReply.parse(request.body ?? {}));
        if (!form.success)
          return showTicket(request, reply, who, {
            replyError: request.t('selfHelp.errDescription'),
            status: 400,
          });
        const ticket = await ticketOf(request, who);
        try {
          await tickets.reply(ticket.id, help.actor(who, request), {
            body: form.data.body,
            visibility: 'public',
            attachment: attachmentOf(uploads.get(request)),
          });
        } catch (error) {
          if (isAppError(error) && ATTACHMENT_REFUSALS.has(error.code)) {
            const replyError = request.t(refusalKey(error.code), error.vars);
            return showTicket(request, reply, who, { replyError, status: error.status });
          }
          throw error;
        }
        return reply.redirect(`/help/tickets/${ticket.number}?notice=replied`, 303);
      });
    });
  });
}
