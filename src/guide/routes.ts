import { statusOf } from '../errors.ts';
import { renderGuidePage, renderPdfUnavailable } from './guide-page.ts';
import { createGuideService, type GuideServiceDeps } from './guide-service.ts';
import { routesPlugin } from '../web/index.ts';

/**
 * The user guide, public (officers download it before they can sign in): `/guide` as a page and
 * `/guide.pdf` printed by Chromium, both built from the live configuration.
 */
export function guideRoutes(deps: GuideServiceDeps, options: { chromiumPath?: string } = {}) {
  const guide = createGuideService(deps, options);

  return routesPlugin((app) => {
    app.get('/guide', async (request, reply) => {
      const snapshot = await guide.current();
      return reply.header('x-guide-version', snapshot.version).page(renderGuidePage(request, snapshot));
    });

    app.get('/guide.pdf', async (request, reply) => {
      const { guide: snapshot, result } = await guide.pdf();
      if (!result.ok) {
        if (result.reason === 'render_failed')
          request.log.error({ err: result.error }, 'guide PDF could not be rendered');
        return reply.page(renderPdfUnavailable(request), statusOf('GUIDE_PDF_UNAVAILABLE'));
      }
      return reply
        .header('content-type', 'application/pdf')
        .header('content-disposition', `inline; filename="dwaar-user-guide-${snapshot.version}.pdf"`)
        .header('x-guide-version', snapshot.version)
        .send(result.pdf);
    });
  });
}
