import { z } from 'zod';
import { AppError } from '../errors.ts';
import { isLang, type Lang } from '../i18n/index.ts';

/** Database ids are positive integers; anything else names no circular (404, like one not addressed). */
const Id = z.coerce.number().int().positive().max(2_147_483_647);

const CircularParams = z.object({ id: Id });
const AttachmentParams = z.object({ id: Id, aid: Id });

/** `?text=hi`: read the circular's other language version; `?done=`: what the last post did. */
const ReadingQuery = z
  .object({
    text: z.string().optional(),
    done: z.enum(['acknowledged', 'already']).optional(),
  })
  .catch({});

/** The acknowledgement form: the box must be ticked (its value is `yes`). */
export const AcknowledgeForm = z.object({ understood: z.literal('yes') });

/** The circular id in `/…/:id`, or 404. */
export function circularIdOf(params: unknown): number {
  const parsed = CircularParams.safeParse(params);
  if (!parsed.success) throw new AppError('CIRCULAR_INBOX_NOT_FOUND');
  return parsed.data.id;
}

/** The circular and attachment ids in `/…/:id/attachments/:aid`, or 404. */
export function attachmentIdsOf(params: unknown): { id: number; aid: number } {
  const parsed = AttachmentParams.safeParse(params);
  if (!parsed.success) throw new AppError('CIRCULAR_INBOX_NOT_FOUND');
  return parsed.data;
}

/** Which language's text to show (the reader's unless asked) and the last post's outcome. */
export function readingQueryOf(
  query: unknown,
  lang: Lang,
): { text: Lang; done: 'acknowledged' | 'already' | undefined } {
  const q = ReadingQuery.parse(query ?? {});
  return { text: isLang(q.text) ? q.text : lang, done: q.done };
}

/** True when the acknowledgement form says the box was ticked. */
export function isConfirmed(body: unknown): boolean {
  return AcknowledgeForm.safeParse(body ?? {}).success;
}
