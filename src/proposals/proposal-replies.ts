import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Staff } from '../console/staff.ts';
import { simplePage } from './pages-common.ts';

/** Standard refusals of the proposal pages, each a console page with a way back. */
export function createProposalReplies(back: { href: string; label: 'backToList' | 'backToQueue' }) {
  const backLink = (request: FastifyRequest) => ({
    href: back.href,
    label: request.t(`proposals.workflow.${back.label}`),
  });

  const notFound = (request: FastifyRequest, reply: FastifyReply, staff: Staff) =>
    reply.page(
      simplePage(request, staff, {
        title: request.t('proposals.workflow.notFoundTitle'),
        body: [request.t('proposals.workflow.notFoundBody')],
        back: backLink(request),
      }),
      404,
    );

  const badForm = (request: FastifyRequest, reply: FastifyReply, staff: Staff) =>
    reply.page(
      simplePage(request, staff, {
        title: request.t('proposals.workflow.badFormTitle'),
        body: [request.t('proposals.workflow.badFormBody')],
        back: backLink(request),
      }),
      400,
    );

  /** A post without this staff member's CSRF token or from another origin: nothing changes. */
  const csrfRefused = (request: FastifyRequest, reply: FastifyReply, staff: Staff) =>
    reply.page(
      simplePage(request, staff, {
        title: request.t('forbiddenTitle'),
        body: [request.t('errCsrf')],
        back: backLink(request),
      }),
      403,
    );

  return { notFound, badForm, csrfRefused };
}
